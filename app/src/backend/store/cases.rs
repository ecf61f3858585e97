//! Cases, their numbers and their attachments.

use crate::domain::access::DeskScope;
use crate::domain::case::CaseState;
use crate::model::{DeskCursor, DeskFilter};
use sqlx::{AnyConnection, FromRow};

/// The next sequence number of `year`, taken inside the caller's transaction so that a
/// rolled-back case gives its number back.
pub async fn next_seq(conn: &mut AnyConnection, year: i32) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO case_counters (year, last_seq) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last_seq = case_counters.last_seq + 1
         RETURNING last_seq",
    )
    .bind(i64::from(year))
    .fetch_one(conn)
    .await
}

pub struct NewCase<'a> {
    pub number: &'a str,
    pub customer_id: i64,
    pub subject: &'a str,
    pub description: &'a str,
    pub class: &'a str,
    pub channel: &'a str,
    pub state: CaseState,
    pub created_by: i64,
    pub created_at: i64,
    pub subject_identifier: Option<&'a str>,
    pub claim_day: Option<String>,
    pub coverage: Option<&'a str>,
    pub folder_id: Option<i64>,
    /// The case type, when known at filing: the kind of request a customer chose (SPEC A9).
    pub case_type_id: Option<i64>,
    /// Who the case is handed to and why, for a case filed open.
    pub manager_id: Option<i64>,
    pub route_reason: Option<&'a str>,
    /// The month of `created_at` as yyyymm in the organisation's zone, for the analysis.
    pub filed_month: i64,
}

pub async fn insert(conn: &mut AnyConnection, c: NewCase<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO cases (number, customer_id, subject, description, class, channel, state, open_work, created_by, created_at, updated_at,
            subject_identifier, claim_day, coverage, folder_id, manager_id, route_reason, filed_month, case_type_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
    )
    .bind(c.number)
    .bind(c.customer_id)
    .bind(c.subject)
    .bind(c.description)
    .bind(c.class)
    .bind(c.channel)
    .bind(c.state.code())
    .bind(i64::from(c.state.is_open_work()))
    .bind(c.created_by)
    .bind(c.created_at)
    .bind(c.subject_identifier)
    .bind(c.claim_day)
    .bind(c.coverage)
    .bind(c.folder_id)
    .bind(c.manager_id)
    .bind(c.route_reason)
    .bind(c.filed_month)
    .bind(c.case_type_id)
    .fetch_one(conn)
    .await
}

/// A case with the names a list or page shows next to it.
#[derive(Debug, Clone, FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub subject: String,
    pub description: String,
    pub class: String,
    pub channel: String,
    pub state: String,
    pub created_at: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub customer_phone: Option<String>,
    /// When the customer proved their address (`users.email_verified_at`).
    pub customer_confirmed_at: Option<i64>,
    pub created_by: i64,
    pub created_by_name: String,
    pub subject_identifier: Option<String>,
    pub claim_day: Option<String>,
    pub coverage: Option<String>,
    pub folder_id: Option<i64>,
    pub case_type_id: Option<i64>,
    pub case_group_id: Option<i64>,
    pub priority_id: Option<i64>,
    pub store_name: Option<String>,
    pub due_day: Option<String>,
    pub manager_id: Option<i64>,
    pub manager_name: Option<String>,
    pub route_reason: Option<String>,
    pub qualification_id: Option<i64>,
    pub cause_id: Option<i64>,
    pub severity_id: Option<i64>,
    pub satisfaction: Option<i64>,
    pub satisfaction_comment: Option<String>,
    pub escalation_level: i64,
    pub resolution_due_at: Option<i64>,
    pub paused_at: Option<i64>,
    pub at_risk_at: Option<i64>,
}

const CASE_SELECT: &str =
    "SELECT c.id, c.number, c.customer_id, c.subject, c.description, c.class, c.channel,
        c.state, c.created_at, cu.name AS customer_name, cu.email AS customer_email,
        cu.phone AS customer_phone, cu.email_verified_at AS customer_confirmed_at, c.created_by, cb.name AS created_by_name,
        c.subject_identifier, c.claim_day, c.coverage, c.folder_id, c.case_type_id,
        c.case_group_id, c.priority_id, c.store_name, c.due_day, c.manager_id,
        m.name AS manager_name, c.route_reason, c.qualification_id, c.cause_id, c.severity_id,
        c.satisfaction, c.satisfaction_comment, c.escalation_level, c.resolution_due_at,
        c.paused_at, c.at_risk_at
    FROM cases c JOIN users cu ON cu.id = c.customer_id JOIN users cb ON cb.id = c.created_by
        LEFT JOIN users m ON m.id = c.manager_id";

pub async fn by_number(
    conn: &mut AnyConnection,
    number: &str,
) -> Result<Option<CaseRow>, sqlx::Error> {
    sqlx::query_as(&format!("{CASE_SELECT} WHERE c.number = $1"))
        .bind(number)
        .fetch_optional(conn)
        .await
}

pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<CaseRow>, sqlx::Error> {
    sqlx::query_as(&format!("{CASE_SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The cases linked to a business object with this external id (SPEC A3), newest first.
pub async fn linked_to(
    conn: &mut AnyConnection,
    external_id: &str,
    limit: i64,
) -> Result<Vec<CaseRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CASE_SELECT} WHERE c.id IN (SELECT case_id FROM case_links WHERE external_id = $1)
         ORDER BY c.created_at DESC, c.id DESC LIMIT $2"
    ))
    .bind(external_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Marks the case changed; as the first statement of a change it takes SQLite's write lock
/// before anything is read.
pub async fn touch(conn: &mut AnyConnection, number: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET updated_at = $1 WHERE number = $2")
        .bind(now)
        .bind(number)
        .execute(conn)
        .await?;
    Ok(())
}

/// What a draft's editor sets (SPEC A2).
pub struct DraftUpdate<'a> {
    pub case_type_id: Option<i64>,
    pub case_group_id: Option<i64>,
    pub priority_id: Option<i64>,
    pub store_name: Option<&'a str>,
    pub due_day: Option<&'a str>,
    pub now: i64,
}

pub async fn update_draft(
    conn: &mut AnyConnection,
    id: i64,
    d: DraftUpdate<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE cases SET case_type_id = $1, case_group_id = $2, priority_id = $3, store_name = $4,
            due_day = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(d.case_type_id)
    .bind(d.case_group_id)
    .bind(d.priority_id)
    .bind(d.store_name)
    .bind(d.due_day)
    .bind(d.now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Corrects the channel a draft was recorded by (SPEC A8).
pub async fn set_channel(
    conn: &mut AnyConnection,
    id: i64,
    channel: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET channel = $1 WHERE id = $2")
        .bind(channel)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Moves the case from `from` to `to`; false when it was no longer in `from` (someone else
/// moved it first).
pub async fn set_state(
    conn: &mut AnyConnection,
    id: i64,
    from: CaseState,
    to: CaseState,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE cases SET state = $1, open_work = $2, updated_at = $3 WHERE id = $4 AND state = $5",
    )
    .bind(to.code())
    .bind(i64::from(to.is_open_work()))
    .bind(now)
    .bind(id)
    .bind(from.code())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The manager's qualification (SPEC C5).
pub struct Qualification {
    pub qualification_id: i64,
    pub cause_id: i64,
    pub severity_id: i64,
    pub priority_id: Option<i64>,
}

pub async fn set_qualification(
    conn: &mut AnyConnection,
    id: i64,
    q: &Qualification,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE cases SET qualification_id = $1, cause_id = $2, severity_id = $3, priority_id = $4,
            updated_at = $5 WHERE id = $6",
    )
    .bind(q.qualification_id)
    .bind(q.cause_id)
    .bind(q.severity_id)
    .bind(q.priority_id)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Raises the escalation level from `from` by one; false when someone else changed it first.
pub async fn escalate(
    conn: &mut AnyConnection,
    id: i64,
    from: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE cases SET escalation_level = $1, updated_at = $2 WHERE id = $3 AND escalation_level = $4",
    )
    .bind(from + 1)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_satisfaction(
    conn: &mut AnyConnection,
    id: i64,
    satisfaction: u8,
    comment: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET satisfaction = $1, satisfaction_comment = $2 WHERE id = $3")
        .bind(i64::from(satisfaction))
        .bind(comment)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Hands the case to another manager, recording why routing no longer applies.
pub async fn set_manager(
    conn: &mut AnyConnection,
    id: i64,
    manager_id: i64,
    route_reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE cases SET manager_id = $1, route_reason = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(manager_id)
    .bind(route_reason)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves a draft to open, handed to `manager_id`; false when it was no longer a draft.
pub async fn open_draft(
    conn: &mut AnyConnection,
    id: i64,
    manager_id: i64,
    route_reason: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE cases SET state = $1, open_work = 1, manager_id = $2, route_reason = $3, updated_at = $4
         WHERE id = $5 AND state = $6",
    )
    .bind(CaseState::Open.code())
    .bind(manager_id)
    .bind(route_reason)
    .bind(now)
    .bind(id)
    .bind(CaseState::Draft.code())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A customer's own cases, newest first; drafts are the agent's until opened.
pub async fn of_customer(
    conn: &mut AnyConnection,
    customer_id: i64,
    limit: i64,
) -> Result<Vec<CaseRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CASE_SELECT} WHERE c.customer_id = $1 AND c.state <> 'draft' \
         AND (cu.email_verified_at IS NOT NULL OR c.created_by = $1) ORDER BY c.created_at DESC, c.id DESC LIMIT $2"
    ))
    .bind(customer_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The cases handed to `manager` that wait for their work (open or in progress), nearest
/// maximum date first, those without one last (SPEC C3).
pub async fn waiting_for_manager(
    conn: &mut AnyConnection,
    manager: i64,
    limit: i64,
) -> Result<Vec<CaseRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CASE_SELECT} WHERE c.open_work = 1 AND c.manager_id = $1 AND c.state IN ($2, $3)
         ORDER BY CASE WHEN c.due_day IS NULL THEN 1 ELSE 0 END, c.due_day, c.created_at, c.id
         LIMIT $4"
    ))
    .bind(manager)
    .bind(CaseState::Open.code())
    .bind(CaseState::InProgress.code())
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The cases whose manager has finished, in folders where `role` closes cases (SPEC I3),
/// nearest maximum date first.
pub async fn waiting_for_closer(
    conn: &mut AnyConnection,
    role: &str,
    limit: i64,
) -> Result<Vec<CaseRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CASE_SELECT} WHERE c.state = $1
            AND c.folder_id IN (SELECT id FROM folders WHERE closer_role = $2)
         ORDER BY CASE WHEN c.due_day IS NULL THEN 1 ELSE 0 END, c.due_day, c.created_at, c.id
         LIMIT $3"
    ))
    .bind(CaseState::PendingClosure.code())
    .bind(role)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Escalated cases still waiting for work (SPEC C7: the supervisor's list), highest level
/// first, then nearest maximum date.
pub async fn escalated_open(
    conn: &mut AnyConnection,
    limit: i64,
) -> Result<Vec<CaseRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CASE_SELECT} WHERE c.open_work = 1 AND c.escalation_level > 0
         ORDER BY c.escalation_level DESC, CASE WHEN c.due_day IS NULL THEN 1 ELSE 0 END,
            c.due_day, c.created_at, c.id
         LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The SQL of a desk page, newest first, after an optional cursor. Without a state filter it
/// lists the cases that still wait for work. Every filter is an equality on the leading columns
/// of an index ending in `(created_at, id)`, and the cursor is a row-value comparison on those
/// two, so each page is one backward index range scan however many cases there are.
pub fn desk_sql(filter: &DeskFilter, scope: &DeskScope, with_cursor: bool) -> String {
    let mut n = 0;
    let mut next = || {
        n += 1;
        format!("${n}")
    };
    // Who may see what (`domain::access::DeskScope`); the user, when the scope has one, is the
    // first placeholder. An employee's desk is driven by their own open work (a handful of rows
    // found through `tasks_assignee_open`, then sorted), not by a
    // walk of every open case; the other scopes filter the index walk described above. Folder
    // ids are our own integers, written into the text.
    let mut sql = match scope {
        DeskScope::Work { .. } => {
            let me = next();
            // `CROSS JOIN` makes SQLite loop over the work first and fetch each case by its
            // id (a plain join let it walk the open cases in date order and test each one);
            // on PostgreSQL it is an inner join like any other.
            let work = format!(
                "FROM (SELECT DISTINCT case_id FROM tasks WHERE assignee_id = {me} AND state <> '{}') w
                    CROSS JOIN cases c",
                crate::domain::tasks::TaskState::Accepted.code()
            );
            format!(
                "{} WHERE c.id = w.case_id AND ",
                CASE_SELECT.replacen("FROM cases c", &work, 1)
            )
        }
        _ => format!("{CASE_SELECT} WHERE "),
    };
    let me = match scope {
        DeskScope::Folders { .. } => Some(next()),
        _ => None,
    };
    match filter.state {
        Some(_) => sql.push_str(&format!("c.state = {}", next())),
        None => sql.push_str("c.open_work = 1"),
    }
    match scope {
        DeskScope::All | DeskScope::Work { .. } => {}
        DeskScope::Folders { folder_ids, .. } => {
            let me = me.unwrap_or_default();
            let folders = folder_ids
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            sql.push_str(&format!(" AND (c.manager_id = {me} OR c.created_by = {me}"));
            if !folder_ids.is_empty() {
                sql.push_str(&format!(
                    " OR (c.folder_id IN ({folders}) AND c.state <> '{}')",
                    CaseState::Draft.code()
                ));
            }
            sql.push(')');
        }
        DeskScope::None => sql.push_str(" AND 1 = 0"),
    }
    if filter.manager_id.is_some() {
        sql.push_str(&format!(" AND c.manager_id = {}", next()));
    }
    if filter.escalated {
        sql.push_str(" AND c.escalation_level > 0");
    }
    if filter.channel.is_some() {
        sql.push_str(&format!(" AND c.channel = {}", next()));
    }
    if filter.class.is_some() {
        sql.push_str(&format!(" AND c.class = {}", next()));
    }
    if with_cursor {
        let (a, b) = (next(), next());
        sql.push_str(&format!(" AND (c.created_at, c.id) < ({a}, {b})"));
    }
    sql.push_str(&format!(
        " ORDER BY c.created_at DESC, c.id DESC LIMIT {}",
        next()
    ));
    sql
}

/// The values for the placeholders of [`desk_sql`], in order, bound to any query over it.
pub fn bind_desk<'q, O>(
    mut q: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    filter: &DeskFilter,
    scope: &DeskScope,
    cursor: Option<DeskCursor>,
    limit: i64,
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    match scope {
        DeskScope::Folders { user_id, .. } | DeskScope::Work { user_id } => q = q.bind(*user_id),
        DeskScope::All | DeskScope::None => {}
    }
    if let Some(s) = filter.state {
        q = q.bind(s.code());
    }
    if let Some(m) = filter.manager_id {
        q = q.bind(m);
    }
    if let Some(ch) = filter.channel {
        q = q.bind(ch.code());
    }
    if let Some(cl) = filter.class {
        q = q.bind(cl.code());
    }
    if let Some(cur) = cursor {
        q = q.bind(cur.created_at_ms).bind(cur.id);
    }
    q.bind(limit)
}

/// One page of the desk: see [`desk_sql`].
pub async fn desk_page(
    conn: &mut AnyConnection,
    filter: &DeskFilter,
    scope: &DeskScope,
    cursor: Option<DeskCursor>,
    limit: i64,
) -> Result<Vec<CaseRow>, sqlx::Error> {
    let sql = desk_sql(filter, scope, cursor.is_some());
    bind_desk(sqlx::query_as(&sql), filter, scope, cursor, limit)
        .fetch_all(conn)
        .await
}

pub struct NewAttachment<'a> {
    pub case_id: i64,
    /// The required document the file stands for, if any.
    pub document_id: Option<i64>,
    /// The task whose answer the file came with (internal work).
    pub task_id: Option<i64>,
    /// The message of an information request's thread the file came with (internal work).
    pub info_message_id: Option<i64>,
    pub storage_key: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub sha256: &'a str,
    pub uploaded_by: i64,
    pub created_at: i64,
}

pub async fn insert_attachment(
    conn: &mut AnyConnection,
    a: NewAttachment<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO attachments (case_id, storage_key, file_name, content_type, size, sha256, uploaded_by, created_at, document_id, task_id, info_message_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(a.case_id)
    .bind(a.storage_key)
    .bind(a.file_name)
    .bind(a.content_type)
    .bind(a.size)
    .bind(a.sha256)
    .bind(a.uploaded_by)
    .bind(a.created_at)
    .bind(a.document_id)
    .bind(a.task_id)
    .bind(a.info_message_id)
    .fetch_one(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct AttachmentRow {
    pub id: i64,
    pub case_id: i64,
    pub storage_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: i64,
    pub document_id: Option<i64>,
    pub task_id: Option<i64>,
    pub info_message_id: Option<i64>,
    /// The decision letter this file is a version of (SPEC E3).
    pub letter_id: Option<i64>,
}

const ATTACHMENT_COLUMNS: &str = "id, case_id, storage_key, file_name, content_type, size, \
    created_at, document_id, task_id, info_message_id, letter_id";

pub async fn attachments_of(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<AttachmentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE case_id = $1 ORDER BY id"
    ))
    .bind(case_id)
    .fetch_all(conn)
    .await
}

pub async fn attachment(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<AttachmentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}
