//! A folder's SLA policies (SPEC G1): for every type and channel, or narrowed to one type
//! and/or one channel, the first-response and resolution terms, the calendar they count in and
//! the share of the term after which a case is at risk.

use crate::api::deadlines::{load_sla_setup, SaveSlaPolicy};
use crate::components::form::{ready_marker, FieldError};
use crate::domain::case::Channel;
use crate::domain::sla::{TermSpec, TermUnit, DEFAULT_AT_RISK_PERCENT};
use crate::i18n::use_texts;
use crate::model::{FormOutcome, SlaSetup};
use crate::pages::auth::{outcome_errors, Answer, RequestFailure};
use crate::pages::LoadFailed;
use leptos::prelude::*;

#[component]
pub fn SlaPage() -> impl IntoView {
    let t = use_texts();
    let id = crate::pages::route_id();
    let changed = RwSignal::new(0u32);
    let setup = Resource::new(move || (id(), changed.get()), |(id, _)| load_sla_setup(id));
    let ready = ready_marker();
    view! {
        <section class="card wide" id="sla" data-ready=ready>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match setup.await {
                        Ok(s) => view! { <Policies setup=s changed/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Policies(setup: SlaSetup, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let term = move |s: TermSpec| format!("{} {}", s.amount, t.unit(s.unit));
    let rows = setup
        .policies
        .iter()
        .map(|p| {
            let scope = format!(
                "{} / {}",
                p.case_type
                    .clone()
                    .unwrap_or_else(|| t.sla_every_type.into()),
                p.channel
                    .map(|c| t.channel(c))
                    .unwrap_or(t.sla_every_channel)
            );
            view! {
                <tr data-policy=scope.clone()>
                    <td>{scope.clone()}</td>
                    <td>{term(p.first_response)}</td>
                    <td>{term(p.resolution)}</td>
                    <td>{p.calendar_code.clone()}</td>
                    <td>{format!("{} %", p.at_risk_percent)}</td>
                </tr>
            }
        })
        .collect_view();
    let table = if setup.policies.is_empty() {
        view! { <p class="empty">{t.sla_empty}</p> }.into_any()
    } else {
        view! {
            <table class="desk" id="sla-policies">
                <thead><tr>
                    <th>{t.case_type}" / "{t.channel}</th>
                    <th>{t.sla_first_response}</th>
                    <th>{t.sla_resolution}</th>
                    <th>{t.calendar_label}</th>
                    <th>{t.sla_at_risk}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <p><a href=format!("/admin/folders/{}", setup.folder_id)>{t.back_to_admin}</a></p>
        <h1>{t.sla_title}</h1>
        {table}
        <PolicyForm setup changed/>
    }
}

/// The form sits outside the list's reload, so a refused save keeps what the admin typed.
#[component]
fn PolicyForm(setup: SlaSetup, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let save = ServerAction::<SaveSlaPolicy>::new();
    let answer: Answer = Signal::derive(move || save.value().get());
    let errors = outcome_errors(answer);
    Effect::new(move |_| {
        if let Some(Ok(FormOutcome::Done { .. })) = answer.get() {
            changed.update(|n| *n += 1);
        }
    });
    let units = move |chosen: TermUnit| {
        TermUnit::ALL
            .iter()
            .map(|u| view! { <option value=u.code() selected=*u == chosen>{t.unit(*u)}</option> })
            .collect_view()
    };
    view! {
        <ActionForm action=save attr:class="form" attr:id="sla-form" attr:novalidate=true>
            <input type="hidden" name="folder_id" value=setup.folder_id.to_string()/>
            <label for="sla-type">{t.case_type}</label>
            <select id="sla-type" name="case_type_id">
                <option value="">{t.sla_every_type}</option>
                {setup.case_types.iter().map(|c| view! { <option value=c.id.to_string()>{c.name.clone()}</option> }).collect_view()}
            </select>
            <FieldError errors field="case_type_id"/>
            <label for="sla-channel">{t.channel}</label>
            <select id="sla-channel" name="channel">
                <option value="">{t.sla_every_channel}</option>
                {Channel::ALL.iter().map(|c| view! { <option value=c.code()>{t.channel(*c)}</option> }).collect_view()}
            </select>
            <FieldError errors field="channel"/>
            <label for="sla-calendar">{t.calendar_label}</label>
            <select id="sla-calendar" name="calendar_code">
                {setup.calendars.iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
            </select>
            <FieldError errors field="calendar_code"/>
            <fieldset>
                <legend>{t.sla_first_response}</legend>
                <input aria-label=t.sla_first_response name="first_response_amount" type="number" min="1"/>
                <select aria-label=t.unit_hours name="first_response_unit">{units(TermUnit::Hours)}</select>
                <FieldError errors field="first_response_amount"/>
            </fieldset>
            <fieldset>
                <legend>{t.sla_resolution}</legend>
                <input aria-label=t.sla_resolution name="resolution_amount" type="number" min="1"/>
                <select aria-label=t.unit_business_days name="resolution_unit">{units(TermUnit::BusinessDays)}</select>
                <FieldError errors field="resolution_amount"/>
            </fieldset>
            <label for="sla-at-risk">{t.sla_at_risk}</label>
            <input id="sla-at-risk" name="at_risk_percent" type="number" min="1" max="99"
                value=DEFAULT_AT_RISK_PERCENT.to_string()/>
            <FieldError errors field="at_risk_percent"/>
            <RequestFailure value=answer/>
            <button type="submit">{t.sla_save}</button>
        </ActionForm>
    }
}
