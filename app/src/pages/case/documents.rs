//! Required documents on an opened case (SPEC A7): the checklist staff see, with a request to
//! the customer for a missing one, and the requests the customer answers with a file.

use crate::api::cases::{answer_document_request, RequestDocument};
use crate::components::form::{ready_marker, submitted_form_data, FieldError};
use crate::domain::documents::DocumentStatus;
use crate::i18n::use_texts;
use crate::model::{ChecklistItem, DocumentRequestView};
use crate::pages::auth::{outcome_errors, reload_on_done, Answer, RequestFailure};
use leptos::prelude::*;
use leptos::web_sys::{FormData, SubmitEvent};

fn status_code(s: DocumentStatus) -> String {
    format!("{s:?}").to_lowercase()
}

/// Loads the case again after a change that succeeded.
#[component]
pub fn Checklist(
    number: String,
    items: Vec<ChecklistItem>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let t = use_texts();
    let request = ServerAction::<RequestDocument>::new();
    let answer: Answer = Signal::derive(move || request.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    let ready = ready_marker();
    view! {
        <h2>{t.required_documents}</h2>
        <ul class="checklist" id="checklist" data-ready=ready>
            {items.into_iter().map(|i| {
                let missing = i.status == DocumentStatus::Missing;
                let number = number.clone();
                view! {
                    <li data-document=i.name.clone() data-status=status_code(i.status)>
                        <span class="document-name">{i.name.clone()}</span>
                        " "
                        <span class=format!("badge doc-{}", status_code(i.status))>{t.document_status(i.status)}</span>
                        {missing.then(|| view! {
                            <ActionForm action=request attr:class="inline-form">
                                <input type="hidden" name="number" value=number/>
                                <input type="hidden" name="document_id" value=i.document_id.to_string()/>
                                // The note goes to the customer with the request (SPEC A7).
                                <label for=format!("request-note-{}", i.document_id)>{t.note_for_customer}</label>
                                <p class="help" id=format!("request-note-{}-hint", i.document_id)>{t.customer_sees}</p>
                                <textarea
                                    id=format!("request-note-{}", i.document_id)
                                    name="note"
                                    rows="2"
                                    aria-describedby=format!("request-note-{}-hint", i.document_id)
                                ></textarea>
                                <button type="submit" class="small secondary">{t.request_from_customer}</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        <FieldError errors field="note"/>
        <RequestFailure value=answer/>
    }
}

/// The documents asked of the customer; open ones take the file here.
#[component]
pub fn DocumentRequests(
    requests: Vec<DocumentRequestView>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let t = use_texts();
    view! {
        <section class="requests" id="document-requests">
            <h2>{t.requests_title}</h2>
            <ul>
                {requests.into_iter().map(|r| view! {
                    <li data-document=r.document_name.clone()>
                        <strong>{r.document_name.clone()}</strong>
                        <span class="muted">" · " {r.requested_at.clone()}</span>
                        {r.note.clone().map(|n| view! { <p>{n}</p> })}
                        {if r.answered {
                            view! { <span class="badge doc-present">{t.document_sent}</span> }.into_any()
                        } else {
                            view! { <AnswerForm request_id=r.id document=r.document_name.clone() changed/> }.into_any()
                        }}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn AnswerForm(request_id: i64, document: String, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let send = Action::new_local(|data: &FormData| answer_document_request(data.clone().into()));
    let answer: Answer = Signal::derive(move || send.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    let on_submit = move |ev: SubmitEvent| {
        if let Some(data) = submitted_form_data(&ev) {
            send.dispatch_local(data);
        }
    };
    let ready = ready_marker();
    let input = format!("request-file-{request_id}");
    view! {
        <form class="inline-form answer" on:submit=on_submit data-ready=ready>
            <input type="hidden" name="request_id" value=request_id.to_string()/>
            <input type="file" id=input.clone() name="file" aria-label=document/>
            <button type="submit" class="small" disabled=move || send.pending().get()>{t.send_document}</button>
            <FieldError errors field="file"/>
            <RequestFailure value=answer/>
        </form>
    }
}
