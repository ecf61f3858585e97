//! The decision of a case (SPEC E1-E3): for staff who see it whole, its decisions with their
//! state, approval and letters, and the form to decide; for the customer, the letters sent to
//! them to download.

use crate::api::decisions::{
    case_decisions, case_letters, RecordDecision, RegenerateLetter, SendLetterVersion,
};
use crate::components::form::{ready_marker, FieldError};
use crate::domain::decisions::{DecisionState, LetterState};
use crate::i18n::{use_decision_texts, use_locale, use_texts};
use crate::model::{DecisionFormView, DecisionView};
use crate::pages::auth::{outcome_errors, reload_on_done, Answer, RequestFailure};
use crate::pages::LoadFailed;
use leptos::prelude::*;

#[component]
pub fn Decisions(number: String, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let d = use_decision_texts();
    let key = number.clone();
    let panel = Resource::new(
        move || (key.clone(), changed.get()),
        |(n, _)| case_decisions(n),
    );
    view! {
        <section class="decisions" id="decisions">
            <h2>{d.decisions_title}</h2>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || {
                    let number = number.clone();
                    Suspend::new(async move {
                        match panel.await {
                            Ok(p) => view! {
                                {p.decisions.is_empty().then(|| view! { <p class="empty">{d.decisions_none}</p> })}
                                <ul class="decision-list">
                                    {p.decisions.into_iter().map(|v| view! { <DecisionItem v changed/> }).collect_view()}
                                </ul>
                                {p.waiting.then(|| view! { <p class="notice" role="status">{d.waits_for_approval}</p> })}
                                {p.form.map(|f| view! { <DecideForm number=number.clone() form=f changed/> })}
                            }
                            .into_any(),
                            Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn DecisionItem(v: DecisionView, changed: RwSignal<u32>) -> impl IntoView {
    let d = use_decision_texts();
    let locale = use_locale();
    let regenerate = ServerAction::<RegenerateLetter>::new();
    let send = ServerAction::<SendLetterVersion>::new();
    reload_on_done(Signal::derive(move || regenerate.value().get()), changed);
    reload_on_done(Signal::derive(move || send.value().get()), changed);
    let state_class = format!("badge decision-{}", v.state.code());
    let settled_by = match v.state {
        DecisionState::Effective if v.approver.is_some() => Some(d.approved_by),
        DecisionState::Rejected => Some(d.rejected_by),
        _ => None,
    };
    let id = v.id;
    let may_redo = v.may_redo;
    view! {
        <li class="decision" id=format!("decision-{id}") data-state=v.state.code()>
            <p class="decision-head">
                <strong>{v.resolution.clone()}</strong>
                {v.amount.as_ref().map(|m| view! { " · " <span class="amount">{m.format(locale)}</span> })}
                " "
                <span class=state_class>{d.decision_state(v.state)}</span>
            </p>
            <p class="muted">{format!("{} {} · {}", d.decided_by, v.decider, v.decided_at)}</p>
            <p class="reasoning">{v.reasoning.clone()}</p>
            {settled_by.map(|label| view! {
                <p class="approval">
                    {format!("{label} {}", v.approver.clone().unwrap_or_default())}
                    {v.approval_comment.clone().map(|c| view! { ": " <q>{c}</q> })}
                </p>
            })}
            {(!v.letters.is_empty()).then(|| view! {
                <table class="letters">
                    <caption>{d.letters}</caption>
                    <tbody>
                        {v.letters.into_iter().map(|l| {
                            let letter_id = l.id;
                            view! {
                                <tr data-letter-version=l.version.to_string() data-letter-state=l.state.code()>
                                    <td>{format!("{} {}", d.letter_version, l.version)}</td>
                                    <td>{d.letter_state(l.state)}</td>
                                    <td>{l.sent_at.clone().unwrap_or(l.created_at.clone())}</td>
                                    <td>
                                        {l.attachment_id.map(|a| view! {
                                            <a class="letter-download" href=format!("/files/{a}")>{d.letter_download}</a>
                                        })}
                                    </td>
                                    <td>
                                        {(may_redo && l.state == LetterState::Ready).then(|| view! {
                                            <ActionForm action=send attr:class="inline-form">
                                                <input type="hidden" name="letter_id" value=letter_id.to_string()/>
                                                <button type="submit" class="small">{d.letter_send}</button>
                                            </ActionForm>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {may_redo.then(|| view! {
                <ActionForm action=regenerate attr:class="inline-form">
                    <input type="hidden" name="decision_id" value=id.to_string()/>
                    <button type="submit" class="small secondary">{d.letter_regenerate}</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn DecideForm(number: String, form: DecisionFormView, changed: RwSignal<u32>) -> impl IntoView {
    let d = use_decision_texts();
    let decide = ServerAction::<RecordDecision>::new();
    let answer: Answer = Signal::derive(move || decide.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    let ready = ready_marker();
    if form.resolutions.is_empty() {
        return view! { <p class="muted" id="decide-form">{d.no_resolutions}</p> }.into_any();
    }
    view! {
        <ActionForm action=decide attr:class="form" attr:id="decide-form" attr:data-ready=ready>
            <h3>{d.decide_title}</h3>
            <input type="hidden" name="number" value=number/>
            <label for="decision-resolution">{d.resolution}</label>
            <select id="decision-resolution" name="resolution_id">
                {form.resolutions.into_iter().map(|r| view! {
                    <option value=r.id.to_string() data-carries-amount=r.carries_amount.to_string()>{r.name}</option>
                }).collect_view()}
            </select>
            <FieldError errors field="resolution_id"/>
            <div class="amount-row">
                <div>
                    <label for="decision-amount">{d.amount}</label>
                    <input id="decision-amount" name="amount" inputmode="decimal" autocomplete="off"/>
                    <FieldError errors field="amount"/>
                </div>
                <div>
                    <label for="decision-currency">{d.currency}</label>
                    <select id="decision-currency" name="currency">
                        {form.currencies.into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                    </select>
                    <FieldError errors field="currency"/>
                </div>
            </div>
            <label for="decision-reasoning">{d.reasoning}</label>
            <textarea id="decision-reasoning" name="reasoning" rows="4" aria-describedby="decision-reasoning-hint"></textarea>
            <p class="muted" id="decision-reasoning-hint">{d.reasoning_hint}</p>
            <FieldError errors field="reasoning"/>
            <RequestFailure value=answer/>
            <button type="submit">{d.decide_submit}</button>
        </ActionForm>
    }
    .into_any()
}

/// SPEC E3: the letters sent to the customer, to download from the portal.
#[component]
pub fn CustomerLetters(number: String) -> impl IntoView {
    let d = use_decision_texts();
    let letters = Resource::new(move || number.clone(), case_letters);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match letters.await {
                    Ok(list) if !list.is_empty() => view! {
                        <section class="letters" id="letters">
                            <h2>{d.your_letters}</h2>
                            <ul>
                                {list.into_iter().map(|l| view! {
                                    <li>
                                        <a class="letter-download" href=format!("/files/{}", l.attachment_id)>{l.file_name}</a>
                                        <span class="muted">{format!(" · {}", l.sent_at)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }
                    .into_any(),
                    _ => ().into_any(),
                }
            })}
        </Transition>
    }
}
