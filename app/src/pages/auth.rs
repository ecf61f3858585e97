//! Login and sign-up.

use crate::api::auth::{LogIn, SignUp};
use crate::components::form::{failure_text, go_to, ready_marker, FieldError};
use crate::domain::form::FieldErrors;
use crate::i18n::use_texts;
use crate::model::FormOutcome;
use leptos::prelude::*;

/// The last answer of a form's server action.
pub type Answer = Signal<Option<Result<FormOutcome, crate::api::ApiError>>>;

/// Bumps `changed` (the key of the page's resource) whenever the form's action is done, so the
/// page reads again what the change altered.
pub fn reload_on_done(answer: Answer, changed: RwSignal<u32>) {
    Effect::new(move |_| {
        if let Some(Ok(FormOutcome::Done { .. })) = answer.get() {
            changed.update(|n| *n += 1);
        }
    });
}

/// The field errors of the last answer of a form action.
pub fn outcome_errors(value: Answer) -> Signal<FieldErrors> {
    Signal::derive(move || match value.get() {
        Some(Ok(FormOutcome::Invalid(e))) => e,
        _ => FieldErrors::default(),
    })
}

/// Follows a `Done` answer with a full page load, so the header learns who logged in.
pub fn follow_done(value: Answer) {
    Effect::new(move |_| {
        if let Some(Ok(FormOutcome::Done { go_to: path })) = value.get() {
            go_to(&path);
        }
    });
}

/// A failure that is not about one field.
#[component]
pub fn RequestFailure(value: Answer) -> impl IntoView {
    move || match value.get() {
        Some(Err(e)) => Some(view! { <p class="notice" role="alert">{failure_text(&e)}</p> }),
        _ => None,
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_texts();
    let action = ServerAction::<LogIn>::new();
    let answer: Answer = Signal::derive(move || action.value().get());
    let errors = outcome_errors(answer);
    follow_done(answer);
    let ready = ready_marker();
    view! {
        <section class="card narrow">
            <h1>{t.login_title}</h1>
            <ActionForm action=action attr:class="form" attr:id="login-form" attr:data-ready=ready>
                <label for="email">{t.email}</label>
                <input id="email" name="email" type="email" autocomplete="username" required/>
                <label for="password">{t.password}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                <FieldError errors field="password"/>
                <RequestFailure value=answer/>
                <button type="submit" disabled=move || action.pending().get()>{t.login_submit}</button>
            </ActionForm>
            <p><a href="/account/forgot" id="forgot-link">{crate::i18n::use_locale().recovery_texts().forgot_link}</a></p>
            <p>{t.no_account} " " <a href="/signup">{t.nav_signup}</a></p>
        </section>
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let t = use_texts();
    let action = ServerAction::<SignUp>::new();
    let answer: Answer = Signal::derive(move || action.value().get());
    let errors = outcome_errors(answer);
    follow_done(answer);
    let ready = ready_marker();
    view! {
        <section class="card narrow">
            <h1>{t.signup_title}</h1>
            <ActionForm action=action attr:class="form" attr:id="signup-form" attr:data-ready=ready>
                <label for="name">{t.full_name}</label>
                <input id="name" name="name" autocomplete="name" required/>
                <FieldError errors field="name"/>
                <label for="email">{t.email}</label>
                <input id="email" name="email" type="email" autocomplete="email" required/>
                <FieldError errors field="email"/>
                <label for="password">{t.password}</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10"/>
                <FieldError errors field="password"/>
                <RequestFailure value=answer/>
                <button type="submit" disabled=move || action.pending().get()>{t.signup_submit}</button>
            </ActionForm>
            <p>{t.have_account} " " <a href="/login">{t.nav_login}</a></p>
            <p><a href="/account/forgot">{crate::i18n::use_locale().recovery_texts().forgot_link}</a></p>
        </section>
    }
}
