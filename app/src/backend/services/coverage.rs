//! The coverage registry (SPEC A4): imported from CSV by an admin, consulted at intake.

use crate::backend::store::{audit, coverage};
use crate::backend::{AppError, AppState};
use crate::domain::coverage::{
    normalise_identifier, Coverage, CoveragePeriod, Day, RowProblem, CSV_COLUMNS,
};
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::model::{CoverageImport, Viewer};
use sqlx::AnyConnection;

/// Imports every good line of `csv` in one transaction and reports the others by line number
/// (the header is line 1). A file whose header is not [`CSV_COLUMNS`] imports nothing.
pub async fn import_csv(
    state: &AppState,
    admin: &Viewer,
    csv_bytes: &[u8],
) -> Result<CoverageImport, AppError> {
    super::catalogs::require_admin(admin)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(csv_bytes);
    let header_ok = reader
        .headers()
        .map(|h| {
            h.iter()
                .map(|c| c.trim_start_matches('\u{feff}').to_lowercase())
                .eq(CSV_COLUMNS.iter().map(|c| c.to_string()))
        })
        .unwrap_or(false);
    if !header_ok {
        let mut errors = FieldErrors::default();
        errors.add("file", FieldProblem::Invalid);
        return Err(AppError::Invalid(errors));
    }
    let mut good = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                let fields: Vec<&str> = r.iter().collect();
                match CoveragePeriod::from_record(&fields) {
                    Ok(p) => good.push(p),
                    Err(problem) => problems.push((line, problem)),
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push((
                    line,
                    RowProblem::WrongColumnCount {
                        expected: CSV_COLUMNS.len(),
                        found: 0,
                    },
                ));
            }
        }
    }
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    for p in &good {
        coverage::insert(&mut tx, p, now).await?;
    }
    audit::append(
        &mut tx,
        audit::NewEvent {
            case_id: None,
            actor_id: Some(admin.id),
            at: now,
            action: "coverage_imported",
            entity: "coverage",
            entity_id: None,
            changes: vec![
                ("rows".into(), None, Some(good.len().to_string())),
                ("rejected".into(), None, Some(problems.len().to_string())),
            ],
            note: None,
            public: false,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(CoverageImport {
        imported: good.len() as u64,
        problems,
    })
}

/// Whether `identifier` was covered on `day`, read on the caller's connection.
pub async fn check_on(
    conn: &mut AnyConnection,
    identifier: &str,
    day: Day,
) -> Result<Coverage, AppError> {
    let periods = coverage::periods(conn, &normalise_identifier(identifier)).await?;
    Ok(Coverage::on(day, &periods))
}

/// The check staff run from the intake form before filing.
pub async fn check(
    state: &AppState,
    viewer: &Viewer,
    identifier: &str,
    day: Day,
) -> Result<Coverage, AppError> {
    if !crate::domain::access::may_record_cases(viewer.role) {
        return Err(AppError::Forbidden);
    }
    let mut conn = state.store.pool().acquire().await?;
    check_on(&mut conn, identifier, day).await
}
