//! Saved grid views (SPEC J3): a user's named grid, its query kept as JSON.

use sqlx::AnyConnection;

/// (id, name, shared, owner id, owner's name, spec as JSON)
pub type ViewRow = (i64, String, i64, i64, String, String);

/// The user's own views, then those others shared, each group by name.
pub async fn offered(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<ViewRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.id, v.name, v.shared, v.owner_id, u.name, v.spec FROM analysis_views v \
         JOIN users u ON u.id = v.owner_id WHERE v.owner_id = $1 OR v.shared = 1 \
         ORDER BY CASE WHEN v.owner_id = $1 THEN 0 ELSE 1 END, v.name",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Writes the user's view called `name`, replacing one of that name; returns its id.
pub async fn put(
    conn: &mut AnyConnection,
    owner_id: i64,
    name: &str,
    shared: bool,
    spec: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE analysis_views SET spec = $1, shared = $2, updated_at = $3 WHERE owner_id = $4 AND name = $5",
    )
    .bind(spec)
    .bind(i64::from(shared))
    .bind(now)
    .bind(owner_id)
    .bind(name)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if updated == 0 {
        sqlx::query(
            "INSERT INTO analysis_views (owner_id, name, shared, spec, updated_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(owner_id)
        .bind(name)
        .bind(i64::from(shared))
        .bind(spec)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query_scalar("SELECT id FROM analysis_views WHERE owner_id = $1 AND name = $2")
        .bind(owner_id)
        .bind(name)
        .fetch_one(conn)
        .await
}

/// Deletes one of the owner's views; `false` when they have none with that id.
pub async fn delete(conn: &mut AnyConnection, id: i64, owner_id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM analysis_views WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner_id)
            .execute(conn)
            .await?
            .rows_affected()
            > 0,
    )
}
