//! A person's account security (issue 15), on the portal's home and the staff home page:
//! changing the password with the current one, the open sessions and ending the others.

use crate::api::auth::{my_sessions, ChangePassword, LogOutElsewhere};
use crate::components::form::{ready_marker, FieldError};
use crate::domain::people::{SESSION_DAYS, SESSION_IDLE_HOURS};
use crate::i18n::use_locale;
use crate::model::FormOutcome;
use crate::pages::auth::{outcome_errors, Answer, RequestFailure};
use leptos::prelude::*;

#[component]
pub fn SecurityCard() -> impl IntoView {
    let s = use_locale().security_texts();
    let hint = s
        .sessions_hint
        .replace("{idle}", &SESSION_IDLE_HOURS.to_string())
        .replace("{days}", &SESSION_DAYS.to_string());
    let change = ServerAction::<ChangePassword>::new();
    let elsewhere = ServerAction::<LogOutElsewhere>::new();
    let changed: Answer = Signal::derive(move || change.value().get());
    let errors = outcome_errors(changed);
    let ended: Answer = Signal::derive(move || elsewhere.value().get());
    let done = |a: Answer| move || matches!(a.get(), Some(Ok(FormOutcome::Done { .. })));
    let sessions = Resource::new(
        move || (change.version().get(), elsewhere.version().get()),
        |_| my_sessions(),
    );
    let ready = ready_marker();
    view! {
        <section class="card" id="account-security">
            <h2>{s.account_title}</h2>
            <h3>{s.password_title}</h3>
            <ActionForm action=change attr:class="form" attr:id="password-form" attr:data-ready=ready>
                <label for="current_password">{s.current_password}</label>
                <input id="current_password" name="current_password" type="password" autocomplete="current-password"/>
                <FieldError errors field="current_password"/>
                <label for="new_password">{s.new_password}</label>
                <input id="new_password" name="new_password" type="password" autocomplete="new-password" aria-describedby="password-hint"/>
                <p class="help" id="password-hint">{s.password_hint}</p>
                <FieldError errors field="new_password"/>
                <RequestFailure value=changed/>
                {move || done(changed)().then(|| view! { <p class="success" role="status">{s.password_changed}</p> })}
                <button type="submit">{s.change_password}</button>
            </ActionForm>
            <h3>{s.sessions_title}</h3>
            <p class="muted">{hint}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    sessions.await.ok().map(|list| view! {
                        <table class="sessions" id="sessions">
                            <thead>
                                <tr>
                                    <th scope="col">{s.session_browser}</th>
                                    <th scope="col">{s.session_opened}</th>
                                    <th scope="col">{s.session_last_used}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(|x| view! {
                                    <tr class:current=x.current>
                                        <td>
                                            {x.user_agent.unwrap_or_else(|| s.session_unknown_browser.to_string())}
                                            {x.current.then(|| view! { " " <strong>"("{s.session_this}")"</strong> })}
                                        </td>
                                        <td>{x.opened}</td>
                                        <td>{x.last_used}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })
                })}
            </Suspense>
            <ActionForm action=elsewhere attr:class="inline-form" attr:id="log-out-elsewhere">
                <button type="submit" class="secondary">{s.log_out_elsewhere}</button>
            </ActionForm>
            <RequestFailure value=ended/>
            {move || done(ended)().then(|| view! { <p class="success" role="status">{s.logged_out_elsewhere}</p> })}
        </section>
    }
}
