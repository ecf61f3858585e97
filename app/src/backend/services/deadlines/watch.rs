//! The deadline jobs (SPEC G2, F3): a case's watch, woken at its at-risk instant and past its
//! deadline, and each calendar's chain of daily reminders of overdue tasks. Both run inside the
//! job's transaction (`backend::jobs`), so their marks, timeline entries and queued messages
//! commit with the job or not at all.

use super::{calendar, calendar_failure, deadlines_of, instant, local_text, marks, next_check};
use super::{store, REMINDERS_JOB};
use crate::backend::live::DeskEvent;
use crate::backend::notify::alerts;
use crate::backend::store::deadlines::ClockMark;
use crate::backend::store::{audit, cases, jobs};
use crate::backend::{AppError, AppState};
use crate::domain::deadlines as rules;
use crate::domain::reminders;
use crate::domain::sla;
use chrono::NaiveDate;
use sqlx::AnyConnection;

fn reminders_key(calendar: &str, day: NaiveDate) -> String {
    format!("{REMINDERS_JOB}:{calendar}:{day}")
}

/// The calendar and day a reminders job is for, from its key.
pub fn reminders_job_day(dedupe_key: &str) -> Option<(String, NaiveDate)> {
    let rest = dedupe_key
        .strip_prefix(REMINDERS_JOB.code())?
        .strip_prefix(':')?;
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
    if reminders::due(&cal, day, instant(now)).map_err(calendar_failure)? {
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
        for (assignee, tasks) in reminders::per_assignee(tasks) {
            alerts::remind(conn, assignee, &tasks, &state.config.public_url, now).await?;
            sent += 1;
        }
    }
    let next = reminders::next_day(&cal, day, instant(now));
    jobs::schedule_once(
        conn,
        REMINDERS_JOB,
        &reminders_key(calendar_code, next),
        reminders::morning(&cal, next).timestamp_millis(),
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
        let day = reminders::scheduled_day(&cal, instant(now));
        let key = reminders_key(&code, day);
        // Yesterday's job names today's: only start a chain where none runs.
        let previous = reminders_key(&code, day - chrono::Days::new(1));
        jobs::schedule_unless(
            &mut conn,
            REMINDERS_JOB,
            &key,
            &previous,
            reminders::morning(&cal, day).timestamp_millis(),
            now,
        )
        .await?;
    }
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
