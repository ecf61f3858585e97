//! Moving a case through its life cycle (SPEC C4, I3) and handing it to another manager (SPEC
//! C2). Every state change goes through [`take_step`]: it asks `domain::lifecycle` whether this
//! person may take this step now, writes the change and its audit events in one transaction.

use super::access;
use super::routing::managers;
use crate::backend::live::DeskEvent;
use crate::backend::notify;
use crate::backend::store::{audit, cases};
use crate::backend::{AppError, AppState};
use crate::domain::access::CaseAction;
use crate::domain::case::CaseState;
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::domain::lifecycle::{self, CaseStep, Refusal, Satisfaction};
use crate::domain::routing::RouteReason;
use crate::model::Viewer;

pub const NOTE_MAX: usize = 5_000;

fn note_of(raw: &str) -> Result<Option<String>, AppError> {
    let note = raw.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(AppError::field(
            "note",
            FieldProblem::TooLong { max: NOTE_MAX },
        ));
    }
    Ok((!note.is_empty()).then(|| note.to_string()))
}

/// A step as the case page sends it. Closing carries the customer's satisfaction and comment.
#[derive(Debug, Clone, Default)]
pub struct StepForm {
    pub step: String,
    pub note: String,
    pub satisfaction: String,
    pub comment: String,
}

impl StepForm {
    pub fn new(step: CaseStep, note: &str) -> StepForm {
        StepForm {
            step: step.code().into(),
            note: note.into(),
            ..Default::default()
        }
    }
}

/// Takes a step of the life cycle. A refused step is `Forbidden`; a missing note or
/// satisfaction is a field problem.
pub async fn take_step(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    form: StepForm,
) -> Result<CaseState, AppError> {
    let step: CaseStep = form.step.parse().map_err(|_| AppError::NotFound)?;
    if step == CaseStep::Open {
        // A draft opens through its editor, which checks what opening needs.
        return Err(AppError::Forbidden);
    }
    let note = note_of(&form.note)?;
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let seen = access::case_for_change(&mut tx, viewer, number, now, CaseAction::View).await?;
    let case = &seen.case;
    let from = seen.facts.state;
    let to = match lifecycle::check(
        from,
        step,
        seen.lifecycle_actor(),
        note.as_deref().unwrap_or_default(),
    ) {
        Ok(to) => to,
        Err(Refusal::NoteRequired) => {
            return Err(AppError::field("note", FieldProblem::Required));
        }
        Err(Refusal::NotYours | Refusal::NotFromThisState) => return Err(AppError::Forbidden),
    };
    // Steps are for those who see the case whole (`domain::access`), whatever their role.
    seen.require(CaseAction::Step(step))?;
    // SPEC I3: closing records what the customer said of the result.
    let closing = if step == CaseStep::Close {
        let comment = note_of(&form.comment)?;
        match Satisfaction::parse(&form.satisfaction) {
            Ok(s) => Some((s, comment)),
            Err(p) => {
                return Err(AppError::field("satisfaction", p));
            }
        }
    } else {
        None
    };
    if !cases::set_state(&mut tx, case.id, from, to, now).await? {
        return Err(AppError::Conflict);
    }
    match step {
        // SPEC G3: taking the case up is the first answer the customer sees.
        CaseStep::Start => super::deadlines::first_response(&mut tx, case.id, now).await?,
        // A reopened case is watched again from where its clock stands.
        CaseStep::Reopen => {
            super::deadlines::rewatch(&mut tx, case.id, now).await?;
            super::deadlines::resolution::reopened(&mut tx, case.id).await?;
        }
        CaseStep::Close => {
            let zone = state.config.time_zone;
            super::deadlines::resolution::closed(&mut tx, case.id, now, zone).await?;
        }
        _ => {}
    }
    let mut changes = vec![(
        "state".to_string(),
        Some(from.code().to_string()),
        Some(to.code().to_string()),
    )];
    if let Some((satisfaction, comment)) = &closing {
        cases::set_satisfaction(&mut tx, case.id, satisfaction.value(), comment.as_deref()).await?;
        changes.push((
            "satisfaction".into(),
            None,
            Some(satisfaction.value().to_string()),
        ));
    }
    // The state change is the customer's to see; the note is for the staff.
    audit::append(
        &mut tx,
        audit::NewEvent {
            changes,
            note: closing.and_then(|(_, comment)| comment),
            public: true,
            ..audit::NewEvent::on_case(case.id, viewer.id, now, step.event())
        },
    )
    .await?;
    if let Some(note) = note {
        audit::append(
            &mut tx,
            audit::NewEvent {
                note: Some(note),
                ..audit::NewEvent::on_case(case.id, viewer.id, now, "note_added")
            },
        )
        .await?;
    }
    // SPEC F1: the customer sees the new state in the portal and hears of it.
    notify::tell_state_change(
        &mut tx,
        &state.config.public_url,
        case.id,
        &case.number,
        &case.subject,
        case.customer_id,
        to,
        now,
    )
    .await?;
    tx.commit().await?;
    // Pending closure is for the folder's closing role (customer service) to pick up, and only
    // the folder knows who that is: every staff desk refreshes.
    let manager = case.manager_id;
    let event = if to == CaseState::PendingClosure {
        DeskEvent::for_staff(step.event(), Some(&case.number), manager)
    } else {
        DeskEvent::for_users(step.event(), Some(&case.number), manager)
    };
    state.announce(event).await;
    Ok(to)
}

/// SPEC C2: hands the case to another manager, with the reason on the timeline.
pub async fn reassign(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    manager_id: i64,
    reason: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let reason = match note_of(reason) {
        Ok(Some(r)) => Some(r),
        Ok(None) => {
            errors.add("reason", FieldProblem::Required);
            None
        }
        Err(AppError::Invalid(e)) => {
            errors.add("reason", e.0[0].1.clone());
            None
        }
        Err(e) => return Err(e),
    };
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let case = access::case_for_change(&mut tx, viewer, number, now, CaseAction::Reassign)
        .await?
        .case;
    let candidates = managers(&mut tx).await?;
    let Some(to) = candidates.iter().find(|c| c.id == manager_id) else {
        errors.add("manager_id", FieldProblem::Required);
        return Err(AppError::Invalid(errors));
    };
    if case.manager_id == Some(to.id) {
        errors.add("manager_id", FieldProblem::Invalid);
    }
    let Some(reason) = reason.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    cases::set_manager(&mut tx, case.id, to.id, RouteReason::Reassigned.code(), now).await?;
    audit::append(
        &mut tx,
        audit::NewEvent {
            changes: vec![(
                "manager".into(),
                case.manager_name.clone(),
                Some(to.name.clone()),
            )],
            note: Some(reason.clone()),
            ..audit::NewEvent::on_case(case.id, viewer.id, now, "case_reassigned")
        },
    )
    .await?;
    // SPEC F1: the new manager hears of the case on their desk, with the reason given (a
    // supervisor taking a case themselves needs no message).
    if to.id != viewer.id {
        notify::tell_manager(
            &mut tx,
            &state.config.public_url,
            case.id,
            &case.number,
            &case.subject,
            to.id,
            &|_| reason.clone(),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    // The case leaves one desk and lands on another.
    state
        .announce(DeskEvent::for_users(
            "case_reassigned",
            Some(&case.number),
            case.manager_id.into_iter().chain([to.id]),
        ))
        .await;
    Ok(())
}

/// What the qualification form sends: catalog entry ids as typed, and a note.
#[derive(Debug, Clone, Default)]
pub struct QualifyForm {
    pub qualification_id: String,
    pub cause_id: String,
    pub severity_id: String,
    pub priority_id: String,
    pub note: String,
}

/// SPEC C5: the manager qualifies the case: qualification, cause and severity from the folder's
/// catalogs (required), priority (optional) and a note.
pub async fn qualify(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    form: QualifyForm,
) -> Result<(), AppError> {
    use super::catalogs::folder_entry;
    use crate::domain::catalog::CatalogKind;
    let note = note_of(&form.note)?;
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let case = access::case_for_change(&mut tx, viewer, number, now, CaseAction::Qualify)
        .await?
        .case;
    let mut errors = FieldErrors::default();
    let folder = case.folder_id;
    let mut picked = Vec::new();
    for (kind, raw, field, required) in [
        (
            CatalogKind::Qualification,
            &form.qualification_id,
            "qualification_id",
            true,
        ),
        (CatalogKind::Cause, &form.cause_id, "cause_id", true),
        (
            CatalogKind::Severity,
            &form.severity_id,
            "severity_id",
            true,
        ),
        (
            CatalogKind::Priority,
            &form.priority_id,
            "priority_id",
            false,
        ),
    ] {
        picked.push(folder_entry(&mut tx, folder, kind, raw, field, &mut errors).await?);
        if required && raw.trim().is_empty() {
            errors.add(field, FieldProblem::Required);
        }
    }
    let [qualification, cause, severity, priority]: [Option<(i64, String)>; 4] =
        picked.try_into().expect("four catalogs were read");
    let (Some(q), Some(c), Some(s)) = (qualification, cause, severity) else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    cases::set_qualification(
        &mut tx,
        case.id,
        &cases::Qualification {
            qualification_id: q.0,
            cause_id: c.0,
            severity_id: s.0,
            priority_id: priority.as_ref().map(|p| p.0),
        },
        now,
    )
    .await?;
    let mut changes = vec![
        ("qualification".into(), None, Some(q.1)),
        ("cause".into(), None, Some(c.1)),
        ("severity".into(), None, Some(s.1)),
    ];
    if let Some(p) = priority {
        changes.push(("priority".into(), None, Some(p.1)));
    }
    audit::append(
        &mut tx,
        audit::NewEvent {
            changes,
            note,
            ..audit::NewEvent::on_case(case.id, viewer.id, now, "case_qualified")
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// SPEC C7: raises the case one escalation level by hand, with the reason on the timeline.
pub async fn escalate(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    reason: &str,
) -> Result<i64, AppError> {
    let reason = note_of(reason)?;
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let case = access::case_for_change(&mut tx, viewer, number, now, CaseAction::Escalate)
        .await?
        .case;
    let Some(reason) = reason else {
        return Err(AppError::field("reason", FieldProblem::Required));
    };
    let from = case.escalation_level;
    if !cases::escalate(&mut tx, case.id, from, now).await? {
        return Err(AppError::Conflict);
    }
    audit::append(
        &mut tx,
        audit::NewEvent {
            changes: vec![(
                "escalation_level".into(),
                Some(from.to_string()),
                Some((from + 1).to_string()),
            )],
            note: Some(reason.clone()),
            ..audit::NewEvent::on_case(case.id, viewer.id, now, "case_escalated")
        },
    )
    .await?;
    // SPEC C7, F1: escalated cases are the supervisors' to watch; they are told.
    notify::tell_supervisors(
        &mut tx,
        &state.config.public_url,
        case.id,
        &case.number,
        &case.subject,
        from + 1,
        &reason,
        viewer.id,
        now,
    )
    .await?;
    tx.commit().await?;
    // Escalated cases are the supervisors' list; any staff desk may show the mark.
    state
        .announce(DeskEvent::for_staff(
            "case_escalated",
            Some(&case.number),
            case.manager_id,
        ))
        .await;
    Ok(from + 1)
}
