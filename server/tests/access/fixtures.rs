//! The fixtures of the access table: the server on a random port, one logged-in client per
//! person of the table, the folder with its catalogs, document and SLA policy, and the case each
//! row gets (with its draft, files, tasks, question, document request and link).

use super::{auth, Case, World, ACTORS, PNG};
use app::backend::services::intake::Upload;
use app::backend::services::{
    cases, catalogs, deadlines, drafts, forms, info_requests, intake, tasks,
};
use app::backend::testing::{TestDb, TEST_PASSWORD};
use app::domain::info_requests::RequestForm;
use app::domain::intake::IntakeForm;
use app::domain::people::Role;
use app::domain::sla::SlaForm;
use app::domain::tasks::TaskForm;
use app::i18n::Locale;
use app::model::DraftOutcome;
use leptos::server_fn::ServerFn;

/// Serves the app of `db` and returns its base URL.
async fn spawn(db: &TestDb) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server::serve(db.state.clone(), listener));
    base
}

async fn client_of(base: &str, email: Option<&str>) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    if let Some(email) = email {
        let response = client
            .post(format!("{base}{}", auth::LogIn::PATH))
            .header("Origin", base)
            .form(&[("email", email), ("password", TEST_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert!(
            response.text().await.unwrap().contains("Done"),
            "{email} logs in"
        );
    }
    client
}

pub(super) async fn world(db: &TestDb) -> World {
    let state = &db.state;
    let person = |i: usize, role| db.person(ACTORS[i].1.unwrap(), role);
    person(0, Role::Customer).await;
    person(1, Role::Customer).await;
    let worker = person(2, Role::Employee).await;
    let idle = person(3, Role::Employee).await;
    let agent = person(4, Role::Agent).await;
    let supervisor = person(6, Role::Supervisor).await;
    person(7, Role::Admin).await;
    let other_manager = db.person("otro.gestor@example.com", Role::Manager).await;
    // Its manager is the table's "manager of the case"; agents record and close its cases.
    let folder = db.case_folder().await;
    assert_eq!(folder.manager.email, ACTORS[5].1.unwrap());
    let mut qualify = [0; 3];
    for (i, kind) in ["qualification", "cause", "severity"]
        .into_iter()
        .enumerate()
    {
        let entry = catalogs::EntryForm {
            folder_id: folder.id,
            kind: kind.into(),
            name: format!("Entrada {kind}"),
            binding: String::new(),
            parent_id: None,
        };
        qualify[i] = catalogs::add_entry_as(state, None, entry).await.unwrap();
    }
    // A resolution offered to whoever decides, without an amount: it takes effect at once.
    let resolution = catalogs::add_entry_as(
        state,
        None,
        catalogs::EntryForm {
            folder_id: folder.id,
            kind: "resolution".into(),
            name: "Reparación".into(),
            binding: String::new(),
            parent_id: None,
        },
    )
    .await
    .unwrap();
    let document = forms::add_document_as(state, None, folder.case_type, "Factura de compra")
        .await
        .unwrap();
    let policy = SlaForm {
        calendar_code: "CO".into(),
        first_response_amount: "24".into(),
        first_response_unit: "hours".into(),
        resolution_amount: "15".into(),
        resolution_unit: "business_days".into(),
        at_risk_percent: "60".into(),
        ..Default::default()
    };
    deadlines::save_policy_as(state, None, folder.id, policy)
        .await
        .unwrap();
    let base = spawn(db).await;
    let mut clients = Vec::new();
    for (_, email) in ACTORS {
        clients.push(client_of(&base, email).await);
    }
    World {
        base,
        clients,
        folder,
        agent,
        worker,
        idle,
        supervisor,
        other_manager,
        document,
        qualify,
        resolution,
    }
}

fn recorded(folder_id: i64) -> IntakeForm {
    IntakeForm {
        subject: "Caja rota".into(),
        description: "El pedido llegó con la caja rota.".into(),
        class: "complaint".into(),
        channel: "phone".into(),
        customer_email: Some(ACTORS[0].1.unwrap().into()),
        customer_name: Some("Ana".into()),
        folder_id: Some(folder_id),
        ..Default::default()
    }
}

fn png(name: &str) -> Upload {
    Upload {
        file_name: name.into(),
        bytes: PNG.to_vec(),
    }
}

/// The case of the table: recorded by the agent for the owner with a file, its document asked
/// for, opened to the folder's manager, who gives the employee two tasks (one handed in with a
/// file) and an information request to the idle employee; linked to an order; its clock stopped when `paused`.
pub(super) async fn new_case(db: &TestDb, w: &World, paused: bool) -> Case {
    let state = &db.state;
    let manager = &w.folder.manager;
    let number = intake::file_case(
        state,
        &w.agent,
        recorded(w.folder.id),
        vec![png("caja.png")],
    )
    .await
    .unwrap()
    .to_string();
    let typed = drafts::DraftForm {
        case_type_id: w.folder.case_type.to_string(),
        case_group_id: w.folder.case_group.to_string(),
        ..Default::default()
    };
    let saved = drafts::save(state, &w.agent, &number, typed, Vec::new(), false).await;
    assert_eq!(saved.unwrap(), DraftOutcome::Saved);
    drafts::request_document(state, &w.agent, &number, w.document, "")
        .await
        .unwrap();
    assert_eq!(
        db.open_draft(&w.agent, &number, &w.folder).await,
        DraftOutcome::Opened
    );
    let task = |title: &str| TaskForm {
        title: title.into(),
        instructions: "Revise el lote.".into(),
        assignee_id: w.worker.id.to_string(),
        planned_day: String::new(),
        max_day: "2099-01-10".into(),
    };
    let first = tasks::assign(state, manager, &number, task("Revisar el lote"))
        .await
        .unwrap();
    let submitted = tasks::assign(state, manager, &number, task("Fotos"))
        .await
        .unwrap();
    let photo = vec![png("informe.png")];
    tasks::take_step(state, &w.worker, submitted, "submit", "Adjunto.", photo)
        .await
        .unwrap();
    let order = format!("PED-{number}");
    cases::add_link(state, &w.agent, &number, "order", &order, "")
        .await
        .unwrap();
    if paused {
        deadlines::pause(state, manager, &number, "Esperamos la factura.")
            .await
            .unwrap();
    }
    let view = cases::case_view(state, &w.supervisor, &number, Locale::Es)
        .await
        .unwrap();
    let file = |name: &str| {
        view.attachments
            .iter()
            .find(|a| a.file_name == name)
            .unwrap()
            .id
    };
    let ask = RequestForm {
        recipient_kind: "employee".into(),
        employee_id: w.idle.id.to_string(),
        subject: "Cajas del lote".into(),
        text: "¿Quedan cajas del lote?".into(),
        share_files: vec![file("caja.png")],
        ..RequestForm::default()
    };
    let info_request = info_requests::ask(state, manager, &number, ask, vec![], Locale::Es)
        .await
        .unwrap();
    let draft = intake::file_case(state, &w.agent, recorded(w.folder.id), Vec::new())
        .await
        .unwrap()
        .to_string();
    Case {
        file: file("caja.png"),
        task_file: file("informe.png"),
        request: view.requests[0].id,
        number,
        draft,
        task: first,
        submitted,
        info_request,
        folder: w.folder.id,
        case_type: w.folder.case_type,
        case_group: w.folder.case_group,
        document: w.document,
        qualify: w.qualify,
        resolution: w.resolution,
        worker: w.worker.id,
        idle: w.idle.id,
        other_manager: w.other_manager.id,
    }
}
