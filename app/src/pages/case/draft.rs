//! The draft editor (SPEC A2, B2, A7): classification, the case type's extra fields, required
//! documents, notes and files, and whom routing would hand the case to. Field values are
//! checked in the browser as they change, with the rules the server applies again on save.

use crate::api::cases::{load_case_type_form, preview_routing, save_draft};
use crate::components::form::{failure_text, ready_marker, submitted_form_data, FieldError};
use crate::domain::documents::{document_input_name, DocumentStatus};
use crate::domain::fields::{stored_choices, FieldDef, FieldKind};
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::i18n::use_texts;
use crate::model::{CaseTypeForm, ChecklistItem, Choice, DraftOutcome, DraftView};
use leptos::prelude::*;
use leptos::web_sys::{FormData, SubmitEvent};

/// Browser checks since the last submit, by input name: `None` when the value passed. They
/// take the place of the server's answer for the same input.
type BrowserChecks = RwSignal<Vec<(String, Option<FieldProblem>)>>;

#[component]
pub fn DraftEditor(
    number: String,
    /// The channel it was recorded by, which the editor may correct (SPEC A8).
    channel: crate::domain::case::Channel,
    draft: DraftView,
    checklist: Vec<ChecklistItem>,
    changed: RwSignal<u32>,
    notice: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let t = use_texts();
    let folder_id = draft.folder_id;
    let case_type = RwSignal::new(draft.case_type_id);
    let case_group = RwSignal::new(draft.case_group_id);
    let initial_type = draft.case_type_id;
    let initial_form = draft.form.clone();
    let form = Resource::new(
        move || case_type.get(),
        move |chosen| {
            let initial = initial_form.clone();
            async move {
                match chosen {
                    None => Ok(CaseTypeForm::default()),
                    Some(id) if Some(id) == initial_type => Ok(initial),
                    Some(id) => load_case_type_form(id).await,
                }
            }
        },
    );
    // The draft's number lets the preview weigh its customer's tier and SLA class.
    let draft_number = number.clone();
    let route = Resource::new(
        move || (case_type.get(), case_group.get()),
        move |(ty, group)| preview_routing(folder_id, ty, group, Some(draft_number.clone())),
    );
    let submit = Action::new_local(|data: &FormData| save_draft(data.clone().into()));
    let checks: BrowserChecks = RwSignal::new(Vec::new());
    let errors = Signal::derive(move || {
        let mut e = match submit.value().get() {
            Some(Ok(DraftOutcome::Invalid(e))) => e,
            _ => FieldErrors::default(),
        };
        checks.with(|c| {
            for (field, problem) in c {
                e.0.retain(|(f, _)| f != field);
                if let Some(p) = problem {
                    e.add(field, p.clone());
                }
            }
        });
        e
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(DraftOutcome::Saved)) => {
            notice.set(Some(t.draft_saved));
            changed.update(|n| *n += 1);
        }
        Some(Ok(DraftOutcome::Opened)) => {
            notice.set(None);
            changed.update(|n| *n += 1);
        }
        _ => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        let intent = ev
            .submitter()
            .and_then(|b| b.get_attribute("value"))
            .unwrap_or_else(|| "save".into());
        if let Some(data) = submitted_form_data(&ev) {
            let _ = data.append_with_str("intent", &intent);
            checks.set(Vec::new());
            submit.dispatch_local(data);
        }
    };
    let ready = ready_marker();
    let values = StoredValue::new(draft.values.clone());
    let checklist = StoredValue::new(checklist);
    let select = |choices: Vec<Choice>, chosen: Option<i64>| {
        view! {
            <option value="">{t.choose}</option>
            {choices
                .into_iter()
                .map(|c| view! { <option value=c.id.to_string() selected=Some(c.id) == chosen>{c.name}</option> })
                .collect_view()}
        }
    };

    view! {
        <section class="draft" id="draft">
            <h2>{t.draft_title}</h2>
            <p class="help">{t.draft_help}</p>
            <form class="form" id="draft-form" on:submit=on_submit novalidate data-ready=ready>
                <input type="hidden" name="number" value=number/>
                <label for="case_type_id">{t.case_type}</label>
                <select
                    id="case_type_id"
                    name="case_type_id"
                    on:change=move |ev| case_type.set(event_target_value(&ev).parse().ok())
                >
                    {select(draft.case_types.clone(), draft.case_type_id)}
                </select>
                <FieldError errors field="case_type_id"/>
                <label for="draft-channel">{t.channel}</label>
                <select id="draft-channel" name="channel">
                    {crate::domain::case::Channel::recorded_by_agents()
                        .chain((channel == crate::domain::case::Channel::Web).then_some(channel))
                        .map(|c| view! { <option value=c.code() selected=c == channel>{t.channel(c)}</option> })
                        .collect_view()}
                </select>
                <FieldError errors field="channel"/>
                <label for="case_group_id">{t.case_group}</label>
                <select
                    id="case_group_id"
                    name="case_group_id"
                    on:change=move |ev| case_group.set(event_target_value(&ev).parse().ok())
                >
                    {select(draft.case_groups.clone(), draft.case_group_id)}
                </select>
                <FieldError errors field="case_group_id"/>
                <label for="store_name">{t.store_name}</label>
                <input id="store_name" name="store_name" value=draft.store_name.clone()/>
                <FieldError errors field="store_name"/>
                <label for="priority_id">{t.priority}</label>
                <select id="priority_id" name="priority_id">
                    {select(draft.priorities.clone(), draft.priority_id)}
                </select>
                <FieldError errors field="priority_id"/>
                <label for="due_day">{t.due_day}</label>
                <input id="due_day" name="due_day" type="date" value=draft.due_day.clone()/>
                <FieldError errors field="due_day"/>

                <p class="routed" id="routed-manager" role="status">
                    <Transition>
                        {move || Suspend::new(async move {
                            match route.await {
                                Ok(Some(p)) => view! {
                                    {t.routed_to} " " <strong>{p.manager}</strong> " (" {t.route_explained(p.reason, Some(&p.detail))} ")"
                                }
                                .into_any(),
                                Ok(None) => view! { <span class="warning">{t.no_route}</span> }.into_any(),
                                Err(e) => view! { <span>{failure_text(&e)}</span> }.into_any(),
                            }
                        })}
                    </Transition>
                </p>
                <FieldError errors field="manager"/>

                <Transition>
                    {move || Suspend::new(async move {
                        let f = form.await.unwrap_or_default();
                        let fields = f
                            .fields
                            .into_iter()
                            .map(|def| {
                                let stored = values
                                    .with_value(|v| v.iter().find(|(id, _)| *id == def.id).map(|(_, s)| s.clone()));
                                view! { <ExtraField def stored errors checks/> }
                            })
                            .collect_view();
                        let documents = (!f.documents.is_empty()).then(|| {
                            let rows = f
                                .documents
                                .into_iter()
                                .map(|d| {
                                    let status = checklist.with_value(|c| {
                                        c.iter()
                                            .find(|i| i.document_id == d.id)
                                            .map(|i| i.status)
                                            .unwrap_or(DocumentStatus::Missing)
                                    });
                                    view! { <DocumentSlot document=d status errors/> }
                                })
                                .collect_view();
                            view! {
                                <fieldset id="required-documents">
                                    <legend>{t.required_documents}</legend>
                                    {rows}
                                </fieldset>
                            }
                        });
                        view! {
                            <div class="extra-fields" id="extra-fields">{fields}</div>
                            {documents}
                        }
                    })}
                </Transition>

                <label for="notes">{t.notes}</label>
                <textarea id="notes" name="notes" rows="3"></textarea>
                <FieldError errors field="notes"/>
                <label for="draft-attachments">{t.attachments}</label>
                <input id="draft-attachments" name="attachments" type="file" multiple/>
                <FieldError errors field="attachments"/>

                {move || (!errors.get().is_empty()).then(|| view! { <p class="notice" role="alert">{t.form_has_errors}</p> })}
                {move || match submit.value().get() {
                    Some(Err(e)) => Some(view! { <p class="notice" role="alert">{failure_text(&e)}</p> }),
                    _ => None,
                }}
                <div class="actions">
                    <button type="submit" class="secondary" value="save" disabled=move || submit.pending().get()>{t.save_draft}</button>
                    <button type="submit" value="open" disabled=move || submit.pending().get()>{t.open_draft}</button>
                </div>
            </form>
        </section>
    }
}

/// One extra field of the case type's form.
#[component]
fn ExtraField(
    def: FieldDef,
    stored: Option<String>,
    errors: Signal<FieldErrors>,
    checks: BrowserChecks,
) -> impl IntoView {
    let t = use_texts();
    let name = def.input_name();
    let rules = def.clone();
    let check = move |value: String| {
        let problem = rules.check(&[value]).err();
        let input = rules.input_name();
        checks.update(|c| {
            c.retain(|(f, _)| *f != input);
            c.push((input, problem));
        });
    };
    let invalid = {
        let name = name.clone();
        move || errors.with(|e| e.get(&name).is_some()).then_some("true")
    };
    let label = if def.required {
        format!("{} *", def.label)
    } else {
        def.label.clone()
    };
    let value = stored.clone().unwrap_or_default();
    let control = match def.kind {
        FieldKind::Text => view! {
            <input id=name.clone() name=name.clone() value=value aria-invalid=invalid
                on:change=move |ev| check(event_target_value(&ev))/>
        }
        .into_any(),
        FieldKind::LongText => view! {
            <textarea id=name.clone() name=name.clone() rows="3" aria-invalid=invalid
                on:change=move |ev| check(event_target_value(&ev))>{value}</textarea>
        }
        .into_any(),
        FieldKind::Number => view! {
            <input id=name.clone() name=name.clone() inputmode="decimal" value=value aria-invalid=invalid
                on:change=move |ev| check(event_target_value(&ev))/>
        }
        .into_any(),
        FieldKind::Money => {
            // Stored as "<amount> <currency>"; the input edits the amount.
            let amount = value.split(' ').next().unwrap_or_default().to_string();
            view! {
                <span class="money">
                    <input id=name.clone() name=name.clone() inputmode="decimal" value=amount aria-invalid=invalid
                        on:change=move |ev| check(event_target_value(&ev))/>
                    <span class="suffix">{def.currency.clone().unwrap_or_default()}</span>
                </span>
            }
            .into_any()
        }
        FieldKind::Date => view! {
            <input id=name.clone() name=name.clone() type="date" value=value aria-invalid=invalid
                on:change=move |ev| check(event_target_value(&ev))/>
        }
        .into_any(),
        FieldKind::SingleChoice => view! {
            <select id=name.clone() name=name.clone() aria-invalid=invalid>
                <option value="">{t.choose}</option>
                {def.options.iter().map(|o| view! { <option value=o.clone() selected=*o == value>{o.clone()}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        FieldKind::MultiChoice => {
            let chosen = stored_choices(&value);
            view! {
                <span class="choices" id=name.clone()>
                    {def.options.iter().map(|o| view! {
                        <label class="check">
                            <input type="checkbox" name=name.clone() value=o.clone() checked=chosen.contains(o)/>
                            {o.clone()}
                        </label>
                    }).collect_view()}
                </span>
            }
            .into_any()
        }
        FieldKind::YesNo => view! {
            <select id=name.clone() name=name.clone() aria-invalid=invalid>
                <option value="">{t.choose}</option>
                <option value="yes" selected=value == "yes">{t.yes}</option>
                <option value="no" selected=value == "no">{t.no}</option>
            </select>
        }
        .into_any(),
    };
    view! {
        <div class="extra-field" data-field=def.label.clone()>
            <label for=name.clone()>{label}</label>
            {control}
            {def.help.clone().map(|h| view! { <p class="help">{h}</p> })}
            <FieldError errors field=name/>
        </div>
    }
}

/// A required document: its status, a file input for it, and the request to the customer.
#[component]
fn DocumentSlot(
    document: Choice,
    status: DocumentStatus,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let t = use_texts();
    let input = document_input_name(document.id);
    view! {
        <div class="document" data-document=document.name.clone() data-status=format!("{status:?}").to_lowercase()>
            <span class="document-name">{document.name.clone()}</span>
            " "
            <span class=format!("badge doc-{}", format!("{status:?}").to_lowercase())>{t.document_status(status)}</span>
            {(status != DocumentStatus::Present).then(|| view! {
                <input type="file" id=input.clone() name=input.clone() aria-label=document.name.clone()/>
                <button type="submit" class="small secondary" value=format!("request:{}", document.id)>
                    {t.request_from_customer}
                </button>
            })}
            <FieldError errors field=input/>
        </div>
    }
}
