//! Tasks (SPEC C6): the manager hands parts of a case's work to any employee. Every change
//! takes the case's row first (the same lock the life cycle takes), so the moment the last
//! task is accepted is seen exactly once, and writes the change with its audit event in one
//! transaction. Who may take which step is decided by `domain::tasks`.

use super::access::{self, CaseAccess};
use super::intake::{
    attach, check_uploads, put_files, remove_all, today, FileFor, StoredFile, Upload,
};
use crate::backend::display::format_time;
use crate::backend::live::DeskEvent;
use crate::backend::notify;
use crate::backend::store::tasks::{self as store, TaskRow};
use crate::backend::store::{audit, users};
use crate::backend::{AppError, AppState};
use crate::domain::access::{may_see_task, task_actor, CaseAction};
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::domain::tasks::{self, TaskForm, TaskRefusal, TaskState, TaskStep};
use crate::i18n::Locale;
use crate::model::{AttachmentInfo, Choice, TaskView, TimelineEntry, Viewer};
use sqlx::AnyConnection;

pub const NOTE_MAX: usize = 5_000;

/// Everyone who may be given work or asked: active staff, the viewer excepted.
pub async fn employees(
    conn: &mut AnyConnection,
    except: Option<i64>,
) -> Result<Vec<Choice>, sqlx::Error> {
    Ok(users::staff(conn)
        .await?
        .into_iter()
        .filter(|u| u.active == 1 && Some(u.id) != except)
        .map(|u| Choice {
            id: u.id,
            name: u.name,
        })
        .collect())
}

fn text_of(field: &str, raw: &str, required: bool) -> Result<Option<String>, AppError> {
    let text = raw.trim();
    if text.chars().count() > NOTE_MAX {
        return Err(AppError::field(
            field,
            FieldProblem::TooLong { max: NOTE_MAX },
        ));
    }
    if required && text.is_empty() {
        return Err(AppError::field(field, FieldProblem::Required));
    }
    Ok((!text.is_empty()).then(|| text.to_string()))
}

/// SPEC C6: gives a task on the case `number` to an employee. Returns the task's id.
pub async fn assign(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    form: TaskForm,
) -> Result<i64, AppError> {
    let now = state.now_ms();
    let valid = form.validate(today(state, now));
    let mut tx = state.store.begin().await?;
    let case = access::case_for_change(&mut tx, viewer, number, now, CaseAction::AssignTask)
        .await?
        .case;
    let valid = valid.map_err(AppError::Invalid)?;
    let assignee = employees(&mut tx, None)
        .await?
        .into_iter()
        .find(|e| e.id == valid.assignee_id)
        .ok_or_else(|| AppError::field("assignee_id", FieldProblem::Required))?;
    let id = store::insert(
        &mut tx,
        store::NewTask {
            case_id: case.id,
            title: &valid.title,
            instructions: &valid.instructions,
            assignee_id: assignee.id,
            assigned_by: viewer.id,
            planned_day: valid.planned_day.map(|d| d.to_string()),
            max_day: valid.max_day.to_string(),
            now,
        },
    )
    .await?;
    let mut changes = vec![
        ("title".to_string(), None, Some(valid.title.clone())),
        ("assignee".to_string(), None, Some(assignee.name.clone())),
        ("max_day".to_string(), None, Some(valid.max_day.to_string())),
    ];
    if let Some(p) = valid.planned_day {
        changes.push(("planned_day".into(), None, Some(p.to_string())));
    }
    notify::tell_assignee(
        &mut tx,
        &state.config.public_url,
        case.id,
        &case.number,
        &valid.title,
        &valid.max_day.to_string(),
        assignee.id,
        now,
    )
    .await?;
    audit::append(
        &mut tx,
        audit::NewEvent {
            entity: "task",
            entity_id: Some(id),
            changes,
            note: (!valid.instructions.is_empty()).then(|| valid.instructions.clone()),
            ..audit::NewEvent::on_case(case.id, viewer.id, now, "task_assigned")
        },
    )
    .await?;
    tx.commit().await?;
    state
        .announce(DeskEvent::for_users(
            "task_assigned",
            Some(&case.number),
            [assignee.id],
        ))
        .await;
    Ok(id)
}

/// What taking a step gave: the task's new state, and whether that made every task of the case
/// accepted (the manager is told).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepDone {
    pub state: TaskState,
    pub all_accepted: bool,
}

/// SPEC C6: a step of a task. Handing work in carries a note and files; returning it a reason.
pub async fn take_step(
    state: &AppState,
    viewer: &Viewer,
    task_id: i64,
    step: &str,
    note: &str,
    uploads: Vec<Upload>,
) -> Result<StepDone, AppError> {
    let step: TaskStep = step.parse().map_err(|_| AppError::NotFound)?;
    let note = text_of("note", note, false)?;
    let number = {
        let mut conn = state.store.pool().acquire().await?;
        store::by_id(&mut conn, task_id)
            .await?
            .ok_or(AppError::NotFound)?
            .case_number
    };
    let mut errors = FieldErrors::default();
    let files = if step == TaskStep::Submit {
        check_uploads(uploads, state.config.max_upload_bytes, &mut errors)
    } else {
        Vec::new()
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = state.now_ms();
    let stored = put_files(state, files, now).await?;
    match write_step(state, viewer, task_id, &number, step, note, &stored, now).await {
        Ok(done) => Ok(done),
        Err(e) => {
            remove_all(&state.files, &stored).await;
            Err(e)
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn write_step(
    state: &AppState,
    viewer: &Viewer,
    task_id: i64,
    number: &str,
    step: TaskStep,
    note: Option<String>,
    stored: &[StoredFile],
    now: i64,
) -> Result<StepDone, AppError> {
    let mut tx = state.store.begin().await?;
    let seen = access::case_for_change(&mut tx, viewer, number, now, CaseAction::View).await?;
    let case = &seen.case;
    let task = store::by_id(&mut tx, task_id)
        .await?
        .filter(|t| t.case_id == case.id && may_see_task(seen.actor, seen.scope, t.assignee_id))
        .ok_or(AppError::NotFound)?;
    let from: TaskState = task.state.parse().map_err(|_| AppError::Conflict)?;
    let who = task_actor(seen.actor, &seen.facts, task.assignee_id, task.assigned_by)
        .ok_or(AppError::NotFound)?;
    let to = match tasks::check(from, step, who, note.as_deref().unwrap_or("")) {
        Ok(to) => to,
        Err(TaskRefusal::NoteRequired) => {
            return Err(AppError::field("note", FieldProblem::Required))
        }
        Err(TaskRefusal::NotYours | TaskRefusal::NotFromThisState) => {
            return Err(AppError::Forbidden)
        }
    };
    if !store::set_state(&mut tx, task.id, from, to, step == TaskStep::Return, now).await? {
        // Someone took a step on it between our read and our write.
        return Err(AppError::Conflict);
    }
    audit::append(
        &mut tx,
        audit::NewEvent {
            entity: "task",
            entity_id: Some(task.id),
            changes: vec![(
                "task_state".into(),
                Some(from.code().into()),
                Some(to.code().into()),
            )],
            note,
            ..audit::NewEvent::on_case(case.id, viewer.id, now, step.event())
        },
    )
    .await?;
    for file in stored {
        let to = FileFor {
            document_id: None,
            task_id: Some(task.id),
            info_message_id: None,
        };
        attach(&mut tx, case.id, file, to, viewer.id, now).await?;
    }
    if step == TaskStep::Submit {
        // SPEC F1: the answer waits for acceptance by whoever gave the task (and the manager).
        let link = crate::backend::notify::templates::case_link(&state.config.public_url, number);
        let mut told = vec![task.assigned_by];
        told.extend(case.manager_id.filter(|m| *m != task.assigned_by));
        for person in told.into_iter().filter(|p| *p != viewer.id) {
            notify::tell_staff(
                &mut tx,
                Some(case.id),
                person,
                crate::backend::notify::templates::TASK_SUBMITTED,
                &|_| {
                    vec![
                        ("number", case.number.clone()),
                        ("task", task.title.clone()),
                        ("person", viewer.name.clone()),
                        ("link", link.clone()),
                    ]
                },
                now,
            )
            .await?;
        }
    }
    let all_accepted = step == TaskStep::Accept
        && tasks::all_accepted(&store::states_of_case(&mut tx, case.id).await?);
    if all_accepted {
        // SPEC C6: "when all are accepted the manager is told": on the case and on their desk.
        audit::append(
            &mut tx,
            audit::NewEvent::on_case(case.id, viewer.id, now, "tasks_all_accepted"),
        )
        .await?;
    }
    tx.commit().await?;
    // The assignee's and the manager's desks both change with any step of a task.
    let people = [
        Some(task.assignee_id),
        Some(task.assigned_by),
        case.manager_id,
    ];
    state
        .announce(DeskEvent::for_users(
            step.event(),
            Some(&case.number),
            people.into_iter().flatten(),
        ))
        .await;
    Ok(StepDone {
        state: to,
        all_accepted,
    })
}

/// The case page's tasks, each with its thread, its files and the viewer's steps.
pub async fn task_views(
    conn: &mut AnyConnection,
    state: &AppState,
    seen: &CaseAccess,
    attachments: &[AttachmentInfo],
    locale: Locale,
) -> Result<Vec<TaskView>, sqlx::Error> {
    let tz = state.config.time_zone;
    let today = today(state, state.now_ms()).to_string();
    let case = &seen.case;
    let rows: Vec<TaskRow> = store::of_case(conn, case.id)
        .await?
        .into_iter()
        .filter(|t| may_see_task(seen.actor, seen.scope, t.assignee_id))
        .collect();
    let events = audit::case_threads(conn, case.id, "task").await?;
    let files = store::attachments_of_case(conn, case.id).await?;
    Ok(rows
        .into_iter()
        .map(|t| {
            let state: TaskState = t.state.parse().unwrap_or(TaskState::Pending);
            TaskView {
                id: t.id,
                overdue: state.is_with_assignee()
                    && t.max_day.as_deref().is_some_and(|d| d < today.as_str()),
                steps: task_actor(seen.actor, &seen.facts, t.assignee_id, t.assigned_by)
                    .map(|who| tasks::offered(state, who))
                    .unwrap_or_default(),
                thread: events
                    .iter()
                    .filter(|e| e.entity_id == t.id)
                    .map(|e| TimelineEntry {
                        at: format_time(e.at, tz, locale),
                        actor: e.actor_name.clone(),
                        action: e.action.clone(),
                        changes: Vec::new(),
                        note: e.note.clone(),
                        public: false,
                    })
                    .collect(),
                files: files
                    .iter()
                    .filter(|(task, _)| *task == t.id)
                    .filter_map(|(_, a)| attachments.iter().find(|f| f.id == *a).cloned())
                    .collect(),
                title: t.title,
                instructions: t.instructions,
                assignee: t.assignee_name,
                assigned_by: t.assigned_by_name,
                state,
                planned_day: t.planned_day,
                max_day: t.max_day,
                returned_count: t.returned_count,
            }
        })
        .collect())
}
