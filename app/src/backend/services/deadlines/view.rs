//! A case's deadlines as people read them (SPEC G3, A6): the block of the case page, with what
//! its manager may do with the clock, and the answer-by dates of the acknowledgement.

use super::{calendar, local_text, store};
use crate::backend::services::access;
use crate::backend::store::cases;
use crate::backend::{AppError, AppState};
use crate::domain::access::{CaseAction, Scope};
use crate::domain::deadlines as rules;
use crate::domain::sla::standing;
use crate::i18n::Locale;
use crate::model::{DeadlinesView, Viewer};
use sqlx::AnyConnection;

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
