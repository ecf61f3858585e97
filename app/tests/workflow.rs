//! The case life cycle and hand-over (SPEC C4, C2, I3) through the one service that changes a
//! case's state, on SQLite and PostgreSQL alike.

use app::backend::services::{cases, intake, workflow};
use app::backend::testing::TestDb;
use app::backend::AppError;
use app::domain::case::CaseState;
use app::domain::form::FieldProblem;
use app::domain::intake::IntakeForm;
use app::domain::lifecycle::CaseStep;
use app::domain::people::Role;
use app::domain::routing::RouteReason;
use app::i18n::Locale;
use app::model::{DeskFilter, DraftOutcome, Viewer};
use app::on_both_backends;

fn phone_case() -> IntakeForm {
    IntakeForm {
        subject: "Pedido incompleto".into(),
        description: "Faltan dos cajas del pedido 7781.".into(),
        class: "complaint".into(),
        channel: "phone".into(),
        customer_email: Some("rosa@example.com".into()),
        customer_name: Some("Rosa".into()),
        ..Default::default()
    }
}

async fn step(
    db: &TestDb,
    who: &Viewer,
    number: &str,
    s: CaseStep,
    note: &str,
) -> Result<CaseState, AppError> {
    workflow::take_step(&db.state, who, number, workflow::StepForm::new(s, note)).await
}

async fn state_of(db: &TestDb, who: &Viewer, number: &str) -> CaseState {
    cases::case_view(&db.state, who, number, Locale::Es)
        .await
        .unwrap()
        .summary
        .state
}

async fn a_case_goes_from_open_to_closed_through_its_people(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let other_agent = db.person("otro.agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let manager = folder.manager.clone();
    let number = intake::file_case(&db.state, &agent, phone_case(), vec![])
        .await
        .unwrap()
        .to_string();
    assert_eq!(
        db.open_draft(&agent, &number, &folder).await,
        DraftOutcome::Opened
    );

    // Only the case's manager starts it; the page offers each person only their steps.
    let view = cases::case_view(&db.state, &manager, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(view.steps, [CaseStep::Start]);
    let view = cases::case_view(&db.state, &agent, &number, Locale::Es)
        .await
        .unwrap();
    assert!(view.steps.is_empty());
    assert!(matches!(
        step(db, &agent, &number, CaseStep::Start, "").await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        step(db, &manager, &number, CaseStep::Close, "").await,
        Err(AppError::Forbidden)
    ));
    assert_eq!(
        step(db, &manager, &number, CaseStep::Start, "")
            .await
            .unwrap(),
        CaseState::InProgress
    );
    assert_eq!(
        step(db, &manager, &number, CaseStep::RequestClosure, "")
            .await
            .unwrap(),
        CaseState::PendingClosure
    );

    // Customer service (agents close in this folder) sends it back once, with a note.
    match step(db, &agent, &number, CaseStep::ReturnToManager, " ").await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("note"), Some(&FieldProblem::Required)),
        other => panic!("expected a missing note, got {other:?}"),
    }
    assert_eq!(
        step(
            db,
            &other_agent,
            &number,
            CaseStep::ReturnToManager,
            "El cliente no está conforme"
        )
        .await
        .unwrap(),
        CaseState::InProgress
    );
    step(db, &manager, &number, CaseStep::RequestClosure, "")
        .await
        .unwrap();
    // Closing records the customer's satisfaction (SPEC I3).
    match step(db, &agent, &number, CaseStep::Close, "").await {
        Err(AppError::Invalid(e)) => {
            assert_eq!(e.get("satisfaction"), Some(&FieldProblem::Required))
        }
        other => panic!("expected a missing satisfaction, got {other:?}"),
    }
    let close = workflow::StepForm {
        satisfaction: "4".into(),
        comment: "Llegaron las cajas".into(),
        ..workflow::StepForm::new(CaseStep::Close, "")
    };
    assert_eq!(
        workflow::take_step(&db.state, &agent, &number, close)
            .await
            .unwrap(),
        CaseState::Closed
    );
    let closed = cases::case_view(&db.state, &agent, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(closed.setup.satisfaction, Some(4));
    assert_eq!(
        closed.setup.satisfaction_comment.as_deref(),
        Some("Llegaron las cajas")
    );
    assert_eq!(state_of(db, &agent, &number).await, CaseState::Closed);
    // A step from the wrong state is refused, and a closed case reopens with a note.
    assert!(matches!(
        step(db, &agent, &number, CaseStep::Close, "").await,
        Err(AppError::Forbidden)
    ));
    assert_eq!(
        step(
            db,
            &agent,
            &number,
            CaseStep::Reopen,
            "Volvió a faltar una caja"
        )
        .await
        .unwrap(),
        CaseState::InProgress
    );

    // The customer sees every state change, never the notes; staff see both.
    let rosa = db.existing("rosa@example.com").await;
    let public: Vec<String> = cases::public_case(&db.state, &rosa, &number, Locale::Es)
        .await
        .unwrap()
        .timeline
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("case_"))
        .collect();
    assert_eq!(
        public,
        [
            "case_opened",
            "case_started",
            "case_closure_requested",
            "case_returned",
            "case_closure_requested",
            "case_closed",
            "case_reopened",
        ]
    );
    let staff_notes: Vec<String> = cases::case_view(&db.state, &manager, &number, Locale::Es)
        .await
        .unwrap()
        .timeline
        .into_iter()
        .filter_map(|e| e.note)
        .collect();
    assert_eq!(
        staff_notes,
        [
            "El cliente no está conforme",
            "Llegaron las cajas",
            "Volvió a faltar una caja"
        ]
    );
    let customer_notes = cases::public_case(&db.state, &rosa, &number, Locale::Es)
        .await
        .unwrap()
        .timeline
        .into_iter()
        .filter_map(|e| e.note)
        .collect::<Vec<_>>();
    assert_eq!(
        customer_notes,
        ["Llegaron las cajas"],
        "the customer sees their own comment only"
    );
    assert!(matches!(
        step(db, &rosa, &number, CaseStep::Start, "").await,
        Err(AppError::Forbidden)
    ));
}

async fn a_case_is_handed_to_another_manager_with_a_reason(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let supervisor = db.person("supervisor@example.com", Role::Supervisor).await;
    let second = db.person("segundo.gestor@example.com", Role::Manager).await;
    let folder = db.case_folder().await;
    let number = intake::file_case(&db.state, &agent, phone_case(), vec![])
        .await
        .unwrap()
        .to_string();
    db.open_draft(&agent, &number, &folder).await;

    // Neither an agent nor a missing reason hands a case over.
    assert!(matches!(
        workflow::reassign(&db.state, &agent, &number, second.id, "vacaciones").await,
        Err(AppError::Forbidden)
    ));
    match workflow::reassign(&db.state, &supervisor, &number, second.id, "").await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("reason"), Some(&FieldProblem::Required)),
        other => panic!("expected a missing reason, got {other:?}"),
    }
    match workflow::reassign(&db.state, &supervisor, &number, agent.id, "vacaciones").await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("manager_id"), Some(&FieldProblem::Required)),
        other => panic!("an agent is no manager, got {other:?}"),
    }
    workflow::reassign(
        &db.state,
        &supervisor,
        &number,
        second.id,
        "La gestora está de vacaciones",
    )
    .await
    .unwrap();
    let view = cases::case_view(&db.state, &second, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(view.setup.manager.as_deref(), Some(second.name.as_str()));
    assert_eq!(view.setup.route_reason, Some(RouteReason::Reassigned));
    assert_eq!(view.steps, [CaseStep::Start]);
    let event = view
        .timeline
        .iter()
        .find(|e| e.action == "case_reassigned")
        .unwrap();
    assert_eq!(event.note.as_deref(), Some("La gestora está de vacaciones"));
    assert!(!event.public);

    // The former manager has no steps left; the new one hands it back without a supervisor.
    let before = cases::case_view(&db.state, &folder.manager, &number, Locale::Es)
        .await
        .unwrap();
    assert!(before.steps.is_empty());
    workflow::reassign(
        &db.state,
        &second,
        &number,
        folder.manager.id,
        "Vuelve de vacaciones",
    )
    .await
    .unwrap();
}

async fn the_manager_qualifies_the_case_from_the_folder_catalogs(db: &TestDb) {
    use app::backend::services::catalogs::{add_entry_as, EntryForm};
    use workflow::QualifyForm;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let entry = |kind: &str, name: &str| EntryForm {
        folder_id: folder.id,
        kind: kind.into(),
        name: name.into(),
        binding: String::new(),
        parent_id: None,
    };
    let claim = add_entry_as(&db.state, None, entry("qualification", "Reclamación"))
        .await
        .unwrap();
    let cause = add_entry_as(&db.state, None, entry("cause", "Pedido no recibido"))
        .await
        .unwrap();
    let high = add_entry_as(&db.state, None, entry("severity", "Alta"))
        .await
        .unwrap();
    let urgent = add_entry_as(&db.state, None, entry("priority", "Alta"))
        .await
        .unwrap();
    let number = intake::file_case(&db.state, &agent, phone_case(), vec![])
        .await
        .unwrap()
        .to_string();
    db.open_draft(&agent, &number, &folder).await;
    let manager = &folder.manager;
    let view = cases::case_view(&db.state, manager, &number, Locale::Es)
        .await
        .unwrap();
    let offered = view.qualify.expect("the manager may qualify");
    assert_eq!(offered.causes.len(), 1);
    assert!(cases::case_view(&db.state, &agent, &number, Locale::Es)
        .await
        .unwrap()
        .qualify
        .is_none());

    match workflow::qualify(&db.state, manager, &number, QualifyForm::default()).await {
        Err(AppError::Invalid(e)) => {
            for field in ["qualification_id", "cause_id", "severity_id"] {
                assert_eq!(e.get(field), Some(&FieldProblem::Required), "{field}");
            }
            assert_eq!(e.get("priority_id"), None);
        }
        other => panic!("expected field problems, got {other:?}"),
    }
    // A cause given as the severity is refused: entries must be of their own catalog.
    let crossed = QualifyForm {
        qualification_id: claim.to_string(),
        cause_id: cause.to_string(),
        severity_id: cause.to_string(),
        ..Default::default()
    };
    match workflow::qualify(&db.state, manager, &number, crossed).await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("severity_id"), Some(&FieldProblem::Invalid)),
        other => panic!("expected a field problem, got {other:?}"),
    }
    let form = QualifyForm {
        qualification_id: claim.to_string(),
        cause_id: cause.to_string(),
        severity_id: high.to_string(),
        priority_id: urgent.to_string(),
        note: "Confirmado con el transportista".into(),
    };
    assert!(matches!(
        workflow::qualify(&db.state, &agent, &number, form.clone()).await,
        Err(AppError::Forbidden)
    ));
    workflow::qualify(&db.state, manager, &number, form)
        .await
        .unwrap();
    let view = cases::case_view(&db.state, manager, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(view.setup.qualification.as_deref(), Some("Reclamación"));
    assert_eq!(view.setup.cause.as_deref(), Some("Pedido no recibido"));
    assert_eq!(view.setup.severity.as_deref(), Some("Alta"));
    assert_eq!(view.setup.priority.as_deref(), Some("Alta"));
    let event = view
        .timeline
        .iter()
        .find(|e| e.action == "case_qualified")
        .unwrap();
    assert_eq!(
        event.note.as_deref(),
        Some("Confirmado con el transportista")
    );
    assert!(!event.public);
}

async fn escalated_cases_rise_a_level_at_a_time_and_the_supervisor_sees_them(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let supervisor = db.person("supervisor@example.com", Role::Supervisor).await;
    let bystander = db.person("otro.gestor@example.com", Role::Manager).await;
    let folder = db.case_folder().await;
    let mut numbers = Vec::new();
    for _ in 0..2 {
        let n = intake::file_case(&db.state, &agent, phone_case(), vec![])
            .await
            .unwrap()
            .to_string();
        db.open_draft(&agent, &n, &folder).await;
        numbers.push(n);
    }
    let number = &numbers[0];
    match workflow::escalate(&db.state, &folder.manager, number, " ").await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("reason"), Some(&FieldProblem::Required)),
        other => panic!("expected a missing reason, got {other:?}"),
    }
    assert!(matches!(
        workflow::escalate(&db.state, &bystander, number, "no es mío").await,
        Err(AppError::Forbidden)
    ));
    for (who, level) in [(&folder.manager, 1), (&agent, 2), (&supervisor, 3)] {
        assert_eq!(
            workflow::escalate(
                &db.state,
                who,
                number,
                "El cliente amenaza con ir a la Superintendencia"
            )
            .await
            .unwrap(),
            level
        );
    }
    assert!(matches!(
        workflow::escalate(&db.state, &supervisor, number, "más").await,
        Err(AppError::Forbidden)
    ));
    let escalated = cases::desk(
        &db.state,
        &supervisor,
        &DeskFilter {
            escalated: true,
            ..Default::default()
        },
        None,
        Locale::Es,
    )
    .await
    .unwrap();
    let listed: Vec<_> = escalated
        .cases
        .iter()
        .map(|c| (c.number.as_str(), c.escalation_level))
        .collect();
    assert_eq!(listed, [(number.as_str(), 3)]);
    let view = cases::case_view(&db.state, &supervisor, number, Locale::Es)
        .await
        .unwrap();
    assert!(!view.may_escalate);
    assert_eq!(
        view.timeline
            .iter()
            .filter(|e| e.action == "case_escalated")
            .count(),
        3
    );
}

on_both_backends!(
    escalated_cases_rise_a_level_at_a_time_and_the_supervisor_sees_them,
    a_case_goes_from_open_to_closed_through_its_people,
    a_case_is_handed_to_another_manager_with_a_reason,
    the_manager_qualifies_the_case_from_the_folder_catalogs,
);
