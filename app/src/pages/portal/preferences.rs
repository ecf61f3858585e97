//! A person's choice of how we tell them of news (SPEC F1): e-mail, SMS or both, and the mobile
//! number SMS goes to. Customers find it on their portal, staff on their home page.

use crate::api::messages::{my_contact_preferences, SaveContactPreferences};
use crate::components::form::{ready_marker, FieldError};
use crate::domain::messages::NotifyBy;
use crate::i18n::use_texts;
use crate::model::{ContactPreferences, FormOutcome};
use crate::pages::auth::{outcome_errors, Answer, RequestFailure};
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
                    prefs.await.ok().map(|p| view! { <PreferencesForm prefs=p/> })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PreferencesForm(prefs: ContactPreferences) -> impl IntoView {
    let t = use_texts();
    let save = ServerAction::<SaveContactPreferences>::new();
    let answer: Answer = Signal::derive(move || save.value().get());
    let errors = outcome_errors(answer);
    let saved = move || matches!(save.value().get(), Some(Ok(FormOutcome::Done { .. })));
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
