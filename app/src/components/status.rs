//! The badge that shows a case's state.

use crate::domain::case::CaseState;
use crate::i18n::use_texts;
use leptos::prelude::*;

#[component]
pub fn StateBadge(state: CaseState) -> impl IntoView {
    let t = use_texts();
    view! { <span class=format!("badge state-{}", state.code())>{t.state(state)}</span> }
}
