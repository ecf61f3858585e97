//! What waits for the viewer (SPEC C3): the cases handed to them, their tasks, work handed in
//! for them to accept, information requests sent to them, answers to their own requests and
//! cases their role closes, each kind
//! counted and listed by deadline (nearest first, undated last).

use crate::api::tasks::desk_work;
use crate::api::ErrorKind;
use crate::i18n::use_texts;
use crate::model::WorkItem;
use crate::pages::LoadFailed;
use leptos::prelude::*;

#[component]
pub fn MyWorkPanel(#[prop(into)] refresh: Signal<u32>) -> impl IntoView {
    let t = use_texts();
    // Settling an approval here reloads the lists at once, before the live event arrives.
    let settled = RwSignal::new(0u32);
    let bump = settled;
    let work = Resource::new(move || (refresh.get(), settled.get()), |_| desk_work());
    view! {
        <section class="my-work" id="my-work">
            <h2>{t.my_work_title}</h2>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match work.await {
                        Ok(w) => {
                            let kinds: [(&'static str, &'static str, Vec<WorkItem>); 7] = [
                                ("cases", t.work_cases, w.cases),
                                ("tasks", t.work_tasks, w.tasks),
                                ("to_accept", t.work_to_accept, w.to_accept),
                                ("requests", t.work_requests, w.requests),
                                ("answers", t.work_answers, w.answers_to_accept),
                                ("to_close", t.work_to_close, w.to_close),
                                ("escalated", t.work_escalated, w.escalated),
                            ];
                            let counts = kinds
                                .iter()
                                // Only supervisors get escalated cases; nobody else needs a zero.
                                .filter(|(kind, _, items)| *kind != "escalated" || !items.is_empty())
                                .map(|(kind, label, items)| view! {
                                    <li data-kind=*kind>
                                        <a href=format!("#work-{kind}")>{*label}</a>
                                        " "
                                        <span class="count">{items.len()}</span>
                                    </li>
                                })
                                .collect_view();
                            let approvals = w.approvals;
                            let approvals_count = (!approvals.is_empty()).then(|| view! {
                                <li data-kind="approvals">
                                    <a href="#approvals">{crate::i18n::use_decision_texts().approvals_title}</a>
                                    " "
                                    <span class="count">{approvals.len()}</span>
                                </li>
                            });
                            let nothing = approvals.is_empty() && kinds.iter().all(|(_, _, items)| items.is_empty());
                            let lists = kinds
                                .into_iter()
                                .filter(|(_, _, items)| !items.is_empty())
                                .map(|(kind, label, items)| view! { <WorkList kind label items/> })
                                .collect_view();
                            view! {
                                <ul class="work-counts" id="work-counts">{approvals_count}{counts}</ul>
                                {nothing.then(|| view! { <p class="empty">{t.work_empty}</p> })}
                                {(!approvals.is_empty()).then(|| view! { <super::approvals::Approvals items=approvals refresh=bump/> })}
                                {lists}
                            }
                            .into_any()
                        }
                        // Without a session the case list below already says to log in.
                        Err(e) if !matches!(e.kind, ErrorKind::NotFound | ErrorKind::Forbidden | ErrorKind::LoginRequired) => view! { <LoadFailed error=e/> }.into_any(),
                        Err(_) => ().into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn WorkList(kind: &'static str, label: &'static str, items: Vec<WorkItem>) -> impl IntoView {
    let t = use_texts();
    let state_text = move |code: &str| -> String {
        if let Ok(s) = code.parse::<crate::domain::case::CaseState>() {
            t.state(s).to_string()
        } else if let Ok(s) = code.parse::<crate::domain::tasks::TaskState>() {
            t.task_state(s).to_string()
        } else if let Ok(s) = code.parse::<crate::domain::info_requests::RequestState>() {
            t.request_state(s).to_string()
        } else {
            String::new()
        }
    };
    view! {
        <div class="work-list" id=format!("work-{kind}") data-kind=kind>
            <h3>{label}</h3>
            <table class="desk">
                <tbody>
                    {items.into_iter().map(|i| {
                        let marks = i.marks.clone();
                        let href = i.href.clone().unwrap_or_else(|| format!("/cases/{}", i.case_number));
                        let link_text = if i.case_number.is_empty() { t.open.to_string() } else { i.case_number.clone() };
                        view! {
                            <tr data-case-number=i.case_number.clone() data-title=i.title.clone() class:overdue=i.overdue>
                                <td><a href=href>{link_text}</a></td>
                                <td>
                                    {i.title.clone()}
                                    {(i.title != i.case_subject && !i.case_subject.is_empty()).then(|| view! { <span class="muted">{format!(" · {}", i.case_subject)}</span> })}
                                    {marks.iter().map(|m| match m.as_str() {
                                        "tasks_done" => view! { <span class="badge tasks-done">{t.work_tasks_done}</span> }.into_any(),
                                        "returned" => view! { <span class="badge returned">{t.task_returned}</span> }.into_any(),
                                        m if m.starts_with("escalation:") => view! {
                                            <span class="badge escalated" title=t.escalation_level>{format!("⇡{}", &m["escalation:".len()..])}</span>
                                        }.into_any(),
                                        _ => ().into_any(),
                                    }).collect_view()}
                                </td>
                                <td class="person">{i.person.clone().unwrap_or_default()}</td>
                                <td class="work-state">{state_text(&i.state)}</td>
                                <td class="due">
                                    {i.due_day.clone().map(|d| format!("{} {d}", t.work_due))}
                                    {i.overdue.then(|| view! { <span class="badge overdue">{t.task_overdue}</span> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
