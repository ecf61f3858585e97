//! Tramita: the shared Leptos crate. Pages, components and server functions live here;
//! server-only code sits behind the `ssr` feature, browser-only code behind `hydrate`.

// The forms' view types nest deeply; the release WASM build needs more room than the default.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod i18n;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod backend;

use crate::api::auth::who_am_i;
use crate::components::nav::Header;
use crate::i18n::Locale;
use crate::model::Viewer;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use leptos_router::SsrMode;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = page_locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// On the server, the request's language; in the browser, what the server wrote into
/// `<html lang>`, so both render the same text.
fn page_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        api::context::request_locale()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Locale::from_code(&l))
            .unwrap_or_default()
    }
}

/// The current viewer, loaded once per page and shared by every component.
#[derive(Clone, Copy)]
pub struct ViewerResource(pub Resource<Result<Option<Viewer>, crate::api::ApiError>>);

pub fn use_viewer() -> ViewerResource {
    expect_context::<ViewerResource>()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(page_locale());
    provide_context(ViewerResource(Resource::new(|| (), |_| who_am_i())));
    components::form::announce_hydrated();

    view! {
        <Stylesheet id="leptos" href="/pkg/tramita.css"/>
        <Title text="Tramita"/>
        // Pages are sent whole (SsrMode::Async), not streamed: the browser then hydrates a
        // complete document, which removed hydration failures seen when streamed fragments and
        // the header's Transition raced the WASM (leptos#3707).
        <Router>
            <Header/>
            <main class="page">
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/") view=pages::portal::Home ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=pages::auth::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/signup") view=pages::auth::SignupPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/forgot") view=pages::recovery::ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/reset/:token") view=pages::recovery::ResetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/confirm/:token") view=pages::recovery::ConfirmEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("/new") view=pages::intake::NewCasePage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:number") view=pages::case::CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/desk") view=pages::desk::DeskPage ssr=SsrMode::Async/>
                    <Route path=path!("/requests/:id") view=pages::request::RequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/desk/new") view=pages::intake::RecordCasePage ssr=SsrMode::Async/>
                    <Route path=path!("/analysis") view=pages::analysis::AnalysisPage ssr=SsrMode::Async/>
                    <Route path=path!("/analysis/grid") view=pages::analysis::grid::GridPage ssr=SsrMode::Async/>
                    <Route path=path!("/analysis/reports") view=pages::analysis::reports::ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/analysis/improvements") view=pages::analysis::improvements::ImprovementsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=pages::admin::AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/folders/:id") view=pages::admin::folder::FolderPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/folders/:id/routing") view=pages::admin::routing::RoutingPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/folders/:id/deadlines") view=pages::admin::sla::SlaPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/calendars") view=pages::admin::calendars::CalendarsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/types/:id") view=pages::admin::case_type::CaseTypePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/messages") view=pages::admin::messages::MessagesPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/company") view=pages::admin::company::CompanyPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/staff/:id") view=pages::admin::staff::StaffPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/messages/:event/:locale") view=pages::admin::messages::MessageTemplatePage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}
