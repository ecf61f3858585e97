//! Saved grid views (SPEC J3): a user's named choice of columns, filters and sorting, shared with
//! everyone who analyses when they say so. A view holds a query, not cases: whoever opens a
//! shared view sees only the cases of their own scope.

use super::{analyst, Analyst};
use crate::backend::store::analysis_views as store;
use crate::backend::store::is_unique_violation;
use crate::backend::{AppError, AppState};
use crate::domain::analysis::{query_string, GridSpec};
use crate::domain::form::FieldProblem;
use crate::model::{SavedView, Viewer};
use sqlx::AnyConnection;

pub const NAME_MAX: usize = 80;

/// The views offered to the analyst: their own, then those others shared.
pub async fn offered(conn: &mut AnyConnection, who: &Analyst) -> Result<Vec<SavedView>, AppError> {
    let rows = store::offered(conn, who.viewer.id).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, shared, owner, owner_name, spec)| {
            let spec: GridSpec = serde_json::from_str(&spec).ok()?;
            Some(SavedView {
                id,
                name,
                shared: shared != 0,
                mine: owner == who.viewer.id,
                owner_name,
                query: query_string(&spec.to_query()),
            })
        })
        .collect())
}

/// Saves the grid as it is under `name` (replacing the user's own view of that name).
pub async fn save(
    state: &AppState,
    viewer: &Viewer,
    name: &str,
    shared: bool,
    spec: &GridSpec,
) -> Result<i64, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::field("name", FieldProblem::Required));
    }
    if name.chars().count() > NAME_MAX {
        return Err(AppError::field(
            "name",
            FieldProblem::TooLong { max: NAME_MAX },
        ));
    }
    let spec = serde_json::to_string(spec).map_err(|e| AppError::Internal(e.to_string()))?;
    let now = state.now_ms();
    analyst(&mut *state.store.pool().acquire().await?, viewer).await?;
    // SQLite: a transaction that writes first holds the write lock from its start.
    let mut tx = state.store.begin().await?;
    let id = match store::put(&mut tx, viewer.id, name, shared, &spec, now).await {
        // Two saves of a new name at once: the other one won.
        Err(e) if is_unique_violation(&e) => return Err(AppError::Conflict),
        other => other?,
    };
    tx.commit().await?;
    Ok(id)
}

/// Deletes one of the user's own views; someone else's is not theirs to delete (404).
pub async fn delete(state: &AppState, viewer: &Viewer, id: i64) -> Result<(), AppError> {
    let mut conn = state.store.pool().acquire().await?;
    analyst(&mut conn, viewer).await?;
    if !store::delete(&mut conn, id, viewer.id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}
