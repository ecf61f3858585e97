//! The company's letterhead (SPEC E3): its name, address and contact data and its logo, printed
//! at the head of every decision letter.

use crate::api::decisions::{company_profile, save_company_profile};
use crate::components::form::{ready_marker, submitted_form_data, FieldError};
use crate::i18n::{use_decision_texts, use_texts};
use crate::model::CompanyView;
use crate::pages::auth::{outcome_errors, Answer, RequestFailure};
use crate::pages::LoadFailed;
use leptos::prelude::*;
use leptos::web_sys::{FormData, SubmitEvent};

#[component]
pub fn CompanyPage() -> impl IntoView {
    let t = use_texts();
    let d = use_decision_texts();
    let company = Resource::new(|| (), |_| company_profile());
    let ready = ready_marker();
    view! {
        <section class="card wide" id="company" data-ready=ready>
            <p><a href="/admin">{t.nav_admin}</a></p>
            <h1>{d.company_title}</h1>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match company.await {
                        Ok(c) => view! { <CompanyForm c/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CompanyForm(c: CompanyView) -> impl IntoView {
    let t = use_texts();
    let d = use_decision_texts();
    let save = Action::new_local(|data: &FormData| save_company_profile(data.clone().into()));
    let answer: Answer = Signal::derive(move || save.value().get());
    let errors = outcome_errors(answer);
    let saved = move || {
        matches!(
            answer.get(),
            Some(Ok(crate::model::FormOutcome::Done { .. }))
        )
    };
    let on_submit = move |ev: SubmitEvent| {
        if let Some(data) = submitted_form_data(&ev) {
            save.dispatch_local(data);
        }
    };
    let field = move |id: &'static str, name: &'static str, label: &'static str, value: String| {
        view! {
            <label for=id>{label}</label>
            <input id=id name=name value=value/>
            <FieldError errors field=name/>
        }
    };
    let ready = ready_marker();
    view! {
        <form class="form" id="company-form" on:submit=on_submit data-ready=ready>
            {field("company-name", "name", d.company_name, c.name)}
            <label for="company-address">{d.company_address}</label>
            <textarea id="company-address" name="address" rows="3">{c.address}</textarea>
            <FieldError errors field="address"/>
            {field("company-tax-id", "tax_id", d.tax_id, c.tax_id)}
            {field("company-phone", "phone", t.phone, c.phone)}
            {field("company-email", "email", t.email, c.email)}
            {field("company-website", "website", d.website, c.website)}
            <label for="company-logo">{d.logo}</label>
            <input type="file" id="company-logo" name="logo" accept="image/png,image/jpeg,image/svg+xml"/>
            <FieldError errors field="logo"/>
            <RequestFailure value=answer/>
            {move || saved().then(|| view! { <p class="notice ok" role="status">{d.saved}</p> })}
            <button type="submit">{t.save}</button>
        </form>
    }
}
