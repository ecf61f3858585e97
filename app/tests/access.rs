//! Who sees what of a case (issue 11), through the services on SQLite and PostgreSQL: an
//! employee sees a case only while they work on it and then only what that work needs, and a
//! customer's case data carries nothing staff-only, read as the JSON their browser receives.

use app::backend::services::intake::Upload;
use app::backend::services::{cases, intake, tasks, workflow};
use app::backend::testing::TestDb;
use app::backend::AppError;
use app::domain::intake::IntakeForm;
use app::domain::lifecycle::CaseStep;
use app::domain::people::Role;
use app::domain::tasks::{TaskForm, TaskStep};
use app::i18n::Locale;
use app::model::{CasePage, DeskFilter, Viewer};
use app::on_both_backends;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const INTERNAL_NOTE: &str = "Nota interna: el cliente ya reclamó dos veces";
const PHONE: &str = "+573001234567";

fn phone_case(subject: &str) -> IntakeForm {
    IntakeForm {
        subject: subject.into(),
        description: "El yogur llegó caducado en el pedido 5521.".into(),
        class: "claim".into(),
        channel: "phone".into(),
        customer_email: Some("rosa@example.com".into()),
        customer_name: Some("Rosa".into()),
        customer_phone: Some(PHONE.into()),
        ..Default::default()
    }
}

/// A case recorded by the agent with a photo, opened, started by its manager with an internal
/// note, escalated once.
async fn worked_case(db: &TestDb, agent: &Viewer) -> (String, Viewer) {
    let folder = db.case_folder().await;
    let photo = Upload {
        file_name: "foto.png".into(),
        bytes: PNG.to_vec(),
    };
    let number = intake::file_case(&db.state, agent, phone_case("Yogur caducado"), vec![photo])
        .await
        .unwrap()
        .to_string();
    db.open_draft(agent, &number, &folder).await;
    let manager = folder.manager;
    workflow::take_step(
        &db.state,
        &manager,
        &number,
        workflow::StepForm::new(CaseStep::Start, INTERNAL_NOTE),
    )
    .await
    .unwrap();
    workflow::escalate(&db.state, &manager, &number, "Cliente VIP molesto")
        .await
        .unwrap();
    (number, manager)
}

async fn desk_numbers(db: &TestDb, who: &Viewer) -> Vec<String> {
    cases::desk(&db.state, who, &DeskFilter::default(), None, Locale::Es)
        .await
        .unwrap()
        .cases
        .into_iter()
        .map(|c| c.number)
        .collect()
}

async fn an_employee_sees_a_case_only_while_working_on_it(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let warehouse = db.person("almacen@example.com", Role::Employee).await;
    let quality = db.person("calidad@example.com", Role::Employee).await;
    let (number, manager) = worked_case(db, &agent).await;
    let file = cases::case_view(&db.state, &manager, &number, Locale::Es)
        .await
        .unwrap()
        .attachments[0]
        .id;

    // No work on it: the case, its file and its desk line do not exist for them.
    assert!(desk_numbers(db, &warehouse).await.is_empty());
    assert!(matches!(
        cases::case_page(&db.state, &warehouse, &number, Locale::Es).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        cases::attachment(&db.state, &warehouse, file).await,
        Err(AppError::NotFound)
    ));
    // The managers' desk lists it.
    assert_eq!(
        desk_numbers(db, &manager).await,
        std::slice::from_ref(&number)
    );

    // Given a task, they see it, and only what the task needs.
    let task = tasks::assign(
        &db.state,
        &manager,
        &number,
        TaskForm {
            title: "Revisar el lote".into(),
            instructions: "Mire las fechas.".into(),
            assignee_id: warehouse.id.to_string(),
            planned_day: String::new(),
            max_day: "2099-01-10".into(),
        },
    )
    .await
    .unwrap();
    tasks::assign(
        &db.state,
        &manager,
        &number,
        TaskForm {
            title: "Hablar con el proveedor".into(),
            instructions: String::new(),
            assignee_id: quality.id.to_string(),
            planned_day: String::new(),
            max_day: "2099-01-12".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        desk_numbers(db, &warehouse).await,
        std::slice::from_ref(&number)
    );
    let view = cases::case_view(&db.state, &warehouse, &number, Locale::Es)
        .await
        .unwrap();
    assert!(!view.whole);
    assert_eq!(view.description, phone_case("").description);
    assert_eq!(
        view.attachments.len(),
        1,
        "the case's photo is part of the work"
    );
    assert_eq!(view.tasks.len(), 1, "only their own task");
    assert_eq!(view.tasks[0].id, task);
    assert!(view.tasks[0].steps.contains(&TaskStep::Start));
    assert!(!view.tasks[0].steps.contains(&TaskStep::Accept));
    let json = serde_json::to_string(&view).unwrap();
    for secret in [
        "rosa@example.com",
        PHONE,
        INTERNAL_NOTE,
        "Cliente VIP molesto",
    ] {
        assert!(
            !json.contains(secret),
            "{secret} reached the employee: {json}"
        );
    }
    assert!(view.messages.is_empty() && view.links.is_empty() && view.claim.is_none());
    assert!(view.steps.is_empty() && view.reassign_to.is_empty() && !view.may_escalate);
    // What they may not do is refused, not hidden: they see the case.
    assert!(matches!(
        cases::add_link(&db.state, &warehouse, &number, "order", "P-1", "").await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        workflow::escalate(&db.state, &warehouse, &number, "quiero").await,
        Err(AppError::Forbidden)
    ));
    cases::attachment(&db.state, &warehouse, file)
        .await
        .unwrap();
    // The other employee's task stays theirs.
    let theirs = cases::case_view(&db.state, &manager, &number, Locale::Es)
        .await
        .unwrap()
        .tasks
        .into_iter()
        .find(|t| t.id != task)
        .unwrap()
        .id;
    assert!(matches!(
        tasks::take_step(&db.state, &warehouse, theirs, "start", "", Vec::new()).await,
        Err(AppError::NotFound)
    ));

    // Done and accepted: the case is gone from their sight again.
    for (who, s) in [
        (&warehouse, TaskStep::Start),
        (&warehouse, TaskStep::Submit),
        (&manager, TaskStep::Accept),
    ] {
        tasks::take_step(&db.state, who, task, s.code(), "Listo", Vec::new())
            .await
            .unwrap();
    }
    assert!(desk_numbers(db, &warehouse).await.is_empty());
    assert!(matches!(
        cases::case_page(&db.state, &warehouse, &number, Locale::Es).await,
        Err(AppError::NotFound)
    ));
}

async fn a_customers_case_data_carries_nothing_staff_only(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let (number, _) = worked_case(db, &agent).await;
    let rosa = db.existing("rosa@example.com").await;
    let page = cases::case_page(&db.state, &rosa, &number, Locale::Es)
        .await
        .unwrap();
    let CasePage::Customer(public) = &page else {
        panic!("the customer got the staff page")
    };
    assert_eq!(public.summary.number, number);
    assert_eq!(public.attachments.len(), 1);
    // Exactly what the browser receives, page and hydration data alike.
    let json = serde_json::to_value(&page).unwrap();
    let text = json.to_string();
    for key in [
        "manager_name",
        "escalation_level",
        "setup",
        "customer_email",
        "customer_phone",
        "messages",
        "tasks",
        "info_requests",
        "links",
        "claim",
        "route_reason",
        "steps",
        "checklist",
    ] {
        assert!(
            !text.contains(&format!("\"{key}\":")),
            "{key} reached the customer: {text}"
        );
    }
    // (Test people share one name: the manager's name is checked through its key above.)
    for secret in [
        INTERNAL_NOTE,
        "Cliente VIP molesto",
        PHONE,
        "rosa@example.com",
    ] {
        assert!(
            !text.contains(secret),
            "{secret} reached the customer: {text}"
        );
    }
    // Their list says no more.
    let list = serde_json::to_string(&cases::my_cases(&db.state, &rosa, Locale::Es).await.unwrap())
        .unwrap();
    assert!(list.contains(&number));
    assert!(!list.contains("manager_name") && !list.contains("escalation_level"));
}

async fn folders_decide_whom_agents_and_managers_see(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let other_agent = db.person("agente2@example.com", Role::Agent).await;
    let outsider = db.person("gestor.otro@example.com", Role::Manager).await;
    let supervisor = db.person("supervisor@example.com", Role::Supervisor).await;
    let (number, _) = worked_case(db, &agent).await;
    // The test folder lets agents start and close cases, and managers start them.
    assert_eq!(
        desk_numbers(db, &other_agent).await,
        std::slice::from_ref(&number)
    );
    assert_eq!(
        desk_numbers(db, &supervisor).await,
        std::slice::from_ref(&number)
    );
    assert_eq!(
        desk_numbers(db, &outsider).await,
        std::slice::from_ref(&number)
    );
    // A folder's roles narrowed to agents alone: a manager it does not name sees none of it.
    let folder = db.existing("gestor.prueba@example.com").await;
    let folder_id = {
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        app::backend::store::cases::by_number(&mut conn, &number)
            .await
            .unwrap()
            .unwrap()
            .folder_id
            .unwrap()
    };
    app::backend::services::routing::save_settings_as(
        &db.state,
        None,
        folder_id,
        app::backend::services::routing::SettingsForm {
            initiator_roles: vec!["agent".into()],
            closer_role: "agent".into(),
            fallback_manager_id: Some(folder.id),
        },
    )
    .await
    .unwrap();
    assert!(desk_numbers(db, &outsider).await.is_empty());
    assert!(matches!(
        cases::case_page(&db.state, &outsider, &number, Locale::Es).await,
        Err(AppError::NotFound)
    ));
    // The manager the folder names still sees it; so do supervisors.
    assert_eq!(
        desk_numbers(db, &folder).await,
        std::slice::from_ref(&number)
    );
    assert_eq!(desk_numbers(db, &supervisor).await, [number]);

    // A draft is its recorder's and their folder colleagues', nobody else's.
    let draft = intake::file_case(&db.state, &agent, phone_case("Borrador"), vec![])
        .await
        .unwrap()
        .to_string();
    let seen = cases::case_view(&db.state, &other_agent, &draft, Locale::Es)
        .await
        .unwrap();
    assert!(seen.draft.is_some(), "a colleague may continue the draft");
    assert!(matches!(
        cases::case_page(&db.state, &folder, &draft, Locale::Es).await,
        Err(AppError::NotFound)
    ));
}

/// An employee's desk is read from their own open work, found through the index that starts
/// with them, not by walking every open case and checking each: at a million cases the walk
/// would read them all for someone with two tasks.
async fn an_employees_desk_starts_from_their_own_work(db: &TestDb) {
    use app::backend::store::cases::{bind_desk, desk_sql};
    use app::backend::store::Backend;
    use app::domain::access::DeskScope;
    let backend = db.state.store.backend();
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    if backend == Backend::Postgres {
        // On empty tables any plan is cheap; forbid scans that do not scale.
        sqlx::query("SET enable_seqscan = off")
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    let scope = DeskScope::Work { user_id: 7 };
    let filter = DeskFilter::default();
    let sql = desk_sql(&filter, &scope, false);
    let plan: String = match backend {
        Backend::Sqlite => {
            let sql = format!("EXPLAIN QUERY PLAN {sql}");
            let rows: Vec<(i64, i64, i64, String)> =
                bind_desk(sqlx::query_as(&sql), &filter, &scope, None, 25)
                    .fetch_all(&mut *conn)
                    .await
                    .unwrap();
            rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join("\n")
        }
        Backend::Postgres => {
            let sql = format!("EXPLAIN {sql}");
            let rows: Vec<(String,)> = bind_desk(sqlx::query_as(&sql), &filter, &scope, None, 25)
                .fetch_all(&mut *conn)
                .await
                .unwrap();
            rows.into_iter().map(|r| r.0).collect::<Vec<_>>().join("\n")
        }
    };
    assert!(plan.contains("tasks_assignee_open"), "{plan}");
    if backend == Backend::Sqlite {
        // Cases are fetched by id for each piece of work, never walked through an index of
        // open cases (which at a million cases read every open one for an employee with two
        // tasks: 340 ms a page, where this plan takes under 2 ms).
        assert!(
            plan.contains("SEARCH c USING INTEGER PRIMARY KEY"),
            "{plan}"
        );
        assert!(!plan.contains("cases_open"), "{plan}");
    }
}

on_both_backends!(
    an_employees_desk_starts_from_their_own_work,
    an_employee_sees_a_case_only_while_working_on_it,
    a_customers_case_data_carries_nothing_staff_only,
    folders_decide_whom_agents_and_managers_see,
);
