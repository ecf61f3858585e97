//! A person's choice of how we tell them of news (SPEC F1): e-mail, SMS or both, and the mobile
//! number SMS goes to. Customers find it on their portal, staff on their home page.

use crate::api::messages::{
    my_contact_preferences, my_unconfirmed_phone, ConfirmPhone, SaveContactPreferences,
    SendPhoneCode,
};
use crate::components::form::{ready_marker, FieldError};
use crate::domain::messages::NotifyBy;
use crate::i18n::{use_locale, use_texts};
use crate::model::{ContactPreferences, FormOutcome};
use crate::pages::auth::{outcome_errors, reload_on_done, Answer, RequestFailure};
use leptos::prelude::*;

/// Loaded once: the form is not drawn again after a save, so a refused save leaves what the
/// customer typed in place next to the problem.
#[component]
pub fn ContactPreferencesCard() -> impl IntoView {
    let t = use_texts();
    let prefs = Resource::new(|| (), |_| my_contact_preferences());
    // If the server could not read them while rendering the page (a render that outlived its
    // request has no database to ask), the browser asks once more instead of leaving the card
    // empty. Effects run only in the browser.
    // Made here, not inside the Suspense: a resource made after an await is numbered
    // differently by the server and the browser, and hydration then mixes up their values.
    let numbers_saved = RwSignal::new(0u32);
    let proved = RwSignal::new(0u32);
    let waiting = Resource::new(
        move || (numbers_saved.get(), proved.get()),
        |_| my_unconfirmed_phone(),
    );
    let asked_again = StoredValue::new(false);
    Effect::new(move |_| {
        if matches!(prefs.get(), Some(Err(_))) && !asked_again.get_value() {
            asked_again.set_value(true);
            prefs.refetch();
        }
    });
    view! {
        <section class="card" id="contact-preferences">
            <h2>{t.prefs_title}</h2>
            <p>{t.prefs_intro}</p>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    prefs.await.ok().map(|p| view! {
                        <PreferencesForm prefs=p numbers_saved/>
                        <PhoneConfirmation waiting proved/>
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PreferencesForm(prefs: ContactPreferences, numbers_saved: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let save = ServerAction::<SaveContactPreferences>::new();
    let answer: Answer = Signal::derive(move || save.value().get());
    let errors = outcome_errors(answer);
    let saved = move || matches!(save.value().get(), Some(Ok(FormOutcome::Done { .. })));
    // Counts the saves that went through: a new number waits for its code after one.
    reload_on_done(answer, numbers_saved);
    let ready = ready_marker();
    view! {
        <ActionForm action=save attr:class="form" attr:id="preferences-form" attr:data-ready=ready>
            <fieldset>
                <legend>{t.notify_by}</legend>
                {NotifyBy::ALL.iter().map(|by| view! {
                    <label class="check">
                        <input type="radio" name="notify_by" value=by.code() checked=*by == prefs.notify_by/>
                        {t.notify_by(*by)}
                    </label>
                }).collect_view()}
                <FieldError errors field="notify_by"/>
            </fieldset>
            <label for="phone">{t.mobile_phone}</label>
            <input id="phone" name="phone" type="tel" autocomplete="tel" value=prefs.phone.clone()/>
            <FieldError errors field="phone"/>
            <RequestFailure value=answer/>
            {move || saved().then(|| view! { <p class="success" role="status">{t.saved}</p> })}
            <button type="submit">{t.save}</button>
        </ActionForm>
    }
}

/// While the number waits for its code (issue 15): where to type it, and a new code.
#[component]
fn PhoneConfirmation(
    waiting: Resource<Result<Option<String>, crate::api::ApiError>>,
    proved: RwSignal<u32>,
) -> impl IntoView {
    let r = use_locale().recovery_texts();
    let confirm = ServerAction::<ConfirmPhone>::new();
    let again = ServerAction::<SendPhoneCode>::new();
    let confirmed: Answer = Signal::derive(move || confirm.value().get());
    let errors = outcome_errors(confirmed);
    let resent: Answer = Signal::derive(move || again.value().get());
    let done = |a: Answer| move || matches!(a.get(), Some(Ok(FormOutcome::Done { .. })));
    reload_on_done(confirmed, proved);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match waiting.await {
                    Ok(Some(phone)) => view! {
                        <div class="notice-card" id="phone-confirmation">
                            <p>{r.phone_unconfirmed.replace("{phone}", &phone)}</p>
                            <ActionForm action=confirm attr:class="form" attr:id="phone-code-form">
                                <label for="code">{r.phone_code}</label>
                                <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6"/>
                                <FieldError errors field="code"/>
                                <RequestFailure value=confirmed/>
                                <button type="submit">{r.phone_confirm}</button>
                            </ActionForm>
                            <ActionForm action=again attr:class="inline-form" attr:id="phone-new-code">
                                <button type="submit" class="secondary">{r.phone_new_code}</button>
                            </ActionForm>
                            <RequestFailure value=resent/>
                            {move || done(resent)().then(|| view! { <p class="success" role="status">{r.phone_code_sent}</p> })}
                        </div>
                    }.into_any(),
                    _ => done(confirmed)()
                        .then(|| view! { <p class="success" role="status" id="phone-confirmed">{r.phone_confirmed}</p> })
                        .into_any(),
                }
            })}
        </Suspense>
    }
}
