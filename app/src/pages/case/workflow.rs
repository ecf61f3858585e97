//! The case's handling (SPEC C4, C2): the life-cycle steps the viewer may take now, each a button
//! (with a note where the step sends work back), and handing the case to another manager.

use crate::api::cases::{EscalateCase, QualifyCase, ReassignCase, TakeCaseStep};
use crate::components::form::{ready_marker, FieldError};
use crate::domain::lifecycle::{CaseStep, Satisfaction};
use crate::i18n::use_texts;
use crate::model::{Choice, QualifyView};
use crate::pages::auth::{outcome_errors, reload_on_done, Answer, RequestFailure};
use leptos::prelude::*;

#[component]
pub fn Handling(
    number: String,
    steps: Vec<CaseStep>,
    reassign_to: Vec<Choice>,
    qualify: Option<QualifyView>,
    may_escalate: bool,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let t = use_texts();
    let ready = ready_marker();
    let rows = steps
        .into_iter()
        .map(|step| view! { <StepForm number=number.clone() step changed/> })
        .collect_view();
    let reassign = (!reassign_to.is_empty())
        .then(|| view! { <Reassign number=number.clone() managers=reassign_to changed/> });
    let qualify = qualify.map(|q| view! { <Qualify number=number.clone() choices=q changed/> });
    let escalate = may_escalate.then(|| view! { <Escalate number=number.clone() changed/> });
    view! {
        <section class="handling" id="handling" data-ready=ready>
            <h2>{t.workflow}</h2>
            <div class="steps">{rows}</div>
            {qualify}
            {reassign}
            {escalate}
        </section>
    }
}

/// SPEC C7: raises the case one escalation level, saying why.
#[component]
fn Escalate(number: String, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let escalate = ServerAction::<EscalateCase>::new();
    let answer: Answer = Signal::derive(move || escalate.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    view! {
        <ActionForm action=escalate attr:class="form" attr:id="escalate-form">
            <input type="hidden" name="number" value=number/>
            <label for="escalate-reason">{t.reason}</label>
            <textarea id="escalate-reason" name="reason" rows="2"></textarea>
            <FieldError errors field="reason"/>
            <RequestFailure value=answer/>
            <button type="submit" class="secondary">{t.escalate}</button>
        </ActionForm>
    }
}

/// SPEC C5: qualification, cause, severity and priority from the folder's catalogs, with a note.
#[component]
fn Qualify(number: String, choices: QualifyView, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let qualify = ServerAction::<QualifyCase>::new();
    let answer: Answer = Signal::derive(move || qualify.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    let select = |list: Vec<Choice>, chosen: Option<i64>| {
        view! {
            <option value="">{t.choose}</option>
            {list
                .into_iter()
                .map(|c| view! { <option value=c.id.to_string() selected=Some(c.id) == chosen>{c.name}</option> })
                .collect_view()}
        }
    };
    view! {
        <ActionForm action=qualify attr:class="form" attr:id="qualify-form">
            <h3>{t.qualify_title}</h3>
            <input type="hidden" name="number" value=number/>
            <label for="qualification_id">{t.qualification}</label>
            <select id="qualification_id" name="qualification_id">{select(choices.qualifications, choices.qualification_id)}</select>
            <FieldError errors field="qualification_id"/>
            <label for="cause_id">{t.cause}</label>
            <select id="cause_id" name="cause_id">{select(choices.causes, choices.cause_id)}</select>
            <FieldError errors field="cause_id"/>
            <label for="severity_id">{t.severity}</label>
            <select id="severity_id" name="severity_id">{select(choices.severities, choices.severity_id)}</select>
            <FieldError errors field="severity_id"/>
            <label for="qualify-priority">{t.priority}</label>
            <select id="qualify-priority" name="priority_id">{select(choices.priorities, choices.priority_id)}</select>
            <FieldError errors field="priority_id"/>
            <label for="qualify-note">{t.notes}</label>
            <textarea id="qualify-note" name="note" rows="2"></textarea>
            <FieldError errors field="note"/>
            <RequestFailure value=answer/>
            <button type="submit">{t.qualify}</button>
        </ActionForm>
    }
}

#[component]
fn StepForm(number: String, step: CaseStep, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let take = ServerAction::<TakeCaseStep>::new();
    let answer: Answer = Signal::derive(move || take.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    let note_id = format!("note-{}", step.code());
    view! {
        <ActionForm action=take attr:class="step-form" attr:data-step=step.code()>
            <input type="hidden" name="number" value=number/>
            <input type="hidden" name="step" value=step.code()/>
            {(step == CaseStep::Close).then(|| view! {
                <label for="satisfaction">{t.satisfaction}</label>
                <select id="satisfaction" name="satisfaction">
                    <option value="">{t.choose}</option>
                    {(1..=Satisfaction::MAX).rev().map(|n| view! { <option value=n.to_string()>{format!("{n} — {}", t.satisfaction_level(n))}</option> }).collect_view()}
                </select>
                <FieldError errors field="satisfaction"/>
                <label for="satisfaction-comment">{t.customer_comment}</label>
                <textarea id="satisfaction-comment" name="comment" rows="2"></textarea>
                <FieldError errors field="comment"/>
            })}
            {step.needs_note().then(|| view! {
                <label for=note_id.clone()>{t.step_note}</label>
                <textarea id=note_id.clone() name="note" rows="2"></textarea>
                <FieldError errors field="note"/>
            })}
            <RequestFailure value=answer/>
            <button type="submit" disabled=move || take.pending().get()>{t.case_step(step)}</button>
        </ActionForm>
    }
}

#[component]
fn Reassign(number: String, managers: Vec<Choice>, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let reassign = ServerAction::<ReassignCase>::new();
    let answer: Answer = Signal::derive(move || reassign.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    view! {
        <ActionForm action=reassign attr:class="form" attr:id="reassign-form">
            <input type="hidden" name="number" value=number/>
            <label for="reassign-manager">{t.reassign_to}</label>
            <select id="reassign-manager" name="manager_id">
                <option value="">{t.choose}</option>
                {managers.into_iter().map(|m| view! { <option value=m.id.to_string()>{m.name}</option> }).collect_view()}
            </select>
            <FieldError errors field="manager_id"/>
            <label for="reassign-reason">{t.reason}</label>
            <textarea id="reassign-reason" name="reason" rows="2"></textarea>
            <FieldError errors field="reason"/>
            <RequestFailure value=answer/>
            <button type="submit" class="secondary">{t.reassign}</button>
        </ActionForm>
    }
}
