//! Form helpers: the message under a field, and the text of a failed request.

use crate::api::ApiError;
use crate::domain::form::FieldErrors;
use crate::i18n::use_texts;
use leptos::prelude::*;

/// The problem of `field`, if the last submit had one, announced to screen readers.
#[component]
pub fn FieldError(errors: Signal<FieldErrors>, #[prop(into)] field: String) -> impl IntoView {
    let t = use_texts();
    move || {
        errors.with(|e| {
            e.get(&field).map(|p| {
                view! {
                    <p class="field-error" id=format!("{field}-error") role="alert">
                        {t.problem(p)}
                    </p>
                }
            })
        })
    }
}

/// A sentence for a failed server call.
pub fn failure_text(e: &ApiError) -> &'static str {
    e.kind.message(use_texts())
}

/// Full navigation, so that every resource (the viewer above all) is loaded again.
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = path;
    }
}

/// Tells browser tests the app has hydrated: the router handles links from here on.
pub fn announce_hydrated() {
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::web_sys::js_sys::Reflect;
            let _ = Reflect::set(&window(), &"__tramita_hydrated".into(), &true.into());
        }
    });
}

/// `Some("true")` once this component's handlers are live in the browser: put it on a form as
/// `data-ready`, so nobody (browser tests included) submits a form the WASM has not taken over.
pub fn ready_marker() -> impl Fn() -> Option<&'static str> + Copy + Send + Sync + 'static {
    let (ready, set_ready) = signal(false);
    Effect::new(move |_| set_ready.set(true));
    move || ready.get().then_some("true")
}

/// The fields and files of the form a submit event came from, with the page's navigation
/// stopped: what a multipart server function is given.
pub fn submitted_form_data(ev: &leptos::web_sys::SubmitEvent) -> Option<leptos::web_sys::FormData> {
    use leptos::wasm_bindgen::JsCast;
    ev.prevent_default();
    let form = ev
        .target()?
        .dyn_into::<leptos::web_sys::HtmlFormElement>()
        .ok()?;
    leptos::web_sys::FormData::new_with_form(&form).ok()
}
