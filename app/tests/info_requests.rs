//! Information requests (SPEC D1-D3), through the services, on SQLite and PostgreSQL alike: the
//! internal thread, the outsider's link that only a hash remembers, and the reminder one
//! business day before a request expires.

use app::backend::jobs;
use app::backend::services::info_requests::outsider::{self, LinkPage};
use app::backend::services::info_requests::{self, views, Answerer};
use app::backend::services::intake::Upload;
use app::backend::services::{cases, deadlines, forms, intake, work, workflow};
use app::backend::testing::TestDb;
use app::backend::AppError;
use app::domain::form::FieldProblem;
use app::domain::info_requests::{MessageKind, RequestForm, RequestState, RequestStep};
use app::domain::intake::IntakeForm;
use app::domain::lifecycle::CaseStep;
use app::domain::people::Role;
use app::i18n::Locale;
use app::model::Viewer;
use app::on_both_backends;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// A case opened to the folder's manager and started by them, with one file.
async fn started_case(db: &TestDb, agent: &Viewer) -> (String, Viewer) {
    let folder = db.case_folder().await;
    let form = IntakeForm {
        subject: "Producto caducado".into(),
        description: "El yogur llegó caducado en el pedido 5521.".into(),
        class: "claim".into(),
        channel: "phone".into(),
        customer_email: Some("rosa@example.com".into()),
        customer_name: Some("Rosa".into()),
        ..Default::default()
    };
    let file = Upload {
        file_name: "albaran.pdf".into(),
        bytes: PDF.to_vec(),
    };
    let number = intake::file_case(&db.state, agent, form, vec![file])
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

fn to_employee(who: &Viewer, subject: &str) -> RequestForm {
    RequestForm {
        recipient_kind: "employee".into(),
        employee_id: who.id.to_string(),
        subject: subject.into(),
        text: "¿Qué lote salió el 3 de marzo?".into(),
        ..RequestForm::default()
    }
}

fn to_outsider(email: &str) -> RequestForm {
    RequestForm {
        recipient_kind: "outsider".into(),
        outsider_email: email.into(),
        outsider_name: "Lácteos del Norte".into(),
        outsider_locale: "en".into(),
        subject: "Batch of 3 March".into(),
        text: "Please send the production record of batch 42.".into(),
        share_summary: true,
        ..RequestForm::default()
    }
}

async fn count(db: &TestDb, sql: &str, bind: &str) -> i64 {
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    sqlx::query_scalar(sql)
        .bind(bind.to_string())
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn an_employee_answers_and_the_asker_returns_then_accepts(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let stock = db.person("almacen@example.com", Role::Employee).await;
    let (number, manager) = started_case(db, &agent).await;
    let case = cases::case_view(&db.state, &manager, &number, Locale::Es)
        .await
        .unwrap();
    let ask = case.ask.expect("the manager may ask");
    assert!(ask.employees.iter().any(|e| e.id == stock.id));
    let shared_file = case.attachments[0].id;

    // Problems come back by field, and nothing is sent.
    match info_requests::ask(
        &db.state,
        &manager,
        &number,
        RequestForm {
            subject: String::new(),
            ..to_employee(&stock, "")
        },
        vec![],
        Locale::Es,
    )
    .await
    {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("subject"), Some(&FieldProblem::Required)),
        other => panic!("a subject is needed, got {other:?}"),
    }
    // The employee does not work the case: they may not ask from it, nor see it.
    assert!(matches!(
        info_requests::ask(
            &db.state,
            &stock,
            &number,
            to_employee(&manager, "x"),
            vec![],
            Locale::Es
        )
        .await,
        Err(AppError::NotFound)
    ));

    let form = RequestForm {
        share_files: vec![shared_file],
        ..to_employee(&stock, "Lote del 3 de marzo")
    };
    let id = info_requests::ask(&db.state, &manager, &number, form, vec![], Locale::Es)
        .await
        .unwrap();

    // On the employee's desk, counted, and opening the request's own page.
    let waiting = work::my_work(&db.state, &stock).await.unwrap().requests;
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        waiting[0].href.as_deref(),
        Some(format!("/requests/{id}").as_str())
    );
    assert_eq!(waiting[0].case_number, "", "the summary was not shared");
    // They see what was shared and nothing more; the case itself stays closed to them.
    let page = views::request_page(&db.state, &stock, id, Locale::Es)
        .await
        .unwrap();
    assert!(page.shared.summary.is_none());
    assert_eq!(page.shared.files.len(), 1);
    assert_eq!(page.case_number, None);
    assert_eq!(page.request.steps, vec![RequestStep::Answer]);
    assert!(matches!(
        cases::case_page(&db.state, &stock, &number, Locale::Es).await,
        Err(AppError::NotFound)
    ));
    // Someone else entirely does not even learn the request exists.
    let other = db.person("calidad@example.com", Role::Employee).await;
    assert!(matches!(
        views::request_page(&db.state, &other, id, Locale::Es).await,
        Err(AppError::NotFound)
    ));

    // The answer, with a file, waits for the asker's acceptance.
    let pdf = Upload {
        file_name: "lote-42.pdf".into(),
        bytes: PDF.to_vec(),
    };
    info_requests::answer(
        &db.state,
        Answerer::Person(&stock),
        id,
        "Lote 42.",
        vec![pdf],
    )
    .await
    .unwrap();
    assert!(matches!(
        info_requests::answer(&db.state, Answerer::Person(&stock), id, "otra", vec![]).await,
        Err(AppError::Conflict)
    ));
    let to_accept = work::my_work(&db.state, &manager)
        .await
        .unwrap()
        .answers_to_accept;
    assert_eq!(to_accept.len(), 1);
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM outbox_messages WHERE event = $1",
            "info_request_answered"
        )
        .await,
        1,
        "the asker is told by mail"
    );
    // Only the asker (or the case's manager, or a supervisor) judges.
    assert!(matches!(
        info_requests::judge(&db.state, &stock, id, RequestStep::Accept, "", "").await,
        Err(AppError::Forbidden)
    ));
    match info_requests::judge(&db.state, &manager, id, RequestStep::Return, " ", "").await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("text"), Some(&FieldProblem::Required)),
        other => panic!("a returned answer needs a question, got {other:?}"),
    }
    info_requests::judge(
        &db.state,
        &manager,
        id,
        RequestStep::Return,
        "¿Y la fecha?",
        "3",
    )
    .await
    .unwrap();
    assert_eq!(
        work::my_work(&db.state, &stock)
            .await
            .unwrap()
            .requests
            .len(),
        1
    );
    info_requests::answer(
        &db.state,
        Answerer::Person(&stock),
        id,
        "El 2 de marzo.",
        vec![],
    )
    .await
    .unwrap();
    info_requests::judge(&db.state, &manager, id, RequestStep::Accept, "", "")
        .await
        .unwrap();

    // One thread, in order, kept with the case; its file is internal work.
    let case = cases::case_view(&db.state, &manager, &number, Locale::Es)
        .await
        .unwrap();
    let thread = &case.info_requests[0];
    assert_eq!(thread.state, RequestState::Accepted);
    let kinds: Vec<MessageKind> = thread.messages.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            MessageKind::Question,
            MessageKind::Answer,
            MessageKind::Returned,
            MessageKind::Answer
        ]
    );
    assert_eq!(thread.messages[1].files[0].file_name, "lote-42.pdf");
    let actions: Vec<&str> = case.timeline.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "info_request_sent",
        "info_request_answered",
        "info_request_returned",
        "info_request_accepted",
    ] {
        assert!(
            actions.contains(&a),
            "{a} is on the staff timeline: {actions:?}"
        );
    }
    assert!(work::my_work(&db.state, &stock)
        .await
        .unwrap()
        .requests
        .is_empty());
    assert!(work::my_work(&db.state, &manager)
        .await
        .unwrap()
        .answers_to_accept
        .is_empty());
}

/// The token of the first link in the mails written to the outbox directory.
fn token_in_mail(db: &TestDb) -> String {
    let dir = db.state.config.data_dir.join("outbox");
    for entry in std::fs::read_dir(&dir).expect("the outbox directory") {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        // Quoted-printable may fold long lines with "=\n".
        let text = text.replace("=\r\n", "").replace("=\n", "");
        if let Some(at) = text.find("/r/") {
            let token: String = text[at + 3..]
                .chars()
                .take_while(|c| c.is_ascii_hexdigit())
                .collect();
            if token.len() == 64 {
                return token;
            }
        }
    }
    panic!("no link in the mails of {}", dir.display())
}

async fn an_outsider_gets_a_link_that_only_a_hash_remembers(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let (number, manager) = started_case(db, &agent).await;
    let now = 1_900_000_000_000;
    db.stop_clock(now);
    let id = info_requests::ask(
        &db.state,
        &manager,
        &number,
        to_outsider("proveedor@example.com"),
        vec![],
        Locale::Es,
    )
    .await
    .unwrap();
    // The mail is kept with the case without the link's token; sending it makes one.
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM outbox_messages WHERE recipient = $1 AND body_text LIKE '%/r/{token}%'", "proveedor@example.com").await,
        1
    );
    jobs::run_once(&db.state, now).await.unwrap();
    let token = token_in_mail(db);
    // No usable token in the database: not in the links, the outbox, the trail or the jobs.
    for table in [
        "info_request_links",
        "outbox_messages",
        "audit_events",
        "jobs",
        "info_requests",
        "info_request_messages",
    ] {
        let sql = format!("SELECT * FROM {table}");
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        let rows = sqlx::query(&sql).fetch_all(&mut *conn).await.unwrap();
        for row in rows {
            use sqlx::Row;
            for i in 0..row.len() {
                if let Ok(Some(text)) = row.try_get::<Option<String>, _>(i) {
                    assert!(!text.contains(&token), "the token is stored in {table}");
                }
            }
        }
    }
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM info_request_links WHERE token_hash = $1",
            &app::backend::request_links::hash(&token)
        )
        .await,
        1
    );

    // The link opens its request and shows what was shared, in the outsider's language.
    assert_eq!(outsider::open(&db.state, &token).await.unwrap(), id);
    let mut altered = token.clone();
    altered.replace_range(0..1, if token.starts_with('0') { "1" } else { "0" });
    assert!(matches!(
        outsider::open(&db.state, &altered).await,
        Err(AppError::NotFound)
    ));
    match outsider::page(&db.state, id, &token).await.unwrap() {
        LinkPage::Live {
            request,
            shared,
            locale,
        } => {
            assert_eq!(locale, Locale::En);
            assert_eq!(shared.summary.unwrap().number, number);
            assert!(shared.files.is_empty(), "no file was chosen");
            assert_eq!(request.steps, vec![RequestStep::Answer]);
            assert_eq!(
                request.recipient, "Lácteos del Norte",
                "no address on their own page"
            );
        }
        other => panic!("a live page expected, got {other:?}"),
    }
    // The token of one request opens no other.
    assert!(matches!(
        outsider::page(&db.state, id + 1, &token).await,
        Err(AppError::NotFound)
    ));

    // They answer with a file; the asker sees it on the case.
    let pdf = Upload {
        file_name: "batch-42.pdf".into(),
        bytes: PDF.to_vec(),
    };
    outsider::answer(
        &db.state,
        id,
        &token,
        "Batch 42, made on 2 March.",
        vec![pdf],
    )
    .await
    .unwrap();
    let case = cases::case_view(&db.state, &manager, &number, Locale::Es)
        .await
        .unwrap();
    let answer = &case.info_requests[0].messages[1];
    assert_eq!(answer.author, "Lácteos del Norte");
    assert_eq!(answer.files.len(), 1);
    // The customer sees none of it.
    let customer = db.existing("rosa@example.com").await;
    let public = cases::public_case(&db.state, &customer, &number, Locale::Es)
        .await
        .unwrap();
    let json = serde_json::to_string(&public).unwrap();
    assert!(
        !json.contains("Batch 42") && !json.contains("batch-42.pdf"),
        "{json}"
    );

    // Returned with a question: the thread goes on on the same link.
    info_requests::judge(
        &db.state,
        &manager,
        id,
        RequestStep::Return,
        "And the expiry date?",
        "",
    )
    .await
    .unwrap();
    outsider::answer(&db.state, id, &token, "10 April.", vec![])
        .await
        .unwrap();

    // Past its expiry the link is gone, and says whom to write to.
    db.state.clock.advance(8 * 24 * 3600 * 1000);
    match outsider::page(&db.state, id, &token).await.unwrap() {
        LinkPage::Gone { asker_email, .. } => assert_eq!(asker_email, manager.email),
        other => panic!("an expired link expected, got {other:?}"),
    }
    assert!(matches!(
        outsider::answer(&db.state, id, &token, "late", vec![]).await,
        Err(AppError::Gone)
    ));
}

async fn a_revoked_link_stops_working(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let (number, manager) = started_case(db, &agent).await;
    let id = info_requests::ask(
        &db.state,
        &manager,
        &number,
        to_outsider("p@example.com"),
        vec![],
        Locale::Es,
    )
    .await
    .unwrap();
    jobs::run_once(&db.state, db.state.now_ms()).await.unwrap();
    let token = token_in_mail(db);
    assert!(matches!(
        outsider::page(&db.state, id, &token).await,
        Ok(LinkPage::Live { .. })
    ));
    info_requests::judge(&db.state, &manager, id, RequestStep::Revoke, "", "")
        .await
        .unwrap();
    assert!(matches!(
        outsider::page(&db.state, id, &token).await,
        Ok(LinkPage::Gone { .. })
    ));
}

async fn a_recipient_who_has_not_answered_is_reminded_a_business_day_before(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let stock = db.person("almacen@example.com", Role::Employee).await;
    let (number, manager) = started_case(db, &agent).await;
    // Monday 1 March 2027, 10:00 in Bogotá: seven days to answer, until Monday 8 March.
    let monday = 1_803_913_200_000; // 2027-03-01T15:00:00Z
    db.stop_clock(monday);
    info_requests::ask(
        &db.state,
        &manager,
        &number,
        to_employee(&stock, "Sin respuesta"),
        vec![],
        Locale::Es,
    )
    .await
    .unwrap();
    let answered = info_requests::ask(
        &db.state,
        &manager,
        &number,
        to_employee(&stock, "Respondida"),
        vec![],
        Locale::Es,
    )
    .await
    .unwrap();
    info_requests::answer(
        &db.state,
        Answerer::Person(&stock),
        answered,
        "Hecho.",
        vec![],
    )
    .await
    .unwrap();
    let reminders = || {
        count(
            db,
            "SELECT COUNT(*) FROM outbox_messages WHERE event = $1",
            "info_request_reminder",
        )
    };
    let day = 24 * 3600 * 1000;
    // Thursday: not yet.
    jobs::run_once(&db.state, monday + 3 * day).await.unwrap();
    assert_eq!(reminders().await, 0);
    // Friday 5 March, 10:00, the last business day before the expiry: once, to the quiet one.
    jobs::run_once(&db.state, monday + 4 * day + 60_000)
        .await
        .unwrap();
    jobs::run_once(&db.state, monday + 4 * day + 120_000)
        .await
        .unwrap();
    assert_eq!(reminders().await, 1);
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    let (recipient, subject): (String, String) = sqlx::query_as(
        "SELECT recipient, subject FROM outbox_messages WHERE event = 'info_request_reminder'",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(recipient, stock.email);
    assert!(subject.contains("Sin respuesta"), "{subject}");
}

/// SPEC D4: a request to the customer interrupts the legal term when the case type says so, and
/// the term runs again by itself when the customer answers on their case's page.
async fn a_question_to_the_customer_stops_the_clock_until_they_answer(db: &TestDb) {
    let bogota = |s: &str| {
        use chrono::TimeZone;
        chrono_tz::America::Bogota
            .from_local_datetime(&s.parse().unwrap())
            .single()
            .unwrap()
            .timestamp_millis()
    };
    let clock_now = db.stop_clock(bogota("2026-11-23T09:00:00"));
    let agent = db.person("agente@example.com", Role::Agent).await;
    let admin = db.person("admin@example.com", Role::Admin).await;
    let folder = db.case_folder().await;
    let policy = app::domain::sla::SlaForm {
        calendar_code: "CO".into(),
        first_response_amount: "24".into(),
        first_response_unit: "hours".into(),
        resolution_amount: "5".into(),
        resolution_unit: "business_days".into(),
        at_risk_percent: "60".into(),
        ..Default::default()
    };
    deadlines::save_policy(&db.state, &admin, folder.id, policy)
        .await
        .unwrap();
    forms::set_pauses_for_customer(&db.state, &admin, folder.case_type, true)
        .await
        .unwrap();
    let form = IntakeForm {
        subject: "Factura duplicada".into(),
        description: "Me cobraron dos veces.".into(),
        class: "claim".into(),
        channel: "phone".into(),
        customer_email: Some("marta@example.com".into()),
        customer_name: Some("Marta".into()),
        ..Default::default()
    };
    let number = intake::file_case(&db.state, &agent, form, vec![])
        .await
        .unwrap()
        .to_string();
    db.open_draft(&agent, &number, &folder).await;
    let manager = folder.manager;
    let due = |db: &TestDb| {
        let number = number.clone();
        let manager = manager.clone();
        let state = db.state.clone();
        async move {
            let view = cases::case_view(&state, &manager, &number, Locale::Es)
                .await
                .unwrap();
            let d = view.deadlines.expect("the case has deadlines");
            (d.paused_since.is_some(), d.resolution_due)
        }
    };
    let (paused, before) = due(db).await;
    assert!(!paused);

    // Thursday 15:00 the manager asks the customer: the clock stops, the customer is told.
    clock_now.set(bogota("2026-11-26T15:00:00"));
    let ask = RequestForm {
        recipient_kind: "customer".into(),
        subject: "Fecha del segundo cobro".into(),
        text: "¿En qué fecha vio el segundo cobro?".into(),
        ..RequestForm::default()
    };
    let id = info_requests::ask(&db.state, &manager, &number, ask, vec![], Locale::Es)
        .await
        .unwrap();
    assert!(
        due(db).await.0,
        "the term stands still while the customer is asked"
    );
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM outbox_messages WHERE recipient = $1 AND event = 'info_request_received'", "marta@example.com").await,
        1
    );
    // The customer sees the question on their page, and only the one to them.
    let marta = db.existing("marta@example.com").await;
    let public = cases::public_case(&db.state, &marta, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(public.asked_of_you.len(), 1);
    assert_eq!(public.asked_of_you[0].steps, vec![RequestStep::Answer]);

    // Monday 9:00 they answer: the clock runs again by itself, the deadline moved on.
    clock_now.set(bogota("2026-11-30T09:00:00"));
    info_requests::answer(
        &db.state,
        Answerer::Person(&marta),
        id,
        "El 3 de noviembre.",
        vec![],
    )
    .await
    .unwrap();
    let (paused, after) = due(db).await;
    assert!(!paused, "the answer resumes the term");
    assert_ne!(
        before, after,
        "the deadline moved by the time it stood still"
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM audit_events WHERE action = $1",
            "deadline_resumed"
        )
        .await,
        1
    );
}

on_both_backends!(
    a_question_to_the_customer_stops_the_clock_until_they_answer,
    an_employee_answers_and_the_asker_returns_then_accepts,
    an_outsider_gets_a_link_that_only_a_hash_remembers,
    a_revoked_link_stops_working,
    a_recipient_who_has_not_answered_is_reminded_a_business_day_before,
);
