//! A folder's hand-over settings (SPEC B3): who may start cases, who closes them, the fallback
//! manager and the type x group -> manager table.

use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct FolderSettingsRow {
    pub id: i64,
    pub name: String,
    pub active: i64,
    pub initiator_roles: String,
    pub closer_role: String,
    pub fallback_manager_id: Option<i64>,
}

pub async fn settings(
    conn: &mut AnyConnection,
    folder_id: i64,
) -> Result<Option<FolderSettingsRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, active, initiator_roles, closer_role, fallback_manager_id
         FROM folders WHERE id = $1",
    )
    .bind(folder_id)
    .fetch_optional(conn)
    .await
}

/// Every active folder with its settings, in the admin's order.
pub async fn active_folders(
    conn: &mut AnyConnection,
) -> Result<Vec<FolderSettingsRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, active, initiator_roles, closer_role, fallback_manager_id
         FROM folders WHERE active = 1 ORDER BY sort, id",
    )
    .fetch_all(conn)
    .await
}

pub async fn set_settings(
    conn: &mut AnyConnection,
    folder_id: i64,
    initiator_roles: &str,
    closer_role: &str,
    fallback_manager_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE folders SET initiator_roles = $1, closer_role = $2, fallback_manager_id = $3 WHERE id = $4",
    )
    .bind(initiator_roles)
    .bind(closer_role)
    .bind(fallback_manager_id)
    .bind(folder_id)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct RuleRow {
    pub id: i64,
    pub folder_id: i64,
    pub case_type_id: i64,
    pub case_group_id: i64,
    pub manager_id: i64,
    pub manager_name: String,
}

pub async fn rules(conn: &mut AnyConnection, folder_id: i64) -> Result<Vec<RuleRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.folder_id, r.case_type_id, r.case_group_id, r.manager_id, u.name AS manager_name
         FROM routing_rules r JOIN users u ON u.id = r.manager_id
         WHERE r.folder_id = $1 ORDER BY r.id",
    )
    .bind(folder_id)
    .fetch_all(conn)
    .await
}

/// Sets the manager for a type and group, replacing the row there was.
pub async fn put_rule(
    conn: &mut AnyConnection,
    folder_id: i64,
    case_type_id: i64,
    case_group_id: i64,
    manager_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let before: Option<i64> = sqlx::query_scalar(
        "SELECT manager_id FROM routing_rules WHERE case_type_id = $1 AND case_group_id = $2",
    )
    .bind(case_type_id)
    .bind(case_group_id)
    .fetch_optional(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO routing_rules (folder_id, case_type_id, case_group_id, manager_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_type_id, case_group_id) DO UPDATE SET manager_id = excluded.manager_id",
    )
    .bind(folder_id)
    .bind(case_type_id)
    .bind(case_group_id)
    .bind(manager_id)
    .execute(conn)
    .await?;
    Ok(before)
}

pub async fn rule(conn: &mut AnyConnection, id: i64) -> Result<Option<RuleRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.folder_id, r.case_type_id, r.case_group_id, r.manager_id, u.name AS manager_name
         FROM routing_rules r JOIN users u ON u.id = r.manager_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn delete_rule(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM routing_rules WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
