//! Decisions, their approval and their letters (SPEC E1-E4), the settings of resolutions and
//! case types they depend on (thresholds, A8 channels, A9 approval), the letter templates and
//! the company's letterhead.

use crate::domain::decisions::Threshold;
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct ResolutionRow {
    pub id: i64,
    pub folder_id: i64,
    pub name: String,
    pub carries_amount: i64,
    pub decided_by: Option<String>,
    pub active: i64,
}

const RESOLUTION: &str =
    "SELECT r.id, r.folder_id, r.name, r.carries_amount, r.decided_by, r.active \
    FROM catalog_entries r";

/// The active resolutions of a folder that fit `case_type_id`: those bound to it and those
/// bound to no type.
pub async fn resolutions_for(
    conn: &mut AnyConnection,
    folder_id: i64,
    case_type_id: Option<i64>,
) -> Result<Vec<ResolutionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{RESOLUTION} WHERE r.folder_id = $1 AND r.kind = 'resolution' AND r.active = 1 \
         AND (NOT EXISTS (SELECT 1 FROM resolution_case_types f WHERE f.resolution_id = r.id) \
              OR EXISTS (SELECT 1 FROM resolution_case_types f WHERE f.resolution_id = r.id \
                         AND f.case_type_id = $2)) \
         ORDER BY r.sort, r.id"
    ))
    .bind(folder_id)
    .bind(case_type_id.unwrap_or(0))
    .fetch_all(conn)
    .await
}

/// Every resolution of a folder, active or not.
pub async fn resolutions_of_folder(
    conn: &mut AnyConnection,
    folder_id: i64,
) -> Result<Vec<ResolutionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{RESOLUTION} WHERE r.folder_id = $1 AND r.kind = 'resolution' ORDER BY r.sort, r.id"
    ))
    .bind(folder_id)
    .fetch_all(conn)
    .await
}

pub async fn resolution(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<ResolutionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{RESOLUTION} WHERE r.id = $1 AND r.kind = 'resolution'"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The case types a resolution is bound to (none: every type).
pub async fn resolution_types(
    conn: &mut AnyConnection,
    resolution_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT case_type_id FROM resolution_case_types WHERE resolution_id = $1 ORDER BY case_type_id",
    )
    .bind(resolution_id)
    .fetch_all(conn)
    .await
}

pub async fn set_resolution(
    conn: &mut AnyConnection,
    id: i64,
    carries_amount: bool,
    decided_by: &str,
    case_types: &[i64],
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE catalog_entries SET carries_amount = $1, decided_by = $2 WHERE id = $3")
        .bind(carries_amount as i64)
        .bind(decided_by)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM resolution_case_types WHERE resolution_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for t in case_types {
        sqlx::query(
            "INSERT INTO resolution_case_types (resolution_id, case_type_id) VALUES ($1, $2)",
        )
        .bind(id)
        .bind(t)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A case type's settings for decisions and intake.
#[derive(Debug, Clone, FromRow)]
pub struct TypeRules {
    pub id: i64,
    pub folder_id: i64,
    pub name: String,
    pub allowed_channels: Option<String>,
    pub channel_instead: Option<String>,
    pub always_approve: i64,
    pub filed_by_customers: i64,
}

pub async fn type_rules(
    conn: &mut AnyConnection,
    case_type_id: i64,
) -> Result<Option<TypeRules>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, folder_id, name, allowed_channels, channel_instead, always_approve, \
         filed_by_customers FROM catalog_entries WHERE id = $1 AND kind = 'case_type'",
    )
    .bind(case_type_id)
    .fetch_optional(conn)
    .await
}

pub async fn set_type_rules(
    conn: &mut AnyConnection,
    case_type_id: i64,
    allowed_channels: Option<&str>,
    channel_instead: Option<&str>,
    always_approve: bool,
    filed_by_customers: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE catalog_entries SET allowed_channels = $1, channel_instead = $2, \
         always_approve = $3, filed_by_customers = $4 WHERE id = $5",
    )
    .bind(allowed_channels)
    .bind(channel_instead)
    .bind(always_approve as i64)
    .bind(filed_by_customers as i64)
    .bind(case_type_id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// SPEC A9: the active case types of a folder that customers may file as requests, in the
/// catalog's order: (id, name).
pub async fn request_kinds(
    conn: &mut AnyConnection,
    folder_id: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name FROM catalog_entries WHERE folder_id = $1 AND kind = 'case_type' \
         AND active = 1 AND filed_by_customers = 1 ORDER BY sort, id",
    )
    .bind(folder_id)
    .fetch_all(conn)
    .await
}

pub async fn thresholds(
    conn: &mut AnyConnection,
    case_type_id: i64,
) -> Result<Vec<Threshold>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT currency, amount_minor FROM approval_thresholds WHERE case_type_id = $1 ORDER BY currency",
    )
    .bind(case_type_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(currency, minor)| Threshold { currency, minor })
        .collect())
}

/// Replaces the type's threshold in `t.currency`.
pub async fn set_threshold(
    conn: &mut AnyConnection,
    case_type_id: i64,
    t: &Threshold,
) -> Result<(), sqlx::Error> {
    remove_threshold(conn, case_type_id, &t.currency).await?;
    sqlx::query(
        "INSERT INTO approval_thresholds (case_type_id, currency, amount_minor) VALUES ($1, $2, $3)",
    )
    .bind(case_type_id)
    .bind(&t.currency)
    .bind(t.minor)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn remove_threshold(
    conn: &mut AnyConnection,
    case_type_id: i64,
    currency: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM approval_thresholds WHERE case_type_id = $1 AND currency = $2")
        .bind(case_type_id)
        .bind(currency)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn set_folder_approver(
    conn: &mut AnyConnection,
    folder_id: i64,
    approver: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE folders SET approver_id = $1 WHERE id = $2")
        .bind(approver)
        .bind(folder_id)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn folder_approver(
    conn: &mut AnyConnection,
    folder_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    Ok(
        sqlx::query_scalar::<_, Option<i64>>("SELECT approver_id FROM folders WHERE id = $1")
            .bind(folder_id)
            .fetch_optional(conn)
            .await?
            .flatten(),
    )
}

#[derive(Debug, Clone, FromRow)]
pub struct DecisionRow {
    pub id: i64,
    pub case_id: i64,
    pub resolution_id: i64,
    pub resolution_name: String,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub reasoning: String,
    pub decided_by: i64,
    pub decider_name: String,
    pub state: String,
    pub approver_id: Option<i64>,
    pub approver_name: Option<String>,
    pub approval_comment: Option<String>,
    pub decided_at: i64,
    pub settled_at: Option<i64>,
}

const DECISION: &str = "SELECT d.id, d.case_id, d.resolution_id, r.name AS resolution_name, \
    d.amount_minor, d.currency, d.reasoning, d.decided_by, u.name AS decider_name, d.state, \
    d.approver_id, a.name AS approver_name, d.approval_comment, d.decided_at, d.settled_at \
    FROM decisions d JOIN catalog_entries r ON r.id = d.resolution_id \
    JOIN users u ON u.id = d.decided_by LEFT JOIN users a ON a.id = d.approver_id";

pub struct NewDecision<'a> {
    pub case_id: i64,
    pub resolution_id: i64,
    pub amount_minor: Option<i64>,
    pub currency: Option<&'a str>,
    pub reasoning: &'a str,
    pub decided_by: i64,
    pub state: &'a str,
    pub now: i64,
}

pub async fn insert(conn: &mut AnyConnection, d: NewDecision<'_>) -> Result<i64, sqlx::Error> {
    let effective = d.state == crate::domain::decisions::DecisionState::Effective.code();
    sqlx::query_scalar(
        "INSERT INTO decisions (case_id, resolution_id, amount_minor, currency, reasoning, \
         decided_by, state, decided_at, settled_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(d.case_id)
    .bind(d.resolution_id)
    .bind(d.amount_minor)
    .bind(d.currency)
    .bind(d.reasoning)
    .bind(d.decided_by)
    .bind(d.state)
    .bind(d.now)
    .bind(effective.then_some(d.now))
    .fetch_one(conn)
    .await
}

pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<DecisionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{DECISION} WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn of_case(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<DecisionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{DECISION} WHERE d.case_id = $1 ORDER BY d.id"))
        .bind(case_id)
        .fetch_all(conn)
        .await
}

/// Whether a decision of the case waits for approval.
pub async fn has_pending(conn: &mut AnyConnection, case_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM decisions WHERE case_id = $1 AND state = 'pending'",
    )
    .bind(case_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Settles a pending decision; `false` when it no longer waits (someone settled it first).
pub async fn settle(
    conn: &mut AnyConnection,
    id: i64,
    state: &str,
    approver_id: i64,
    comment: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE decisions SET state = $1, approver_id = $2, approval_comment = $3, settled_at = $4 \
         WHERE id = $5 AND state = 'pending'",
    )
    .bind(state)
    .bind(approver_id)
    .bind(comment)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A decision waiting for approval, with its case, for the approvers' desk.
#[derive(Debug, Clone, FromRow)]
pub struct PendingRow {
    pub id: i64,
    pub case_number: String,
    pub case_subject: String,
    pub resolution_name: String,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub reasoning: String,
    pub decider_name: String,
    pub decided_at: i64,
}

/// What waits for `user_id`'s approval: every pending decision for a supervisor, those of the
/// folders naming them for anyone else; never their own. Oldest first.
pub async fn pending_for(
    conn: &mut AnyConnection,
    user_id: i64,
    supervisor: bool,
    limit: i64,
) -> Result<Vec<PendingRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, c.number AS case_number, c.subject AS case_subject, \
         r.name AS resolution_name, d.amount_minor, d.currency, d.reasoning, \
         u.name AS decider_name, d.decided_at \
         FROM decisions d JOIN cases c ON c.id = d.case_id \
         JOIN catalog_entries r ON r.id = d.resolution_id JOIN users u ON u.id = d.decided_by \
         LEFT JOIN folders f ON f.id = c.folder_id \
         WHERE d.state = 'pending' AND d.decided_by <> $1 AND ($2 = 1 OR f.approver_id = $1) \
         ORDER BY d.decided_at, d.id LIMIT $3",
    )
    .bind(user_id)
    .bind(supervisor as i64)
    .bind(limit)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct LetterRow {
    pub id: i64,
    pub decision_id: i64,
    pub case_id: i64,
    pub version: i64,
    pub locale: String,
    pub state: String,
    pub send: i64,
    pub attachment_id: Option<i64>,
    pub requested_by: i64,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

const LETTER: &str = "SELECT id, decision_id, case_id, version, locale, state, send, \
    attachment_id, requested_by, created_at, sent_at FROM decision_letters";

/// Queues the next version of a decision's letter.
pub async fn insert_letter(
    conn: &mut AnyConnection,
    decision_id: i64,
    case_id: i64,
    locale: &str,
    send: bool,
    requested_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let version: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM decision_letters WHERE decision_id = $1",
    )
    .bind(decision_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query_scalar(
        "INSERT INTO decision_letters (decision_id, case_id, version, locale, state, send, \
         requested_by, created_at) VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7) RETURNING id",
    )
    .bind(decision_id)
    .bind(case_id)
    .bind(version)
    .bind(locale)
    .bind(send as i64)
    .bind(requested_by)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn letter(conn: &mut AnyConnection, id: i64) -> Result<Option<LetterRow>, sqlx::Error> {
    sqlx::query_as(&format!("{LETTER} WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn letters_of_case(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<LetterRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{LETTER} WHERE case_id = $1 ORDER BY decision_id, version"
    ))
    .bind(case_id)
    .fetch_all(conn)
    .await
}

/// Records the made PDF; `sent` when it goes to the customer now.
pub async fn letter_made(
    conn: &mut AnyConnection,
    id: i64,
    attachment_id: i64,
    sent: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE decision_letters SET attachment_id = $1, state = $2, sent_at = $3 WHERE id = $4",
    )
    .bind(attachment_id)
    .bind(if sent { "sent" } else { "ready" })
    .bind(sent.then_some(now))
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Marks a made letter sent; `false` when it was not waiting to be.
/// Marks a queued letter as failed for good; returns its case, or `None` when it was no longer
/// queued.
pub async fn letter_failed(conn: &mut AnyConnection, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE decision_letters SET state = 'failed' WHERE id = $1 AND state = 'queued' \
         RETURNING case_id",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn mark_sent(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE decision_letters SET state = 'sent', sent_at = $1 WHERE id = $2 AND state = 'ready'",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, FromRow)]
pub struct TemplateRow {
    pub case_type_id: i64,
    pub resolution_id: i64,
    pub locale: String,
    pub subject: String,
    pub body: String,
    pub updated_at: i64,
}

pub async fn template(
    conn: &mut AnyConnection,
    case_type_id: i64,
    resolution_id: i64,
    locale: &str,
) -> Result<Option<TemplateRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT case_type_id, resolution_id, locale, subject, body, updated_at FROM letter_templates \
         WHERE case_type_id = $1 AND resolution_id = $2 AND locale = $3",
    )
    .bind(case_type_id)
    .bind(resolution_id)
    .bind(locale)
    .fetch_optional(conn)
    .await
}

pub async fn templates_of_type(
    conn: &mut AnyConnection,
    case_type_id: i64,
) -> Result<Vec<TemplateRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT case_type_id, resolution_id, locale, subject, body, updated_at FROM letter_templates \
         WHERE case_type_id = $1 ORDER BY resolution_id, locale",
    )
    .bind(case_type_id)
    .fetch_all(conn)
    .await
}

#[allow(clippy::too_many_arguments)]
pub async fn put_template(
    conn: &mut AnyConnection,
    case_type_id: i64,
    resolution_id: i64,
    locale: &str,
    subject: &str,
    body: &str,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM letter_templates WHERE case_type_id = $1 AND resolution_id = $2 AND locale = $3",
    )
    .bind(case_type_id)
    .bind(resolution_id)
    .bind(locale)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO letter_templates (case_type_id, resolution_id, locale, subject, body, \
         updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(case_type_id)
    .bind(resolution_id)
    .bind(locale)
    .bind(subject)
    .bind(body)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// The company's letterhead.
#[derive(Debug, Clone, Default, FromRow)]
pub struct CompanyRow {
    pub name: String,
    pub address: String,
    pub tax_id: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub logo_key: Option<String>,
    pub logo_type: Option<String>,
}

pub async fn company(conn: &mut AnyConnection) -> Result<Option<CompanyRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT name, address, tax_id, phone, email, website, logo_key, logo_type \
         FROM company_profile WHERE id = 1",
    )
    .fetch_optional(conn)
    .await
}

pub async fn put_company(
    conn: &mut AnyConnection,
    c: &CompanyRow,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM company_profile WHERE id = 1")
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO company_profile (id, name, address, tax_id, phone, email, website, logo_key, \
         logo_type, updated_at) VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&c.name)
    .bind(&c.address)
    .bind(&c.tax_id)
    .bind(&c.phone)
    .bind(&c.email)
    .bind(&c.website)
    .bind(&c.logo_key)
    .bind(&c.logo_type)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}
