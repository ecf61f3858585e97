//! Tasks of a case (SPEC C6): rows only; the rules are in `domain::tasks` and
//! `services::tasks`.

use crate::domain::tasks::TaskState;
use sqlx::{AnyConnection, FromRow};

pub struct NewTask<'a> {
    pub case_id: i64,
    pub title: &'a str,
    pub instructions: &'a str,
    pub assignee_id: i64,
    pub assigned_by: i64,
    pub planned_day: Option<String>,
    pub max_day: String,
    pub now: i64,
}

pub async fn insert(conn: &mut AnyConnection, t: NewTask<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO tasks (case_id, title, instructions, assignee_id, assigned_by, state, open_work,
            planned_day, max_day, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $9) RETURNING id",
    )
    .bind(t.case_id)
    .bind(t.title)
    .bind(t.instructions)
    .bind(t.assignee_id)
    .bind(t.assigned_by)
    .bind(TaskState::Pending.code())
    .bind(t.planned_day)
    .bind(t.max_day)
    .bind(t.now)
    .fetch_one(conn)
    .await
}

/// A task with the names and the case a list shows next to it.
#[derive(Debug, Clone, FromRow)]
pub struct TaskRow {
    pub id: i64,
    pub case_id: i64,
    pub case_number: String,
    pub case_subject: String,
    pub case_manager_id: Option<i64>,
    pub title: String,
    pub instructions: String,
    pub assignee_id: i64,
    pub assignee_name: String,
    pub assigned_by: i64,
    pub assigned_by_name: String,
    pub state: String,
    pub planned_day: Option<String>,
    pub max_day: Option<String>,
    pub returned_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const TASK_SELECT: &str = "SELECT t.id, t.case_id, c.number AS case_number,
        c.subject AS case_subject, c.manager_id AS case_manager_id, t.title, t.instructions,
        t.assignee_id, a.name AS assignee_name, t.assigned_by, b.name AS assigned_by_name,
        t.state, t.planned_day, t.max_day, t.returned_count, t.created_at, t.updated_at
    FROM tasks t JOIN cases c ON c.id = t.case_id JOIN users a ON a.id = t.assignee_id
        JOIN users b ON b.id = t.assigned_by";

pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<TaskRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TASK_SELECT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// A case's tasks in the order they were given.
pub async fn of_case(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<TaskRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TASK_SELECT} WHERE t.case_id = $1 ORDER BY t.id"))
        .bind(case_id)
        .fetch_all(conn)
        .await
}

/// The tasks waiting for `assignee`, nearest maximum date first (SPEC C3).
pub async fn waiting_for(
    conn: &mut AnyConnection,
    assignee: i64,
    limit: i64,
) -> Result<Vec<TaskRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{TASK_SELECT} WHERE t.assignee_id = $1 AND t.open_work = 1
         ORDER BY t.max_day, t.id LIMIT $2"
    ))
    .bind(assignee)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Work handed in on the cases `manager` manages, or on tasks they gave, waiting for their
/// judgement; oldest first.
pub async fn to_accept_by(
    conn: &mut AnyConnection,
    manager: i64,
    limit: i64,
) -> Result<Vec<TaskRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{TASK_SELECT} WHERE t.state = $1 AND (c.manager_id = $2 OR t.assigned_by = $2)
         ORDER BY t.updated_at, t.id LIMIT $3"
    ))
    .bind(TaskState::PendingAcceptance.code())
    .bind(manager)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Moves the task from `from` to `to`; false when someone else moved it first.
pub async fn set_state(
    conn: &mut AnyConnection,
    id: i64,
    from: TaskState,
    to: TaskState,
    returned: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE tasks SET state = $1, open_work = $2, updated_at = $3,
            returned_count = returned_count + $4
         WHERE id = $5 AND state = $6",
    )
    .bind(to.code())
    .bind(i64::from(to.is_with_assignee()))
    .bind(now)
    .bind(i64::from(returned))
    .bind(id)
    .bind(from.code())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The states of all a case's tasks.
pub async fn states_of_case(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<TaskState>, sqlx::Error> {
    let codes: Vec<String> = sqlx::query_scalar("SELECT state FROM tasks WHERE case_id = $1")
        .bind(case_id)
        .fetch_all(conn)
        .await?;
    Ok(codes.iter().filter_map(|c| c.parse().ok()).collect())
}

/// Marks the task changed first, so that SQLite's write lock is taken before anything is read.
pub async fn touch(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE tasks SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Files handed in with a task, by task id.
pub async fn attachments_of_case(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT task_id, id FROM attachments WHERE case_id = $1 AND task_id IS NOT NULL ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(conn)
    .await
}
