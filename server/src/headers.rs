//! The headers every answer carries (issue 15). Pages get a Content-Security-Policy whose
//! scripts are our own files plus the inline scripts Leptos writes for hydration and streamed
//! resources, which carry this request's nonce (made here, handed to the render through the
//! request's extensions, see [`CspNonce`]); nothing may frame us; browsers must not guess
//! content types; addresses do not leak to other sites; pages, server functions and files with
//! personal data are not stored by caches; over https browsers are told to stay on https.

use app::backend::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY,
    STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use http::HeaderValue;

/// This request's CSP nonce, in the request's extensions for the render to find.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// The policy of a page: scripts only from us or with the nonce (WebAssembly compiled from our
/// own files), styles and fonts from us, images and the letter preview's PDF also as `data:`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'self' data:; frame-src 'self' data:; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// What is not a page loads nothing and is framed by nobody.
const OTHER_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";

pub async fn secure(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new().to_string();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let personal = {
        let path = req.uri().path();
        path.starts_with("/api/") || path == "/events"
    };
    let mut response = next.run(req).await;
    let is_page = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    let headers = response.headers_mut();
    let policy = if is_page {
        page_policy(&nonce)
    } else {
        OTHER_POLICY.to_string()
    };
    if let Ok(v) = HeaderValue::from_str(&policy) {
        headers.insert(CONTENT_SECURITY_POLICY, v);
    }
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // A route that says more (an outsider's page: no referrer at all) keeps its own.
    if !headers.contains_key(REFERRER_POLICY) {
        headers.insert(
            REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
    }
    if (is_page || personal) && !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.config.public_url.starts_with("https://") {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    response
}

/// Where a "back to" parameter may send the browser: a path of this site, never `//host` or
/// `/\host` (which browsers read as another site), nor anything with control characters.
pub fn same_site_path(raw: &str) -> Option<&str> {
    let rest = raw.strip_prefix('/')?;
    let safe =
        !rest.starts_with(['/', '\\']) && !raw.contains('\\') && !raw.chars().any(char::is_control);
    safe.then_some(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_followed_back() {
        for ok in ["/", "/cases/2026-000001", "/desk?x=1#y"] {
            assert_eq!(same_site_path(ok), Some(ok), "{ok}");
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "/a\\b",
            "/\tevil",
            "evil",
            "",
        ] {
            assert_eq!(same_site_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_page_policy_carries_its_nonce_and_forbids_framing() {
        let p = page_policy("abc123");
        assert!(p.contains("'nonce-abc123'"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(!p.contains("unsafe-inline"));
    }
}
