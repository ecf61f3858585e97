//! Case folders and their catalog entries.

use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct FolderRow {
    pub id: i64,
    pub name: String,
    pub sort: i64,
    pub active: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub folder_id: i64,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub name: String,
    pub binding: Option<String>,
    pub sort: i64,
    pub active: i64,
}

const ENTRY_COLUMNS: &str = "id, folder_id, kind, parent_id, name, binding, sort, active";

pub async fn insert_folder(
    conn: &mut AnyConnection,
    name: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO folders (name, sort, created_at)
         VALUES ($1, (SELECT COALESCE(MAX(sort), 0) + 1 FROM folders), $2) RETURNING id",
    )
    .bind(name)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn folders(conn: &mut AnyConnection) -> Result<Vec<FolderRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, sort, active FROM folders ORDER BY sort, id")
        .fetch_all(conn)
        .await
}

pub async fn folder_by_name(
    conn: &mut AnyConnection,
    name: &str,
) -> Result<Option<FolderRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, sort, active FROM folders WHERE name = $1")
        .bind(name)
        .fetch_optional(conn)
        .await
}

/// Takes the folder's row lock (PostgreSQL) or the write lock (SQLite) as the first statement of
/// an admin's change, so concurrent edits of one folder queue. False when there is no such folder.
pub async fn lock_folder(conn: &mut AnyConnection, folder_id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE folders SET sort = sort WHERE id = $1")
        .bind(folder_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn folder(conn: &mut AnyConnection, id: i64) -> Result<Option<FolderRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, sort, active FROM folders WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn entries(
    conn: &mut AnyConnection,
    folder_id: i64,
) -> Result<Vec<EntryRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ENTRY_COLUMNS} FROM catalog_entries WHERE folder_id = $1 ORDER BY kind, sort, id"
    ))
    .bind(folder_id)
    .fetch_all(conn)
    .await
}

pub async fn entry(conn: &mut AnyConnection, id: i64) -> Result<Option<EntryRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ENTRY_COLUMNS} FROM catalog_entries WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub struct NewEntry<'a> {
    pub folder_id: i64,
    pub kind: &'a str,
    pub parent_id: Option<i64>,
    pub name: &'a str,
    pub binding: Option<&'a str>,
    pub created_at: i64,
}

/// Adds an entry at the end of its list (its kind, under its parent).
pub async fn insert_entry(conn: &mut AnyConnection, e: NewEntry<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO catalog_entries (folder_id, kind, parent_id, name, binding, sort, created_at)
         VALUES ($1, $2, $3, $4, $5,
            (SELECT COALESCE(MAX(sort), 0) + 1 FROM catalog_entries
             WHERE folder_id = $6 AND kind = $7 AND COALESCE(parent_id, 0) = $8),
            $9)
         RETURNING id",
    )
    .bind(e.folder_id)
    .bind(e.kind)
    .bind(e.parent_id)
    .bind(e.name)
    .bind(e.binding)
    .bind(e.folder_id)
    .bind(e.kind)
    .bind(e.parent_id.unwrap_or(0))
    .bind(e.created_at)
    .fetch_one(conn)
    .await
}

pub async fn rename_entry(
    conn: &mut AnyConnection,
    id: i64,
    name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE catalog_entries SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_entry_active(
    conn: &mut AnyConnection,
    id: i64,
    active: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE catalog_entries SET active = $1 WHERE id = $2")
        .bind(i64::from(active))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether case type `id` interrupts the term while a case waits for the customer (SPEC D4).
pub async fn pauses_for_customer(conn: &mut AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    let value: Option<i64> =
        sqlx::query_scalar("SELECT pauses_for_customer FROM catalog_entries WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    match value {
        Some(v) => super::codes::flag("catalog_entries", id, "pauses_for_customer", v),
        None => Ok(false),
    }
}

/// Sets whether case type `id` interrupts the term while a case waits for the customer.
pub async fn set_pauses_for_customer(
    conn: &mut AnyConnection,
    id: i64,
    on: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE catalog_entries SET pauses_for_customer = $1 WHERE id = $2")
        .bind(i64::from(on))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_entry_sort(
    conn: &mut AnyConnection,
    id: i64,
    sort: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE catalog_entries SET sort = $1 WHERE id = $2")
        .bind(sort)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The entry just before (`up`) or after `e` in its list.
pub async fn neighbour(
    conn: &mut AnyConnection,
    e: &EntryRow,
    up: bool,
) -> Result<Option<EntryRow>, sqlx::Error> {
    let (cmp, order) = if up { ("<", "DESC") } else { (">", "ASC") };
    sqlx::query_as(&format!(
        "SELECT {ENTRY_COLUMNS} FROM catalog_entries
         WHERE folder_id = $1 AND kind = $2 AND COALESCE(parent_id, 0) = $3 AND sort {cmp} $4
         ORDER BY sort {order} LIMIT 1"
    ))
    .bind(e.folder_id)
    .bind(&e.kind)
    .bind(e.parent_id.unwrap_or(0))
    .bind(e.sort)
    .fetch_optional(conn)
    .await
}
