//! The case life cycle of SPEC C4 and I3: which step may be taken from which state, and by whom.
//! This is the one place that decides; services ask it before changing a case's state and pages
//! ask it which buttons to offer.
//!
//! draft -> open -> in progress -> pending closure -> closed, back from pending closure to the
//! manager, and a closed case reopened to the manager with notes.

use super::case::{coded_enum, CaseState};
use super::people::Role;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

coded_enum! {
    /// A step of the life cycle.
    CaseStep {
        Open => "open",
        Start => "start",
        RequestClosure => "request_closure",
        Close => "close",
        ReturnToManager => "return_to_manager",
        Reopen => "reopen",
    }
}

impl CaseStep {
    /// Where the step leads from `from`, when it can be taken there at all.
    pub fn target(self, from: CaseState) -> Option<CaseState> {
        use CaseState::*;
        match (self, from) {
            (CaseStep::Open, Draft) => Some(Open),
            (CaseStep::Start, Open) => Some(InProgress),
            (CaseStep::RequestClosure, InProgress) => Some(PendingClosure),
            (CaseStep::Close, PendingClosure) => Some(Closed),
            (CaseStep::ReturnToManager, PendingClosure) => Some(InProgress),
            (CaseStep::Reopen, Closed) => Some(InProgress),
            _ => None,
        }
    }

    /// The timeline's name for the step once taken.
    pub fn event(self) -> &'static str {
        match self {
            CaseStep::Open => "case_opened",
            CaseStep::Start => "case_started",
            CaseStep::RequestClosure => "case_closure_requested",
            CaseStep::Close => "case_closed",
            CaseStep::ReturnToManager => "case_returned",
            CaseStep::Reopen => "case_reopened",
        }
    }

    /// Steps that must carry a note: sending work back says why.
    pub fn needs_note(self) -> bool {
        matches!(self, CaseStep::ReturnToManager | CaseStep::Reopen)
    }
}

/// The customer's satisfaction recorded at closing (SPEC I3): 1 (very unhappy) to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Satisfaction(u8);

impl Satisfaction {
    pub const MAX: u8 = 5;

    pub fn parse(raw: &str) -> Result<Satisfaction, super::form::FieldProblem> {
        use super::form::FieldProblem;
        match raw.trim() {
            "" => Err(FieldProblem::Required),
            s => match s.parse::<u8>() {
                Ok(n) if (1..=Self::MAX).contains(&n) => Ok(Satisfaction(n)),
                _ => Err(FieldProblem::Invalid),
            },
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

/// The highest escalation level (SPEC C7): team lead, supervisor, management.
pub const MAX_ESCALATION: i64 = 3;

/// Whether `actor` may escalate a case in `state` at `level` by hand: anyone working it (its
/// manager, customer service, a supervisor) while it waits for work, up to the top level.
pub fn may_escalate(state: CaseState, level: i64, actor: Actor) -> bool {
    let working = actor.role == Role::Supervisor || actor.is_case_manager || actor.is_closer;
    state.is_open_work() && level < MAX_ESCALATION && working
}

/// Who is acting, as far as the life cycle cares: their role, whether the case is handed to
/// them, whether their role closes cases in the case's folder, and whether they may start cases
/// there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub role: Role,
    pub is_case_manager: bool,
    pub is_closer: bool,
    pub is_initiator: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The step does not exist from the case's state.
    NotFromThisState,
    /// The step exists but is not this person's to take.
    NotYours,
    NoteRequired,
}

/// Whether `actor` may take `step` on a case in `from`, and where it leads. Supervisors may
/// take any step that exists; customers and employees take none; administrators shape the product rather than
/// work cases, so they only open the drafts they record (when their role starts cases).
pub fn check(
    from: CaseState,
    step: CaseStep,
    actor: Actor,
    note: &str,
) -> Result<CaseState, Refusal> {
    let to = step.target(from).ok_or(Refusal::NotFromThisState)?;
    let allowed = match actor.role {
        // Employees work the tasks and questions sent to them, not the case itself.
        Role::Customer | Role::Employee => false,
        Role::Admin => step == CaseStep::Open && actor.is_initiator,
        Role::Supervisor => true,
        Role::Agent | Role::Manager => match step {
            CaseStep::Open => actor.is_initiator,
            CaseStep::Start | CaseStep::RequestClosure => actor.is_case_manager,
            CaseStep::Close | CaseStep::ReturnToManager | CaseStep::Reopen => actor.is_closer,
        },
    };
    if !allowed {
        return Err(Refusal::NotYours);
    }
    if step.needs_note() && note.trim().is_empty() {
        return Err(Refusal::NoteRequired);
    }
    Ok(to)
}

/// The steps to offer `actor` on a case in `from`, in life-cycle order.
pub fn offered(from: CaseState, actor: Actor) -> Vec<CaseStep> {
    CaseStep::ALL
        .iter()
        .copied()
        .filter(|s| check(from, *s, actor, "note").is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseState::*;

    fn actor(role: Role) -> Actor {
        Actor {
            role,
            is_case_manager: false,
            is_closer: false,
            is_initiator: false,
        }
    }

    /// Every (state, step) pair that exists, with where it leads.
    const EDGES: &[(CaseState, CaseStep, CaseState)] = &[
        (Draft, CaseStep::Open, Open),
        (Open, CaseStep::Start, InProgress),
        (InProgress, CaseStep::RequestClosure, PendingClosure),
        (PendingClosure, CaseStep::Close, Closed),
        (PendingClosure, CaseStep::ReturnToManager, InProgress),
        (Closed, CaseStep::Reopen, InProgress),
    ];

    #[test]
    fn only_the_edges_of_the_life_cycle_exist() {
        for from in CaseState::ALL {
            for step in CaseStep::ALL {
                let expected = EDGES
                    .iter()
                    .find(|(f, s, _)| f == from && s == step)
                    .map(|e| e.2);
                assert_eq!(step.target(*from), expected, "{step} from {from}");
            }
        }
    }

    #[test]
    fn each_step_belongs_to_its_people_and_every_other_pair_is_refused() {
        let initiator = Actor {
            is_initiator: true,
            ..actor(Role::Agent)
        };
        let manager = Actor {
            is_case_manager: true,
            ..actor(Role::Manager)
        };
        let closer = Actor {
            is_closer: true,
            ..actor(Role::Agent)
        };
        let supervisor = actor(Role::Supervisor);
        let people = [
            ("initiator", initiator),
            ("manager of the case", manager),
            ("closer", closer),
            ("supervisor", supervisor),
            ("other manager", actor(Role::Manager)),
            ("other agent", actor(Role::Agent)),
            ("admin", actor(Role::Admin)),
            ("customer", actor(Role::Customer)),
            ("employee", actor(Role::Employee)),
        ];
        let admin_initiator = Actor {
            is_initiator: true,
            ..actor(Role::Admin)
        };
        assert_eq!(
            offered(Draft, admin_initiator),
            [CaseStep::Open],
            "an admin only opens drafts"
        );
        assert!(offered(PendingClosure, admin_initiator).is_empty());
        let may = |who: &str, step: CaseStep| match step {
            CaseStep::Open => matches!(who, "initiator" | "supervisor"),
            CaseStep::Start | CaseStep::RequestClosure => {
                matches!(who, "manager of the case" | "supervisor")
            }
            CaseStep::Close | CaseStep::ReturnToManager | CaseStep::Reopen => {
                matches!(who, "closer" | "supervisor")
            }
        };
        for (who, a) in people {
            for from in CaseState::ALL {
                for step in CaseStep::ALL {
                    let result = check(*from, *step, a, "porque sí");
                    match step.target(*from) {
                        None => assert_eq!(result, Err(Refusal::NotFromThisState)),
                        Some(to) if may(who, *step) => assert_eq!(result, Ok(to)),
                        Some(_) => {
                            assert_eq!(result, Err(Refusal::NotYours), "{who}: {step} from {from}")
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn sending_work_back_needs_a_note() {
        let closer = Actor {
            is_closer: true,
            ..actor(Role::Agent)
        };
        assert_eq!(
            check(PendingClosure, CaseStep::ReturnToManager, closer, "  "),
            Err(Refusal::NoteRequired)
        );
        assert_eq!(
            check(Closed, CaseStep::Reopen, closer, ""),
            Err(Refusal::NoteRequired)
        );
        assert_eq!(
            check(PendingClosure, CaseStep::Close, closer, ""),
            Ok(Closed)
        );
    }

    #[test]
    fn escalation_needs_open_work_someone_working_it_and_room_above() {
        let manager = Actor {
            is_case_manager: true,
            ..actor(Role::Manager)
        };
        assert!(may_escalate(InProgress, 0, manager));
        assert!(may_escalate(Open, 2, actor(Role::Supervisor)));
        assert!(!may_escalate(Open, MAX_ESCALATION, manager));
        assert!(!may_escalate(Closed, 0, manager));
        assert!(!may_escalate(Draft, 0, manager));
        assert!(!may_escalate(Open, 0, actor(Role::Manager)));
        assert!(!may_escalate(Open, 0, actor(Role::Customer)));
    }

    #[test]
    fn satisfaction_is_one_to_five() {
        use crate::domain::form::FieldProblem;
        assert_eq!(Satisfaction::parse(" 5 ").map(Satisfaction::value), Ok(5));
        assert_eq!(Satisfaction::parse("1").map(Satisfaction::value), Ok(1));
        assert_eq!(Satisfaction::parse(""), Err(FieldProblem::Required));
        for bad in ["0", "6", "tres", "-1"] {
            assert_eq!(
                Satisfaction::parse(bad),
                Err(FieldProblem::Invalid),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_offered_steps_are_exactly_the_allowed_ones() {
        let closer = Actor {
            is_closer: true,
            ..actor(Role::Agent)
        };
        assert_eq!(
            offered(PendingClosure, closer),
            [CaseStep::Close, CaseStep::ReturnToManager]
        );
        assert!(offered(PendingClosure, actor(Role::Customer)).is_empty());
        let manager = Actor {
            is_case_manager: true,
            ..actor(Role::Manager)
        };
        assert_eq!(offered(Open, manager), [CaseStep::Start]);
        assert!(offered(Closed, manager).is_empty());
    }
}
