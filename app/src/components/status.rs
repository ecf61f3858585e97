//! The badge that shows a case's state.

use crate::domain::case::CaseState;
use crate::i18n::use_texts;
use leptos::prelude::*;

#[component]
pub fn StateBadge(state: CaseState) -> impl IntoView {
    let t = use_texts();
    view! { <span class=format!("badge state-{}", state.code())>{t.state(state)}</span> }
}

/// A case's resolution deadline in a list, marked when it is at risk, overdue or paused
/// (SPEC G2, G3). Nothing for a case without one.
#[component]
pub fn DueDate(
    due: Option<String>,
    standing: Option<crate::domain::sla::DeadlineStanding>,
) -> impl IntoView {
    let t = use_texts();
    due.map(|due| {
        let mark = standing
            .filter(|s| *s != crate::domain::sla::DeadlineStanding::OnTime)
            .map(|s| view! { <span class=format!("standing {}", s.code())>{t.standing(s)}</span> });
        view! {
            <span class="due-date" data-standing=standing.map(|s| s.code())>
                <time>{due}</time>
                " "
                {mark}
            </span>
        }
    })
}
