//! The audit trail (SPEC I2): who did what, when, with the values before and after.
//!
//! Events form one chain: each stores the seal of the one before it, and `audit_head` stores the
//! last with a seal of its own. Seals are HMAC-SHA-256 under the installation's key, kept outside
//! the database (`backend::audit_key`): rewriting an event breaks its seal, deleting one leaves
//! a gap in `seq`, and dropping the newest events needs a head sealed by the key. The database
//! refuses UPDATE and DELETE of events (triggers of migration 0022). Appending updates the head
//! first, which takes the row lock on PostgreSQL and the write lock on SQLite, so concurrent
//! appenders queue instead of forking.

use crate::backend::audit_key::{self, AuditKey};
use serde_json::json;
use sqlx::{AnyConnection, FromRow};

/// A changed field: its name and its value before and after.
pub type Change = (String, Option<String>, Option<String>);

#[derive(Debug, Clone)]
pub struct NewEvent {
    pub case_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub at: i64,
    /// A stable code, e.g. `case_filed`.
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: Option<i64>,
    pub changes: Vec<Change>,
    pub note: Option<String>,
    /// Whether the customer of the case sees it in the portal.
    pub public: bool,
}

impl NewEvent {
    /// An internal event about the case itself, with no changes and no note: the common start
    /// that a change overrides with struct update syntax.
    pub fn on_case(case_id: i64, actor_id: i64, at: i64, action: &'static str) -> NewEvent {
        NewEvent {
            case_id: Some(case_id),
            actor_id: Some(actor_id),
            at,
            action,
            entity: "case",
            entity_id: Some(case_id),
            changes: Vec::new(),
            note: None,
            public: false,
        }
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub seq: i64,
    pub case_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub at: i64,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub changes: String,
    pub note: Option<String>,
    pub public: i64,
    pub prev_hash: String,
    pub hash: String,
}

fn event_hash(key: &AuditKey, prev_hash: &str, seq: i64, e: &EventFields<'_>) -> String {
    let canonical = json!([
        prev_hash,
        seq,
        e.case_id,
        e.actor_id,
        e.at,
        e.action,
        e.entity,
        e.entity_id,
        e.changes,
        e.note,
        e.public
    ]);
    key.seal(canonical.to_string().as_bytes())
}

/// The seal of the head: the last event's place and seal, under the key.
fn head_seal(key: &AuditKey, last_seq: i64, last_hash: &str) -> String {
    key.seal(json!(["head", last_seq, last_hash]).to_string().as_bytes())
}

/// The hashed part of an event, borrowed from either a new event or a stored row.
struct EventFields<'a> {
    case_id: Option<i64>,
    actor_id: Option<i64>,
    at: i64,
    action: &'a str,
    entity: &'a str,
    entity_id: Option<i64>,
    changes: &'a str,
    note: Option<&'a str>,
    public: i64,
}

/// Appends `event` to the chain inside the caller's transaction and returns its `seq`.
pub async fn append(conn: &mut AnyConnection, event: NewEvent) -> Result<i64, sqlx::Error> {
    let key = audit_key::current()
        .ok_or_else(|| sqlx::Error::Configuration("no audit key is installed".into()))?;
    let (seq, prev_hash): (i64, String) = sqlx::query_as(
        "UPDATE audit_head SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq, last_hash",
    )
    .fetch_one(&mut *conn)
    .await?;
    let changes = serde_json::to_string(&event.changes).expect("strings serialise");
    let fields = EventFields {
        case_id: event.case_id,
        actor_id: event.actor_id,
        at: event.at,
        action: event.action,
        entity: event.entity,
        entity_id: event.entity_id,
        changes: &changes,
        note: event.note.as_deref(),
        public: i64::from(event.public),
    };
    let hash = event_hash(key, &prev_hash, seq, &fields);
    sqlx::query(
        "INSERT INTO audit_events (seq, case_id, actor_id, at, action, entity, entity_id, changes, note, public, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(seq)
    .bind(fields.case_id)
    .bind(fields.actor_id)
    .bind(fields.at)
    .bind(fields.action)
    .bind(fields.entity)
    .bind(fields.entity_id)
    .bind(&changes)
    .bind(fields.note)
    .bind(fields.public)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET last_hash = $1, mac = $2 WHERE id = 1")
        .bind(&hash)
        .bind(head_seal(key, seq, &hash))
        .execute(&mut *conn)
        .await?;
    Ok(seq)
}

/// An event of a case's timeline with the actor's name.
#[derive(Debug, Clone, FromRow)]
pub struct TimelineRow {
    pub at: i64,
    pub action: String,
    pub changes: String,
    pub note: Option<String>,
    pub public: i64,
    pub actor_name: Option<String>,
}

pub async fn case_timeline(
    conn: &mut AnyConnection,
    case_id: i64,
    public_only: bool,
) -> Result<Vec<TimelineRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.at, e.action, e.changes, e.note, e.public, u.name AS actor_name
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.case_id = $1 AND (e.public = 1 OR $2 = 0)
         ORDER BY e.seq",
    )
    .bind(case_id)
    .bind(i64::from(public_only))
    .fetch_all(conn)
    .await
}

/// The events of a case staff read on its timeline, each with its place in the trail (`seq`),
/// by which an information request shares chosen entries.
pub async fn case_timeline_with_seq(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<(i64, TimelineRow)>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        seq: i64,
        #[sqlx(flatten)]
        row: TimelineRow,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT e.seq, e.at, e.action, e.changes, e.note, e.public, u.name AS actor_name
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.case_id = $1 ORDER BY e.seq",
    )
    .bind(case_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.seq, r.row)).collect())
}

/// The places in the trail of a case's events.
pub async fn case_event_seqs(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT seq FROM audit_events WHERE case_id = $1")
        .bind(case_id)
        .fetch_all(conn)
        .await
}

/// One event of a thread kept on a case: a task's steps.
#[derive(Debug, Clone, FromRow)]
pub struct ThreadRow {
    pub entity_id: i64,
    pub at: i64,
    pub action: String,
    pub note: Option<String>,
    pub actor_name: Option<String>,
}

/// The events of a case about entities of one kind (`task`), oldest first.
pub async fn case_threads(
    conn: &mut AnyConnection,
    case_id: i64,
    entity: &str,
) -> Result<Vec<ThreadRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.entity_id, e.at, e.action, e.note, u.name AS actor_name
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.case_id = $1 AND e.entity = $2 AND e.entity_id IS NOT NULL
         ORDER BY e.seq",
    )
    .bind(case_id)
    .bind(entity)
    .fetch_all(conn)
    .await
}

/// How many events the trail holds, by its head.
pub async fn last_seq(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT last_seq FROM audit_head WHERE id = 1")
        .fetch_one(conn)
        .await
}

/// What `tramita audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub events: i64,
    pub problems: Vec<String>,
}

/// Walks the whole chain and reports every event whose seal, link or position is wrong, and a
/// head that does not carry the key's seal.
pub async fn verify(conn: &mut AnyConnection, key: &AuditKey) -> Result<Verification, sqlx::Error> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT seq, case_id, actor_id, at, action, entity, entity_id, changes, note, public, prev_hash, hash
         FROM audit_events ORDER BY seq",
    )
    .fetch_all(&mut *conn)
    .await?;
    let (head_seq, head_hash, head_mac): (i64, String, Option<String>) =
        sqlx::query_as("SELECT last_seq, last_hash, mac FROM audit_head WHERE id = 1")
            .fetch_one(&mut *conn)
            .await?;

    let mut problems = Vec::new();
    let mut expected_seq = 1;
    let mut prev_hash = "genesis".to_string();
    for row in &rows {
        if row.seq != expected_seq {
            problems.push(format!(
                "events {expected_seq} to {} are missing",
                row.seq - 1
            ));
        }
        if row.prev_hash != prev_hash {
            problems.push(format!(
                "event {} does not follow the event before it",
                row.seq
            ));
        }
        let fields = EventFields {
            case_id: row.case_id,
            actor_id: row.actor_id,
            at: row.at,
            action: &row.action,
            entity: &row.entity,
            entity_id: row.entity_id,
            changes: &row.changes,
            note: row.note.as_deref(),
            public: row.public,
        };
        if event_hash(key, &row.prev_hash, row.seq, &fields) != row.hash {
            problems.push(format!(
                "event {} was changed after it was written",
                row.seq
            ));
        }
        prev_hash = row.hash.clone();
        expected_seq = row.seq + 1;
    }
    let sealed = match head_mac {
        Some(mac) => mac == head_seal(key, head_seq, &head_hash),
        // A trail nothing was appended to has no seal yet.
        None => head_seq == 0,
    };
    if !sealed {
        problems.push(
            "the head of the trail does not carry the key's seal: it was reset, or this is not \
             the key the trail was written with"
                .to_string(),
        );
    }
    if head_seq != expected_seq - 1 || head_hash != prev_hash {
        problems.push(format!(
            "the trail ends at event {} but its head says {head_seq}: the last events are missing",
            expected_seq - 1
        ));
    }
    Ok(Verification {
        events: rows.len() as i64,
        problems,
    })
}
