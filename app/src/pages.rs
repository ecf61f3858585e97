//! One module per screen family.

pub mod account;
pub mod admin;
pub mod analysis;
pub mod auth;
pub mod case;
pub mod desk;
pub mod intake;
pub mod portal;
pub mod recovery;
pub mod request;

use crate::i18n::use_texts;
use leptos::prelude::*;

/// The route's numeric `:id`, or 0 (which no row has) when it is not a number.
pub fn route_id() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default()
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = use_texts();
    view! {
        <section class="card">
            <h1>"404"</h1>
            <p>{t.not_found}</p>
        </section>
    }
}

/// What a page shows in place of its content when loading failed.
#[component]
pub fn LoadFailed(error: crate::api::ApiError) -> impl IntoView {
    let t = use_texts();
    // A page that is missing or refused says so in its status too, not only in its text.
    #[cfg(feature = "ssr")]
    crate::api::error::set_status(error.kind);
    let login = error.kind == crate::api::ErrorKind::LoginRequired;
    view! {
        <section class="card" data-failure="true">
            <p class="notice">{crate::components::form::failure_text(&error)}</p>
            {login.then(|| view! { <a class="button" href="/login">{t.nav_login}</a> })}
        </section>
    }
}
