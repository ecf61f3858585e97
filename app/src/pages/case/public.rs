//! The customer's own case (SPEC I1): its state and dates, what they sent, the public history,
//! and the documents asked of them, answered here with the file.

use super::{deadlines, decisions, documents, Attachments};
use crate::components::status::StateBadge;
use crate::components::timeline::Timeline;
use crate::domain::info_requests::RequestStep;
use crate::i18n::use_texts;
use crate::model::PublicCaseView;
use crate::pages::case::info_requests::RequestThread;
use crate::pages::request::AnswerForm;
use leptos::prelude::*;

#[component]
pub fn CustomerCase(case: PublicCaseView, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let s = case.summary;
    view! {
        <article class="card case" data-case-number=s.number.clone() data-state=s.state.code()>
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
            </dl>
            <p class="description">{case.description}</p>
            {case.deadlines.map(|dates| view! {
                <deadlines::Deadlines number=s.number.clone() dates changed/>
            })}
            {(!case.requests.is_empty()).then(|| view! {
                <documents::DocumentRequests requests=case.requests changed/>
            })}
            {(!case.asked_of_you.is_empty()).then(|| view! {
                <section class="info-requests" id="info-requests">
                    <h2>{t.ir_title}</h2>
                    <ul class="request-list">
                        {case.asked_of_you.into_iter().map(|r| {
                            let id = r.id;
                            let may_answer = r.steps.contains(&RequestStep::Answer);
                            view! {
                                <RequestThread request=r file_base=format!("/requests/{id}/files")>
                                    {may_answer.then(|| view! { <AnswerForm id changed/> })}
                                </RequestThread>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <decisions::CustomerLetters number=s.number.clone()/>
            <Attachments attachments=case.attachments/>
            <h2>{t.timeline}</h2>
            <Timeline entries=case.timeline/>
        </article>
    }
}
