//! Filing a case: the customer's form in the portal and the agent's form on the desk (SPEC A1).
//! Both send multipart form data with the attachments; the form is never reset on failure, so
//! what was typed survives every error.

use crate::api::cases::{check_coverage, file_case, intake_folders, request_kinds};
use crate::components::form::{failure_text, ready_marker, submitted_form_data, FieldError};
use crate::domain::case::{Channel, DocumentClass};
use crate::domain::form::FieldErrors;
use crate::domain::intake::{DESCRIPTION_MAX, SUBJECT_MAX};
use crate::i18n::use_texts;
use crate::model::IntakeOutcome;
use crate::pages::LoadFailed;
use crate::use_viewer;
use leptos::prelude::*;
use leptos::web_sys::{FormData, SubmitEvent};

#[component]
pub fn NewCasePage() -> impl IntoView {
    let t = use_texts();
    view! {
        <RequireLogin>
            <section class="card">
                <h1>{t.new_case_title}</h1>
                <IntakeForm agent=false/>
            </section>
        </RequireLogin>
    }
}

#[component]
pub fn RecordCasePage() -> impl IntoView {
    let t = use_texts();
    view! {
        <RequireLogin>
            <section class="card">
                <h1>{t.record_case_title}</h1>
                <IntakeForm agent=true/>
            </section>
        </RequireLogin>
    }
}

/// Shows its children to a logged-in person, else the way to log in.
#[component]
pub fn RequireLogin(children: ChildrenFn) -> impl IntoView {
    let viewer = use_viewer().0;
    view! {
        <Suspense>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match viewer.await {
                        Ok(Some(_)) => children().into_any(),
                        Ok(None) => view! { <LoadFailed error=crate::api::ApiError::new(crate::api::ErrorKind::LoginRequired, crate::i18n::use_locale())/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn IntakeForm(agent: bool) -> impl IntoView {
    let t = use_texts();
    let submit = Action::new_local(|data: &FormData| file_case(data.clone().into()));
    let ready = ready_marker();
    let errors = Signal::derive(move || match submit.value().get() {
        Some(Ok(IntakeOutcome::Invalid(e))) => e,
        _ => FieldErrors::default(),
    });
    let filed = move || match submit.value().get() {
        Some(Ok(IntakeOutcome::Filed { number, draft })) => Some((number, draft)),
        _ => None,
    };
    let on_submit = move |ev: SubmitEvent| {
        if let Some(data) = submitted_form_data(&ev) {
            submit.dispatch_local(data);
        }
    };
    let invalid = move |field: &'static str| {
        move || errors.with(|e| e.get(field).is_some()).then_some("true")
    };
    let class = RwSignal::new(String::new());

    view! {
        <Show when=move || filed().is_none() fallback=move || {
            let (number, draft) = filed().unwrap_or_default();
            view! { <Acknowledgement number draft/> }
        }>
            <form class="form" id="intake-form" on:submit=on_submit novalidate data-ready=ready>
                {agent.then(|| view! {
                    <fieldset>
                        <legend>{t.customer}</legend>
                        <label for="customer_email">{t.customer_email}</label>
                        <input id="customer_email" name="customer_email" type="email" aria-invalid=invalid("customer_email")/>
                        <FieldError errors field="customer_email"/>
                        <label for="customer_name">{t.customer_name}</label>
                        <input id="customer_name" name="customer_name" aria-invalid=invalid("customer_name")/>
                        <FieldError errors field="customer_name"/>
                        <label for="customer_phone">{t.customer_phone}</label>
                        <input id="customer_phone" name="customer_phone" type="tel" aria-invalid=invalid("customer_phone")/>
                        <FieldError errors field="customer_phone"/>
                    </fieldset>
                    <FolderChoice errors/>
                    <CoverageCheck errors/>
                    <label for="channel">{t.channel}</label>
                    <select id="channel" name="channel" aria-invalid=invalid("channel")>
                        <option value="">{t.choose}</option>
                        {Channel::recorded_by_agents()
                            .map(|c| view! { <option value=c.code()>{t.channel(c)}</option> })
                            .collect_view()}
                    </select>
                    <FieldError errors field="channel"/>
                })}
                <label for="class">{t.class}</label>
                <select id="class" name="class" aria-invalid=invalid("class") on:change=move |ev| class.set(event_target_value(&ev))>
                    <option value="">{t.choose}</option>
                    {DocumentClass::ALL
                        .iter()
                        .map(|c| view! { <option value=c.code()>{t.class(*c)}</option> })
                        .collect_view()}
                </select>
                <FieldError errors field="class"/>
                {(!agent).then(|| view! {
                    <Show when=move || class.get() == DocumentClass::Request.code()>
                        <RequestKind errors/>
                    </Show>
                })}
                <label for="subject">{t.subject}</label>
                <input id="subject" name="subject" maxlength=SUBJECT_MAX aria-invalid=invalid("subject")/>
                <FieldError errors field="subject"/>
                <label for="description">{t.description}</label>
                <textarea id="description" name="description" rows="6" maxlength=DESCRIPTION_MAX aria-invalid=invalid("description")></textarea>
                <FieldError errors field="description"/>
                <label for="attachments">{t.attachments}</label>
                <input
                    id="attachments"
                    name="attachments"
                    type="file"
                    multiple
                    accept="image/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp"
                />
                <p class="help">{t.attachments_help}</p>
                <FieldError errors field="attachments"/>
                {move || (!errors.get().is_empty()).then(|| view! { <p class="notice" role="alert">{t.form_has_errors}</p> })}
                {move || match submit.value().get() {
                    Some(Err(e)) => Some(view! { <p class="notice" role="alert">{failure_text(&e)}</p> }),
                    _ => None,
                }}
                <button type="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { t.sending } else if agent { t.record_submit } else { t.submit_case }}
                </button>
            </form>
        </Show>
    }
}

/// SPEC A4: the claim's subject and day, checked against the coverage registry before filing;
/// the same check runs again when the case is filed and is kept with it.
#[component]
fn CoverageCheck(errors: Signal<FieldErrors>) -> impl IntoView {
    let t = use_texts();
    let identifier = RwSignal::new(String::new());
    let day = RwSignal::new(String::new());
    let check = Action::new(move |(i, d): &(String, String)| check_coverage(i.clone(), d.clone()));
    view! {
        <fieldset>
            <legend>{t.claim_subject}</legend>
            <label for="subject_identifier">{t.subject_identifier}</label>
            <input
                id="subject_identifier"
                name="subject_identifier"
                on:input=move |ev| identifier.set(event_target_value(&ev))
            />
            <FieldError errors field="subject_identifier"/>
            <label for="claim_day">{t.claim_day}</label>
            <input id="claim_day" name="claim_day" type="date" on:input=move |ev| day.set(event_target_value(&ev))/>
            <FieldError errors field="claim_day"/>
            <button
                type="button"
                class="small secondary"
                on:click=move |_| {
                    check.dispatch((identifier.get_untracked(), day.get_untracked()));
                }
            >
                {t.check_coverage}
            </button>
            <p class="coverage-result" role="status">
                {move || match check.value().get() {
                    Some(Ok(Some(c))) => {
                        view! { <span class=format!("coverage-{}", c.code())>{t.coverage(c)}</span> }.into_any()
                    }
                    Some(Ok(None)) => view! { <span>{t.fe_invalid}</span> }.into_any(),
                    Some(Err(e)) => view! { <span>{failure_text(&e)}</span> }.into_any(),
                    None => ().into_any(),
                }}
            </p>
        </fieldset>
    }
}

/// SPEC A6: the number the customer keeps, right after filing; for an agent, the draft to
/// complete.
#[component]
fn Acknowledgement(number: String, draft: bool) -> impl IntoView {
    let t = use_texts();
    let href = format!("/cases/{number}");
    view! {
        <div class="acknowledgement" role="status">
            <h2>{if draft { t.ack_draft } else { t.ack_title }}</h2>
            {(!draft).then(|| view! { <p>{t.ack_text}</p> })}
            <p class="case-number" data-case-number=number.clone()>{number.clone()}</p>
            <a class="button" href=href>{if draft { t.complete_draft } else { t.open_case }}</a>
        </div>
    }
}

/// SPEC A9: the kind of request a customer files, among those the folder offers in the portal;
/// nothing when it offers none.
#[component]
fn RequestKind(errors: Signal<FieldErrors>) -> impl IntoView {
    let d = crate::i18n::use_decision_texts();
    let kinds = Resource::new(|| (), |_| request_kinds());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match kinds.await {
                    Ok(list) if !list.is_empty() => Some(view! {
                        <label for="request_kind">{d.request_kind}</label>
                        <select
                            id="request_kind"
                            name="request_kind"
                            aria-describedby="request-kind-help"
                            aria-invalid=move || errors.with(|e| e.get("request_kind").is_some()).then_some("true")
                        >
                            {list.into_iter().map(|k| view! { <option value=k.id.to_string()>{k.name}</option> }).collect_view()}
                            <option value="">{d.request_kind_other}</option>
                        </select>
                        <p class="help" id="request-kind-help">{d.request_kind_help}</p>
                        <FieldError errors field="request_kind"/>
                    }),
                    _ => None,
                }
            })}
        </Suspense>
    }
}

/// The folder the agent starts the case in, when there is more than one to choose from.
#[component]
fn FolderChoice(errors: Signal<FieldErrors>) -> impl IntoView {
    let t = use_texts();
    let folders = Resource::new(|| (), |_| intake_folders());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match folders.await {
                    Ok(list) if list.len() > 1 => Some(view! {
                        <label for="folder_id">{t.folder}</label>
                        <select id="folder_id" name="folder_id">
                            {list.into_iter().map(|f| view! { <option value=f.id.to_string()>{f.name}</option> }).collect_view()}
                        </select>
                        <FieldError errors field="folder_id"/>
                    }),
                    _ => None,
                }
            })}
        </Suspense>
    }
}
