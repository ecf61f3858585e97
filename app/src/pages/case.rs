//! A case's page: the customer sees their public projection (state, dates, public history, the
//! documents asked of them); staff see the case whole, or the part their task on it needs.

use crate::api::cases::{case_detail, AddCaseLink};
use crate::components::form::{ready_marker, FieldError};
use crate::components::status::StateBadge;
use crate::components::timeline::Timeline;
use crate::domain::links::LinkKind;
use crate::i18n::use_texts;
use crate::model::{CaseLink, FormOutcome};
use crate::model::{CasePage as Page, CaseView};
use crate::pages::auth::{outcome_errors, Answer, RequestFailure};
use crate::pages::LoadFailed;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

mod deadlines;
mod decisions;
mod documents;
mod draft;
pub(crate) mod info_requests;
mod messages;
mod public;
mod tasks;
mod workflow;

#[component]
pub fn CasePage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    // Bumped by changes made on the page, to load the case again.
    let changed = RwSignal::new(0u32);
    // A message that outlives the reload a change causes ("draft saved").
    let notice = RwSignal::new(None::<&'static str>);
    let case = Resource::new(move || (number(), changed.get()), |(n, _)| case_detail(n));
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Ok(Page::Staff(c)) => view! { <CaseDetail case=c changed notice/> }.into_any(),
                    Ok(Page::Customer(c)) => view! { <public::CustomerCase case=*c changed/> }.into_any(),
                    Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CaseDetail(
    case: Box<CaseView>,
    changed: RwSignal<u32>,
    notice: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let t = use_texts();
    let s = case.summary;
    let attachments = case.attachments;
    let whole = case.whole;
    let setup = case.setup.clone();
    let fact = |label: &'static str, value: Option<String>, id: &'static str| {
        value.map(|v| view! { <dt>{label}</dt> <dd id=id>{v}</dd> })
    };
    let body = match case.draft.clone() {
        Some(draft) => view! {
            <draft::DraftEditor number=s.number.clone() channel=s.channel draft checklist=case.checklist.clone() changed notice/>
        }
        .into_any(),
        None => view! {
            {(!case.values.is_empty()).then(|| view! {
                <h2>{t.case_details}</h2>
                <dl class="facts" id="case-values">
                    {case.values.iter().map(|v| view! {
                        <dt>{v.label.clone()}</dt>
                        <dd>{t.field_value(v.kind, &v.display)}</dd>
                    }).collect_view()}
                </dl>
            })}
            {case.deadlines.clone().map(|dates| view! {
                <deadlines::Deadlines number=s.number.clone() dates changed/>
            })}
            {(!case.steps.is_empty() || !case.reassign_to.is_empty() || case.qualify.is_some() || case.may_escalate).then(|| view! {
                <workflow::Handling
                    number=s.number.clone()
                    steps=case.steps.clone()
                    reassign_to=case.reassign_to.clone()
                    qualify=case.qualify.clone()
                    may_escalate=case.may_escalate
                    changed
                />
            })}
            {(!case.tasks.is_empty() || !case.assign_task_to.is_empty()).then(|| view! {
                <tasks::Tasks
                    number=s.number.clone()
                    tasks=case.tasks.clone()
                    assign_to=case.assign_task_to.clone()
                    changed
                />
            })}
            {(!case.info_requests.is_empty() || case.ask.is_some()).then(|| view! {
                <info_requests::Requests
                    number=s.number.clone()
                    list=case.info_requests.clone()
                    ask=case.ask.clone()
                    changed
                />
            })}
            {whole.then(|| view! { <decisions::Decisions number=s.number.clone() changed/> })}
            {(!case.checklist.is_empty()).then(|| view! {
                <documents::Checklist number=s.number.clone() items=case.checklist.clone() changed/>
            })}
            {(!case.messages.is_empty()).then(|| view! {
                <messages::Messages messages=case.messages.clone()/>
            })}
        }
        .into_any(),
    };
    view! {
        <article class="card case" data-case-number=s.number.clone() data-state=s.state.code()>
            {move || notice.get().map(|n| view! { <p class="notice ok" role="status">{n}</p> })}
            <header class="case-head">
                <p class="case-number">{s.number.clone()}</p>
                <h1>{s.subject.clone()}</h1>
                <StateBadge state=s.state/>
            </header>
            <dl class="facts">
                <dt>{t.class}</dt>
                <dd>{t.class(s.class)}</dd>
                <dt>{t.channel}</dt>
                <dd>{t.channel(s.channel)}</dd>
                <dt>{t.created}</dt>
                <dd>{s.created_at.clone()}</dd>
                <dt>{t.customer}</dt>
                <dd>{s.customer_name.clone()}</dd>
                <dt>{t.filed_by}</dt>
                <dd>{case.created_by.clone()}</dd>
                {view! {
                    {fact(t.folder, setup.folder.clone(), "fact-folder")}
                    {fact(t.case_type, setup.case_type.clone(), "fact-case-type")}
                    {fact(t.case_group, setup.case_group.clone(), "fact-case-group")}
                    {fact(t.store_name, setup.store_name.clone(), "fact-store")}
                    {fact(t.priority, setup.priority.clone(), "fact-priority")}
                    {fact(
                        t.escalation_level,
                        (s.escalation_level > 0).then(|| s.escalation_level.to_string()),
                        "fact-escalation",
                    )}
                    {fact(t.qualification, setup.qualification.clone(), "fact-qualification")}
                    {fact(t.cause, setup.cause.clone(), "fact-cause")}
                    {fact(t.severity, setup.severity.clone(), "fact-severity")}
                    {fact(
                        t.satisfaction,
                        setup.satisfaction.map(|n| match &setup.satisfaction_comment {
                            Some(c) => format!("{n}/5 · {c}"),
                            None => format!("{n}/5"),
                        }),
                        "fact-satisfaction",
                    )}
                    {fact(t.due_day, setup.due_day.clone(), "fact-due-day")}
                    {fact(
                        t.manager,
                        setup.manager.clone().map(|m| match setup.route_reason {
                            Some(r) => format!("{m} ({})", t.route_explained(r, setup.route_detail.as_ref())),
                            None => m,
                        }),
                        "fact-manager",
                    )}
                }}
                {case.claim.clone().map(|c| view! {
                    <dt>{t.claim_subject}</dt>
                    <dd>{format!("{} · {}", c.identifier, c.day)}</dd>
                    <dt>{t.coverage}</dt>
                    <dd id="coverage" class=format!("coverage-{}", c.coverage.code())>{t.coverage(c.coverage)}</dd>
                })}
            </dl>
            <p class="description">{case.description.clone()}</p>
            {body}
            <Attachments attachments/>
            {whole.then(|| view! { <Links number=s.number.clone() links=case.links.clone() changed/> })}
            <h2>{t.timeline}</h2>
            <Timeline entries=case.timeline/>
        </article>
    }
}

/// The case's files the reader may see, each a download.
#[component]
fn Attachments(attachments: Vec<crate::model::AttachmentInfo>) -> impl IntoView {
    let t = use_texts();
    (!attachments.is_empty()).then(|| {
        view! {
            <h2>{t.attachments}</h2>
            <ul class="attachments">
                {attachments
                    .into_iter()
                    .map(|a| view! {
                        <li>
                            <a href=format!("/files/{}", a.id) rel="external" download=a.file_name.clone()>{a.file_name.clone()}</a>
                            <span class="muted">{format!(" {} KB", (a.size + 1023) / 1024)}</span>
                        </li>
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// SPEC A3: the business objects the case is about, and a form to add one.
#[component]
fn Links(number: String, links: Vec<CaseLink>, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let add = ServerAction::<AddCaseLink>::new();
    let answer: Answer = Signal::derive(move || add.value().get());
    let errors = outcome_errors(answer);
    Effect::new(move |_| {
        if let Some(Ok(FormOutcome::Done { .. })) = add.value().get() {
            changed.update(|n| *n += 1);
        }
    });
    let ready = ready_marker();
    view! {
        <h2>{t.links_title}</h2>
        <ul class="links-list" id="case-links">
            {links.into_iter().map(|l| {
                let label = format!("{} {}", t.link_kind(l.kind), l.external_id);
                view! {
                    <li data-external-id=l.external_id.clone()>
                        {match l.url {
                            Some(url) => view! { <a href=url rel="external noopener" target="_blank">{label}</a> }.into_any(),
                            None => view! { <span>{label}</span> }.into_any(),
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
        <ActionForm action=add attr:class="add-entry" attr:id="link-form" attr:data-ready=ready>
            <input type="hidden" name="number" value=number/>
            <label>
                {t.link_kind}
                <select name="kind">
                    {LinkKind::ALL.iter().map(|k| view! { <option value=k.code()>{t.link_kind(*k)}</option> }).collect_view()}
                </select>
            </label>
            <label>{t.external_id} <input name="external_id" required/></label>
            <label>{t.link_url} <input name="url" type="url"/></label>
            <button type="submit">{t.add_link}</button>
            <FieldError errors field="external_id"/>
            <FieldError errors field="url"/>
            <RequestFailure value=answer/>
        </ActionForm>
    }
}
