//! Cross-site request forgery guard. Leptos server functions have no CSRF protection of their
//! own and the session cookie rides along with any request a browser sends, so every request
//! that can change something (anything but GET, HEAD, OPTIONS) must come from our own pages:
//! `Sec-Fetch-Site` says so in current browsers, `Origin` in older ones. Requests with neither
//! header do not come from a browser (curl, other systems) and carry no ambient cookie risk.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{HOST, ORIGIN};
use http::{Method, StatusCode};

pub async fn reject_cross_site(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || is_same_origin(&req)
    {
        next.run(req).await
    } else {
        (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
    }
}

fn is_same_origin(req: &Request) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => {
            let host = headers
                .get(HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let origin_host = origin
                .split_once("://")
                .map(|(_, rest)| rest)
                .unwrap_or(origin);
            !host.is_empty() && origin_host == host
        }
    }
}
