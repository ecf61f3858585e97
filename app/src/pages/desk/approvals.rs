//! Decisions waiting for the viewer's approval (SPEC E2), approved or rejected with a comment
//! right from the desk.

use crate::api::decisions::SettleDecision;
use crate::components::form::{ready_marker, FieldError};
use crate::i18n::{use_decision_texts, use_locale};
use crate::model::ApprovalItem;
use crate::pages::auth::{outcome_errors, reload_on_done, Answer, RequestFailure};
use leptos::prelude::*;

#[component]
pub fn Approvals(items: Vec<ApprovalItem>, refresh: RwSignal<u32>) -> impl IntoView {
    let d = use_decision_texts();
    view! {
        <div class="work-list approvals" id="approvals" data-kind="approvals">
            <h3>{d.approvals_title}</h3>
            <ul class="approval-list">
                {items.into_iter().map(|i| view! { <ApprovalRow item=i refresh/> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn ApprovalRow(item: ApprovalItem, refresh: RwSignal<u32>) -> impl IntoView {
    let d = use_decision_texts();
    let locale = use_locale();
    let settle = ServerAction::<SettleDecision>::new();
    let answer: Answer = Signal::derive(move || settle.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, refresh);
    let comment_id = format!("approval-{}-comment", item.id);
    let ready = ready_marker();
    view! {
        <li class="approval" data-case-number=item.case_number.clone() data-decision=item.id.to_string()>
            <p>
                <a href=format!("/cases/{}#decisions", item.case_number)>{item.case_number.clone()}</a>
                " · "
                {item.case_subject.clone()}
            </p>
            <p>
                <strong>{item.resolution.clone()}</strong>
                {item.amount.as_ref().map(|m| view! { " · " <span class="amount">{m.format(locale)}</span> })}
            </p>
            <p class="reasoning">{item.reasoning.clone()}</p>
            <p class="muted">{format!("{} {} · {}", d.decided_by, item.decider, item.decided_at)}</p>
            <ActionForm action=settle attr:class="form approval-form" attr:data-ready=ready>
                <input type="hidden" name="decision_id" value=item.id.to_string()/>
                <label for=comment_id.clone()>{d.approval_comment}</label>
                <textarea id=comment_id name="comment" rows="2"></textarea>
                <FieldError errors field="comment"/>
                <RequestFailure value=answer/>
                <button type="submit" name="step" value="approve">{d.approve}</button>
                " "
                <button type="submit" name="step" value="reject" class="secondary">{d.reject}</button>
            </ActionForm>
        </li>
    }
}
