//! A case's deadlines (issue 6; SPEC G1-G3, D4, F3; rules in docs/deadlines.md).
//!
//! At opening a case gets the most specific SLA policy of its folder, type and channel, and its
//! first-response and resolution deadlines are counted from its receipt in the policy's
//! calendar. A watch job per case then wakes at the at-risk share and past the deadline; pauses
//! stop the clock and move the deadlines by the time they lasted; a daily job per calendar sends
//! each assignee of overdue tasks one reminder. Every effect is a once-only mark on the case
//! taken inside the job's transaction, so two workers never double it.
//!
//! The rules themselves are pure and live in `domain::sla` (which policy applies, the at-risk
//! share, the priority it raises) and `domain::deadlines` (the deadlines, pauses, the watch,
//! reminder days); this module reads the rows, asks, and writes.

use super::access;
use crate::backend::live::DeskEvent;
use crate::backend::notify::alerts;
use crate::backend::services::catalogs;
use crate::backend::store::deadlines::{self as store, CaseClock, ClockMark};
use crate::backend::store::{audit, cases, catalogs as catalog_store, jobs, routing};
use crate::backend::{AppError, AppState};
use crate::domain::access::{CaseAction, Scope};
use crate::domain::calendar::{extend as extended_term, national_codes};
use crate::domain::calendar::{BusinessCalendar, CalendarError, ExtensionError};
use crate::domain::catalog::CatalogKind;
use crate::domain::deadlines::{self as rules, Deadlines, Marks, PausedTime};
use crate::domain::form::FieldProblem;
use crate::domain::sla::{self, standing, SlaForm, SlaPolicy, TermSpec};
use crate::i18n::Locale;
use crate::model::{DeadlinesView, SlaPolicyView, SlaSetup, Viewer};
use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use sqlx::AnyConnection;

/// The job kind of a case's watch: at-risk and overdue.
pub const WATCH_JOB: &str = "case_deadline";
/// The job kind of one calendar's reminders of one day.
pub const REMINDERS_JOB: &str = "daily_reminders";

fn watch_key(case_id: i64) -> String {
    format!("{WATCH_JOB}:{case_id}")
}

fn instant(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn calendar_failure(e: CalendarError) -> AppError {
    AppError::Internal(e.to_string())
}

/// The business calendar named `code`: a company calendar stored by the admins, or a shipped
/// national one.
pub async fn calendar(conn: &mut AnyConnection, code: &str) -> Result<BusinessCalendar, AppError> {
    let Some(row) = store::calendar(conn, code).await? else {
        return BusinessCalendar::national(code).map_err(calendar_failure);
    };
    let days = store::calendar_days(conn, row.id).await?;
    rules::company_calendar(
        &row.code,
        row.country.as_deref(),
        row.time_zone,
        row.opening,
        row.closing,
        days.iter().map(|d| (d.day, d.open)),
    )
    .map_err(calendar_failure)
}

/// The formatted local time of an instant in a calendar: what people read in mails and pages.
pub fn local_text(cal: &BusinessCalendar, ms: i64) -> String {
    cal.time_zone
        .timestamp_millis_opt(ms)
        .single()
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The time a case's clock has stood still so far.
fn paused_time(clock: &CaseClock) -> PausedTime {
    PausedTime {
        working: TimeDelta::milliseconds(clock.paused_working_ms),
        clock: TimeDelta::milliseconds(clock.paused_clock_ms),
    }
}

/// What the watch has marked on a case.
fn marks(clock: &CaseClock) -> Marks {
    Marks {
        paused: clock.paused_at.is_some(),
        at_risk: clock.at_risk_at.is_some(),
        overdue: clock.overdue_at.is_some(),
    }
}

/// A case's deadlines under `policy`, counted from `started_at` with what its clock recorded
/// (pauses, the extension).
fn deadlines_of(
    cal: &BusinessCalendar,
    policy: &SlaPolicy,
    started_at: i64,
    clock: &CaseClock,
) -> Result<Deadlines, AppError> {
    rules::deadlines(
        cal,
        policy,
        instant(started_at),
        paused_time(clock),
        clock.resolution_extension,
    )
    .map_err(calendar_failure)
}

/// Where the watch of a case wakes next, in milliseconds.
fn next_check(marks: Marks, d: &Deadlines) -> Option<i64> {
    rules::next_check(marks, d).map(|t| t.timestamp_millis())
}

/// Sets (or, after a reclassification, recomputes) a case's deadlines from its policy, counted
/// from its receipt, and schedules its watch. A case whose folder has no policy gets none.
/// Runs in the caller's transaction.
pub async fn start_clock(
    conn: &mut AnyConnection,
    case_id: i64,
    actor_id: Option<i64>,
    now: i64,
) -> Result<bool, AppError> {
    let Some(clock) = store::clock(conn, case_id).await? else {
        return Err(AppError::NotFound);
    };
    let Some(folder) = clock.folder_id else {
        return Ok(false);
    };
    let policies = store::policies(conn, folder).await?;
    let Some(policy) = sla::applicable(
        policies.iter().map(|p| &p.policy),
        clock.case_type_id,
        clock.channel,
    ) else {
        return Ok(false);
    };
    let cal = calendar(conn, &policy.calendar_code).await?;
    // The term runs from the receipt: when the customer filed or the agent took the call.
    let started_at = clock.clock_started_at.unwrap_or(clock.created_at);
    let d = deadlines_of(&cal, policy, started_at, &clock)?;
    let (first, resolution) = (
        d.first_response.timestamp_millis(),
        d.resolution.timestamp_millis(),
    );
    store::set_clock(
        conn, case_id, policy.id, &cal.code, started_at, first, resolution,
    )
    .await?;
    audit::append(
        conn,
        audit::NewEvent {
            case_id: Some(case_id),
            actor_id,
            at: now,
            action: "deadlines_set",
            entity: "case",
            entity_id: Some(case_id),
            changes: vec![
                (
                    "first_response_due_at".into(),
                    clock.first_response_due_at.map(|t| t.to_string()),
                    Some(first.to_string()),
                ),
                (
                    "resolution_due_at".into(),
                    clock.resolution_due_at.map(|t| t.to_string()),
                    Some(resolution.to_string()),
                ),
            ],
            note: None,
            // SPEC G3: the customer sees their answer-by dates.
            public: true,
        },
    )
    .await?;
    let refreshed = store::clock(conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(at) = next_check(marks(&refreshed), &d) {
        jobs::schedule(conn, WATCH_JOB, &watch_key(case_id), Some(case_id), at, now).await?;
    }
    Ok(true)
}

/// SPEC G3: the first response, in time or late for good. Called from the step that answers
/// the customer first (the manager starting the work); later calls change nothing.
pub async fn first_response(
    conn: &mut AnyConnection,
    case_id: i64,
    now: i64,
) -> Result<(), AppError> {
    let Some(clock) = store::clock(conn, case_id).await? else {
        return Ok(());
    };
    let Some(due) = clock.first_response_due_at else {
        return Ok(());
    };
    let in_time = sla::in_time(now, due);
    if store::record_first_response(conn, case_id, now, in_time).await? {
        audit::append(
            conn,
            audit::NewEvent {
                changes: vec![(
                    "first_response".into(),
                    None,
                    Some(if in_time { "in_time" } else { "late" }.into()),
                )],
                actor_id: None,
                ..audit::NewEvent::on_case(case_id, 0, now, "first_response_recorded")
            },
        )
        .await?;
    }
    Ok(())
}

/// SPEC D4: the case waits for the customer; its clock stops. The reason is on the timeline.
pub async fn pause(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::field("reason", FieldProblem::Required));
    }
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let case = access::case_for_change(&mut tx, viewer, number, now, CaseAction::ManageClock)
        .await?
        .case;
    let clock = store::clock(&mut tx, case.id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The stop itself only happens to a running clock, so a second stop in between loses.
    if clock.resolution_due_at.is_none()
        || !rules::may_pause(clock.state, clock.paused_at.is_some())
        || !store::pause(&mut tx, case.id, now).await?
    {
        return Err(AppError::Forbidden);
    }
    audit::append(
        &mut tx,
        audit::NewEvent {
            note: Some(reason.to_string()),
            public: true,
            ..audit::NewEvent::on_case(case.id, viewer.id, now, "deadline_paused")
        },
    )
    .await?;
    tx.commit().await?;
    state
        .announce(DeskEvent::for_users(
            "deadline_paused",
            Some(&case.number),
            case.manager_id,
        ))
        .await;
    Ok(())
}

/// SPEC D4: the customer answered; the clock runs again and the deadlines move by the time it
/// stood still. Done by a person here; the answer to an information request will call
/// [`resume_in`] as well.
pub async fn resume(state: &AppState, viewer: &Viewer, number: &str) -> Result<(), AppError> {
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let case = access::case_for_change(&mut tx, viewer, number, now, CaseAction::ManageClock)
        .await?
        .case;
    if !resume_in(&mut tx, case.id, Some(viewer.id), now).await? {
        return Err(AppError::Forbidden);
    }
    tx.commit().await?;
    state
        .announce(DeskEvent::for_users(
            "deadline_resumed",
            Some(&case.number),
            case.manager_id,
        ))
        .await;
    Ok(())
}

/// Resumes a paused case inside the caller's transaction; `false` when it was not paused.
pub async fn resume_in(
    conn: &mut AnyConnection,
    case_id: i64,
    actor_id: Option<i64>,
    now: i64,
) -> Result<bool, AppError> {
    let clock = store::clock(conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (Some(paused_at), Some(code)) = (clock.paused_at, clock.calendar_code.clone()) else {
        return Ok(false);
    };
    let cal = calendar(conn, &code).await?;
    let stood_still =
        PausedTime::between(&cal, instant(paused_at), instant(now)).map_err(calendar_failure)?;
    if !store::resume(
        conn,
        case_id,
        paused_at,
        stood_still.working.num_milliseconds(),
        stood_still.clock.num_milliseconds(),
    )
    .await?
    {
        return Ok(false);
    }
    let before = clock.resolution_due_at;
    start_clock_again(conn, case_id, now).await?;
    let after = store::clock(conn, case_id)
        .await?
        .and_then(|c| c.resolution_due_at);
    audit::append(
        conn,
        audit::NewEvent {
            case_id: Some(case_id),
            actor_id,
            at: now,
            action: "deadline_resumed",
            entity: "case",
            entity_id: Some(case_id),
            changes: vec![(
                "resolution_due_at".into(),
                before.map(|t| t.to_string()),
                after.map(|t| t.to_string()),
            )],
            note: None,
            public: true,
        },
    )
    .await?;
    Ok(true)
}

/// Schedules a case's watch to look at it now (a reopened case).
pub async fn rewatch(conn: &mut AnyConnection, case_id: i64, now: i64) -> Result<(), AppError> {
    let has_clock = store::clock(conn, case_id)
        .await?
        .is_some_and(|c| c.resolution_due_at.is_some());
    if has_clock {
        jobs::schedule(
            conn,
            WATCH_JOB,
            &watch_key(case_id),
            Some(case_id),
            now,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Recomputes a running clock's deadlines from its stored policy (not a newly matching one) and
/// reschedules its watch, without a timeline entry of its own: the caller writes one.
async fn start_clock_again(
    conn: &mut AnyConnection,
    case_id: i64,
    now: i64,
) -> Result<(), AppError> {
    let clock = store::clock(conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (Some(policy_id), Some(started_at), Some(code)) = (
        clock.sla_policy_id,
        clock.clock_started_at,
        clock.calendar_code.clone(),
    ) else {
        return Ok(());
    };
    let policy = store::policy(conn, policy_id)
        .await?
        .ok_or(AppError::NotFound)?
        .policy;
    let cal = calendar(conn, &code).await?;
    let d = deadlines_of(&cal, &policy, started_at, &clock)?;
    store::move_deadlines(
        conn,
        case_id,
        // A first response already given keeps the deadline it was measured against.
        clock
            .first_response_at
            .is_none()
            .then(|| d.first_response.timestamp_millis()),
        d.resolution.timestamp_millis(),
    )
    .await?;
    if let Some(at) = next_check(marks(&clock), &d) {
        jobs::schedule(conn, WATCH_JOB, &watch_key(case_id), Some(case_id), at, now).await?;
    }
    Ok(())
}

/// Records an extension of the resolution term (at most once, at most doubling it, announced
/// before the deadline), with the reason on the timeline.
pub async fn extend(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    amount: &str,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    let units: u32 = match amount.trim().parse() {
        Ok(n) => n,
        Err(_) => return Err(AppError::field("amount", FieldProblem::NotANumber)),
    };
    if reason.is_empty() {
        return Err(AppError::field("reason", FieldProblem::Required));
    }
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let case = access::case_for_change(&mut tx, viewer, number, now, CaseAction::ManageClock)
        .await?
        .case;
    let clock = store::clock(&mut tx, case.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (Some(policy_id), Some(due)) = (clock.sla_policy_id, clock.resolution_due_at) else {
        return Err(AppError::Forbidden);
    };
    let original = store::policy(&mut tx, policy_id)
        .await?
        .ok_or(AppError::NotFound)?
        .policy
        .resolution;
    let extension = TermSpec {
        amount: units,
        unit: original.unit,
    };
    if let Err(e) = extended_term(
        original.into(),
        extension.into(),
        clock.extended_at.is_some(),
        instant(now),
        instant(due),
    ) {
        return Err(match e {
            ExtensionError::AlreadyExtended | ExtensionError::AfterExpiry => AppError::Forbidden,
            _ => AppError::field("amount", FieldProblem::Invalid),
        });
    }
    if !store::extend(&mut tx, case.id, i64::from(units), now).await? {
        return Err(AppError::Forbidden);
    }
    start_clock_again(&mut tx, case.id, now).await?;
    let after = store::clock(&mut tx, case.id)
        .await?
        .and_then(|c| c.resolution_due_at);
    audit::append(
        &mut tx,
        audit::NewEvent {
            changes: vec![(
                "resolution_due_at".into(),
                Some(due.to_string()),
                after.map(|t| t.to_string()),
            )],
            note: Some(reason.to_string()),
            public: true,
            ..audit::NewEvent::on_case(case.id, viewer.id, now, "deadline_extended")
        },
    )
    .await?;
    tx.commit().await?;
    state
        .announce(DeskEvent::for_users(
            "deadline_extended",
            Some(&case.number),
            case.manager_id,
        ))
        .await;
    Ok(())
}

fn reminders_key(calendar: &str, day: NaiveDate) -> String {
    format!("{REMINDERS_JOB}:{calendar}:{day}")
}

/// The calendar and day a reminders job is for, from its key.
pub fn reminders_job_day(dedupe_key: &str) -> Option<(String, NaiveDate)> {
    let rest = dedupe_key.strip_prefix(REMINDERS_JOB)?.strip_prefix(':')?;
    let (code, day) = rest.rsplit_once(':')?;
    Some((code.to_string(), day.parse().ok()?))
}

/// What a watch run did, for the worker to announce after its commit.
#[derive(Debug, Default)]
pub struct WatchOutcome {
    pub next_run: Option<i64>,
    pub announce: Vec<DeskEvent>,
}

/// The watch of one case at `now`, inside the job's transaction: marks it at risk (priority one
/// level up, supervisors told) and overdue (escalated one level, supervisors and manager told),
/// each once, and says when to look again.
pub async fn watch(
    state: &AppState,
    conn: &mut AnyConnection,
    case_id: i64,
    now: i64,
) -> Result<WatchOutcome, AppError> {
    store::take(conn, case_id).await?;
    let Some(clock) = store::clock(conn, case_id).await? else {
        return Ok(WatchOutcome::default());
    };
    let (Some(policy_id), Some(started_at), Some(code)) = (
        clock.sla_policy_id,
        clock.clock_started_at,
        clock.calendar_code.clone(),
    ) else {
        return Ok(WatchOutcome::default());
    };
    if !rules::watched(clock.state, clock.paused_at.is_some()) {
        return Ok(WatchOutcome::default());
    }
    let Some(policy) = store::policy(conn, policy_id).await? else {
        return Ok(WatchOutcome::default());
    };
    let cal = calendar(conn, &code).await?;
    let d = deadlines_of(&cal, &policy.policy, started_at, &clock)?;
    let due_text = local_text(&cal, d.resolution.timestamp_millis());
    let alert = alerts::CaseAlert {
        case_id,
        number: &clock.number,
        subject: &clock.subject,
        due: &due_text,
        public_url: &state.config.public_url,
    };
    let mut outcome = WatchOutcome::default();
    let mut marked = marks(&clock);
    let due = rules::due(marked, &d, instant(now));
    if due.at_risk && store::mark_once(conn, case_id, ClockMark::AtRisk, now).await? {
        marked.at_risk = true;
        let levels = match clock.folder_id {
            Some(folder) => store::priority_levels(conn, folder).await?,
            None => Vec::new(),
        };
        let ids: Vec<i64> = levels.iter().map(|(id, _)| *id).collect();
        let raised = sla::priority_above(&ids, clock.priority_id)
            .and_then(|id| levels.into_iter().find(|(l, _)| *l == id));
        if let Some((id, _)) = &raised {
            store::set_priority(conn, case_id, *id).await?;
        }
        audit::append(
            conn,
            audit::NewEvent {
                case_id: Some(case_id),
                actor_id: None,
                at: now,
                action: "case_at_risk",
                entity: "case",
                entity_id: Some(case_id),
                changes: raised
                    .iter()
                    .map(|(id, _)| {
                        (
                            "priority_id".to_string(),
                            clock.priority_id.map(|p| p.to_string()),
                            Some(id.to_string()),
                        )
                    })
                    .collect(),
                note: None,
                public: false,
            },
        )
        .await?;
        let priority = raised.map(|(_, name)| name);
        alerts::at_risk(conn, &alert, priority.as_deref(), now).await?;
        outcome.announce.push(DeskEvent::for_staff(
            "case_at_risk",
            Some(&clock.number),
            clock.manager_id,
        ));
    }
    if due.overdue && store::mark_once(conn, case_id, ClockMark::Overdue, now).await? {
        marked.overdue = true;
        let from = clock.escalation_level;
        let escalated = cases::escalate(conn, case_id, from, now).await?;
        audit::append(
            conn,
            audit::NewEvent {
                case_id: Some(case_id),
                actor_id: None,
                at: now,
                action: "case_overdue",
                entity: "case",
                entity_id: Some(case_id),
                changes: if escalated {
                    vec![(
                        "escalation_level".into(),
                        Some(from.to_string()),
                        Some((from + 1).to_string()),
                    )]
                } else {
                    Vec::new()
                },
                note: None,
                public: false,
            },
        )
        .await?;
        alerts::overdue(conn, &alert, clock.manager_id, from + 1, now).await?;
        outcome.announce.push(DeskEvent::for_staff(
            "case_overdue",
            Some(&clock.number),
            clock.manager_id,
        ));
    }
    outcome.next_run = next_check(marked, &d);
    Ok(outcome)
}

/// SPEC F3, inside the job's transaction: on a business day of `calendar_code`, one reminder per
/// assignee of overdue tasks, then the next day's job. Returns how many reminders it queued.
pub async fn send_reminders(
    state: &AppState,
    conn: &mut AnyConnection,
    calendar_code: &str,
    day: NaiveDate,
    now: i64,
) -> Result<usize, AppError> {
    let cal = calendar(conn, calendar_code).await?;
    let mut sent = 0;
    if rules::reminders_due(&cal, day, instant(now)).map_err(calendar_failure)? {
        let rows = store::overdue_tasks(
            conn,
            calendar_code,
            &state.config.calendar,
            &day.to_string(),
        )
        .await?;
        let tasks = rows
            .into_iter()
            .map(|(assignee, number, title, max_day)| (assignee, (number, title, max_day)));
        for (assignee, tasks) in rules::per_assignee(tasks) {
            alerts::remind(conn, assignee, &tasks, &state.config.public_url, now).await?;
            sent += 1;
        }
    }
    let next = rules::next_reminders_day(&cal, day, instant(now));
    jobs::schedule_once(
        conn,
        REMINDERS_JOB,
        &reminders_key(calendar_code, next),
        rules::morning(&cal, next).timestamp_millis(),
        now,
    )
    .await?;
    Ok(sent)
}

/// Makes sure every calendar in use has its reminders job: today's if today's working day has
/// not ended, else tomorrow's. Safe to call from every instance at any time.
pub async fn ensure_reminders(state: &AppState, now: i64) -> Result<(), AppError> {
    let mut conn = state.store.pool().acquire().await?;
    for code in store::calendars_in_use(&mut conn, &state.config.calendar).await? {
        let cal = match calendar(&mut conn, &code).await {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(calendar = %code, error = %e, "reminders: unusable calendar");
                continue;
            }
        };
        let day = rules::reminders_day(&cal, instant(now));
        let key = reminders_key(&code, day);
        // Yesterday's job names today's: only start a chain where none runs.
        let previous = reminders_key(&code, day - chrono::Days::new(1));
        jobs::schedule_unless(
            &mut conn,
            REMINDERS_JOB,
            &key,
            &previous,
            rules::morning(&cal, day).timestamp_millis(),
            now,
        )
        .await?;
    }
    Ok(())
}

/// SPEC A6: the answer-by dates for the acknowledgement, in the customer's language; empty for
/// a case without deadlines.
pub async fn dates_sentence(
    conn: &mut AnyConnection,
    case_id: i64,
    locale: Locale,
) -> Result<String, AppError> {
    let Some(clock) = store::clock(conn, case_id).await? else {
        return Ok(String::new());
    };
    let (Some(first), Some(resolution), Some(code)) = (
        clock.first_response_due_at,
        clock.resolution_due_at,
        clock.calendar_code,
    ) else {
        return Ok(String::new());
    };
    let cal = calendar(conn, &code).await?;
    let (first, resolution, zone) = (
        local_text(&cal, first),
        local_text(&cal, resolution),
        cal.time_zone.name(),
    );
    Ok(match locale {
        Locale::Es => format!(
            "Le daremos una primera respuesta a más tardar el {first} y la respuesta de fondo a \
             más tardar el {resolution} (hora de {zone})."
        ),
        Locale::En => {
            format!("We will answer first by {first} and resolve it by {resolution} ({zone} time).")
        }
        Locale::Pl => format!(
            "Pierwszej odpowiedzi udzielimy do {first}, a sprawę rozpatrzymy do {resolution} \
             (czas {zone})."
        ),
    })
}

/// The deadlines block of a case page (SPEC G3); `None` for a case without deadlines.
pub async fn view(
    conn: &mut AnyConnection,
    manages: bool,
    case: &cases::CaseRow,
    now: i64,
) -> Result<Option<DeadlinesView>, AppError> {
    let Some(clock) = store::clock(conn, case.id).await? else {
        return Ok(None);
    };
    let (Some(first_due), Some(resolution_due), Some(code)) = (
        clock.first_response_due_at,
        clock.resolution_due_at,
        clock.calendar_code.clone(),
    ) else {
        return Ok(None);
    };
    let cal = calendar(conn, &code).await?;
    let policy = match clock.sla_policy_id {
        Some(id) => store::policy(conn, id).await?.map(|p| p.policy),
        None => None,
    };
    let open = clock.state.is_open_work();
    let paused = clock.paused_at.is_some();
    let resolution_term = policy.as_ref().map(|p| p.resolution);
    Ok(Some(DeadlinesView {
        calendar: cal.code.clone(),
        time_zone: cal.time_zone.name().to_string(),
        first_response_due: local_text(&cal, first_due),
        resolution_due: local_text(&cal, resolution_due),
        first_response_in_time: clock.first_response_in_time,
        first_response_at: clock.first_response_at.map(|t| local_text(&cal, t)),
        standing: standing(
            resolution_due,
            now,
            paused,
            clock.at_risk_at.is_some(),
            if open { None } else { clock.closed_at },
        ),
        paused_since: clock.paused_at.map(|t| local_text(&cal, t)),
        extended: clock.extended_at.is_some(),
        may_pause: manages && rules::may_pause(clock.state, paused),
        may_resume: manages && rules::may_resume(clock.state, paused),
        may_extend: manages
            && rules::may_extend(
                clock.state,
                clock.extended_at.is_some(),
                resolution_term.is_some(),
                resolution_due,
                now,
            ),
        extension_unit: resolution_term.map(|t| t.unit),
        extension_max: resolution_term.map_or(0, |t| i64::from(t.amount)),
    }))
}

/// The deadlines of case `number` for whoever may see the case.
pub async fn for_case(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
) -> Result<Option<DeadlinesView>, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let seen = access::case_for(&mut conn, viewer, number, CaseAction::View).await?;
    // The customer sees the dates of their case; someone working a task on it, the task's own.
    if seen.scope == Scope::Work {
        return Err(AppError::Forbidden);
    }
    let manages = seen.may(CaseAction::ManageClock);
    view(&mut conn, manages, &seen.case, state.now_ms()).await
}

/// A folder's SLA policies for the admin screen.
pub async fn setup(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
) -> Result<SlaSetup, AppError> {
    catalogs::require_admin(viewer)?;
    let mut conn = state.store.pool().acquire().await?;
    if routing::settings(&mut conn, folder_id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let policies = store::policies(&mut conn, folder_id)
        .await?
        .into_iter()
        .map(|row| SlaPolicyView {
            id: row.policy.id,
            case_type: row.case_type_name,
            channel: row.policy.channel,
            calendar_code: row.policy.calendar_code,
            first_response: row.policy.first_response,
            resolution: row.policy.resolution,
            at_risk_percent: row.policy.at_risk_percent,
        })
        .collect();
    Ok(SlaSetup {
        folder_id,
        policies,
        case_types: catalogs::catalog_choices(&mut conn, folder_id, CatalogKind::CaseType).await?,
        calendars: calendar_codes(&mut conn).await?,
    })
}

/// The shipped national calendars and the company's own, by code.
async fn calendar_codes(conn: &mut AnyConnection) -> Result<Vec<String>, AppError> {
    let mut codes: Vec<String> = national_codes().map(str::to_string).collect();
    for row in store::calendars(conn).await? {
        if !codes.contains(&row.code) {
            codes.push(row.code);
        }
    }
    Ok(codes)
}

/// Adds or replaces a folder's policy. Cases already open keep the deadlines they were given.
pub async fn save_policy(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
    form: SlaForm,
) -> Result<(), AppError> {
    catalogs::require_admin(viewer)?;
    save_policy_as(state, Some(viewer.id), folder_id, form).await
}

/// [`save_policy`] without the admin check: for the demo seed and tests, `actor` on the trail.
pub async fn save_policy_as(
    state: &AppState,
    actor: Option<i64>,
    folder_id: i64,
    form: SlaForm,
) -> Result<(), AppError> {
    let valid = form.validate().map_err(AppError::Invalid)?;
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    // The write comes first: SQLite's lock before any read.
    if !catalog_store::lock_folder(&mut tx, folder_id).await? {
        return Err(AppError::NotFound);
    }
    if !calendar_codes(&mut tx)
        .await?
        .contains(&valid.calendar_code)
    {
        return Err(AppError::field("calendar_code", FieldProblem::NotAChoice));
    }
    if let Some(t) = valid.case_type_id {
        let types = catalogs::catalog_choices(&mut tx, folder_id, CatalogKind::CaseType).await?;
        if !types.iter().any(|c| c.id == t) {
            return Err(AppError::field("case_type_id", FieldProblem::NotAChoice));
        }
    }
    let id = store::upsert_policy(
        &mut tx,
        &store::NewPolicy {
            folder_id,
            case_type_id: valid.case_type_id,
            channel: valid.channel.map(|c| c.code()),
            calendar_code: &valid.calendar_code,
            first_response: (
                i64::from(valid.first_response.amount),
                valid.first_response.unit.code(),
            ),
            resolution: (
                i64::from(valid.resolution.amount),
                valid.resolution.unit.code(),
            ),
            at_risk_percent: i64::from(valid.at_risk_percent),
        },
        now,
    )
    .await?;
    catalogs::record(
        &mut tx,
        actor,
        "sla_policy_saved",
        "sla_policy",
        id,
        vec![
            (
                "first_response".into(),
                None,
                Some(format!(
                    "{} {}",
                    valid.first_response.amount, valid.first_response.unit
                )),
            ),
            (
                "resolution".into(),
                None,
                Some(format!(
                    "{} {}",
                    valid.resolution.amount, valid.resolution.unit
                )),
            ),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reminders_job_key_names_its_calendar_and_day() {
        let day: NaiveDate = "2026-11-25".parse().unwrap();
        for code in ["CO", "CO-MED", "A:B"] {
            assert_eq!(
                reminders_job_day(&reminders_key(code, day)),
                Some((code.to_string(), day)),
                "{code}"
            );
        }
        // (key, what it is for)
        let table = [
            ("daily_reminders:CO:2026-13-01", None),
            ("daily_reminders:2026-11-25", None),
            ("case_deadline:CO:2026-11-25", None),
            ("daily_remindersCO:2026-11-25", None),
        ];
        for (key, expected) in table {
            assert_eq!(reminders_job_day(key), expected, "{key}");
        }
    }
}
