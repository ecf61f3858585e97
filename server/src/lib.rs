//! The axum side of Tramita: what the process wires together. `main.rs` reads the command line;
//! this library builds the state and the router, so integration tests start the very same app.

pub mod backup;
pub mod body_limits;
pub mod cli;
pub mod csrf;
pub mod external;
pub mod headers;
pub mod refusals;
pub mod routes;

use app::backend::clock::Clock;
use app::backend::config::Config;
use app::backend::files::FileStore;
use app::backend::live::LiveHub;
use app::backend::store::Store;
use app::backend::AppState;
use app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::trace::TraceLayer;

/// Connects to the database, applies the migrations and builds the shared state.
pub async fn build_state(
    config: Config,
    leptos_options: LeptosOptions,
) -> Result<AppState, String> {
    let from_env = std::env::var("TRAMITA_AUDIT_KEY").ok();
    let key_file = app::backend::audit_key::key_file(&config.data_dir);
    let key_made = from_env.as_deref().is_none_or(|k| k.trim().is_empty()) && !key_file.exists();
    let key = app::backend::audit_key::load(from_env.as_deref(), &config.data_dir)?;
    app::backend::audit_key::install(key)?;
    let store = Store::connect(&config.database_url).await.map_err(|e| {
        format!(
            "cannot open the database {}: {e}",
            redact(&config.database_url)
        )
    })?;
    store
        .migrate()
        .await
        .map_err(|e| format!("cannot apply the database migrations: {e}"))?;
    if key_made {
        // A new key is for a new trail: a trail already written needs the key it was sealed
        // with, or every event from now on would be sealed under another one.
        let events = {
            let mut conn = store.pool().acquire().await.map_err(|e| e.to_string())?;
            app::backend::store::audit::last_seq(&mut conn)
                .await
                .map_err(|e| e.to_string())?
        };
        if events > 0 {
            let _ = std::fs::remove_file(&key_file);
            return Err(format!(
                "the audit trail holds {events} events but its key is missing: put the key it was \
                 written with in {} or TRAMITA_AUDIT_KEY",
                key_file.display()
            ));
        }
    }
    let files = FileStore::local(config.data_dir.join("files"));
    let live = LiveHub::start(&store, &config.database_url).await;
    Ok(AppState {
        leptos_options,
        store,
        files,
        config: Arc::new(config),
        live,
        clock: Clock::real(),
        limits: Default::default(),
    })
}

/// Hides a password in a database URL before it is shown.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => match url[s + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
            None => url.to_string(),
        },
        _ => url.to_string(),
    }
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    // The largest body of any route; `body_limits::limit` gives each route its own, lower one.
    let body_limit = body_limits::upload_limit(&state);
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            // The nonce `headers::secure` put in the CSP goes on Leptos' inline scripts.
            let nonce = use_context::<http::request::Parts>()
                .and_then(|p| p.extensions.get::<headers::CspNonce>().cloned());
            if let Some(n) = nonce {
                provide_context(leptos::nonce::Nonce::from_value(n.0));
            }
        }
    };
    Router::new()
        .route("/healthz", get(routes::healthz))
        .route("/files/{id}", get(routes::download))
        .route("/requests/{request}/files/{id}", get(routes::request_file))
        .route("/analysis/exports/{id}/file", get(routes::export_file))
        .route("/r/{token}", get(external::open_link))
        .route(
            "/r/p/{id}",
            get(external::request_page).post(external::answer),
        )
        .route("/r/p/{id}/files/{attachment}", get(external::file))
        .route("/events", get(routes::events))
        .route("/lang/{code}", get(routes::set_language))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            body_limits::limit,
        ))
        .layer(axum::middleware::from_fn(csrf::reject_cross_site))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            refusals::record,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::secure,
        ))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(body_limit))
        .layer(TraceLayer::new_for_http().make_span_with(span_without_tokens))
        .with_state(state)
}

/// The trace span of a request, with an outsider's link token cut out of its path: tokens
/// never reach the logs (SPEC D2).
fn span_without_tokens(req: &http::Request<axum::body::Body>) -> tracing::Span {
    let path = path_without_tokens(req.uri().path());
    tracing::debug_span!("request", method = %req.method(), path = %path)
}

/// `path` with the token of an outsider's or an account's link cut out.
pub fn path_without_tokens(path: &str) -> &str {
    match path.strip_prefix("/r/") {
        Some(rest) if !rest.starts_with("p/") => "/r/{token}",
        _ if path.starts_with("/account/reset/") => "/account/reset/{token}",
        _ if path.starts_with("/account/confirm/") => "/account/confirm/{token}",
        _ => path,
    }
}

/// The router with the test-only routes when `TRAMITA_TEST_CLOCK=1`: the browser tests move
/// the clock to see a link expire.
pub fn router_for_serving(state: AppState) -> Router {
    let clock_for_tests = std::env::var("TRAMITA_TEST_CLOCK").is_ok_and(|v| v == "1");
    if clock_for_tests {
        tracing::warn!("TRAMITA_TEST_CLOCK=1: POST /test/clock moves this server's clock");
        let test = Router::new()
            .route("/test/clock", axum::routing::post(routes::test_clock))
            .with_state(state.clone());
        test.merge(router(state))
    } else {
        router(state)
    }
}

/// Serves until the process is stopped, with the worker of the background queue beside it
/// (messages to send, deadline watches, reminders). Only a serving process runs it: `seed` and
/// `migrate` do not.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let jobs = app::backend::jobs::spawn_worker(state.clone());
    let app =
        router_for_serving(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app).await;
    jobs.abort();
    served
}
