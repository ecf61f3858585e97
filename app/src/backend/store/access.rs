//! The few facts access decisions need beyond the case row: a folder's settings and the managers
//! its routing names, and a person's open work on a case.

use crate::domain::access::{FolderFacts, WorkFacts};
use crate::domain::people::Role;
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct FolderRow {
    id: i64,
    initiator_roles: String,
    closer_role: String,
    approver_id: Option<i64>,
}

fn folder_facts(row: &FolderRow, managers: Vec<i64>) -> FolderFacts {
    FolderFacts {
        initiators: row
            .initiator_roles
            .split(',')
            .filter_map(|r| r.trim().parse().ok())
            .collect(),
        closer: row.closer_role.parse::<Role>().ok(),
        managers,
        approver: row.approver_id,
    }
}

/// The managers routing may hand a folder's cases to: its fallback, the type x group rows and
/// the tier and SLA class pools, as `(folder_id, manager_id)`.
const NAMED_MANAGERS: &str = "SELECT id, fallback_manager_id FROM folders WHERE fallback_manager_id IS NOT NULL
     UNION SELECT folder_id, manager_id FROM routing_rules
     UNION SELECT p.folder_id, m.manager_id FROM routing_pools p JOIN routing_pool_members m ON m.pool_id = p.id";

/// One folder's facts; the named managers only when `with_managers` (only a manager's access
/// depends on them).
pub async fn folder(
    conn: &mut AnyConnection,
    folder_id: i64,
    with_managers: bool,
) -> Result<Option<FolderFacts>, sqlx::Error> {
    let row: Option<FolderRow> = sqlx::query_as(
        "SELECT id, initiator_roles, closer_role, approver_id FROM folders WHERE id = $1",
    )
    .bind(folder_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let managers = if with_managers {
        sqlx::query_scalar::<_, i64>(&format!(
            "SELECT n.fallback_manager_id FROM ({NAMED_MANAGERS}) n WHERE n.id = $1"
        ))
        .bind(folder_id)
        .fetch_all(&mut *conn)
        .await?
    } else {
        Vec::new()
    };
    Ok(Some(folder_facts(&row, managers)))
}

/// Every folder's facts, with the managers each names: what a desk's scope is computed from.
pub async fn folders(conn: &mut AnyConnection) -> Result<Vec<(i64, FolderFacts)>, sqlx::Error> {
    let rows: Vec<FolderRow> = sqlx::query_as(
        "SELECT id, initiator_roles, closer_role, approver_id FROM folders ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let named: Vec<(i64, i64)> = sqlx::query_as(NAMED_MANAGERS).fetch_all(&mut *conn).await?;
    Ok(rows
        .iter()
        .map(|r| {
            let managers = named
                .iter()
                .filter(|(f, _)| *f == r.id)
                .map(|(_, m)| *m)
                .collect();
            (r.id, folder_facts(r, managers))
        })
        .collect())
}

/// Whether `user_id` holds a task not yet accepted on the case.
pub async fn work(
    conn: &mut AnyConnection,
    case_id: i64,
    user_id: i64,
) -> Result<WorkFacts, sqlx::Error> {
    let tasks: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tasks WHERE case_id = $1 AND assignee_id = $2 AND state <> $3",
    )
    .bind(case_id)
    .bind(user_id)
    .bind(crate::domain::tasks::TaskState::Accepted.code())
    .fetch_one(conn)
    .await?;
    Ok(WorkFacts {
        holds_task: tasks > 0,
    })
}
