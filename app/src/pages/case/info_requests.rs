//! A case's information requests (SPEC D1-D3): the threads, each with its messages and the
//! asker's steps (accept, return with a question, withdraw), and the form to ask an employee or
//! an outsider, choosing what of the case they may see.

use crate::api::info_requests::{ask_for_information, JudgeInfoRequest};
use crate::components::form::{ready_marker, submitted_form_data, FieldError};
use crate::domain::info_requests::RequestStep;
use crate::i18n::{use_texts, Locale};
use crate::model::{AskView, RequestView};
use crate::pages::auth::{outcome_errors, reload_on_done, Answer, RequestFailure};
use leptos::prelude::*;
use leptos::web_sys::{FormData, SubmitEvent};

#[component]
pub fn Requests(
    number: String,
    list: Vec<RequestView>,
    ask: Option<AskView>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let t = use_texts();
    let ready = ready_marker();
    let empty = list.is_empty();
    view! {
        <section class="info-requests" id="info-requests" data-ready=ready>
            <h2>{t.ir_title}</h2>
            {empty.then(|| view! { <p class="empty">{t.ir_none}</p> })}
            <ul class="request-list">
                {list.into_iter().map(|r| {
                    let steps = r.steps.clone();
                    let id = r.id;
                    view! {
                        <RequestThread request=r>
                            <div class="request-steps" data-request=id.to_string()>
                                {steps.iter().copied().filter(|s| *s != RequestStep::Answer).map(|s| view! {
                                    <JudgeForm id step=s changed/>
                                }).collect_view()}
                            </div>
                        </RequestThread>
                    }
                }).collect_view()}
            </ul>
            {ask.map(|a| view! { <AskForm number=number.clone() ask=a changed/> })}
        </section>
    }
}

/// A thread: who asked whom, its state and expiry, and its messages in order with their files.
/// `file_base` is where its files are downloaded from (`/files` for staff, the request's own
/// address for its recipient); `children` (the forms of the reader's steps) close the item.
#[component]
pub fn RequestThread(
    request: RequestView,
    #[prop(default = "/files".to_string())] file_base: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let t = use_texts();
    let state = request.state;
    view! {
        <li class="request" id=format!("request-{}", request.id) data-state=state.code() data-subject=request.subject.clone()>
            <div class="request-head">
                <strong>{request.subject.clone()}</strong>
                " "
                <span class=format!("badge request-{}", state.code())>{t.request_state(state)}</span>
                {request.expired.then(|| view! { <span class="badge overdue">{t.ir_expired}</span> })}
            </div>
            <p class="muted">
                {format!("{} → {} · {} {}", request.asked_by, request.recipient, t.ir_expires, request.expires_at)}
            </p>
            <ol class="thread">
                {request.messages.into_iter().map(|m| {
                    let base = file_base.clone();
                    view! {
                        <li class=format!("message message-{}", m.kind.code()) data-kind=m.kind.code()>
                            <p class="muted">
                                <strong>{t.message_kind(m.kind)}</strong>
                                {format!(" · {} · {}", m.author, m.at)}
                            </p>
                            <p class="message-body">{m.body}</p>
                            {(!m.files.is_empty()).then(|| view! {
                                <ul class="attachments">
                                    {m.files.into_iter().map(|f| view! {
                                        <li><a href=format!("{base}/{}", f.id) rel="external" download=f.file_name.clone()>{f.file_name.clone()}</a></li>
                                    }).collect_view()}
                                </ul>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {children.map(|c| c())}
        </li>
    }
}

/// The asker's step on an answered thread.
#[component]
fn JudgeForm(id: i64, step: RequestStep, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let judge = ServerAction::<JudgeInfoRequest>::new();
    let answer: Answer = Signal::derive(move || judge.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    let code = match step {
        RequestStep::Accept => "accept",
        RequestStep::Return => "return",
        _ => "revoke",
    };
    let text_id = format!("request-{id}-question");
    let days_id = format!("request-{id}-days");
    let class = if step == RequestStep::Accept {
        "small"
    } else {
        "small secondary"
    };
    view! {
        <ActionForm action=judge attr:class="form request-step" attr:data-step=code>
            <input type="hidden" name="request_id" value=id.to_string()/>
            <input type="hidden" name="step" value=code/>
            {(step == RequestStep::Return).then(|| view! {
                <label for=text_id.clone()>{t.ir_new_question}</label>
                <textarea id=text_id.clone() name="text" rows="2"></textarea>
                <FieldError errors field="text"/>
                <label for=days_id.clone()>{t.ir_new_expiry}</label>
                <input type="number" id=days_id.clone() name="expiry_days" min="1" max="90"/>
                <FieldError errors field="expiry_days"/>
            })}
            <RequestFailure value=answer/>
            <button type="submit" class=class>{t.request_step(step)}</button>
        </ActionForm>
    }
}

/// SPEC D1, D2: the request form. A multipart form, since a request carries files.
#[component]
fn AskForm(number: String, ask: AskView, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let send = Action::new_local(|data: &FormData| ask_for_information(data.clone().into()));
    let answer: Answer = Signal::derive(move || send.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    let on_submit = move |ev: SubmitEvent| {
        if let Some(data) = submitted_form_data(&ev) {
            send.dispatch_local(data);
        }
    };
    let outsider = RwSignal::new(false);
    let employee = RwSignal::new(true);
    view! {
        <form class="form" id="ask-form" on:submit=on_submit>
            <h3>{t.ir_new}</h3>
            <input type="hidden" name="number" value=number/>
            <fieldset>
                <legend>{t.ir_recipient}</legend>
                <label class="inline">
                    <input type="radio" name="recipient_kind" value="employee" checked on:change=move |_| { outsider.set(false); employee.set(true) }/>
                    {t.ir_to_employee}
                </label>
                <label class="inline">
                    <input type="radio" name="recipient_kind" value="outsider" on:change=move |_| { outsider.set(true); employee.set(false) }/>
                    {t.ir_to_outsider}
                </label>
                <label class="inline">
                    <input type="radio" name="recipient_kind" value="customer" on:change=move |_| { outsider.set(false); employee.set(false) }/>
                    {t.ir_to_customer}
                </label>
            </fieldset>
            <div class="employee-fields" class:hidden=move || !employee.get()>
                <label for="ask-employee">{t.ir_to_employee}</label>
                <select id="ask-employee" name="employee_id">{super::tasks::person_options(ask.employees.clone())}</select>
                <FieldError errors field="employee_id"/>
            </div>
            <div class="outsider-fields" class:hidden=move || !outsider.get()>
                <label for="ask-email">{t.ir_outsider_email}</label>
                <input type="email" id="ask-email" name="outsider_email" autocomplete="off"/>
                <FieldError errors field="outsider_email"/>
                <label for="ask-name">{t.ir_outsider_name}</label>
                <input type="text" id="ask-name" name="outsider_name" autocomplete="off"/>
                <FieldError errors field="outsider_name"/>
                <label for="ask-locale">{t.ir_outsider_locale}</label>
                <select id="ask-locale" name="outsider_locale">
                    {Locale::ALL.iter().map(|l| view! { <option value=l.code()>{l.endonym()}</option> }).collect_view()}
                </select>
            </div>
            <label for="ask-subject">{t.ir_subject}</label>
            <input type="text" id="ask-subject" name="subject" maxlength="200"/>
            <FieldError errors field="subject"/>
            <label for="ask-text">{t.ir_text}</label>
            <textarea id="ask-text" name="text" rows="5"></textarea>
            <FieldError errors field="text"/>
            <label for="ask-files">{t.ir_attachments}</label>
            <input type="file" id="ask-files" name="attachments" multiple/>
            <FieldError errors field="attachments"/>
            <fieldset class="share">
                <legend>{t.ir_share}</legend>
                <label class="inline"><input type="checkbox" name="share_summary" value="1" checked/>{t.ir_share_summary}</label>
                {(!ask.files.is_empty()).then(|| view! {
                    <p class="muted">{t.ir_share_files}</p>
                    {ask.files.iter().map(|f| view! {
                        <label class="inline"><input type="checkbox" name="share_files" value=f.id.to_string()/>{f.file_name.clone()}</label>
                    }).collect_view()}
                })}
                {(!ask.entries.is_empty()).then(|| view! {
                    <details>
                        <summary>{t.ir_share_entries}</summary>
                        {ask.entries.iter().map(|e| view! {
                            <label class="inline"><input type="checkbox" name="share_entries" value=e.id.to_string()/>{e.name.clone()}</label>
                        }).collect_view()}
                    </details>
                })}
                <FieldError errors field="share_files"/>
                <FieldError errors field="share_entries"/>
            </fieldset>
            <label for="ask-days">{t.ir_expiry_days}</label>
            <input type="number" id="ask-days" name="expiry_days" min="1" max="90" value=ask.default_expiry_days.to_string()/>
            <FieldError errors field="expiry_days"/>
            <RequestFailure value=answer/>
            <button type="submit" disabled=move || send.pending().get()>{t.ir_send}</button>
        </form>
    }
}
