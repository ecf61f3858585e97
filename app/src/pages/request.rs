//! An information request's own page (SPEC D1, D3) for the employee it was sent to: the thread,
//! what it shares of the case and nothing more, and the answer with text and files. Staff who
//! work the case reach the same thread on the case's page.

use crate::api::info_requests::{answer_info_request, info_request};
use crate::components::form::{ready_marker, submitted_form_data, FieldError};
use crate::components::timeline::Timeline;
use crate::domain::info_requests::RequestStep;
use crate::i18n::use_texts;
use crate::model::{RequestPage as Page, SharedCase};
use crate::pages::auth::{outcome_errors, reload_on_done, Answer, RequestFailure};
use crate::pages::case::info_requests::RequestThread;
use crate::pages::LoadFailed;
use leptos::prelude::*;
use leptos::web_sys::{FormData, SubmitEvent};
use leptos_router::hooks::use_params_map;

#[component]
pub fn RequestPage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|i| i.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let changed = RwSignal::new(0u32);
    let page = Resource::new(move || (id(), changed.get()), |(id, _)| info_request(id));
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <RequestDetail page=p changed/> }.into_any(),
                    Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RequestDetail(page: Page, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let id = page.request.id;
    let may_answer = page.request.steps.contains(&RequestStep::Answer);
    let state = page.request.state.code();
    view! {
        <article class="card request-page" data-request=id.to_string() data-state=state>
            <h1>{page.request.subject.clone()}</h1>
            {page.case_number.clone().map(|n| view! {
                <p><a href=format!("/cases/{n}")>{format!("{} {n}", t.ir_open_case)}</a></p>
            })}
            <Shared shared=page.shared file_base=format!("/requests/{id}/files")/>
            <ul class="request-list">
                <RequestThread request=page.request file_base=format!("/requests/{id}/files")/>
            </ul>
            {may_answer.then(|| view! { <AnswerForm id changed/> })}
        </article>
    }
}

/// What the request shares of its case.
#[component]
pub fn Shared(shared: SharedCase, file_base: String) -> impl IntoView {
    let t = use_texts();
    let nothing = shared.summary.is_none() && shared.files.is_empty() && shared.entries.is_empty();
    view! {
        <section class="shared" id="shared">
            <h2>{t.ir_shared_title}</h2>
            {nothing.then(|| view! { <p class="muted">{t.ir_nothing_shared}</p> })}
            {shared.summary.map(|s| view! {
                <dl class="facts">
                    <dt>{t.number}</dt>
                    <dd>{s.number}</dd>
                    <dt>{t.created}</dt>
                    <dd>{s.filed_at}</dd>
                </dl>
                <p><strong>{s.subject}</strong></p>
                <p class="description">{s.description}</p>
            })}
            {(!shared.files.is_empty()).then(|| view! {
                <ul class="attachments">
                    {shared.files.into_iter().map(|f| view! {
                        <li><a href=format!("{file_base}/{}", f.id) rel="external" download=f.file_name.clone()>{f.file_name.clone()}</a></li>
                    }).collect_view()}
                </ul>
            })}
            {(!shared.entries.is_empty()).then(|| view! { <Timeline entries=shared.entries/> })}
        </section>
    }
}

/// The recipient's answer, with text and files.
#[component]
pub fn AnswerForm(id: i64, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let send = Action::new_local(|data: &FormData| answer_info_request(data.clone().into()));
    let answer: Answer = Signal::derive(move || send.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    let on_submit = move |ev: SubmitEvent| {
        if let Some(data) = submitted_form_data(&ev) {
            send.dispatch_local(data);
        }
    };
    let ready = ready_marker();
    view! {
        <form class="form answer-form" id=format!("answer-form-{id}") data-ready=ready on:submit=on_submit>
            <input type="hidden" name="request_id" value=id.to_string()/>
            <label for=format!("answer-text-{id}")>{t.ir_your_answer}</label>
            <textarea id=format!("answer-text-{id}") name="answer" rows="5"></textarea>
            <FieldError errors field="answer"/>
            <label for=format!("answer-files-{id}")>{t.ir_attachments}</label>
            <input type="file" id=format!("answer-files-{id}") name="attachments" multiple/>
            <FieldError errors field="attachments"/>
            <RequestFailure value=answer/>
            <button type="submit" disabled=move || send.pending().get()>{t.ir_answer}</button>
        </form>
    }
}
