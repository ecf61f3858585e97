//! Per-type forms (SPEC B2, A7): the admin defines each case type's extra fields and required
//! documents; intake and the case page read them. Every change is audited; nothing is deleted,
//! so old cases keep what they were given.

use super::catalogs::{record, require_admin};
use crate::backend::store::catalogs;
use crate::backend::store::forms::{self, FieldRow, FormColumn, FormTable};
use crate::backend::{AppError, AppState};
use crate::domain::catalog::{entry_name, CatalogKind};
use crate::domain::fields::{FieldDef, NewField};
use crate::domain::form::FieldErrors;
use crate::model::{CaseTypeForm, CaseTypeSetup, Choice, DocumentDef, Viewer};
use sqlx::AnyConnection;

/// A stored field as the rules and forms use it.
pub fn field_def(row: &FieldRow) -> Option<FieldDef> {
    Some(FieldDef {
        id: row.id,
        label: row.label.clone(),
        kind: row.kind.parse().ok()?,
        required: row.required == 1,
        help: row.help.clone(),
        options: serde_json::from_str(&row.options).unwrap_or_default(),
        currency: row.currency.clone(),
        active: row.active == 1,
    })
}

/// The active fields and documents of a case type, for intake and drafts.
pub async fn type_form(
    conn: &mut AnyConnection,
    case_type_id: i64,
) -> Result<CaseTypeForm, sqlx::Error> {
    let fields = forms::fields_of(conn, case_type_id)
        .await?
        .iter()
        .filter(|r| r.active == 1)
        .filter_map(field_def)
        .collect();
    let documents = forms::documents_of(conn, case_type_id)
        .await?
        .into_iter()
        .filter(|d| d.active == 1)
        .map(|d| Choice {
            id: d.id,
            name: d.name,
        })
        .collect();
    Ok(CaseTypeForm { fields, documents })
}

/// The form of a case type for a member of staff filling in a draft.
pub async fn form_for_staff(
    state: &AppState,
    viewer: &Viewer,
    case_type_id: i64,
) -> Result<CaseTypeForm, AppError> {
    // Only those who fill in drafts read a type's form here; admins edit it in their area.
    if !crate::domain::access::may_record_cases(viewer.role) {
        return Err(AppError::Forbidden);
    }
    let mut conn = state.store.pool().acquire().await?;
    Ok(type_form(&mut conn, case_type_id).await?)
}

/// The case type entry `id`, when it is one.
async fn case_type(conn: &mut AnyConnection, id: i64) -> Result<catalogs::EntryRow, AppError> {
    match catalogs::entry(conn, id).await? {
        Some(e) if e.kind == CatalogKind::CaseType.code() => Ok(e),
        _ => Err(AppError::NotFound),
    }
}

pub async fn setup(
    state: &AppState,
    viewer: &Viewer,
    case_type_id: i64,
) -> Result<CaseTypeSetup, AppError> {
    require_admin(viewer)?;
    let mut conn = state.store.pool().acquire().await?;
    let entry = case_type(&mut conn, case_type_id).await?;
    let folder = catalogs::folder(&mut conn, entry.folder_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let fields = forms::fields_of(&mut conn, case_type_id)
        .await?
        .iter()
        .filter_map(field_def)
        .collect();
    let documents = forms::documents_of(&mut conn, case_type_id)
        .await?
        .into_iter()
        .map(|d| DocumentDef {
            id: d.id,
            name: d.name,
            active: d.active == 1,
        })
        .collect();
    Ok(CaseTypeSetup {
        type_id: entry.id,
        type_name: entry.name,
        folder_id: folder.id,
        folder_name: folder.name,
        fields,
        documents,
        pauses_for_customer: catalogs::pauses_for_customer(&mut conn, case_type_id).await?,
    })
}

/// SPEC D4: whether asking the customer for something stops the clock of this type's cases
/// until they answer (`deadlines::wait_for_customer`). Audited.
pub async fn set_pauses_for_customer(
    state: &AppState,
    viewer: &Viewer,
    case_type_id: i64,
    on: bool,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    set_pauses_for_customer_as(state, Some(viewer.id), case_type_id, on).await
}

/// [`set_pauses_for_customer`] without the check; `actor` is `None` for the demo seed.
pub async fn set_pauses_for_customer_as(
    state: &AppState,
    actor: Option<i64>,
    case_type_id: i64,
    on: bool,
) -> Result<(), AppError> {
    let mut tx = state.store.begin().await?;
    // The first statement writes, so SQLite takes its lock before the read.
    catalogs::set_pauses_for_customer(&mut tx, case_type_id, on).await?;
    case_type(&mut tx, case_type_id).await?;
    let changes = vec![("pauses_for_customer".into(), None, Some(on.to_string()))];
    record(
        &mut tx,
        actor,
        "case_type_pause_set",
        "catalog_entry",
        case_type_id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What the admin's "add field" form sends.
pub struct FieldForm {
    pub label: String,
    pub kind: String,
    pub required: bool,
    pub help: String,
    pub options: String,
    pub currency: String,
}

pub async fn add_field(
    state: &AppState,
    viewer: &Viewer,
    case_type_id: i64,
    form: FieldForm,
) -> Result<i64, AppError> {
    require_admin(viewer)?;
    add_field_as(state, Some(viewer.id), case_type_id, form).await
}

/// Adds a field at the end of the form; `actor` is `None` for the demo seed.
pub async fn add_field_as(
    state: &AppState,
    actor: Option<i64>,
    case_type_id: i64,
    form: FieldForm,
) -> Result<i64, AppError> {
    let valid = NewField {
        label: &form.label,
        kind: &form.kind,
        required: form.required,
        help: &form.help,
        options: &form.options,
        currency: &form.currency,
    }
    .validate()
    .map_err(AppError::Invalid)?;
    let folder_id = {
        let mut conn = state.store.pool().acquire().await?;
        case_type(&mut conn, case_type_id).await?.folder_id
    };
    let mut tx = state.store.begin().await?;
    catalogs::lock_folder(&mut tx, folder_id).await?;
    let options = serde_json::to_string(&valid.options).expect("strings serialise");
    let id = forms::insert_field(
        &mut tx,
        forms::NewField {
            case_type_id,
            label: &valid.label,
            kind: valid.kind.code(),
            required: valid.required,
            help: valid.help.as_deref(),
            options: &options,
            currency: valid.currency.as_deref(),
            created_at: state.now_ms(),
        },
    )
    .await?;
    let mut changes = vec![
        ("case_type".into(), None, Some(case_type_id.to_string())),
        ("label".into(), None, Some(valid.label.clone())),
        ("kind".into(), None, Some(valid.kind.code().into())),
        ("required".into(), None, Some(valid.required.to_string())),
    ];
    if !valid.options.is_empty() {
        changes.push(("options".into(), None, Some(valid.options.join(" | "))));
    }
    if let Some(c) = &valid.currency {
        changes.push(("currency".into(), None, Some(c.clone())));
    }
    record(
        &mut tx,
        actor,
        "form_field_added",
        "form_field",
        id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn add_document(
    state: &AppState,
    viewer: &Viewer,
    case_type_id: i64,
    name: &str,
) -> Result<i64, AppError> {
    require_admin(viewer)?;
    add_document_as(state, Some(viewer.id), case_type_id, name).await
}

pub async fn add_document_as(
    state: &AppState,
    actor: Option<i64>,
    case_type_id: i64,
    name: &str,
) -> Result<i64, AppError> {
    let mut errors = FieldErrors::default();
    let name = entry_name(&mut errors, name);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let folder_id = {
        let mut conn = state.store.pool().acquire().await?;
        case_type(&mut conn, case_type_id).await?.folder_id
    };
    let mut tx = state.store.begin().await?;
    catalogs::lock_folder(&mut tx, folder_id).await?;
    let id = forms::insert_document(&mut tx, case_type_id, &name, state.now_ms()).await?;
    let changes = vec![
        ("case_type".into(), None, Some(case_type_id.to_string())),
        ("name".into(), None, Some(name)),
    ];
    record(
        &mut tx,
        actor,
        "required_document_added",
        "required_document",
        id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The case type and position of a field or document row.
async fn row_place(
    conn: &mut AnyConnection,
    table: FormTable,
    id: i64,
) -> Result<(i64, i64, bool), AppError> {
    let found = match table {
        FormTable::Fields => forms::field(conn, id)
            .await?
            .map(|f| (f.case_type_id, f.sort, f.active == 1)),
        FormTable::Documents => forms::document(conn, id)
            .await?
            .map(|d| (d.case_type_id, d.sort, d.active == 1)),
    };
    found.ok_or(AppError::NotFound)
}

fn entity(table: FormTable) -> &'static str {
    match table {
        FormTable::Fields => "form_field",
        FormTable::Documents => "required_document",
    }
}

/// Deactivates or reactivates a field or a required document.
pub async fn set_active(
    state: &AppState,
    viewer: &Viewer,
    table: FormTable,
    id: i64,
    active: bool,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let mut tx = state.store.begin().await?;
    // The first statement writes, so SQLite takes its lock before the read.
    forms::set_column(&mut tx, table, id, FormColumn::Active, i64::from(active)).await?;
    row_place(&mut tx, table, id).await?;
    let changes = vec![("active".into(), None, Some(active.to_string()))];
    record(
        &mut tx,
        Some(viewer.id),
        if active {
            "form_item_activated"
        } else {
            "form_item_deactivated"
        },
        entity(table),
        id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Swaps a field or document with its neighbour above (`up`) or below.
pub async fn move_item(
    state: &AppState,
    viewer: &Viewer,
    table: FormTable,
    id: i64,
    up: bool,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let folder_id = {
        let mut conn = state.store.pool().acquire().await?;
        let (case_type_id, _, _) = row_place(&mut conn, table, id).await?;
        case_type(&mut conn, case_type_id).await?.folder_id
    };
    let mut tx = state.store.begin().await?;
    catalogs::lock_folder(&mut tx, folder_id).await?;
    let (case_type_id, sort, _) = row_place(&mut tx, table, id).await?;
    let Some((other, other_sort)) =
        forms::neighbour(&mut tx, table, case_type_id, sort, up).await?
    else {
        return Ok(());
    };
    forms::set_column(&mut tx, table, id, FormColumn::Sort, other_sort).await?;
    forms::set_column(&mut tx, table, other, FormColumn::Sort, sort).await?;
    let changes = vec![(
        "position".into(),
        Some(sort.to_string()),
        Some(other_sort.to_string()),
    )];
    record(
        &mut tx,
        Some(viewer.id),
        "form_item_moved",
        entity(table),
        id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
