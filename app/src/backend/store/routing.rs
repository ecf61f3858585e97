//! A folder's hand-over settings (SPEC B3, C1): who may start cases, who closes them, the
//! fallback manager, the type x group -> manager table, the tier and SLA class pools with the
//! weights of open work, customers' terms, and what a case records of its routing.

use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct FolderSettingsRow {
    pub id: i64,
    pub name: String,
    pub active: i64,
    pub initiator_roles: String,
    pub closer_role: String,
    pub fallback_manager_id: Option<i64>,
    pub route_case_weight: i64,
    pub route_task_weight: i64,
}

pub async fn settings(
    conn: &mut AnyConnection,
    folder_id: i64,
) -> Result<Option<FolderSettingsRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, active, initiator_roles, closer_role, fallback_manager_id,
            route_case_weight, route_task_weight
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
        "SELECT id, name, active, initiator_roles, closer_role, fallback_manager_id,
            route_case_weight, route_task_weight
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

pub async fn set_weights(
    conn: &mut AnyConnection,
    folder_id: i64,
    open_case: i64,
    open_task: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE folders SET route_case_weight = $1, route_task_weight = $2 WHERE id = $3")
        .bind(open_case)
        .bind(open_task)
        .bind(folder_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// One candidate of a tier or SLA class pool.
#[derive(Debug, Clone, FromRow)]
pub struct PoolMemberRow {
    pub pool_id: i64,
    pub folder_id: i64,
    pub criterion: String,
    pub value: String,
    pub manager_id: i64,
    pub manager_name: String,
}

const POOL_SELECT: &str =
    "SELECT p.id AS pool_id, p.folder_id, p.criterion, p.value, m.manager_id, u.name AS manager_name
     FROM routing_pools p JOIN routing_pool_members m ON m.pool_id = p.id
        JOIN users u ON u.id = m.manager_id";

/// Every candidate of the folder's pools, pool by pool.
pub async fn pool_members(
    conn: &mut AnyConnection,
    folder_id: i64,
) -> Result<Vec<PoolMemberRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{POOL_SELECT} WHERE p.folder_id = $1 ORDER BY p.criterion, p.value, u.name, m.manager_id"
    ))
    .bind(folder_id)
    .fetch_all(conn)
    .await
}

pub async fn pool_member(
    conn: &mut AnyConnection,
    pool_id: i64,
    manager_id: i64,
) -> Result<Option<PoolMemberRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{POOL_SELECT} WHERE p.id = $1 AND m.manager_id = $2"
    ))
    .bind(pool_id)
    .bind(manager_id)
    .fetch_optional(conn)
    .await
}

/// Adds a candidate to the folder's pool for `criterion` = `value`, creating the pool; false
/// when they were already in it.
pub async fn add_pool_member(
    conn: &mut AnyConnection,
    folder_id: i64,
    criterion: &str,
    value: &str,
    manager_id: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "INSERT INTO routing_pools (folder_id, criterion, value) VALUES ($1, $2, $3)
         ON CONFLICT (folder_id, criterion, value) DO NOTHING",
    )
    .bind(folder_id)
    .bind(criterion)
    .bind(value)
    .execute(&mut *conn)
    .await?;
    let pool_id: i64 = sqlx::query_scalar(
        "SELECT id FROM routing_pools WHERE folder_id = $1 AND criterion = $2 AND value = $3",
    )
    .bind(folder_id)
    .bind(criterion)
    .bind(value)
    .fetch_one(&mut *conn)
    .await?;
    let added = sqlx::query(
        "INSERT INTO routing_pool_members (pool_id, manager_id) VALUES ($1, $2)
         ON CONFLICT (pool_id, manager_id) DO NOTHING",
    )
    .bind(pool_id)
    .bind(manager_id)
    .execute(conn)
    .await?;
    Ok(added.rows_affected() == 1)
}

/// Removes a candidate; a pool left without candidates goes too, so that the admin's list
/// shows only rules that can route.
pub async fn remove_pool_member(
    conn: &mut AnyConnection,
    pool_id: i64,
    manager_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM routing_pool_members WHERE pool_id = $1 AND manager_id = $2")
        .bind(pool_id)
        .bind(manager_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "DELETE FROM routing_pools WHERE id = $1
         AND NOT EXISTS (SELECT 1 FROM routing_pool_members WHERE pool_id = $1)",
    )
    .bind(pool_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A candidate's open work: cases they manage and tasks assigned to them that still wait.
pub async fn open_work(
    conn: &mut AnyConnection,
    manager_id: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let cases: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE open_work = 1 AND manager_id = $1")
            .bind(manager_id)
            .fetch_one(&mut *conn)
            .await?;
    let tasks: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM tasks WHERE assignee_id = $1 AND open_work = 1")
            .bind(manager_id)
            .fetch_one(conn)
            .await?;
    Ok((cases, tasks))
}

/// A customer's terms as routing reads them.
#[derive(Debug, Clone, FromRow)]
pub struct CustomerTermsRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub tier: String,
    pub sla_class: Option<String>,
}

const TERMS_SELECT: &str = "SELECT id, email, name, role, tier, sla_class FROM users";

pub async fn customer_terms(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<CustomerTermsRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TERMS_SELECT} WHERE id = $1"))
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

pub async fn customer_terms_by_email(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Option<CustomerTermsRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TERMS_SELECT} WHERE email = $1"))
        .bind(email)
        .fetch_optional(conn)
        .await
}

/// Customers whose terms differ from the default (VIP, or with an SLA class), by name.
pub async fn customers_with_terms(
    conn: &mut AnyConnection,
) -> Result<Vec<CustomerTermsRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{TERMS_SELECT} WHERE role = 'customer' AND (tier <> 'standard' OR sla_class IS NOT NULL)
         ORDER BY name, id"
    ))
    .fetch_all(conn)
    .await
}

pub async fn set_customer_terms(
    conn: &mut AnyConnection,
    user_id: i64,
    tier: &str,
    sla_class: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET tier = $1, sla_class = $2 WHERE id = $3")
        .bind(tier)
        .bind(sla_class)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Writes what explains the case's routing beside its `route_reason`.
pub async fn set_route_detail(
    conn: &mut AnyConnection,
    case_id: i64,
    rule: Option<&str>,
    candidates: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET route_rule = $1, route_candidates = $2 WHERE id = $3")
        .bind(rule)
        .bind(candidates)
        .bind(case_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct RouteDetailRow {
    pub route_rule: Option<String>,
    pub route_candidates: Option<i64>,
}

pub async fn route_detail(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Option<RouteDetailRow>, sqlx::Error> {
    sqlx::query_as("SELECT route_rule, route_candidates FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_optional(conn)
        .await
}
