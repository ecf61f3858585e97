//! A case's deadlines (SPEC G3): when the first response and the resolution are due, whether the
//! first response came in time, where the resolution stands; for the manager and the
//! supervisors, stopping and resuming the clock (SPEC D4) and extending the term once.

use crate::api::deadlines::{ExtendTerm, PauseClock, ResumeClock};
use crate::components::form::{ready_marker, FieldError};
use crate::i18n::use_texts;
use crate::model::DeadlinesView;
use crate::pages::auth::{outcome_errors, reload_on_done, Answer, RequestFailure};
use leptos::prelude::*;

#[component]
pub fn Deadlines(number: String, dates: DeadlinesView, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let ready = ready_marker();
    let first_response = match dates.first_response_in_time {
        Some(true) => t.answered_in_time,
        Some(false) => t.answered_late,
        None => t.not_answered_yet,
    };
    let zone = format!(" ({})", dates.time_zone);
    let pause = dates
        .may_pause
        .then(|| view! { <Pause number=number.clone() changed/> });
    let resume = dates
        .may_resume
        .then(|| view! { <Resume number=number.clone() changed/> });
    let extend = match (dates.may_extend, dates.extension_unit) {
        (true, Some(unit)) => Some(view! {
            <Extend number=number.clone() unit=t.unit(unit) max=dates.extension_max changed/>
        }),
        _ => None,
    };
    view! {
        <section class="deadlines" id="deadlines" data-ready=ready data-standing=dates.standing.code()>
            <h2>{t.deadlines_title}</h2>
            <dl class="facts">
                <dt>{t.first_response_due}</dt>
                <dd id="first-response-due">{dates.first_response_due.clone()}{zone.clone()}</dd>
                <dt>{t.first_response_label}</dt>
                <dd id="first-response" data-in-time=dates.first_response_in_time.map(|b| b.to_string())>
                    {first_response}
                    {dates.first_response_at.clone().map(|at| format!(" · {at}"))}
                </dd>
                <dt>{t.resolution_due}</dt>
                <dd id="resolution-due">
                    {dates.resolution_due.clone()}{zone}
                    {dates.extended.then(|| format!(" · {}", t.extended_once))}
                </dd>
                <dt>{t.standing_label}</dt>
                <dd id="deadline-standing">
                    <span class=format!("standing {}", dates.standing.code())>{t.standing(dates.standing)}</span>
                    {dates.paused_since.clone().map(|at| format!(" · {} {at}", t.paused_since))}
                </dd>
                <dt>{t.calendar_label}</dt>
                <dd>{dates.calendar.clone()}</dd>
            </dl>
            {pause}
            {resume}
            {extend}
        </section>
    }
}

#[component]
fn Pause(number: String, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let pause = ServerAction::<PauseClock>::new();
    let answer: Answer = Signal::derive(move || pause.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    view! {
        <ActionForm action=pause attr:class="form" attr:id="pause-form">
            <input type="hidden" name="number" value=number/>
            <label for="pause-reason">{t.reason}</label>
            <p class="help" id="pause-reason-hint">{t.customer_sees}</p>
            <textarea id="pause-reason" name="reason" rows="2" aria-describedby="pause-reason-hint"></textarea>
            <FieldError errors field="reason"/>
            <RequestFailure value=answer/>
            <button type="submit" class="secondary">{t.pause_clock}</button>
        </ActionForm>
    }
}

#[component]
fn Resume(number: String, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let resume = ServerAction::<ResumeClock>::new();
    let answer: Answer = Signal::derive(move || resume.value().get());
    reload_on_done(answer, changed);
    view! {
        <ActionForm action=resume attr:class="form" attr:id="resume-form">
            <input type="hidden" name="number" value=number/>
            <RequestFailure value=answer/>
            <button type="submit">{t.resume_clock}</button>
        </ActionForm>
    }
}

#[component]
fn Extend(number: String, unit: &'static str, max: i64, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let extend = ServerAction::<ExtendTerm>::new();
    let answer: Answer = Signal::derive(move || extend.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    view! {
        <ActionForm action=extend attr:class="form" attr:id="extend-form">
            <input type="hidden" name="number" value=number/>
            <label for="extend-amount">{format!("{} ({unit}, ≤ {max})", t.extension_amount)}</label>
            <input id="extend-amount" name="amount" type="number" min="1" max=max.to_string()/>
            <FieldError errors field="amount"/>
            <label for="extend-reason">{t.reason}</label>
            <p class="help" id="extend-reason-hint">{t.customer_sees}</p>
            <textarea id="extend-reason" name="reason" rows="2" aria-describedby="extend-reason-hint"></textarea>
            <FieldError errors field="reason"/>
            <RequestFailure value=answer/>
            <button type="submit" class="secondary">{t.extend_term}</button>
        </ActionForm>
    }
}
