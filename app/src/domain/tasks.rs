//! Tasks (SPEC C6): work a case's manager hands to any employee, as many in parallel as needed.
//! This module is the one place that decides which step of a task may be taken from which state
//! and by whom, and what a new task needs; the service asks it before every change.
//!
//! pending -> in progress -> pending acceptance -> accepted, and from pending acceptance back to
//! in progress when the manager returns the work with a reason (`seeds/003_*.txt`: "aceptar o
//! volver a reenviar").

use super::case::coded_enum;
use super::coverage::Day;
use super::form::{FieldErrors, FieldProblem};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

coded_enum! {
    /// Where a task stands.
    TaskState {
        Pending => "pending",
        InProgress => "in_progress",
        PendingAcceptance => "pending_acceptance",
        Accepted => "accepted",
    }
}

impl TaskState {
    /// Whether the task waits for its assignee (it is on their desk).
    pub fn is_with_assignee(self) -> bool {
        matches!(self, TaskState::Pending | TaskState::InProgress)
    }
}

coded_enum! {
    /// A step of a task's life.
    TaskStep {
        Start => "start",
        Submit => "submit",
        Accept => "accept",
        Return => "return",
    }
}

impl TaskStep {
    /// Where the step leads from `from`. An assignee may hand in work straight from *pending*:
    /// a task done at once need not be started first.
    pub fn target(self, from: TaskState) -> Option<TaskState> {
        use TaskState::*;
        match (self, from) {
            (TaskStep::Start, Pending) => Some(InProgress),
            (TaskStep::Submit, Pending | InProgress) => Some(PendingAcceptance),
            (TaskStep::Accept, PendingAcceptance) => Some(Accepted),
            (TaskStep::Return, PendingAcceptance) => Some(InProgress),
            _ => None,
        }
    }

    /// The assignee works the task; the case's manager (or a supervisor) judges the result.
    fn belongs_to_assignee(self) -> bool {
        matches!(self, TaskStep::Start | TaskStep::Submit)
    }

    /// Handing in work says what was done; returning it says what is missing.
    pub fn needs_note(self) -> bool {
        matches!(self, TaskStep::Submit | TaskStep::Return)
    }

    /// The timeline's name for the step once taken.
    pub fn event(self) -> &'static str {
        match self {
            TaskStep::Start => "task_started",
            TaskStep::Submit => "task_submitted",
            TaskStep::Accept => "task_accepted",
            TaskStep::Return => "task_returned",
        }
    }
}

/// Who acts on a task, as far as its rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TaskActor {
    pub is_assignee: bool,
    /// The manager of the task's case, or the person who assigned the task.
    pub is_owner: bool,
    pub is_supervisor: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskRefusal {
    NotFromThisState,
    NotYours,
    NoteRequired,
}

/// Whether `actor` may take `step` on a task in `from`, and where it leads. A supervisor may
/// judge any task but does not do other people's work for them.
pub fn check(
    from: TaskState,
    step: TaskStep,
    actor: TaskActor,
    note: &str,
) -> Result<TaskState, TaskRefusal> {
    let to = step.target(from).ok_or(TaskRefusal::NotFromThisState)?;
    let allowed = if step.belongs_to_assignee() {
        actor.is_assignee
    } else {
        actor.is_owner || actor.is_supervisor
    };
    if !allowed {
        return Err(TaskRefusal::NotYours);
    }
    if step.needs_note() && note.trim().is_empty() {
        return Err(TaskRefusal::NoteRequired);
    }
    Ok(to)
}

/// The steps `actor` may take now, in the order a page shows them.
pub fn offered(from: TaskState, actor: TaskActor) -> Vec<TaskStep> {
    TaskStep::ALL
        .iter()
        .copied()
        .filter(|s| s.target(from).is_some())
        .filter(|s| check(from, *s, actor, "a note").is_ok())
        .collect()
}

/// Whether a case's tasks are all done: at least one, and every one accepted. The moment this
/// turns true the manager is told.
pub fn all_accepted(states: &[TaskState]) -> bool {
    !states.is_empty() && states.iter().all(|s| *s == TaskState::Accepted)
}

pub const TITLE_MAX: usize = 200;
pub const INSTRUCTIONS_MAX: usize = 5_000;

/// A new task as its form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskForm {
    pub title: String,
    pub instructions: String,
    pub assignee_id: String,
    pub planned_day: String,
    pub max_day: String,
}

/// A task that may be created: a title, an assignee and a maximum date, and a planned date (if
/// any) no later than the maximum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTask {
    pub title: String,
    pub instructions: String,
    pub assignee_id: i64,
    pub planned_day: Option<Day>,
    pub max_day: Day,
}

impl TaskForm {
    /// Checks the form; `today` is the organisation's day, before which no date may fall.
    pub fn validate(&self, today: Day) -> Result<ValidTask, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = self.title.trim();
        if title.is_empty() {
            errors.add("title", FieldProblem::Required);
        } else if title.chars().count() > TITLE_MAX {
            errors.add("title", FieldProblem::TooLong { max: TITLE_MAX });
        }
        let instructions = self.instructions.trim();
        if instructions.chars().count() > INSTRUCTIONS_MAX {
            errors.add(
                "instructions",
                FieldProblem::TooLong {
                    max: INSTRUCTIONS_MAX,
                },
            );
        }
        let assignee_id = match self.assignee_id.trim().parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("assignee_id", FieldProblem::Required);
                None
            }
        };
        let mut day = |field: &str, raw: &str, required: bool| -> Option<Day> {
            match raw.trim() {
                "" => {
                    if required {
                        errors.add(field, FieldProblem::Required);
                    }
                    None
                }
                text => match text.parse::<Day>() {
                    Ok(d) if d < today => {
                        errors.add(field, FieldProblem::Invalid);
                        None
                    }
                    Ok(d) => Some(d),
                    Err(()) => {
                        errors.add(field, FieldProblem::NotADate);
                        None
                    }
                },
            }
        };
        let planned_day = day("planned_day", &self.planned_day, false);
        let max_day = day("max_day", &self.max_day, true);
        if let (Some(p), Some(m)) = (planned_day, max_day) {
            if p > m {
                errors.add("planned_day", FieldProblem::Invalid);
            }
        }
        match (assignee_id, max_day) {
            (Some(assignee_id), Some(max_day)) if errors.is_empty() => Ok(ValidTask {
                title: title.to_string(),
                instructions: instructions.to_string(),
                assignee_id,
                planned_day,
                max_day,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASSIGNEE: TaskActor = TaskActor {
        is_assignee: true,
        is_owner: false,
        is_supervisor: false,
    };
    const MANAGER: TaskActor = TaskActor {
        is_assignee: false,
        is_owner: true,
        is_supervisor: false,
    };
    const SUPERVISOR: TaskActor = TaskActor {
        is_assignee: false,
        is_owner: false,
        is_supervisor: true,
    };
    const BYSTANDER: TaskActor = TaskActor {
        is_assignee: false,
        is_owner: false,
        is_supervisor: false,
    };

    #[test]
    fn every_step_leads_where_the_seed_says_and_nowhere_else() {
        use TaskState::*;
        let allowed = [
            (TaskStep::Start, Pending, InProgress),
            (TaskStep::Submit, Pending, PendingAcceptance),
            (TaskStep::Submit, InProgress, PendingAcceptance),
            (TaskStep::Accept, PendingAcceptance, Accepted),
            (TaskStep::Return, PendingAcceptance, InProgress),
        ];
        for step in TaskStep::ALL {
            for from in TaskState::ALL {
                let expected = allowed
                    .iter()
                    .find(|(s, f, _)| s == step && f == from)
                    .map(|(_, _, to)| *to);
                assert_eq!(step.target(*from), expected, "{step} from {from}");
            }
        }
    }

    #[test]
    fn only_the_assignee_works_the_task() {
        for who in [MANAGER, SUPERVISOR, BYSTANDER] {
            assert_eq!(
                check(TaskState::Pending, TaskStep::Start, who, ""),
                Err(TaskRefusal::NotYours)
            );
            assert_eq!(
                check(TaskState::InProgress, TaskStep::Submit, who, "hecho"),
                Err(TaskRefusal::NotYours)
            );
        }
        assert_eq!(
            check(TaskState::Pending, TaskStep::Start, ASSIGNEE, ""),
            Ok(TaskState::InProgress)
        );
    }

    #[test]
    fn the_manager_or_a_supervisor_accepts_or_returns_the_work() {
        for who in [MANAGER, SUPERVISOR] {
            assert_eq!(
                check(TaskState::PendingAcceptance, TaskStep::Accept, who, ""),
                Ok(TaskState::Accepted)
            );
            assert_eq!(
                check(
                    TaskState::PendingAcceptance,
                    TaskStep::Return,
                    who,
                    "falta la foto"
                ),
                Ok(TaskState::InProgress)
            );
        }
        for who in [ASSIGNEE, BYSTANDER] {
            assert_eq!(
                check(TaskState::PendingAcceptance, TaskStep::Accept, who, ""),
                Err(TaskRefusal::NotYours)
            );
        }
    }

    #[test]
    fn returned_task_goes_back_to_assignee_with_a_reason() {
        assert_eq!(
            check(
                TaskState::PendingAcceptance,
                TaskStep::Return,
                MANAGER,
                "  "
            ),
            Err(TaskRefusal::NoteRequired)
        );
        let back = check(
            TaskState::PendingAcceptance,
            TaskStep::Return,
            MANAGER,
            "falta la foto",
        );
        assert_eq!(back, Ok(TaskState::InProgress));
        assert!(TaskState::InProgress.is_with_assignee());
        assert_eq!(offered(TaskState::InProgress, ASSIGNEE), [TaskStep::Submit]);
    }

    #[test]
    fn handing_in_work_says_what_was_done() {
        assert_eq!(
            check(TaskState::InProgress, TaskStep::Submit, ASSIGNEE, ""),
            Err(TaskRefusal::NoteRequired)
        );
    }

    #[test]
    fn an_accepted_task_is_finished() {
        for step in TaskStep::ALL {
            for who in [ASSIGNEE, MANAGER, SUPERVISOR] {
                assert_eq!(
                    check(TaskState::Accepted, *step, who, "nota"),
                    Err(TaskRefusal::NotFromThisState)
                );
            }
        }
        assert!(offered(TaskState::Accepted, MANAGER).is_empty());
    }

    #[test]
    fn each_person_is_offered_only_their_steps() {
        assert_eq!(
            offered(TaskState::Pending, ASSIGNEE),
            [TaskStep::Start, TaskStep::Submit]
        );
        assert!(offered(TaskState::Pending, MANAGER).is_empty());
        assert_eq!(
            offered(TaskState::PendingAcceptance, MANAGER),
            [TaskStep::Accept, TaskStep::Return]
        );
        assert!(offered(TaskState::PendingAcceptance, ASSIGNEE).is_empty());
        assert!(offered(TaskState::PendingAcceptance, BYSTANDER).is_empty());
    }

    #[test]
    fn the_manager_is_told_only_when_every_task_is_accepted() {
        use TaskState::*;
        assert!(!all_accepted(&[]));
        assert!(!all_accepted(&[Accepted, PendingAcceptance]));
        assert!(all_accepted(&[Accepted, Accepted]));
    }

    fn today() -> Day {
        "2026-11-23".parse().unwrap()
    }

    fn form() -> TaskForm {
        TaskForm {
            title: "Revisar el pedido 7781".into(),
            instructions: "Confirme con almacén qué cajas salieron.".into(),
            assignee_id: "7".into(),
            planned_day: "2026-11-24".into(),
            max_day: "2026-11-26".into(),
        }
    }

    #[test]
    fn a_task_needs_a_title_an_assignee_and_a_maximum_date() {
        let ok = form().validate(today()).unwrap();
        assert_eq!(ok.assignee_id, 7);
        assert_eq!(ok.max_day.to_string(), "2026-11-26");
        let empty = TaskForm::default().validate(today()).unwrap_err();
        assert_eq!(empty.get("title"), Some(&FieldProblem::Required));
        assert_eq!(empty.get("assignee_id"), Some(&FieldProblem::Required));
        assert_eq!(empty.get("max_day"), Some(&FieldProblem::Required));
        assert_eq!(empty.get("planned_day"), None);
    }

    #[test]
    fn the_planned_date_comes_no_later_than_the_maximum_and_neither_is_past() {
        let late_plan = TaskForm {
            planned_day: "2026-11-27".into(),
            ..form()
        };
        assert_eq!(
            late_plan.validate(today()).unwrap_err().get("planned_day"),
            Some(&FieldProblem::Invalid)
        );
        let past = TaskForm {
            max_day: "2026-11-22".into(),
            planned_day: String::new(),
            ..form()
        };
        assert_eq!(
            past.validate(today()).unwrap_err().get("max_day"),
            Some(&FieldProblem::Invalid)
        );
        let not_a_day = TaskForm {
            max_day: "26/11/2026".into(),
            ..form()
        };
        assert_eq!(
            not_a_day.validate(today()).unwrap_err().get("max_day"),
            Some(&FieldProblem::NotADate)
        );
    }
}
