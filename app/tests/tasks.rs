//! Tasks (SPEC C6) and what waits on each desk (SPEC C3), through the
//! services, on SQLite and PostgreSQL alike.

use app::backend::services::intake::Upload;
use app::backend::services::{cases, intake, tasks, work, workflow};
use app::backend::testing::TestDb;
use app::backend::AppError;
use app::domain::form::FieldProblem;
use app::domain::intake::IntakeForm;
use app::domain::lifecycle::CaseStep;
use app::domain::people::Role;
use app::domain::tasks::{TaskForm, TaskState, TaskStep};
use app::i18n::Locale;
use app::model::Viewer;
use app::on_both_backends;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn phone_case() -> IntakeForm {
    IntakeForm {
        subject: "Producto caducado".into(),
        description: "El yogur llegó caducado en el pedido 5521.".into(),
        class: "claim".into(),
        channel: "phone".into(),
        customer_email: Some("rosa@example.com".into()),
        customer_name: Some("Rosa".into()),
        ..Default::default()
    }
}

/// A case opened to the folder's manager and started by them.
async fn started_case(db: &TestDb, agent: &Viewer) -> (String, Viewer) {
    let folder = db.case_folder().await;
    let number = intake::file_case(&db.state, agent, phone_case(), vec![])
        .await
        .unwrap()
        .to_string();
    db.open_draft(agent, &number, &folder).await;
    let manager = folder.manager;
    workflow::take_step(
        &db.state,
        &manager,
        &number,
        workflow::StepForm::new(CaseStep::Start, ""),
    )
    .await
    .unwrap();
    (number, manager)
}

fn task_for(who: &Viewer, title: &str, max_day: &str) -> TaskForm {
    TaskForm {
        title: title.into(),
        instructions: "Revise y cuente lo que encuentre.".into(),
        assignee_id: who.id.to_string(),
        planned_day: String::new(),
        max_day: max_day.into(),
    }
}

async fn step(
    db: &TestDb,
    who: &Viewer,
    task: i64,
    s: TaskStep,
    note: &str,
) -> Result<tasks::StepDone, AppError> {
    tasks::take_step(&db.state, who, task, s.code(), note, Vec::new()).await
}

async fn task_state(db: &TestDb, who: &Viewer, number: &str, task: i64) -> (TaskState, i64) {
    let view = cases::case_view(&db.state, who, number, Locale::Es)
        .await
        .unwrap();
    let t = view.tasks.iter().find(|t| t.id == task).unwrap();
    (t.state, t.returned_count)
}

async fn tasks_run_in_parallel_and_the_manager_is_told_when_all_are_accepted(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let warehouse = db.person("almacen@example.com", Role::Agent).await;
    let quality = db.person("calidad@example.com", Role::Manager).await;
    let (number, manager) = started_case(db, &agent).await;

    // Two tasks in parallel, to two people; an agent may not hand out work on the case.
    assert!(matches!(
        tasks::assign(
            &db.state,
            &agent,
            &number,
            task_for(&warehouse, "Lote", "2099-01-10")
        )
        .await,
        Err(AppError::Forbidden)
    ));
    let lot = tasks::assign(
        &db.state,
        &manager,
        &number,
        task_for(&warehouse, "Revisar el lote", "2099-01-10"),
    )
    .await
    .unwrap();
    let supplier = tasks::assign(
        &db.state,
        &manager,
        &number,
        task_for(&quality, "Hablar con el proveedor", "2099-01-12"),
    )
    .await
    .unwrap();
    // The assignee is told by e-mail as well (SPEC F1: new work on their desk).
    let told: Vec<String> = cases::case_view(&db.state, &manager, &number, Locale::Es)
        .await
        .unwrap()
        .messages
        .into_iter()
        .filter(|m| m.recipient == warehouse.email)
        .map(|m| m.subject)
        .collect();
    assert_eq!(
        told,
        [format!("Nueva tarea en el caso {number}: Revisar el lote")]
    );
    let desk = work::my_work(&db.state, &warehouse).await.unwrap();
    assert_eq!(
        desk.tasks
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>(),
        ["Revisar el lote"]
    );

    // The warehouse hands its work in with a note and a photo; the manager returns it once.
    step(db, &warehouse, lot, TaskStep::Start, "")
        .await
        .unwrap();
    let photo = Upload {
        file_name: "lote.png".into(),
        bytes: PNG.to_vec(),
    };
    tasks::take_step(
        &db.state,
        &warehouse,
        lot,
        "submit",
        "Lote 44 caducado en origen",
        vec![photo],
    )
    .await
    .unwrap();
    let to_accept = work::my_work(&db.state, &manager).await.unwrap().to_accept;
    assert_eq!(to_accept.len(), 1);
    assert_eq!(to_accept[0].title, "Revisar el lote");
    match step(db, &manager, lot, TaskStep::Return, " ").await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("note"), Some(&FieldProblem::Required)),
        other => panic!("a return needs its reason, got {other:?}"),
    }
    step(
        db,
        &manager,
        lot,
        TaskStep::Return,
        "Falta la foto de la etiqueta",
    )
    .await
    .unwrap();
    assert_eq!(
        task_state(db, &manager, &number, lot).await,
        (TaskState::InProgress, 1)
    );
    let back = work::my_work(&db.state, &warehouse).await.unwrap().tasks;
    assert_eq!(back[0].marks, ["returned"]);
    step(
        db,
        &warehouse,
        lot,
        TaskStep::Submit,
        "Foto de la etiqueta adjunta",
    )
    .await
    .unwrap();
    // Each hand-in waits for the manager's acceptance, and the manager is told each time.
    let handed_in = cases::case_view(&db.state, &manager, &number, Locale::Es)
        .await
        .unwrap()
        .messages
        .into_iter()
        .filter(|m| m.recipient == manager.email && m.event == "task_submitted")
        .map(|m| m.subject)
        .collect::<Vec<_>>();
    assert_eq!(
        handed_in,
        [
            format!("Tarea entregada en el caso {number}: Revisar el lote"),
            format!("Tarea entregada en el caso {number}: Revisar el lote"),
        ]
    );
    let done = step(db, &manager, lot, TaskStep::Accept, "").await.unwrap();
    assert_eq!(done.state, TaskState::Accepted);
    assert!(!done.all_accepted, "the supplier task is still open");

    step(
        db,
        &quality,
        supplier,
        TaskStep::Submit,
        "El proveedor repone el lote",
    )
    .await
    .unwrap();
    let done = step(db, &manager, supplier, TaskStep::Accept, "")
        .await
        .unwrap();
    assert!(done.all_accepted);

    // The manager is told once, on the case and on their desk.
    let view = cases::case_view(&db.state, &manager, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(
        view.timeline
            .iter()
            .filter(|e| e.action == "tasks_all_accepted")
            .count(),
        1
    );
    let lot_view = view.tasks.iter().find(|t| t.id == lot).unwrap();
    assert_eq!(
        lot_view
            .thread
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        [
            "task_assigned",
            "task_started",
            "task_submitted",
            "task_returned",
            "task_submitted",
            "task_accepted"
        ]
    );
    assert_eq!(lot_view.files.len(), 1);
    let mine = work::my_work(&db.state, &manager).await.unwrap();
    assert!(mine.to_accept.is_empty());
    assert_eq!(mine.cases[0].marks, ["tasks_done"]);

    // Tasks are internal work: the customer sees neither them nor their files.
    let rosa = db.existing("rosa@example.com").await;
    let public = cases::public_case(&db.state, &rosa, &number, Locale::Es)
        .await
        .unwrap();
    assert!(public
        .timeline
        .iter()
        .all(|e| !e.action.starts_with("task")));
    assert!(public.attachments.is_empty());
    let file = lot_view.files[0].id;
    assert!(matches!(
        cases::attachment(&db.state, &rosa, file).await,
        Err(AppError::NotFound)
    ));
    assert!(cases::attachment(&db.state, &manager, file).await.is_ok());
}

async fn only_the_assignee_works_a_task_and_only_its_manager_judges_it(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let other = db.person("otro@example.com", Role::Agent).await;
    let supervisor = db.person("supervisor@example.com", Role::Supervisor).await;
    let (number, manager) = started_case(db, &agent).await;
    let task = tasks::assign(
        &db.state,
        &manager,
        &number,
        task_for(&agent, "Llamar al cliente", "2099-02-01"),
    )
    .await
    .unwrap();
    for who in [&other, &manager, &supervisor] {
        assert!(matches!(
            step(db, who, task, TaskStep::Submit, "hecho").await,
            Err(AppError::Forbidden)
        ));
    }
    assert!(matches!(
        step(db, &agent, task, TaskStep::Accept, "").await,
        Err(AppError::Forbidden)
    ));
    step(db, &agent, task, TaskStep::Submit, "El cliente confirma")
        .await
        .unwrap();
    assert!(matches!(
        step(db, &agent, task, TaskStep::Accept, "").await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        step(db, &other, task, TaskStep::Accept, "").await,
        Err(AppError::Forbidden)
    ));
    // A supervisor may judge the work in the manager's place.
    step(db, &supervisor, task, TaskStep::Accept, "")
        .await
        .unwrap();
    assert!(matches!(
        step(db, &manager, task, TaskStep::Return, "otra vez").await,
        Err(AppError::Forbidden)
    ));
    let view = cases::case_view(&db.state, &agent, &number, Locale::Es)
        .await
        .unwrap();
    assert!(view.tasks[0].steps.is_empty());
    assert!(
        view.assign_task_to.is_empty(),
        "agents do not hand out tasks"
    );
}

async fn a_task_with_problems_is_not_created_and_the_form_says_why(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let customer = db.person("cliente@example.com", Role::Customer).await;
    let (number, manager) = started_case(db, &agent).await;
    let bad = TaskForm {
        title: " ".into(),
        assignee_id: customer.id.to_string(),
        max_day: "2099-13-40".into(),
        ..Default::default()
    };
    match tasks::assign(&db.state, &manager, &number, bad).await {
        Err(AppError::Invalid(e)) => {
            assert_eq!(e.get("title"), Some(&FieldProblem::Required));
            assert_eq!(e.get("max_day"), Some(&FieldProblem::NotADate));
        }
        other => panic!("expected field problems, got {other:?}"),
    }
    // A customer is nobody's employee.
    match tasks::assign(
        &db.state,
        &manager,
        &number,
        task_for(&customer, "Revisar", "2099-01-01"),
    )
    .await
    {
        Err(AppError::Invalid(e)) => {
            assert_eq!(e.get("assignee_id"), Some(&FieldProblem::Required))
        }
        other => panic!("expected the assignee refused, got {other:?}"),
    }
    let view = cases::case_view(&db.state, &manager, &number, Locale::Es)
        .await
        .unwrap();
    assert!(view.tasks.is_empty());
    assert!(view.timeline.iter().all(|e| e.action != "task_assigned"));
    assert!(
        view.messages.iter().all(|m| m.recipient != customer.email),
        "a refused task tells nobody"
    );
}

async fn each_desk_lists_its_work_by_deadline(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let (number, manager) = started_case(db, &agent).await;
    for (title, day) in [
        ("Tarde", "2099-03-20"),
        ("Pronto", "2099-03-01"),
        ("Medio", "2099-03-10"),
    ] {
        tasks::assign(&db.state, &manager, &number, task_for(&agent, title, day))
            .await
            .unwrap();
    }
    let mine = work::my_work(&db.state, &agent).await.unwrap();
    assert_eq!(
        mine.tasks
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>(),
        ["Pronto", "Medio", "Tarde"]
    );
    assert!(mine.to_close.is_empty());
    // An escalated case shows on the supervisor's desk, and only there.
    let supervisor = db.person("supervisor@example.com", Role::Supervisor).await;
    workflow::escalate(
        &db.state,
        &manager,
        &number,
        "El cliente amenaza con la SIC",
    )
    .await
    .unwrap();
    let escalated = work::my_work(&db.state, &supervisor)
        .await
        .unwrap()
        .escalated;
    assert_eq!(escalated.len(), 1);
    assert_eq!(escalated[0].marks, ["escalation:1"]);
    assert!(work::my_work(&db.state, &manager)
        .await
        .unwrap()
        .escalated
        .is_empty());
    // Once the manager finishes, the case waits for customer service (agents close here).
    workflow::take_step(
        &db.state,
        &manager,
        &number,
        workflow::StepForm::new(CaseStep::RequestClosure, ""),
    )
    .await
    .unwrap();
    let mine = work::my_work(&db.state, &agent).await.unwrap();
    assert_eq!(mine.to_close.len(), 1);
    assert_eq!(mine.to_close[0].case_number, number);
    assert!(work::my_work(&db.state, &manager)
        .await
        .unwrap()
        .cases
        .is_empty());
    let customer = db.existing("rosa@example.com").await;
    assert!(matches!(
        work::my_work(&db.state, &customer).await,
        Err(AppError::Forbidden)
    ));
}

/// The next live desk event of `kind`, which must come within 2 seconds. Earlier changes may
/// still be on their way (PostgreSQL delivers notifications asynchronously), so others are skipped.
async fn next(
    events: &mut tokio::sync::broadcast::Receiver<app::backend::live::DeskEvent>,
    kind: &str,
) -> app::backend::live::DeskEvent {
    let wait = async {
        loop {
            let event = events.recv().await.expect("the hub is open");
            if event.kind == kind {
                return event;
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(2), wait)
        .await
        .unwrap_or_else(|_| panic!("a {kind} event within 2 seconds"))
}

async fn a_new_task_reaches_the_assignees_desk_live(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let warehouse = db.person("almacen@example.com", Role::Employee).await;
    let (number, manager) = started_case(db, &agent).await;
    let mut events = db.state.live.subscribe();
    let task = tasks::assign(
        &db.state,
        &manager,
        &number,
        task_for(&warehouse, "Revisar el lote", "2099-01-10"),
    )
    .await
    .unwrap();
    let event = next(&mut events, "task_assigned").await;
    assert_eq!(event.case_number.as_deref(), Some(number.as_str()));
    assert!(event.concerns(&warehouse));
    assert!(!event.concerns(&agent));
    step(db, &warehouse, task, TaskStep::Submit, "Hecho")
        .await
        .unwrap();
    let event = next(&mut events, "task_submitted").await;
    assert!(event.concerns(&manager));
}

on_both_backends!(
    a_new_task_reaches_the_assignees_desk_live,
    tasks_run_in_parallel_and_the_manager_is_told_when_all_are_accepted,
    only_the_assignee_works_a_task_and_only_its_manager_judges_it,
    a_task_with_problems_is_not_created_and_the_form_says_why,
    each_desk_lists_its_work_by_deadline,
);
