//! SLA policies and a case's clock (issue 6). Every mark on a case's clock is a conditional
//! UPDATE that only the first writer wins, so a deadline effect happens once however many
//! workers get there.
//!
//! Term units, channels, case states and flags are decoded here, where the rows are read, into
//! the domain's types (`store::codes`): the services never parse them. The company calendars
//! the deadlines count in are `store::calendars`.

use super::codes::{decode, decoded, flag, undecodable};
use crate::domain::case::{CaseState, Channel};
use crate::domain::sla::{SlaPolicy, TermSpec, TermUnit};
use sqlx::{AnyConnection, FromRow};

/// A stored count that must fit a term's amount.
fn amount(table: &str, id: i64, column: &str, value: i64) -> Result<u32, sqlx::Error> {
    u32::try_from(value).map_err(|_| undecodable(table, id, column, format!("bad amount {value}")))
}

/// A policy with what the admin screen shows of it.
#[derive(Debug, Clone)]
pub struct PolicyRow {
    pub folder_id: i64,
    pub case_type_name: Option<String>,
    pub policy: SlaPolicy,
}

#[derive(FromRow)]
struct StoredPolicy {
    id: i64,
    folder_id: i64,
    case_type_id: Option<i64>,
    case_type_name: Option<String>,
    channel: Option<String>,
    calendar_code: String,
    first_response_amount: i64,
    first_response_unit: String,
    resolution_amount: i64,
    resolution_unit: String,
    at_risk_percent: i64,
}

impl TryFrom<StoredPolicy> for PolicyRow {
    type Error = sqlx::Error;
    fn try_from(r: StoredPolicy) -> Result<Self, sqlx::Error> {
        const T: &str = "sla_policies";
        let channel = match &r.channel {
            Some(c) => Some(decode::<Channel>(T, r.id, "channel", c)?),
            None => None,
        };
        Ok(PolicyRow {
            folder_id: r.folder_id,
            case_type_name: r.case_type_name,
            policy: SlaPolicy {
                id: r.id,
                case_type_id: r.case_type_id,
                channel,
                calendar_code: r.calendar_code,
                first_response: TermSpec {
                    amount: amount(T, r.id, "first_response_amount", r.first_response_amount)?,
                    unit: decode::<TermUnit>(
                        T,
                        r.id,
                        "first_response_unit",
                        &r.first_response_unit,
                    )?,
                },
                resolution: TermSpec {
                    amount: amount(T, r.id, "resolution_amount", r.resolution_amount)?,
                    unit: decode::<TermUnit>(T, r.id, "resolution_unit", &r.resolution_unit)?,
                },
                at_risk_percent: r.at_risk_percent,
            },
        })
    }
}

const POLICY_SELECT: &str = "SELECT p.id, p.folder_id, p.case_type_id, \
    t.name AS case_type_name, p.channel, p.calendar_code, p.first_response_amount, \
    p.first_response_unit, p.resolution_amount, p.resolution_unit, p.at_risk_percent \
    FROM sla_policies p LEFT JOIN catalog_entries t ON t.id = p.case_type_id";

pub async fn policies(
    conn: &mut AnyConnection,
    folder_id: i64,
) -> Result<Vec<PolicyRow>, sqlx::Error> {
    let rows: Vec<StoredPolicy> = sqlx::query_as(&format!(
        "{POLICY_SELECT} WHERE p.folder_id = $1 ORDER BY p.case_type_id IS NOT NULL, t.name, \
         p.channel IS NOT NULL, p.channel, p.id"
    ))
    .bind(folder_id)
    .fetch_all(conn)
    .await?;
    decoded(rows)
}

pub struct NewPolicy<'a> {
    pub folder_id: i64,
    pub case_type_id: Option<i64>,
    pub channel: Option<&'a str>,
    pub calendar_code: &'a str,
    pub first_response: (i64, &'a str),
    pub resolution: (i64, &'a str),
    pub at_risk_percent: i64,
}

/// Adds a policy, or replaces the one of the same folder, type and channel.
pub async fn upsert_policy(
    conn: &mut AnyConnection,
    p: &NewPolicy<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let existing: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM sla_policies WHERE folder_id = $1 AND COALESCE(case_type_id, 0) = $2 \
         AND COALESCE(channel, '') = $3",
    )
    .bind(p.folder_id)
    .bind(p.case_type_id.unwrap_or(0))
    .bind(p.channel.unwrap_or(""))
    .fetch_optional(&mut *conn)
    .await?;
    match existing {
        Some(id) => {
            sqlx::query(
                "UPDATE sla_policies SET calendar_code = $1, first_response_amount = $2, \
                 first_response_unit = $3, resolution_amount = $4, resolution_unit = $5, \
                 at_risk_percent = $6 WHERE id = $7",
            )
            .bind(p.calendar_code)
            .bind(p.first_response.0)
            .bind(p.first_response.1)
            .bind(p.resolution.0)
            .bind(p.resolution.1)
            .bind(p.at_risk_percent)
            .bind(id)
            .execute(conn)
            .await?;
            Ok(id)
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO sla_policies (folder_id, case_type_id, channel, calendar_code, \
                 first_response_amount, first_response_unit, resolution_amount, resolution_unit, \
                 at_risk_percent, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 RETURNING id",
            )
            .bind(p.folder_id)
            .bind(p.case_type_id)
            .bind(p.channel)
            .bind(p.calendar_code)
            .bind(p.first_response.0)
            .bind(p.first_response.1)
            .bind(p.resolution.0)
            .bind(p.resolution.1)
            .bind(p.at_risk_percent)
            .bind(now)
            .fetch_one(conn)
            .await
        }
    }
}

/// A case's clock and what the deadline work needs to know of the case.
#[derive(Debug, Clone)]
pub struct CaseClock {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub state: CaseState,
    pub folder_id: Option<i64>,
    pub case_type_id: Option<i64>,
    pub channel: Channel,
    pub customer_id: i64,
    pub manager_id: Option<i64>,
    pub priority_id: Option<i64>,
    pub escalation_level: i64,
    /// The receipt: when the customer filed the case or the agent recorded it.
    pub created_at: i64,
    pub sla_policy_id: Option<i64>,
    pub calendar_code: Option<String>,
    pub clock_started_at: Option<i64>,
    pub first_response_due_at: Option<i64>,
    pub resolution_due_at: Option<i64>,
    pub first_response_at: Option<i64>,
    pub first_response_in_time: Option<bool>,
    pub paused_at: Option<i64>,
    /// The clock stands still because the case waits for the customer (SPEC D4), not because
    /// a person stopped it: the customer's answer starts it again.
    pub paused_for_customer: bool,
    /// The case's type interrupts the term while the case waits for the customer.
    pub type_pauses_for_customer: bool,
    pub at_risk_at: Option<i64>,
    pub overdue_at: Option<i64>,
    pub extended_at: Option<i64>,
    pub paused_working_ms: i64,
    pub paused_clock_ms: i64,
    /// Units added to the resolution term by its extension.
    pub resolution_extension: u32,
    pub closed_at: Option<i64>,
}

#[derive(FromRow)]
struct StoredClock {
    id: i64,
    number: String,
    subject: String,
    state: String,
    folder_id: Option<i64>,
    case_type_id: Option<i64>,
    channel: String,
    customer_id: i64,
    manager_id: Option<i64>,
    priority_id: Option<i64>,
    escalation_level: i64,
    created_at: i64,
    sla_policy_id: Option<i64>,
    calendar_code: Option<String>,
    clock_started_at: Option<i64>,
    first_response_due_at: Option<i64>,
    resolution_due_at: Option<i64>,
    first_response_at: Option<i64>,
    first_response_in_time: Option<i64>,
    paused_at: Option<i64>,
    paused_for_customer: i64,
    type_pauses_for_customer: i64,
    at_risk_at: Option<i64>,
    overdue_at: Option<i64>,
    extended_at: Option<i64>,
    paused_working_ms: i64,
    paused_clock_ms: i64,
    resolution_extension: i64,
    closed_at: Option<i64>,
}

impl TryFrom<StoredClock> for CaseClock {
    type Error = sqlx::Error;
    fn try_from(r: StoredClock) -> Result<Self, sqlx::Error> {
        const T: &str = "cases";
        Ok(CaseClock {
            state: decode(T, r.id, "state", &r.state)?,
            channel: decode(T, r.id, "channel", &r.channel)?,
            first_response_in_time: match r.first_response_in_time {
                Some(v) => Some(flag(T, r.id, "first_response_in_time", v)?),
                None => None,
            },
            resolution_extension: amount(T, r.id, "resolution_extension", r.resolution_extension)?,
            paused_for_customer: flag(T, r.id, "paused_for_customer", r.paused_for_customer)?,
            type_pauses_for_customer: flag(
                "catalog_entries",
                r.case_type_id.unwrap_or_default(),
                "pauses_for_customer",
                r.type_pauses_for_customer,
            )?,
            id: r.id,
            number: r.number,
            subject: r.subject,
            folder_id: r.folder_id,
            case_type_id: r.case_type_id,
            customer_id: r.customer_id,
            manager_id: r.manager_id,
            priority_id: r.priority_id,
            escalation_level: r.escalation_level,
            created_at: r.created_at,
            sla_policy_id: r.sla_policy_id,
            calendar_code: r.calendar_code,
            clock_started_at: r.clock_started_at,
            first_response_due_at: r.first_response_due_at,
            resolution_due_at: r.resolution_due_at,
            first_response_at: r.first_response_at,
            paused_at: r.paused_at,
            at_risk_at: r.at_risk_at,
            overdue_at: r.overdue_at,
            extended_at: r.extended_at,
            paused_working_ms: r.paused_working_ms,
            paused_clock_ms: r.paused_clock_ms,
            closed_at: r.closed_at,
        })
    }
}

const CLOCK_SELECT: &str = "SELECT c.id, c.number, c.subject, c.state, c.folder_id, \
    c.case_type_id, c.channel, c.customer_id, c.manager_id, c.priority_id, c.escalation_level, \
    c.created_at, c.sla_policy_id, \
    c.calendar_code, c.clock_started_at, c.first_response_due_at, c.resolution_due_at, \
    c.first_response_at, c.first_response_in_time, c.paused_at, c.paused_for_customer, \
    COALESCE((SELECT t.pauses_for_customer FROM catalog_entries t WHERE t.id = c.case_type_id), 0) \
    AS type_pauses_for_customer, c.at_risk_at, c.overdue_at, \
    c.extended_at, c.paused_working_ms, c.paused_clock_ms, c.resolution_extension, c.closed_at \
    FROM cases c";

pub async fn clock(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Option<CaseClock>, sqlx::Error> {
    let row: Option<StoredClock> = sqlx::query_as(&format!("{CLOCK_SELECT} WHERE c.id = $1"))
        .bind(case_id)
        .fetch_optional(conn)
        .await?;
    row.map(CaseClock::try_from).transpose()
}

/// Starts or recomputes a case's clock from its policy.
pub async fn set_clock(
    conn: &mut AnyConnection,
    case_id: i64,
    policy_id: i64,
    calendar_code: &str,
    started_at: i64,
    first_response_due_at: i64,
    resolution_due_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE cases SET sla_policy_id = $1, calendar_code = $2, clock_started_at = $3, \
         first_response_due_at = $4, resolution_due_at = $5 WHERE id = $6",
    )
    .bind(policy_id)
    .bind(calendar_code)
    .bind(started_at)
    .bind(first_response_due_at)
    .bind(resolution_due_at)
    .bind(case_id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Moves a case's deadlines (a resumed pause, an extension).
pub async fn move_deadlines(
    conn: &mut AnyConnection,
    case_id: i64,
    first_response_due_at: Option<i64>,
    resolution_due_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE cases SET first_response_due_at = COALESCE($1, first_response_due_at), \
         resolution_due_at = $2 WHERE id = $3",
    )
    .bind(first_response_due_at)
    .bind(resolution_due_at)
    .bind(case_id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Sets a once-only mark (`at_risk_at`, `overdue_at`); `true` for the writer that
/// set it.
pub async fn mark_once(
    conn: &mut AnyConnection,
    case_id: i64,
    column: ClockMark,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let col = column.column();
    let done = sqlx::query(&format!(
        "UPDATE cases SET {col} = $1 WHERE id = $2 AND {col} IS NULL"
    ))
    .bind(at)
    .bind(case_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, Copy)]
pub enum ClockMark {
    AtRisk,
    Overdue,
}

impl ClockMark {
    fn column(self) -> &'static str {
        match self {
            ClockMark::AtRisk => "at_risk_at",
            ClockMark::Overdue => "overdue_at",
        }
    }
}

/// The first response, in time or late, for good.
pub async fn record_first_response(
    conn: &mut AnyConnection,
    case_id: i64,
    at: i64,
    in_time: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE cases SET first_response_at = $1, first_response_in_time = $2 \
         WHERE id = $3 AND first_response_at IS NULL",
    )
    .bind(at)
    .bind(i64::from(in_time))
    .bind(case_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stops a case's clock at `at`, by hand or (`for_customer`) because the case waits for the
/// customer; `false` when it is stopped already.
pub async fn pause(
    conn: &mut AnyConnection,
    case_id: i64,
    at: i64,
    for_customer: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE cases SET paused_at = $1, paused_for_customer = $2 \
         WHERE id = $3 AND paused_at IS NULL",
    )
    .bind(at)
    .bind(i64::from(for_customer))
    .bind(case_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Starts a case's clock again after the pause that began at `paused_at`, adding the time it
/// stood still; `false` when that pause is not the current one.
pub async fn resume(
    conn: &mut AnyConnection,
    case_id: i64,
    paused_at: i64,
    working_ms: i64,
    clock_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE cases SET paused_at = NULL, paused_for_customer = 0, \
         paused_working_ms = paused_working_ms + $1, paused_clock_ms = paused_clock_ms + $2 WHERE id = $3 AND paused_at = $4",
    )
    .bind(working_ms)
    .bind(clock_ms)
    .bind(case_id)
    .bind(paused_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records an extension of the resolution term by `units`, once.
pub async fn extend(
    conn: &mut AnyConnection,
    case_id: i64,
    units: i64,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE cases SET resolution_extension = $1, extended_at = $2 \
         WHERE id = $3 AND extended_at IS NULL",
    )
    .bind(units)
    .bind(at)
    .bind(case_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A policy by id.
pub async fn policy(conn: &mut AnyConnection, id: i64) -> Result<Option<PolicyRow>, sqlx::Error> {
    let row: Option<StoredPolicy> = sqlx::query_as(&format!("{POLICY_SELECT} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(PolicyRow::try_from).transpose()
}

/// Takes the case row for a change, so deadline work and a person's step on the same case
/// happen one after the other.
pub async fn take(conn: &mut AnyConnection, case_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET updated_at = updated_at WHERE id = $1")
        .bind(case_id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The active levels of a folder's priority catalog as `(id, name)`, from the highest (lower
/// sort is higher).
pub async fn priority_levels(
    conn: &mut AnyConnection,
    folder_id: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name FROM catalog_entries WHERE folder_id = $1 AND kind = 'priority' \
         AND active = 1 ORDER BY sort, id",
    )
    .bind(folder_id)
    .fetch_all(conn)
    .await
}

pub async fn set_priority(
    conn: &mut AnyConnection,
    case_id: i64,
    priority_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET priority_id = $1 WHERE id = $2")
        .bind(priority_id)
        .bind(case_id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Assignees of tasks whose maximum day is before `today` and that nobody accepted yet, on open
/// cases whose calendar is `calendar_code` (cases without one follow `default_calendar`), with
/// those tasks: (assignee id, case number, task title, max day), by assignee.
pub async fn overdue_tasks(
    conn: &mut AnyConnection,
    calendar_code: &str,
    default_calendar: &str,
    today: &str,
) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.assignee_id, c.number, t.title, t.max_day FROM tasks t \
         JOIN cases c ON c.id = t.case_id \
         WHERE t.state <> 'accepted' AND t.max_day < $1 AND c.open_work = 1 \
         AND COALESCE(c.calendar_code, $2) = $3 \
         ORDER BY t.assignee_id, t.max_day, c.number, t.id",
    )
    .bind(today)
    .bind(default_calendar)
    .bind(calendar_code)
    .fetch_all(conn)
    .await
}

/// The calendars that open cases follow, and the default one.
pub async fn calendars_in_use(
    conn: &mut AnyConnection,
    default_calendar: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let mut codes: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT calendar_code FROM cases WHERE open_work = 1 AND calendar_code IS NOT NULL",
    )
    .fetch_all(conn)
    .await?;
    if !codes.iter().any(|c| c == default_calendar) {
        codes.push(default_calendar.to_string());
    }
    codes.sort();
    Ok(codes)
}

/// SPEC J1: what the analysis reads of a closing, kept on the case: when, in which month, in how
/// many business days from receipt, and whether in time (`None` without a deadline).
pub async fn record_closing(
    conn: &mut AnyConnection,
    case_id: i64,
    at: i64,
    month: i64,
    days: i64,
    in_time: Option<bool>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE cases SET closed_at = $1, closed_month = $2, resolution_days = $3, resolved_in_time = $4 WHERE id = $5",
    )
    .bind(at)
    .bind(month)
    .bind(days)
    .bind(in_time.map(i64::from))
    .bind(case_id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// A closed case reopened: counted for the share reopened (SPEC J1); its last closing stays
/// until it closes again.
pub async fn record_reopening(conn: &mut AnyConnection, case_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET reopen_count = reopen_count + 1 WHERE id = $1")
        .bind(case_id)
        .execute(conn)
        .await
        .map(|_| ())
}
