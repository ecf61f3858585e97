//! A case's history (SPEC I2): every recorded step, oldest first.

use crate::i18n::use_texts;
use crate::model::TimelineEntry;
use leptos::prelude::*;

#[component]
pub fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    let t = use_texts();
    view! {
        <ol class="timeline">
            {entries
                .into_iter()
                .map(|e| {
                    let changes = e
                        .changes
                        .iter()
                        .map(|(field, before, after)| {
                            let before = before.clone().unwrap_or_else(|| "—".into());
                            let after = after.clone().unwrap_or_else(|| "—".into());
                            view! {
                                <li>
                                    <code>{field.clone()}</code>
                                    ": "
                                    {before}
                                    " → "
                                    {after}
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <li class="timeline-entry" class:internal=!e.public>
                            <div class="timeline-head">
                                <strong class="timeline-action">{t.event(&e.action)}</strong>
                                <span class="muted">
                                    {e.at.clone()}
                                    {e.actor.clone().map(|a| format!(" · {a}"))}
                                </span>
                            </div>
                            {e.note.clone().map(|n| view! { <p>{n}</p> })}
                            <ul class="changes">{changes}</ul>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
