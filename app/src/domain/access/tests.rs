//! Every role against every action, on a case in each state that matters. The expected answers
//! are written out as a table, one row per action and one letter per asker, so that a loosened
//! rule shows up as one changed letter.

use super::*;
use crate::domain::case::CaseState::{self, *};

const OWNER: i64 = 1;
const OTHER_CUSTOMER: i64 = 2;
const MANAGER: i64 = 3;
const AGENT: i64 = 4;
const WORKER: i64 = 5;
const IDLE_EMPLOYEE: i64 = 6;
const OTHER_MANAGER: i64 = 7;
const SUPERVISOR: i64 = 8;
const ADMIN: i64 = 9;
const FOLDER_MANAGER: i64 = 10;

/// The askers, in the order of the letters of the tables below.
fn askers() -> Vec<(&'static str, Actor)> {
    let p = |id, role| Actor::Person { id, role };
    vec![
        ("owner", p(OWNER, Role::Customer)),
        ("other customer", p(OTHER_CUSTOMER, Role::Customer)),
        ("case manager", p(MANAGER, Role::Manager)),
        ("agent", p(AGENT, Role::Agent)),
        ("employee with a task", p(WORKER, Role::Employee)),
        ("employee without work", p(IDLE_EMPLOYEE, Role::Employee)),
        ("manager elsewhere", p(OTHER_MANAGER, Role::Manager)),
        ("supervisor", p(SUPERVISOR, Role::Supervisor)),
        ("admin", p(ADMIN, Role::Admin)),
        (
            "manager named by the folder",
            p(FOLDER_MANAGER, Role::Manager),
        ),
        ("link holder", Actor::LinkHolder { request_id: 1 }),
    ]
}

/// A case recorded by the agent in a folder where agents start and close cases and routing may
/// name `FOLDER_MANAGER`; `WORKER` holds a task on it.
fn case(state: CaseState, asker: Actor) -> CaseFacts {
    let worker = matches!(asker, Actor::Person { id: WORKER, .. });
    CaseFacts {
        state,
        customer_id: OWNER,
        customer_confirmed: true,
        created_by: AGENT,
        manager_id: (state != Draft).then_some(MANAGER),
        escalation_level: 0,
        is_request: false,
        folder: Some(FolderFacts {
            initiators: vec![Role::Agent],
            closer: Some(Role::Agent),
            managers: vec![FOLDER_MANAGER],
            approver: None,
        }),
        work: WorkFacts { holds_task: worker },
    }
}

/// `A` allowed, `H` hidden (not found), `F` forbidden; one letter per asker of [`askers`].
fn check(state: CaseState, rows: &[(CaseAction, &str)]) {
    let askers = askers();
    for (action, letters) in rows {
        let letters: Vec<char> = letters.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(
            letters.len(),
            askers.len(),
            "{action:?}: one letter per asker"
        );
        for ((name, actor), expected) in askers.iter().zip(letters) {
            let got = match decide(*actor, &case(state, *actor), *action) {
                Decision::Allowed => 'A',
                Decision::Hidden => 'H',
                Decision::Forbidden => 'F',
            };
            assert_eq!(got, expected, "{action:?} on a {state} case by the {name}");
        }
    }
}

//                        owner  other  mgr  agent  worker idle  mgr2  sup  admin fmgr link
#[test]
fn in_progress_case() {
    use CaseAction::*;
    check(
        InProgress,
        &[
            (View, "                  A H A A A H H A A A H"),
            (EditDraft, "             F H F F F H H F F F H"),
            (AddLink, "               F H A A F H H A A A H"),
            (AskForDocument, "        F H A A F H H A F F H"),
            (AnswerDocumentRequest, " A H A A F H H A A A H"),
            (Step(CaseStep::Start), " F H F F F H H F F F H"),
            (Step(CaseStep::RequestClosure), "F H A F F H H A F F H"),
            (Step(CaseStep::Close), " F H F F F H H F F F H"),
            (Reassign, "              F H A F F H H A F F H"),
            (Qualify, "               F H A F F H H A F F H"),
            (Escalate, "              F H A A F H H A F F H"),
            (AssignTask, "            F H A F F H H A F F H"),
            (Decide, "                F H A F F H H A F F H"),
            (AskForInformation, "     F H A A F H H A A A H"),
            (ManageClock, "           F H A F F H H A F F H"),
        ],
    );
}

#[test]
fn draft_case() {
    use CaseAction::*;
    check(
        Draft,
        &[
            (View, "                  H H H A H H H A A H H"),
            (EditDraft, "             H H H A H H H F A H H"),
            (AddLink, "               H H H A H H H A A H H"),
            (AskForDocument, "        H H H A H H H F A H H"),
            (AnswerDocumentRequest, " H H H F H H H F F H H"),
            (Step(CaseStep::Open), "  H H H A H H H F F H H"),
            (AssignTask, "            H H H F H H H F F H H"),
        ],
    );
}

#[test]
fn pending_closure_and_closed_cases() {
    use CaseAction::*;
    check(
        PendingClosure,
        &[
            (View, "                  A H A A A H H A A A H"),
            (Step(CaseStep::Close), " F H F A F H H A F F H"),
            (Step(CaseStep::ReturnToManager), "F H F A F H H A F F H"),
            (AssignTask, "            F H F F F H H F F F H"),
            (AskForInformation, "     F H A A F H H A A A H"),
        ],
    );
    check(
        Closed,
        &[
            (View, "                  A H A A A H H A A A H"),
            (Step(CaseStep::Reopen), "F H F A F H H A F F H"),
            (AskForDocument, "        F H F F F H H F F F H"),
            (Reassign, "              F H F F F H H F F F H"),
            (ManageClock, "           F H A F F H H A F F H"),
        ],
    );
}

#[test]
fn scope_follows_the_relation() {
    let sup = Actor::Person {
        id: SUPERVISOR,
        role: Role::Supervisor,
    };
    let worker = Actor::Person {
        id: WORKER,
        role: Role::Employee,
    };
    let owner = Actor::Person {
        id: OWNER,
        role: Role::Customer,
    };
    assert_eq!(scope(sup, &case(Open, sup)), Some(Scope::Whole));
    assert_eq!(scope(worker, &case(Open, worker)), Some(Scope::Work));
    assert_eq!(scope(owner, &case(Open, owner)), Some(Scope::Owner));
    // The task accepted, the employee no longer sees the case.
    let mut done = case(Open, worker);
    done.work.holds_task = false;
    assert_eq!(scope(worker, &done), None);
    // A manager handed the case sees it whole even outside the folders that name them.
    let elsewhere = Actor::Person {
        id: OTHER_MANAGER,
        role: Role::Manager,
    };
    let mut handed = case(Open, elsewhere);
    handed.manager_id = Some(OTHER_MANAGER);
    assert_eq!(scope(elsewhere, &handed), Some(Scope::Whole));
    // An API client acts with its user's rights.
    let api = Actor::ApiClient {
        user_id: OWNER,
        role: Role::Customer,
    };
    assert_eq!(scope(api, &case(Open, api)), Some(Scope::Owner));
}

#[test]
fn an_unconfirmed_address_sees_only_the_cases_it_filed() {
    let owner = Actor::Person {
        id: OWNER,
        role: Role::Customer,
    };
    // Recorded by an agent for the address of someone who signed up and never confirmed it.
    let mut recorded = case(Open, owner);
    recorded.customer_confirmed = false;
    assert_eq!(scope(owner, &recorded), None);
    assert_eq!(decide(owner, &recorded, CaseAction::View), Decision::Hidden);
    // Filed by the account itself from the portal.
    // Nor is an information request about it theirs to read, though it names them.
    assert_eq!(request_actor(owner, &recorded, 1, AGENT, Some(OWNER)), None);
    assert!(request_actor(owner, &case(Open, owner), 1, AGENT, Some(OWNER)).is_some());
    let mut filed = recorded.clone();
    filed.created_by = OWNER;
    assert_eq!(scope(owner, &filed), Some(Scope::Owner));
}

#[test]
fn files_and_tasks_follow_the_scope() {
    let worker = Actor::Person {
        id: WORKER,
        role: Role::Employee,
    };
    let owner = Actor::Person {
        id: OWNER,
        role: Role::Customer,
    };
    assert!(may_see_file(owner, Scope::Owner, FileOf::Case));
    assert!(!may_see_file(
        owner,
        Scope::Owner,
        FileOf::Task { assignee: WORKER }
    ));
    assert!(may_see_file(
        worker,
        Scope::Work,
        FileOf::Task { assignee: WORKER }
    ));
    assert!(!may_see_file(
        worker,
        Scope::Work,
        FileOf::Task {
            assignee: IDLE_EMPLOYEE
        }
    ));
    assert!(may_see_file(
        worker,
        Scope::Whole,
        FileOf::Task {
            assignee: IDLE_EMPLOYEE
        }
    ));
    assert!(may_see_task(worker, Scope::Work, WORKER));
    assert!(!may_see_task(worker, Scope::Work, IDLE_EMPLOYEE));
    assert!(!may_see_file(worker, Scope::Work, FileOf::Thread));
    assert!(may_see_file(worker, Scope::Whole, FileOf::Thread));
    assert!(!may_see_requests(Scope::Owner));
    assert!(!may_see_requests(Scope::Work));
    let t = task_actor(worker, &case(Open, worker), WORKER, MANAGER).unwrap();
    assert!(t.is_assignee && !t.is_owner && !t.is_supervisor);
    assert!(task_actor(owner, &case(Open, owner), WORKER, MANAGER).is_none());
}

#[test]
fn desks_list_what_each_role_sees() {
    let folders = [
        (
            1,
            FolderFacts {
                initiators: vec![Role::Agent],
                closer: Some(Role::Agent),
                managers: vec![FOLDER_MANAGER],
                approver: None,
            },
        ),
        (
            2,
            FolderFacts {
                initiators: vec![Role::Manager],
                closer: Some(Role::Manager),
                managers: vec![],
                approver: None,
            },
        ),
    ];
    let of = |id, role| {
        desk_scope(
            Actor::Person { id, role },
            folders.iter().map(|(i, f)| (*i, f)),
        )
    };
    assert_eq!(of(SUPERVISOR, Role::Supervisor), DeskScope::All);
    assert_eq!(of(ADMIN, Role::Admin), DeskScope::All);
    assert_eq!(
        of(AGENT, Role::Agent),
        DeskScope::Folders {
            folder_ids: vec![1],
            user_id: AGENT
        }
    );
    assert_eq!(
        of(FOLDER_MANAGER, Role::Manager),
        DeskScope::Folders {
            folder_ids: vec![1, 2],
            user_id: FOLDER_MANAGER
        }
    );
    assert_eq!(
        of(WORKER, Role::Employee),
        DeskScope::Work { user_id: WORKER }
    );
    assert_eq!(of(OWNER, Role::Customer), DeskScope::None);
    assert!(!hears_staff_events(Role::Employee) && hears_staff_events(Role::Agent));
    assert!(!may_record_cases(Role::Employee) && !may_record_cases(Role::Customer));
    for role in Role::ALL {
        assert_eq!(may_administer(*role), *role == Role::Admin, "{role}");
        assert_eq!(has_desk(*role), *role != Role::Customer, "{role}");
        assert_eq!(
            may_record_cases(*role),
            matches!(
                role,
                Role::Agent | Role::Manager | Role::Supervisor | Role::Admin
            ),
            "{role}"
        );
    }
}

#[test]
fn a_request_is_seen_by_its_recipient_and_judged_by_who_works_the_case() {
    let p = |id, role| Actor::Person { id, role };
    let idle = p(IDLE_EMPLOYEE, Role::Employee);
    let on = |a: Actor| case(InProgress, a);
    // Sent by the agent to the idle employee: they answer, without seeing the case.
    let r = request_actor(idle, &on(idle), 1, AGENT, Some(IDLE_EMPLOYEE)).unwrap();
    assert!(r.is_recipient && !r.is_asker);
    assert_eq!(scope(idle, &on(idle)), None);
    let agent = p(AGENT, Role::Agent);
    let r = request_actor(agent, &on(agent), 1, AGENT, Some(IDLE_EMPLOYEE)).unwrap();
    assert!(r.is_asker && !r.is_recipient);
    let mgr = p(MANAGER, Role::Manager);
    assert!(
        request_actor(mgr, &on(mgr), 1, AGENT, Some(IDLE_EMPLOYEE))
            .unwrap()
            .is_asker
    );
    // The folder's other manager sees the thread but does not judge it.
    let fmgr = p(FOLDER_MANAGER, Role::Manager);
    let r = request_actor(fmgr, &on(fmgr), 1, AGENT, Some(IDLE_EMPLOYEE)).unwrap();
    assert!(!r.is_asker && !r.is_recipient);
    // Nobody else, and no customer.
    for who in [
        p(WORKER, Role::Employee),
        p(OTHER_MANAGER, Role::Manager),
        p(OWNER, Role::Customer),
    ] {
        assert!(request_actor(who, &on(who), 1, AGENT, Some(IDLE_EMPLOYEE)).is_none());
    }
    // A link opens its own outsider's request and no other, nor an employee's.
    let link = Actor::LinkHolder { request_id: 1 };
    assert!(
        request_actor(link, &on(link), 1, AGENT, None)
            .unwrap()
            .is_recipient
    );
    assert!(request_actor(link, &on(link), 2, AGENT, None).is_none());
    assert!(request_actor(link, &on(link), 1, AGENT, Some(IDLE_EMPLOYEE)).is_none());
}

/// SPEC A9: customer service settles a customer's request itself; a complaint it does not.
#[test]
fn agents_decide_requests_not_complaints() {
    let agent = Actor::Person {
        id: AGENT,
        role: Role::Agent,
    };
    let mut facts = case(InProgress, agent);
    assert_eq!(
        decide(agent, &facts, CaseAction::Decide),
        Decision::Forbidden
    );
    facts.is_request = true;
    assert_eq!(decide(agent, &facts, CaseAction::Decide), Decision::Allowed);
    facts.state = Closed;
    assert_eq!(
        decide(agent, &facts, CaseAction::Decide),
        Decision::Forbidden
    );
}
