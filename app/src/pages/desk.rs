//! The desk (SPEC C3, first cut): open cases with filters and keyset paging, newest first. The
//! filters and the page live in the URL, so a desk view can be bookmarked and the filter form
//! works without WASM.

use crate::api::cases::{cases_linked_to, desk_cases};
use crate::components::live::{use_desk_refresh, LiveStatus};
use crate::components::status::StateBadge;
use crate::domain::case::{CaseState, Channel, DocumentClass};
use crate::i18n::use_texts;
use crate::model::{DeskCursor, DeskFilter};
use crate::pages::LoadFailed;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

mod approvals;
mod work;

fn cursor_param(c: DeskCursor) -> String {
    format!("{}_{}", c.created_at_ms, c.id)
}

fn parse_cursor(s: &str) -> Option<DeskCursor> {
    let (ms, id) = s.split_once('_')?;
    Some(DeskCursor {
        created_at_ms: ms.parse().ok()?,
        id: id.parse().ok()?,
    })
}

#[component]
pub fn DeskPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        DeskFilter {
            state: q.get("state").and_then(|s| s.parse().ok()),
            channel: q.get("channel").and_then(|s| s.parse().ok()),
            class: q.get("class").and_then(|s| s.parse().ok()),
            manager_id: q.get("manager").and_then(|s| s.parse().ok()),
            escalated: q.get("escalated").is_some_and(|v| v == "1"),
        }
    };
    let cursor = move || query.read().get("after").and_then(|s| parse_cursor(&s));
    // Read again whenever the server says this desk changed (SPEC C3: live updates).
    let refresh = use_desk_refresh();
    let page = Resource::new(
        move || (filter(), cursor(), refresh.get()),
        |(f, c, _)| desk_cases(f, c),
    );

    let selected = move |key: &'static str, code: &'static str| {
        query.read().get(key).is_some_and(|v| v == code)
    };
    let reference = move || {
        query
            .read()
            .get("ref")
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
    };

    view! {
        <section class="card wide">
            <div class="title-row">
                <h1>{t.desk_title}</h1>
                <LiveStatus/>
                <a class="button" href="/desk/new">{t.nav_record_case}</a>
            </div>
            <form class="filters" method="get" action="/desk" id="ref-search">
                <label>
                    {t.search_by_ref}
                    <input name="ref" value=move || reference().unwrap_or_default()/>
                </label>
                <button type="submit">{t.search}</button>
            </form>
            {move || reference().map(|r| view! { <LinkedCases reference=r/> })}
            <work::MyWorkPanel refresh/>
            <form class="filters" method="get" action="/desk">
                <label>
                    {t.state}
                    <select name="state">
                        <option value="">{t.any}</option>
                        {CaseState::ALL.iter().map(|s| view! {
                            <option value=s.code() selected=move || selected("state", s.code())>{t.state(*s)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {t.channel}
                    <select name="channel">
                        <option value="">{t.any}</option>
                        {Channel::ALL.iter().map(|c| view! {
                            <option value=c.code() selected=move || selected("channel", c.code())>{t.channel(*c)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {t.class}
                    <select name="class">
                        <option value="">{t.any}</option>
                        {DocumentClass::ALL.iter().map(|c| view! {
                            <option value=c.code() selected=move || selected("class", c.code())>{t.class(*c)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <AssignedToMe/>
                <label class="check">
                    <input type="checkbox" name="escalated" value="1" checked=move || selected("escalated", "1")/>
                    {t.escalated_only}
                </label>
                <button type="submit">{t.filter}</button>
            </form>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) if p.cases.is_empty() => view! { <p class="empty">{t.desk_empty}</p> }.into_any(),
                        Ok(p) => {
                            let next = p.next.map(|c| {
                                let q = query.read();
                                let mut href = String::from("/desk?");
                                for key in ["state", "channel", "class", "manager", "escalated"] {
                                    if let Some(v) = q.get(key).filter(|v| !v.is_empty()) {
                                        href.push_str(&format!("{key}={v}&"));
                                    }
                                }
                                href.push_str(&format!("after={}", cursor_param(c)));
                                href
                            });
                            let paged = cursor().is_some();
                            view! {
                                <div class="table-wrap">
                                    <table class="desk" id="desk-cases">
                                        <thead>
                                            <tr>
                                                <th>{t.number}</th>
                                                <th>{t.subject}</th>
                                                <th>{t.customer}</th>
                                                <th>{t.channel}</th>
                                                <th>{t.class}</th>
                                                <th>{t.state}</th>
                                                <th>{t.manager}</th>
                                                <th>{t.created}</th>
                                                <th>{t.resolution_due}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p.cases.into_iter().map(|c| view! {
                                                <tr data-case-number=c.number.clone()>
                                                    <td><a href=format!("/cases/{}", c.number)>{c.number.clone()}</a></td>
                                                    <td>{c.subject.clone()}</td>
                                                    <td>{c.customer_name.clone()}</td>
                                                    <td>{t.channel(c.channel)}</td>
                                                    <td>{t.class(c.class)}</td>
                                                    <td>
                                                        <StateBadge state=c.state/>
                                                        {(c.escalation_level > 0).then(|| view! {
                                                            <span class="badge escalated" title=t.escalation_level>{format!("⇡{}", c.escalation_level)}</span>
                                                        })}
                                                    </td>
                                                    <td class="manager">{c.manager_name.clone().unwrap_or_default()}</td>
                                                    <td><time>{c.created_at.clone()}</time></td>
                                                    <td class="due">
                                                        <crate::components::status::DueDate due=c.resolution_due.clone() standing=c.deadline_standing/>
                                                    </td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <nav class="pager">
                                    {paged.then(|| view! { <a href="/desk">{t.first_page}</a> })}
                                    {next.map(|href| view! { <a href=href rel="next">{t.next_page}</a> })}
                                </nav>
                            }
                            .into_any()
                        }
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_survives_the_url() {
        let c = DeskCursor {
            created_at_ms: 1_767_625_440_000,
            id: 42,
        };
        assert_eq!(parse_cursor(&cursor_param(c)), Some(c));
        assert_eq!(parse_cursor("nonsense"), None);
    }
}

/// The filter for the cases handed to the viewer.
#[component]
fn AssignedToMe() -> impl IntoView {
    let t = use_texts();
    let viewer = crate::use_viewer().0;
    let query = use_query_map();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                viewer.await.ok().flatten().map(|v| {
                    let id = v.id.to_string();
                    let checked = query.read_untracked().get("manager").is_some_and(|m| m == id);
                    view! {
                        <label class="check">
                            <input type="checkbox" name="manager" value=id checked=checked/>
                            {t.assigned_to_me}
                        </label>
                    }
                })
            })}
        </Suspense>
    }
}

/// SPEC A3: the cases linked to a business object, found by its external id.
#[component]
fn LinkedCases(reference: String) -> impl IntoView {
    let t = use_texts();
    let title = format!("{} {reference}", t.linked_cases);
    let found = Resource::new(move || reference.clone(), cases_linked_to);
    view! {
        <section class="linked" id="linked-cases">
            <h2>{title}</h2>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t.no_linked_cases}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul>
                                {list.into_iter().map(|c| view! {
                                    <li data-case-number=c.number.clone()>
                                        <a href=format!("/cases/{}", c.number)>{c.number.clone()}</a>
                                        " " {c.subject.clone()} " · " {c.customer_name.clone()}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
