//! The coverage registry.

use crate::domain::coverage::{CoveragePeriod, Day};
use sqlx::AnyConnection;

pub async fn insert(
    conn: &mut AnyConnection,
    p: &CoveragePeriod,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO coverage_periods (identifier, product, customer, valid_from, valid_to, imported_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&p.identifier)
    .bind(&p.product)
    .bind(&p.customer)
    .bind(p.valid_from.to_string())
    .bind(p.valid_to.to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The periods registered for a normalised identifier.
pub async fn periods(
    conn: &mut AnyConnection,
    identifier: &str,
) -> Result<Vec<(Day, Day)>, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT valid_from, valid_to FROM coverage_periods WHERE identifier = $1")
            .bind(identifier)
            .fetch_all(conn)
            .await?;
    // Rows are written from `Day`, so they read back; a hand-edited bad row is skipped.
    Ok(rows
        .into_iter()
        .filter_map(|(f, t)| Some((f.parse().ok()?, t.parse().ok()?)))
        .collect())
}

pub async fn count(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM coverage_periods")
        .fetch_one(conn)
        .await
}
