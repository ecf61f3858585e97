//! The admin's work on case folders and their catalogs (SPEC B1, A5). Only admins change them;
//! every change is in the audit trail. Also the lookups of a folder's active entries that forms
//! elsewhere (drafts, qualification, routing) choose from.

use crate::backend::store::catalogs::{self, EntryRow};
use crate::backend::store::{audit, is_unique_violation};
use crate::backend::{AppError, AppState};
use crate::domain::catalog::CatalogKind;
use crate::domain::catalog::{entry_name, NewEntry};
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::model::{CatalogEntryView, Choice, FolderSummary, FolderView, Viewer};
use sqlx::AnyConnection;

pub(crate) fn require_admin(viewer: &Viewer) -> Result<(), AppError> {
    if crate::domain::access::may_administer(viewer.role) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub(crate) async fn record(
    conn: &mut AnyConnection,
    actor: Option<i64>,
    action: &'static str,
    entity: &'static str,
    id: i64,
    changes: Vec<audit::Change>,
) -> Result<(), sqlx::Error> {
    let event = audit::NewEvent {
        case_id: None,
        actor_id: actor,
        at: crate::backend::now_ms(),
        action,
        entity,
        entity_id: Some(id),
        changes,
        note: None,
        public: false,
    };
    audit::append(conn, event).await.map(|_| ())
}

pub async fn folders(state: &AppState, viewer: &Viewer) -> Result<Vec<FolderSummary>, AppError> {
    require_admin(viewer)?;
    let mut conn = state.store.pool().acquire().await?;
    Ok(catalogs::folders(&mut conn)
        .await?
        .into_iter()
        .map(|f| FolderSummary {
            id: f.id,
            name: f.name,
            active: f.active == 1,
        })
        .collect())
}

pub async fn create_folder(state: &AppState, viewer: &Viewer, name: &str) -> Result<i64, AppError> {
    require_admin(viewer)?;
    create_folder_as(state, Some(viewer.id), name).await
}

/// Creates a folder; `actor` is `None` when the demo seed does it.
pub async fn create_folder_as(
    state: &AppState,
    actor: Option<i64>,
    name: &str,
) -> Result<i64, AppError> {
    let mut errors = FieldErrors::default();
    let name = entry_name(&mut errors, name);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = state.store.begin().await?;
    let id = match catalogs::insert_folder(&mut tx, &name, state.now_ms()).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            errors.add("name", FieldProblem::Taken);
            return Err(AppError::Invalid(errors));
        }
        Err(e) => return Err(e.into()),
    };
    record(
        &mut tx,
        actor,
        "folder_created",
        "folder",
        id,
        vec![("name".into(), None, Some(name))],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Depth of each entry (1 for top level), from the parent links.
fn depth_of(entries: &[EntryRow], e: &EntryRow) -> usize {
    let mut depth = 1;
    let mut parent = e.parent_id;
    while let Some(p) = parent {
        depth += 1;
        parent = entries.iter().find(|x| x.id == p).and_then(|x| x.parent_id);
        if depth > 10 {
            break;
        }
    }
    depth
}

pub async fn folder_view(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
) -> Result<FolderView, AppError> {
    require_admin(viewer)?;
    let mut conn = state.store.pool().acquire().await?;
    let folder = catalogs::folder(&mut conn, folder_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = catalogs::entries(&mut conn, folder_id).await?;
    // Depth-first, so every category is followed by its children.
    fn walk(rows: &[EntryRow], parent: Option<i64>, kind: &str, out: &mut Vec<CatalogEntryView>) {
        for r in rows
            .iter()
            .filter(|r| r.kind == kind && r.parent_id == parent)
        {
            out.push(CatalogEntryView {
                id: r.id,
                kind: r.kind.parse().expect("kinds are written from CatalogKind"),
                parent_id: r.parent_id,
                name: r.name.clone(),
                binding: r.binding.as_deref().and_then(|b| b.parse().ok()),
                active: r.active == 1,
                depth: depth_of(rows, r),
            });
            walk(rows, Some(r.id), kind, out);
        }
    }
    let mut entries = Vec::with_capacity(rows.len());
    for kind in crate::domain::catalog::CatalogKind::ALL {
        walk(&rows, None, kind.code(), &mut entries);
    }
    Ok(FolderView {
        id: folder.id,
        name: folder.name,
        entries,
    })
}

pub struct EntryForm {
    pub folder_id: i64,
    pub kind: String,
    pub name: String,
    pub binding: String,
    pub parent_id: Option<i64>,
}

pub async fn add_entry(
    state: &AppState,
    viewer: &Viewer,
    form: EntryForm,
) -> Result<i64, AppError> {
    require_admin(viewer)?;
    add_entry_as(state, Some(viewer.id), form).await
}

pub async fn add_entry_as(
    state: &AppState,
    actor: Option<i64>,
    form: EntryForm,
) -> Result<i64, AppError> {
    let mut tx = state.store.begin().await?;
    if !catalogs::lock_folder(&mut tx, form.folder_id).await? {
        return Err(AppError::NotFound);
    }
    let parent_depth = match form.parent_id {
        None => None,
        Some(p) => {
            let siblings = catalogs::entries(&mut tx, form.folder_id).await?;
            match siblings.iter().find(|e| e.id == p) {
                Some(parent) if parent.kind == form.kind => Some(depth_of(&siblings, parent)),
                _ => Some(usize::MAX),
            }
        }
    };
    let valid = NewEntry {
        kind: &form.kind,
        name: &form.name,
        binding: &form.binding,
        parent_depth,
    }
    .validate()
    .map_err(AppError::Invalid)?;
    let id = catalogs::insert_entry(
        &mut tx,
        catalogs::NewEntry {
            folder_id: form.folder_id,
            kind: valid.kind.code(),
            parent_id: form.parent_id,
            name: &valid.name,
            binding: valid.binding.map(|b| b.code()),
            created_at: state.now_ms(),
        },
    )
    .await?;
    let mut changes = vec![
        ("kind".into(), None, Some(valid.kind.code().to_string())),
        ("name".into(), None, Some(valid.name.clone())),
    ];
    if let Some(b) = valid.binding {
        changes.push(("binding".into(), None, Some(b.code().into())));
    }
    if let Some(p) = form.parent_id {
        changes.push(("parent".into(), None, Some(p.to_string())));
    }
    record(
        &mut tx,
        actor,
        "catalog_entry_added",
        "catalog_entry",
        id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Runs `change` on entry `id` inside a transaction that holds its folder.
async fn with_entry<F>(state: &AppState, id: i64, change: F) -> Result<(), AppError>
where
    F: for<'c> FnOnce(
        &'c mut AnyConnection,
        EntryRow,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<(), AppError>> + Send + 'c>,
    >,
{
    let folder_id = {
        let mut conn = state.store.pool().acquire().await?;
        catalogs::entry(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound)?
            .folder_id
    };
    let mut tx = state.store.begin().await?;
    catalogs::lock_folder(&mut tx, folder_id).await?;
    let entry = catalogs::entry(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    change(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn rename_entry(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    name: &str,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let mut errors = FieldErrors::default();
    let name = entry_name(&mut errors, name);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let actor = viewer.id;
    with_entry(state, id, move |conn, entry| {
        Box::pin(async move {
            catalogs::rename_entry(conn, entry.id, &name).await?;
            let changes = vec![("name".into(), Some(entry.name), Some(name))];
            record(
                conn,
                Some(actor),
                "catalog_entry_renamed",
                "catalog_entry",
                entry.id,
                changes,
            )
            .await?;
            Ok(())
        })
    })
    .await
}

pub async fn set_entry_active(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    active: bool,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let actor = viewer.id;
    with_entry(state, id, move |conn, entry| {
        Box::pin(async move {
            if (entry.active == 1) == active {
                return Ok(());
            }
            catalogs::set_entry_active(conn, entry.id, active).await?;
            let changes = vec![(
                "active".into(),
                Some((entry.active == 1).to_string()),
                Some(active.to_string()),
            )];
            let action = if active {
                "catalog_entry_activated"
            } else {
                "catalog_entry_deactivated"
            };
            record(
                conn,
                Some(actor),
                action,
                "catalog_entry",
                entry.id,
                changes,
            )
            .await?;
            Ok(())
        })
    })
    .await
}

/// Swaps the entry with its neighbour above (`up`) or below; nothing at either end.
pub async fn move_entry(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    up: bool,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let actor = viewer.id;
    with_entry(state, id, move |conn, entry| {
        Box::pin(async move {
            let Some(other) = catalogs::neighbour(conn, &entry, up).await? else {
                return Ok(());
            };
            catalogs::set_entry_sort(conn, entry.id, other.sort).await?;
            catalogs::set_entry_sort(conn, other.id, entry.sort).await?;
            let changes = vec![(
                "position".into(),
                Some(entry.sort.to_string()),
                Some(other.sort.to_string()),
            )];
            record(
                conn,
                Some(actor),
                "catalog_entry_moved",
                "catalog_entry",
                entry.id,
                changes,
            )
            .await?;
            Ok(())
        })
    })
    .await
}

/// Active entries of one catalog of a folder, in order.
pub async fn catalog_choices(
    conn: &mut AnyConnection,
    folder_id: i64,
    kind: CatalogKind,
) -> Result<Vec<Choice>, sqlx::Error> {
    Ok(catalogs::entries(conn, folder_id)
        .await?
        .into_iter()
        .filter(|e| e.kind == kind.code() && e.active == 1)
        .map(|e| Choice {
            id: e.id,
            name: e.name,
        })
        .collect())
}

/// An active entry of `kind` in the folder, from the id a select sent; empty means none.
pub async fn folder_entry(
    conn: &mut AnyConnection,
    folder_id: Option<i64>,
    kind: CatalogKind,
    raw: &str,
    field: &str,
    errors: &mut FieldErrors,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let entry = match raw.trim().parse::<i64>() {
        Ok(id) => catalogs::entry(conn, id).await?,
        Err(_) => None,
    };
    match entry {
        Some(e) if Some(e.folder_id) == folder_id && e.kind == kind.code() && e.active == 1 => {
            Ok(Some((e.id, e.name)))
        }
        _ => {
            errors.add(field, FieldProblem::Invalid);
            Ok(None)
        }
    }
}
