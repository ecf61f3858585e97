//! Improvement actions (SPEC J5) and the causes each one is against.

use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct ActionRow {
    pub id: i64,
    pub folder_id: i64,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub state: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub due_day: String,
    pub created_at: i64,
    pub done_at: Option<i64>,
}

const SELECT: &str = "SELECT a.id, a.folder_id, a.title, a.description, a.kind, a.state, \
    a.owner_id, u.name AS owner_name, a.due_day, a.created_at, a.done_at \
    FROM improvement_actions a JOIN users u ON u.id = a.owner_id";

/// Every action, by due day.
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<ActionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} ORDER BY a.due_day, a.id"))
        .fetch_all(conn)
        .await
}

pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<ActionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn cause_ids(conn: &mut AnyConnection, action_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT cause_id FROM improvement_action_causes WHERE action_id = $1 ORDER BY cause_id",
    )
    .bind(action_id)
    .fetch_all(conn)
    .await
}

/// The active causes of every folder: (id, folder id, name).
pub async fn causes(conn: &mut AnyConnection) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, folder_id, name FROM catalog_entries WHERE kind = 'cause' AND active = 1 \
         ORDER BY folder_id, sort, id",
    )
    .fetch_all(conn)
    .await
}

/// How many of `ids` are causes of `folder_id`.
pub async fn causes_of_folder(
    conn: &mut AnyConnection,
    folder_id: i64,
    ids: &[i64],
) -> Result<i64, sqlx::Error> {
    if ids.is_empty() {
        return Ok(0);
    }
    // Our own integers, written into the text.
    let list = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM catalog_entries WHERE kind = 'cause' AND folder_id = $1 AND id IN ({list})"
    ))
    .bind(folder_id)
    .fetch_one(conn)
    .await
}

pub struct NewAction<'a> {
    pub folder_id: i64,
    pub title: &'a str,
    pub description: &'a str,
    pub kind: &'a str,
    pub owner_id: i64,
    pub due_day: &'a str,
    pub state: &'a str,
    pub created_by: i64,
    pub created_at: i64,
}

pub async fn insert(
    conn: &mut AnyConnection,
    a: NewAction<'_>,
    causes: &[i64],
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO improvement_actions (folder_id, title, description, kind, owner_id, due_day, \
         state, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(a.folder_id)
    .bind(a.title)
    .bind(a.description)
    .bind(a.kind)
    .bind(a.owner_id)
    .bind(a.due_day)
    .bind(a.state)
    .bind(a.created_by)
    .bind(a.created_at)
    .fetch_one(&mut *conn)
    .await?;
    for cause in causes {
        sqlx::query("INSERT INTO improvement_action_causes (action_id, cause_id) VALUES ($1, $2)")
            .bind(id)
            .bind(cause)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

/// Moves an action to `state` if it is still in `from`; `false` when someone moved it first.
pub async fn set_state(
    conn: &mut AnyConnection,
    id: i64,
    from: &str,
    state: &str,
    done_at: Option<i64>,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE improvement_actions SET state = $1, done_at = $2 WHERE id = $3 AND state = $4",
    )
    .bind(state)
    .bind(done_at)
    .bind(id)
    .bind(from)
    .execute(conn)
    .await?
    .rows_affected()
        > 0)
}
