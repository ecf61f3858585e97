//! A folder's SLA policies (SPEC G1): the admin screen that lists them and the form that adds or
//! replaces one. Cases already open keep the deadlines they were given.

use super::{calendar_store, store};
use crate::backend::services::catalogs;
use crate::backend::store::{catalogs as catalog_store, routing};
use crate::backend::{AppError, AppState};
use crate::domain::calendar::national_codes;
use crate::domain::catalog::CatalogKind;
use crate::domain::form::FieldProblem;
use crate::domain::sla::SlaForm;
use crate::model::{SlaPolicyView, SlaSetup, Viewer};
use sqlx::AnyConnection;

/// A folder's SLA policies for the admin screen.
pub async fn setup(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
) -> Result<SlaSetup, AppError> {
    catalogs::require_admin(viewer)?;
    let mut conn = state.store.pool().acquire().await?;
    if routing::settings(&mut conn, folder_id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let policies = store::policies(&mut conn, folder_id)
        .await?
        .into_iter()
        .map(|row| SlaPolicyView {
            id: row.policy.id,
            case_type: row.case_type_name,
            channel: row.policy.channel,
            calendar_code: row.policy.calendar_code,
            first_response: row.policy.first_response,
            resolution: row.policy.resolution,
            at_risk_percent: row.policy.at_risk_percent,
        })
        .collect();
    Ok(SlaSetup {
        folder_id,
        policies,
        case_types: catalogs::catalog_choices(&mut conn, folder_id, CatalogKind::CaseType).await?,
        calendars: calendar_codes(&mut conn).await?,
    })
}

/// The shipped national calendars and the company's own, by code.
async fn calendar_codes(conn: &mut AnyConnection) -> Result<Vec<String>, AppError> {
    let mut codes: Vec<String> = national_codes().map(str::to_string).collect();
    for row in calendar_store::calendars(conn).await? {
        if !codes.contains(&row.code) {
            codes.push(row.code);
        }
    }
    Ok(codes)
}

/// Adds or replaces a folder's policy. Cases already open keep the deadlines they were given.
pub async fn save_policy(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
    form: SlaForm,
) -> Result<(), AppError> {
    catalogs::require_admin(viewer)?;
    save_policy_as(state, Some(viewer.id), folder_id, form).await
}

/// [`save_policy`] without the admin check: for the demo seed and tests, `actor` on the trail.
pub async fn save_policy_as(
    state: &AppState,
    actor: Option<i64>,
    folder_id: i64,
    form: SlaForm,
) -> Result<(), AppError> {
    let valid = form.validate().map_err(AppError::Invalid)?;
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    // The write comes first: SQLite's lock before any read.
    if !catalog_store::lock_folder(&mut tx, folder_id).await? {
        return Err(AppError::NotFound);
    }
    if !calendar_codes(&mut tx)
        .await?
        .contains(&valid.calendar_code)
    {
        return Err(AppError::field("calendar_code", FieldProblem::NotAChoice));
    }
    if let Some(t) = valid.case_type_id {
        let types = catalogs::catalog_choices(&mut tx, folder_id, CatalogKind::CaseType).await?;
        if !types.iter().any(|c| c.id == t) {
            return Err(AppError::field("case_type_id", FieldProblem::NotAChoice));
        }
    }
    let id = store::upsert_policy(
        &mut tx,
        &store::NewPolicy {
            folder_id,
            case_type_id: valid.case_type_id,
            channel: valid.channel.map(|c| c.code()),
            calendar_code: &valid.calendar_code,
            first_response: (
                i64::from(valid.first_response.amount),
                valid.first_response.unit.code(),
            ),
            resolution: (
                i64::from(valid.resolution.amount),
                valid.resolution.unit.code(),
            ),
            at_risk_percent: i64::from(valid.at_risk_percent),
        },
        now,
    )
    .await?;
    catalogs::record(
        &mut tx,
        actor,
        "sla_policy_saved",
        "sla_policy",
        id,
        vec![
            (
                "first_response".into(),
                None,
                Some(format!(
                    "{} {}",
                    valid.first_response.amount, valid.first_response.unit
                )),
            ),
            (
                "resolution".into(),
                None,
                Some(format!(
                    "{} {}",
                    valid.resolution.amount, valid.resolution.unit
                )),
            ),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
