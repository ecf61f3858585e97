//! The axum side of Tramita: what the process wires together. `main.rs` reads the command line;
//! this library builds the state and the router, so integration tests start the very same app.

pub mod cli;
pub mod csrf;
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
    let files = FileStore::local(config.data_dir.join("files"));
    let live = LiveHub::start(&store, &config.database_url).await;
    Ok(AppState {
        leptos_options,
        store,
        files,
        config: Arc::new(config),
        live,
        clock: Clock::real(),
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
    // Room for the most attachments a form may carry, plus its text.
    let body_limit =
        (state.config.max_upload_bytes as usize + 64 * 1024) * app::domain::intake::MAX_ATTACHMENTS;
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    Router::new()
        .route("/healthz", get(routes::healthz))
        .route("/files/{id}", get(routes::download))
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
        .layer(axum::middleware::from_fn(csrf::reject_cross_site))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(body_limit))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until the process is stopped, with the worker of the background queue beside it
/// (messages to send, deadline watches, reminders). Only a serving process runs it: `seed` and
/// `migrate` do not.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let jobs = app::backend::jobs::spawn_worker(state.clone());
    let served = axum::serve(listener, router(state)).await;
    jobs.abort();
    served
}
