//! A case folder's catalogs (SPEC B1, A5): add, rename, reorder, deactivate. Nothing is deleted,
//! so cases keep the values they were given.

use crate::api::admin::{
    folder, AddCatalogEntry, MoveCatalogEntry, RenameCatalogEntry, SetCatalogEntryActive,
};
use crate::components::form::{ready_marker, FieldError};
use crate::domain::catalog::{CatalogKind, MAX_CATEGORY_DEPTH};
use crate::i18n::use_texts;
use crate::model::{CatalogEntryView, FolderView, FormOutcome};
use crate::pages::auth::{outcome_errors, Answer, RequestFailure};
use crate::pages::LoadFailed;
use leptos::prelude::*;

/// Bumped after every change that succeeded, to load the folder again.
#[derive(Clone, Copy)]
struct Changed(RwSignal<u32>);

fn bump_on_success<T: Send + Sync + 'static>(
    value: Signal<Option<Result<T, crate::api::ApiError>>>,
    ok: fn(&T) -> bool,
) {
    let changed = expect_context::<Changed>().0;
    Effect::new(move |_| {
        if value.with(|v| matches!(v, Some(Ok(t)) if ok(t))) {
            changed.update(|n| *n += 1);
        }
    });
}

#[component]
pub fn FolderPage() -> impl IntoView {
    let t = use_texts();
    let id = crate::pages::route_id();
    let changed = RwSignal::new(0u32);
    provide_context(Changed(changed));
    let view_of = Resource::new(move || (id(), changed.get()), |(id, _)| folder(id));
    let ready = ready_marker();
    view! {
        <section class="card wide" id="folder" data-ready=ready>
            <p><a href="/admin">{t.back_to_admin}</a></p>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match view_of.await {
                        Ok(f) => view! { <Catalogs folder=f/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Catalogs(folder: FolderView) -> impl IntoView {
    let sections = CatalogKind::ALL
        .iter()
        .map(|kind| {
            let entries: Vec<CatalogEntryView> = folder
                .entries
                .iter()
                .filter(|e| e.kind == *kind)
                .cloned()
                .collect();
            view! { <CatalogSection folder_id=folder.id kind=*kind entries/> }
        })
        .collect_view();
    view! {
        <h1>{folder.name.clone()}</h1>
        <p>
            <a class="button secondary" href=format!("/admin/folders/{}/routing", folder.id)>{use_texts().routing_title}</a>
            " "
            <a class="button secondary" href=format!("/admin/folders/{}/deadlines", folder.id)>{use_texts().sla_title}</a>
        </p>
        {sections}
    }
}

#[component]
fn CatalogSection(
    folder_id: i64,
    kind: CatalogKind,
    entries: Vec<CatalogEntryView>,
) -> impl IntoView {
    let t = use_texts();
    let parents: Vec<(i64, String)> = entries
        .iter()
        .filter(|e| kind == CatalogKind::Category && e.depth < MAX_CATEGORY_DEPTH)
        .map(|e| (e.id, format!("{}{}", "— ".repeat(e.depth - 1), e.name)))
        .collect();
    let rows = entries
        .into_iter()
        .map(|e| view! { <EntryRow entry=e/> })
        .collect_view();
    view! {
        <section class="catalog" id=format!("catalog-{}", kind.code())>
            <h2>{t.catalog(kind)}</h2>
            <ul class="entries">{rows}</ul>
            <AddEntry folder_id kind parents/>
        </section>
    }
}

#[component]
fn EntryRow(entry: CatalogEntryView) -> impl IntoView {
    let t = use_texts();
    let rename = ServerAction::<RenameCatalogEntry>::new();
    let move_entry = ServerAction::<MoveCatalogEntry>::new();
    let toggle = ServerAction::<SetCatalogEntryActive>::new();
    let answer: Answer = Signal::derive(move || rename.value().get());
    let errors = outcome_errors(answer);
    bump_on_success(answer, |o| matches!(o, FormOutcome::Done { .. }));
    bump_on_success(Signal::derive(move || move_entry.value().get()), |_| true);
    bump_on_success(Signal::derive(move || toggle.value().get()), |_| true);
    let id = entry.id;
    let name = entry.name.clone();
    let active = entry.active;
    // The depth indents the entry in CSS: the CSP allows no inline style.
    let depth = entry.depth.clamp(1, 4).to_string();
    view! {
        <li class="entry" class:inactive=!active data-entry=entry.name.clone() data-depth=depth>
            <ActionForm action=rename attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string()/>
                <input name="name" value=name.clone() aria-label=t.name required/>
                <button type="submit" class="small">{t.rename}</button>
                <FieldError errors field="name"/>
            </ActionForm>
            {entry.binding.map(|b| view! { <span class="badge">{t.binding(b)}</span> })}
            {(entry.kind == CatalogKind::CaseType).then(|| view! {
                <a class="small" href=format!("/admin/types/{id}")>{t.form_and_documents}</a>
            })}
            {(!active).then(|| view! { <span class="badge">{t.inactive}</span> })}
            <ActionForm action=move_entry attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="up" value="true"/>
                <button type="submit" class="small secondary" title=t.move_up aria-label=t.move_up>"↑"</button>
            </ActionForm>
            <ActionForm action=move_entry attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="up" value="false"/>
                <button type="submit" class="small secondary" title=t.move_down aria-label=t.move_down>"↓"</button>
            </ActionForm>
            <ActionForm action=toggle attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="active" value=(!active).to_string()/>
                <button type="submit" class="small secondary">{if active { t.deactivate } else { t.activate }}</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn AddEntry(folder_id: i64, kind: CatalogKind, parents: Vec<(i64, String)>) -> impl IntoView {
    let t = use_texts();
    let add = ServerAction::<AddCatalogEntry>::new();
    let answer: Answer = Signal::derive(move || add.value().get());
    let errors = outcome_errors(answer);
    bump_on_success(answer, |o| matches!(o, FormOutcome::Done { .. }));
    let name_id = format!("new-{}", kind.code());
    view! {
        <ActionForm action=add attr:class="add-entry">
            <input type="hidden" name="folder_id" value=folder_id.to_string()/>
            <input type="hidden" name="kind" value=kind.code()/>
            <label for=name_id.clone()>{format!("{} — {}", t.add, t.catalog(kind))}</label>
            <input id=name_id name="name" required/>
            <FieldError errors field="name"/>
            {(!kind.bindings().is_empty()).then(|| view! {
                <label>
                    {t.bound_to}
                    <select name="binding">
                        {kind.bindings().iter().map(|b| view! { <option value=b.code()>{t.binding(*b)}</option> }).collect_view()}
                    </select>
                </label>
                <FieldError errors field="binding"/>
            })}
            {(kind == CatalogKind::Category).then(|| view! {
                <label>
                    {t.parent_category}
                    <select name="parent_id">
                        <option value="">{t.none}</option>
                        {parents.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </label>
                <FieldError errors field="parent"/>
            })}
            <RequestFailure value=answer/>
            <button type="submit">{t.add}</button>
        </ActionForm>
    }
}
