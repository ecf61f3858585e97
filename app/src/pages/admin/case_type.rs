//! A case type's form (SPEC B2, A7): its extra fields and required documents, added,
//! reordered and deactivated here. Nothing is deleted, so old cases stay readable. And whether
//! waiting for the customer stops its cases' clock (SPEC D4).

use crate::api::admin::{
    load_case_type_setup, AddFormField, AddRequiredDocument, MoveFormItem, SetCaseTypePause,
    SetFormItemActive,
};
use crate::components::form::{ready_marker, FieldError};
use crate::domain::fields::FieldKind;
use crate::i18n::use_texts;
use crate::model::{CaseTypeSetup, FormOutcome};
use crate::pages::auth::{outcome_errors, Answer, RequestFailure};
use crate::pages::LoadFailed;
use leptos::prelude::*;

/// Bumped after every change that succeeded, to load the form again.
#[derive(Clone, Copy)]
struct Changed(RwSignal<u32>);

fn reload_when(done: Signal<bool>) {
    let changed = expect_context::<Changed>().0;
    Effect::new(move |_| {
        if done.get() {
            changed.update(|n| *n += 1);
        }
    });
}

#[component]
pub fn CaseTypePage() -> impl IntoView {
    let t = use_texts();
    let id = crate::pages::route_id();
    let changed = RwSignal::new(0u32);
    provide_context(Changed(changed));
    let setup = Resource::new(
        move || (id(), changed.get()),
        |(id, _)| load_case_type_setup(id),
    );
    let ready = ready_marker();
    view! {
        <section class="card wide" id="case-type" data-ready=ready>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match setup.await {
                        Ok(s) => view! { <Setup setup=s/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Setup(setup: CaseTypeSetup) -> impl IntoView {
    let t = use_texts();
    let type_id = setup.type_id;
    view! {
        <p><a href=format!("/admin/folders/{}", setup.folder_id)>{setup.folder_name.clone()}</a></p>
        <h1>{format!("{} — {}", setup.type_name, t.form_and_documents)}</h1>
        <section class="catalog" id="extra-fields">
            <h2>{t.extra_fields}</h2>
            <ul class="entries">
                {setup.fields.into_iter().map(|f| {
                    let mut text = format!("{} · {}", f.label, t.field_kind(f.kind));
                    if f.required {
                        text.push_str(&format!(" · {}", t.required_mark));
                    }
                    if !f.options.is_empty() {
                        text.push_str(&format!(" · {}", f.options.join(", ")));
                    }
                    if let Some(c) = &f.currency {
                        text.push_str(&format!(" · {c}"));
                    }
                    view! { <ItemRow item="field" id=f.id text active=f.active label=f.label/> }
                }).collect_view()}
            </ul>
            <AddField type_id/>
        </section>
        <section class="catalog" id="required-documents">
            <h2>{t.required_documents}</h2>
            <ul class="entries">
                {setup.documents.into_iter().map(|d| view! {
                    <ItemRow item="document" id=d.id text=d.name.clone() active=d.active label=d.name/>
                }).collect_view()}
            </ul>
            <AddDocument type_id/>
        </section>
        <CustomerWait type_id pauses=setup.pauses_for_customer/>
        <super::decisions::DecisionSettings type_id/>
    }
}

/// SPEC D4: the type's "pause the deadline while waiting for the customer".
#[component]
fn CustomerWait(type_id: i64, pauses: bool) -> impl IntoView {
    let t = use_texts();
    let save = ServerAction::<SetCaseTypePause>::new();
    reload_when(Signal::derive(move || {
        matches!(save.value().get(), Some(Ok(())))
    }));
    view! {
        <section class="catalog" id="customer-wait">
            <h2>{t.deadlines_title}</h2>
            <ActionForm action=save attr:class="add-entry" attr:id="customer-wait-form">
                <input type="hidden" name="case_type_id" value=type_id.to_string()/>
                <label class="check">
                    <input type="checkbox" name="pauses" id="pauses-for-customer" checked=pauses/>
                    " "
                    {t.type_pauses_for_customer}
                </label>
                <p class="muted">{t.type_pauses_for_customer_hint}</p>
                <button type="submit">{t.save}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ItemRow(
    item: &'static str,
    id: i64,
    text: String,
    active: bool,
    label: String,
) -> impl IntoView {
    let t = use_texts();
    let move_item = ServerAction::<MoveFormItem>::new();
    let toggle = ServerAction::<SetFormItemActive>::new();
    reload_when(Signal::derive(move || {
        matches!(move_item.value().get(), Some(Ok(())))
    }));
    reload_when(Signal::derive(move || {
        matches!(toggle.value().get(), Some(Ok(())))
    }));
    view! {
        <li class="entry" class:inactive=!active data-entry=label>
            <span>{text}</span>
            {(!active).then(|| view! { <span class="badge">{t.inactive}</span> })}
            <ActionForm action=move_item attr:class="inline-form">
                <input type="hidden" name="item" value=item/>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="up" value="true"/>
                <button type="submit" class="small secondary" title=t.move_up aria-label=t.move_up>"↑"</button>
            </ActionForm>
            <ActionForm action=move_item attr:class="inline-form">
                <input type="hidden" name="item" value=item/>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="up" value="false"/>
                <button type="submit" class="small secondary" title=t.move_down aria-label=t.move_down>"↓"</button>
            </ActionForm>
            <ActionForm action=toggle attr:class="inline-form">
                <input type="hidden" name="item" value=item/>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="active" value=(!active).to_string()/>
                <button type="submit" class="small secondary">{if active { t.deactivate } else { t.activate }}</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn AddField(type_id: i64) -> impl IntoView {
    let t = use_texts();
    let add = ServerAction::<AddFormField>::new();
    let answer: Answer = Signal::derive(move || add.value().get());
    let errors = outcome_errors(answer);
    reload_when(Signal::derive(move || {
        matches!(answer.get(), Some(Ok(FormOutcome::Done { .. })))
    }));
    view! {
        <ActionForm action=add attr:class="add-entry" attr:id="add-field">
            <input type="hidden" name="case_type_id" value=type_id.to_string()/>
            <label for="field-label">{t.field_label}</label>
            <input id="field-label" name="label"/>
            <FieldError errors field="label"/>
            <label for="field-kind">{t.field_kind}</label>
            <select id="field-kind" name="kind">
                {FieldKind::ALL.iter().map(|k| view! { <option value=k.code()>{t.field_kind(*k)}</option> }).collect_view()}
            </select>
            <FieldError errors field="kind"/>
            <label class="check"><input type="checkbox" name="required" id="field-required"/> {t.required_mark}</label>
            <label for="field-help">{t.help_text}</label>
            <input id="field-help" name="help"/>
            <FieldError errors field="help"/>
            <label for="field-options">{t.options_label}</label>
            <textarea id="field-options" name="options" rows="3"></textarea>
            <FieldError errors field="options"/>
            <label for="field-currency">{t.currency}</label>
            <input id="field-currency" name="currency" maxlength="3"/>
            <FieldError errors field="currency"/>
            <RequestFailure value=answer/>
            <button type="submit">{t.add_field}</button>
        </ActionForm>
    }
}

#[component]
fn AddDocument(type_id: i64) -> impl IntoView {
    let t = use_texts();
    let add = ServerAction::<AddRequiredDocument>::new();
    let answer: Answer = Signal::derive(move || add.value().get());
    let errors = outcome_errors(answer);
    reload_when(Signal::derive(move || {
        matches!(answer.get(), Some(Ok(FormOutcome::Done { .. })))
    }));
    view! {
        <ActionForm action=add attr:class="add-entry" attr:id="add-document">
            <input type="hidden" name="case_type_id" value=type_id.to_string()/>
            <label for="document-name">{t.name}</label>
            <input id="document-name" name="name"/>
            <FieldError errors field="name"/>
            <RequestFailure value=answer/>
            <button type="submit">{t.add_document}</button>
        </ActionForm>
    }
}
