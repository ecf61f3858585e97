//! Getting into an account through its mailbox (issue 15): asking for a new password, setting it
//! through the mailed link, confirming a new account's address, and the portal's notice while
//! the address is not confirmed.

use crate::api::auth::{
    my_unconfirmed_address, reset_link_works, AskNewPassword, ConfirmEmail, MailConfirmationAgain,
    ResetPassword,
};
use crate::components::form::{ready_marker, FieldError};
use crate::i18n::{use_locale, use_texts};
use crate::model::FormOutcome;
use crate::pages::auth::{follow_done, outcome_errors, Answer, RequestFailure};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The token of the link that opened the page.
fn link_token() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("token").unwrap_or_default()
}

fn done(answer: Answer) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    move || matches!(answer.get(), Some(Ok(FormOutcome::Done { .. })))
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let t = use_texts();
    let r = use_locale().recovery_texts();
    let action = ServerAction::<AskNewPassword>::new();
    let answer: Answer = Signal::derive(move || action.value().get());
    let errors = outcome_errors(answer);
    let sent = done(answer);
    let ready = ready_marker();
    view! {
        <section class="card narrow">
            <h1>{r.forgot_title}</h1>
            <p>{r.forgot_text}</p>
            <ActionForm action=action attr:class="form" attr:id="forgot-form" attr:data-ready=ready>
                <label for="email">{t.email}</label>
                <input id="email" name="email" type="email" autocomplete="username" required/>
                <FieldError errors field="email"/>
                <RequestFailure value=answer/>
                {move || sent().then(|| view! { <p class="success" role="status">{r.forgot_sent}</p> })}
                <button type="submit" disabled=move || action.pending().get()>{r.forgot_submit}</button>
            </ActionForm>
            <p><a href="/login">{t.nav_login}</a></p>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let t = use_texts();
    let r = use_locale().recovery_texts();
    let token = link_token();
    let works = Resource::new(token, reset_link_works);
    let action = ServerAction::<ResetPassword>::new();
    let answer: Answer = Signal::derive(move || action.value().get());
    let errors = outcome_errors(answer);
    follow_done(answer);
    let ready = ready_marker();
    view! {
        <section class="card narrow">
            <h1>{r.reset_title}</h1>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match works.await {
                        Ok(true) => view! {
                            <p>{r.reset_text}</p>
                            <ActionForm action=action attr:class="form" attr:id="reset-form" attr:data-ready=ready>
                                <input type="hidden" name="token" value=token()/>
                                <label for="password">{r.reset_title}</label>
                                <input id="password" name="password" type="password" autocomplete="new-password" required/>
                                <FieldError errors field="password"/>
                                <FieldError errors field="token"/>
                                <RequestFailure value=answer/>
                                <button type="submit" disabled=move || action.pending().get()>{r.reset_submit}</button>
                            </ActionForm>
                        }.into_any(),
                        Ok(false) => view! {
                            <p class="notice" role="alert" id="link-refused">{r.link_used_or_expired}</p>
                            <p><a class="button" href="/account/forgot">{r.ask_again}</a></p>
                        }.into_any(),
                        Err(e) => view! { <crate::pages::LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let r = use_locale().recovery_texts();
    let token = link_token();
    let action = ServerAction::<ConfirmEmail>::new();
    let answer: Answer = Signal::derive(move || action.value().get());
    let errors = outcome_errors(answer);
    let confirmed = done(answer);
    let ready = ready_marker();
    // A button rather than confirming on load: mail scanners open links without anyone reading.
    view! {
        <section class="card narrow">
            <h1>{r.confirm_title}</h1>
            <Show
                when=confirmed
                fallback=move || view! {
                    <p>{r.confirm_text}</p>
                    <p class="help">{r.confirm_needs_session}</p>
                    <ActionForm action=action attr:class="form" attr:id="confirm-form" attr:data-ready=ready>
                        <input type="hidden" name="token" value=token()/>
                        <FieldError errors field="token"/>
                        <RequestFailure value=answer/>
                        <button type="submit" disabled=move || action.pending().get()>{r.confirm_submit}</button>
                    </ActionForm>
                }
            >
                <p class="success" role="status" id="confirmed">{r.confirmed}</p>
                <p><a class="button" href="/">{r.go_to_portal}</a></p>
            </Show>
        </section>
    }
}

/// On the portal's home while the customer's address is not confirmed.
#[component]
pub fn UnconfirmedNotice() -> impl IntoView {
    let r = use_locale().recovery_texts();
    let again = ServerAction::<MailConfirmationAgain>::new();
    let answer: Answer = Signal::derive(move || again.value().get());
    let sent = done(answer);
    let address = Resource::new(|| (), |_| my_unconfirmed_address());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                address.await.ok().flatten().map(|email| view! {
                    <section class="card notice-card" id="unconfirmed">
                        <p>{r.unconfirmed.replace("{email}", &email)}</p>
                        <ActionForm action=again attr:class="inline-form" attr:id="send-confirmation">
                            <button type="submit" class="secondary">{r.send_again}</button>
                        </ActionForm>
                        <RequestFailure value=answer/>
                        {move || sent().then(|| view! { <p class="success" role="status">{r.sent_again}</p> })}
                    </section>
                })
            })}
        </Suspense>
    }
}
