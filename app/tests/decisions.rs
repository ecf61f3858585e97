//! Decisions, approvals and letters (SPEC E1-E4), and the channels a type is taken by (A8),
//! through the services, on SQLite and PostgreSQL alike. Letters are real PDFs made by typst on
//! the background queue and read back with `pdftotext`.

use app::backend::jobs;
use app::backend::services::decisions::{self, admin, views};
use app::backend::services::{cases, catalogs, drafts, intake, work, workflow};
use app::backend::testing::{CaseFolder, TestDb};
use app::backend::AppError;
use app::domain::decisions::{DecisionForm, DecisionState};
use app::domain::form::FieldProblem;
use app::domain::intake::IntakeForm;
use app::domain::lifecycle::CaseStep;
use app::domain::people::Role;
use app::i18n::Locale;
use app::model::Viewer;
use app::on_both_backends;

/// What the tests need around a case: its folder with a refund (with an amount) and a
/// rejection, a threshold of 500 EUR and 2,000 PLN, and the company's letterhead.
struct Setting {
    folder: CaseFolder,
    admin: Viewer,
    refund: i64,
    rejection: i64,
}

async fn setting(db: &TestDb) -> Setting {
    let folder = db.case_folder().await;
    let admin = db.person("admin@example.com", Role::Admin).await;
    let entry = |name: &str| catalogs::EntryForm {
        folder_id: folder.id,
        kind: "resolution".into(),
        name: name.into(),
        binding: String::new(),
        parent_id: None,
    };
    let refund = catalogs::add_entry_as(&db.state, None, entry("Reembolso"))
        .await
        .unwrap();
    let rejection = catalogs::add_entry_as(&db.state, None, entry("Rechazo"))
        .await
        .unwrap();
    let t = folder.case_type;
    admin::set_resolution(&db.state, &admin, t, refund, true, true, "manager")
        .await
        .unwrap();
    admin::set_resolution(&db.state, &admin, t, rejection, true, false, "supervisor")
        .await
        .unwrap();
    admin::put_threshold(&db.state, &admin, t, "500.00", "EUR")
        .await
        .unwrap();
    admin::put_threshold(&db.state, &admin, t, "2000", "PLN")
        .await
        .unwrap();
    admin::save_company(
        &db.state,
        &admin,
        admin::CompanyForm {
            name: "Compañía Eléctrica Ñandú".into(),
            address: "Calle 100 # 10-20, Bogotá".into(),
            tax_id: "NIT 900.123.456-7".into(),
            phone: String::new(),
            email: "atencion@example.com".into(),
            website: String::new(),
        },
        None,
    )
    .await
    .unwrap();
    Setting {
        folder,
        admin,
        refund,
        rejection,
    }
}

/// A case of the setting's folder for the customer `name`, opened and started by its manager;
/// the customer reads Polish when `polish`.
async fn started_case(db: &TestDb, s: &Setting, email: &str, name: &str, polish: bool) -> String {
    let agent = db.person(&format!("agente.{email}"), Role::Agent).await;
    let form = IntakeForm {
        subject: "Cobro duplicado en la factura".into(),
        description: "La factura de octubre cobra dos veces el mismo consumo.".into(),
        class: "claim".into(),
        channel: "phone".into(),
        customer_email: Some(email.into()),
        customer_name: Some(name.into()),
        ..Default::default()
    };
    let number = intake::file_case(&db.state, &agent, form, vec![])
        .await
        .unwrap()
        .to_string();
    db.open_draft(&agent, &number, &s.folder).await;
    workflow::take_step(
        &db.state,
        &s.folder.manager,
        &number,
        workflow::StepForm::new(CaseStep::Start, ""),
    )
    .await
    .unwrap();
    if polish {
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        sqlx::query("UPDATE users SET locale = 'pl' WHERE email = $1")
            .bind(email.to_string())
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    number
}

fn refund(s: &Setting, amount: &str, currency: &str) -> DecisionForm {
    DecisionForm {
        resolution_id: s.refund.to_string(),
        amount: amount.into(),
        currency: currency.into(),
        reasoning: "La factura muestra dos cobros del mismo consumo de octubre.".into(),
    }
}

async fn count(db: &TestDb, sql: &str, id: i64) -> i64 {
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn case_id(db: &TestDb, number: &str) -> i64 {
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    sqlx::query_scalar("SELECT id FROM cases WHERE number = $1")
        .bind(number.to_string())
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

/// The text of the PDF of the case's newest letter, as `pdftotext` reads it, with no-break
/// spaces as spaces; and the letter's attachment id.
async fn newest_letter_text(db: &TestDb, number: &str) -> (String, i64) {
    let id = case_id(db, number).await;
    let (key, attachment): (String, i64) = {
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        sqlx::query_as(
            "SELECT a.storage_key, a.id FROM decision_letters l JOIN attachments a ON a.id = l.attachment_id \
             WHERE l.case_id = $1 ORDER BY l.id DESC LIMIT 1",
        )
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .expect("the letter was made")
    };
    let bytes = db.state.files.get(&key).await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let path = db.files_dir().join(format!("letter-{attachment}.pdf"));
    std::fs::write(&path, &bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout)
        .unwrap()
        .replace('\u{a0}', " ");
    (text, attachment)
}

async fn a_decision_below_the_threshold_produces_its_letter_at_once(db: &TestDb) {
    let s = setting(db).await;
    let number = started_case(db, &s, "rosa@example.com", "Rosa Peña Muñoz", false).await;
    let manager = &s.folder.manager;
    // A form with a problem records nothing.
    match decisions::decide(&db.state, manager, &number, refund(&s, "", "EUR")).await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("amount"), Some(&FieldProblem::Required)),
        other => panic!("an amount is needed, got {other:?}"),
    }
    // The rejection is for supervisors only: a manager is not offered it.
    let panel = views::panel(&db.state, manager, &number, Locale::Es)
        .await
        .unwrap();
    let offered: Vec<i64> = panel
        .form
        .unwrap()
        .resolutions
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(offered, vec![s.refund]);
    let rejection = DecisionForm {
        resolution_id: s.rejection.to_string(),
        ..refund(&s, "", "")
    };
    assert!(matches!(
        decisions::decide(&db.state, manager, &number, rejection).await,
        Err(AppError::Invalid(_))
    ));

    let id = decisions::decide(&db.state, manager, &number, refund(&s, "1234,56", "COP"))
        .await
        .map(|_| ());
    // COP has no threshold on this type: it waits, which is tested below; here EUR.
    assert!(id.is_ok());
    let case = case_id(db, &number).await;
    let pending = count(
        db,
        "SELECT COUNT(*) FROM decisions WHERE case_id = $1 AND state = 'pending'",
        case,
    )
    .await;
    assert_eq!(
        pending, 1,
        "an amount in a currency without a threshold waits"
    );
    let supervisor = db.person("supervisora@example.com", Role::Supervisor).await;
    let waiting = work::my_work(&db.state, &supervisor)
        .await
        .unwrap()
        .approvals;
    decisions::settle(
        &db.state,
        &supervisor,
        waiting[0].id,
        false,
        "Use euros, please.",
    )
    .await
    .unwrap();

    decisions::decide(&db.state, manager, &number, refund(&s, "499,99", "EUR"))
        .await
        .unwrap();
    let effective = count(
        db,
        "SELECT COUNT(*) FROM decisions WHERE case_id = $1 AND state = 'effective'",
        case,
    )
    .await;
    assert_eq!(effective, 1, "below the threshold it takes effect at once");
    jobs::run_once(&db.state, db.state.now_ms()).await.unwrap();
    let (text, attachment) = newest_letter_text(db, &number).await;
    assert!(text.contains("Rosa Peña Muñoz"), "{text}");
    assert!(text.contains(&number), "{text}");
    assert!(text.contains("499,99 €"), "{text}");
    assert!(text.contains("Compañía Eléctrica Ñandú"), "{text}");
    assert!(text.contains("Página 1 de 1"), "{text}");
    // Sent to the customer with the PDF attached, and theirs to download.
    let mails = count(
        db,
        "SELECT COUNT(*) FROM outbox_messages WHERE event = 'decision_letter' AND attachment_id = $1",
        attachment,
    )
    .await;
    assert_eq!(mails, 1);
    let customer = db.existing("rosa@example.com").await;
    let (row, bytes) = cases::attachment(&db.state, &customer, attachment)
        .await
        .unwrap();
    assert_eq!(row.content_type, "application/pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let letters = views::public_letters(&db.state, &customer, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(letters.len(), 1);
    // Someone else's customer does not learn the file exists.
    let other = db.person("otra@example.com", Role::Customer).await;
    assert!(matches!(
        cases::attachment(&db.state, &other, attachment).await,
        Err(AppError::NotFound)
    ));
}

async fn above_the_threshold_it_waits_for_approval_and_the_letter_comes_after(db: &TestDb) {
    let s = setting(db).await;
    let number = started_case(db, &s, "lucja@example.com", "Łucja Żółkiewska", true).await;
    let manager = &s.folder.manager;
    decisions::decide(&db.state, manager, &number, refund(&s, "12345,67", "PLN"))
        .await
        .unwrap();
    let case = case_id(db, &number).await;
    jobs::run_once(&db.state, db.state.now_ms()).await.unwrap();
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM decision_letters WHERE case_id = $1",
            case
        )
        .await,
        0,
        "no letter while it waits"
    );
    // Nobody decides again meanwhile, and the decider may not approve their own decision.
    assert!(matches!(
        decisions::decide(&db.state, manager, &number, refund(&s, "10", "PLN")).await,
        Err(AppError::Conflict)
    ));
    let supervisor = db.person("supervisora@example.com", Role::Supervisor).await;
    let waiting = work::my_work(&db.state, &supervisor)
        .await
        .unwrap()
        .approvals;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].case_number, number);
    assert!(matches!(
        decisions::settle(&db.state, manager, waiting[0].id, true, "").await,
        Err(AppError::Forbidden)
    ));
    // An agent who is neither a supervisor nor the named approver learns nothing.
    let agent = db.person("agente2@example.com", Role::Agent).await;
    assert!(matches!(
        decisions::settle(&db.state, &agent, waiting[0].id, true, "").await,
        Err(AppError::NotFound)
    ));
    decisions::settle(&db.state, &supervisor, waiting[0].id, true, "Conforme.")
        .await
        .unwrap();
    assert!(work::my_work(&db.state, &supervisor)
        .await
        .unwrap()
        .approvals
        .is_empty());
    jobs::run_once(&db.state, db.state.now_ms()).await.unwrap();
    let (text, _) = newest_letter_text(db, &number).await;
    assert!(text.contains("Łucja Żółkiewska"), "{text}");
    assert!(text.contains(&number), "{text}");
    assert!(text.contains("12 345,67 zł"), "{text}");
    assert!(text.contains("Strona 1 z 1"), "{text}");
    // Every step is on the trail.
    let trail = count(
        db,
        "SELECT COUNT(*) FROM audit_events WHERE case_id = $1 AND action IN \
         ('decision_pending', 'decision_approved', 'letter_made', 'letter_sent')",
        case,
    )
    .await;
    assert_eq!(trail, 4);
}

async fn a_rejected_approval_produces_no_letter(db: &TestDb) {
    let s = setting(db).await;
    let number = started_case(db, &s, "rosa@example.com", "Rosa Peña", false).await;
    let manager = &s.folder.manager;
    decisions::decide(&db.state, manager, &number, refund(&s, "900", "EUR"))
        .await
        .unwrap();
    let supervisor = db.person("supervisora@example.com", Role::Supervisor).await;
    let id = work::my_work(&db.state, &supervisor)
        .await
        .unwrap()
        .approvals[0]
        .id;
    // Rejecting needs a reason.
    match decisions::settle(&db.state, &supervisor, id, false, "").await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("comment"), Some(&FieldProblem::Required)),
        other => panic!("a comment is needed, got {other:?}"),
    }
    decisions::settle(
        &db.state,
        &supervisor,
        id,
        false,
        "El importe no está justificado.",
    )
    .await
    .unwrap();
    // Settled once: a second answer conflicts.
    assert!(matches!(
        decisions::settle(&db.state, &supervisor, id, true, "").await,
        Err(AppError::Conflict)
    ));
    jobs::run_once(&db.state, db.state.now_ms()).await.unwrap();
    let case = case_id(db, &number).await;
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM decision_letters WHERE case_id = $1",
            case
        )
        .await,
        0
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM outbox_messages WHERE case_id = $1 AND event = 'decision_rejected'",
            case
        )
        .await,
        1,
        "the decider hears of it"
    );
    let panel = views::panel(&db.state, manager, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(panel.decisions[0].state, DecisionState::Rejected);
    assert!(panel.form.is_some(), "the manager may decide again");
}

async fn templates_name_an_unknown_placeholder_and_fill_the_letter(db: &TestDb) {
    let s = setting(db).await;
    let t = s.folder.case_type;
    match admin::save_template(
        &db.state,
        &s.admin,
        t,
        s.refund,
        "es",
        "Caso {{case_number}}",
        "Hola {{cliente}}",
    )
    .await
    {
        Err(AppError::Invalid(e)) => assert_eq!(
            e.get("body"),
            Some(&FieldProblem::UnknownPlaceholder {
                name: "cliente".into()
            })
        ),
        other => panic!("the unknown placeholder is named, got {other:?}"),
    }
    admin::save_template(
        &db.state,
        &s.admin,
        t,
        s.refund,
        "es",
        "Reembolso del caso {{case_number}}",
        "Señor(a) {{customer_name}}:\n\nLe devolvemos {{amount}} por {{resolution}}.\n\n{{decider_name}}",
    )
    .await
    .unwrap();
    let number = started_case(db, &s, "rosa@example.com", "Rosa Peña", false).await;
    decisions::decide(
        &db.state,
        &s.folder.manager,
        &number,
        refund(&s, "20", "EUR"),
    )
    .await
    .unwrap();
    jobs::run_once(&db.state, db.state.now_ms()).await.unwrap();
    let (text, _) = newest_letter_text(db, &number).await;
    assert!(
        text.contains("Le devolvemos 20,00 € por Reembolso."),
        "{text}"
    );
    assert!(
        text.contains(&format!("Reembolso del caso {number}")),
        "{text}"
    );
    // A new version leaves the one sent as it was, and waits to be sent.
    let panel = views::panel(&db.state, &s.folder.manager, &number, Locale::Es)
        .await
        .unwrap();
    let decision = panel.decisions[0].id;
    let sent = panel.decisions[0].letters[0].attachment_id.unwrap();
    decisions::regenerate(&db.state, &s.folder.manager, decision)
        .await
        .unwrap();
    jobs::run_once(&db.state, db.state.now_ms()).await.unwrap();
    let panel = views::panel(&db.state, &s.folder.manager, &number, Locale::Es)
        .await
        .unwrap();
    let letters = &panel.decisions[0].letters;
    assert_eq!(letters.len(), 2);
    assert_eq!(letters[0].attachment_id, Some(sent));
    assert_ne!(letters[1].attachment_id, Some(sent));
    let customer = db.existing("rosa@example.com").await;
    let unsent = letters[1].attachment_id.unwrap();
    assert!(
        matches!(
            cases::attachment(&db.state, &customer, unsent).await,
            Err(AppError::NotFound)
        ),
        "a version not sent is not the customer's yet"
    );
    decisions::send_letter(&db.state, &s.folder.manager, letters[1].id)
        .await
        .unwrap();
    assert!(cases::attachment(&db.state, &customer, unsent)
        .await
        .is_ok());
}

async fn a_type_refuses_the_channels_it_is_not_taken_by(db: &TestDb) {
    let s = setting(db).await;
    admin::set_type_rules(
        &db.state,
        &s.admin,
        s.folder.case_type,
        admin::TypeRulesForm {
            channels: vec!["phone".into(), "email".into(), "social_media".into()],
            instead: "email".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let agent = db.person("agente@example.com", Role::Agent).await;
    let form = IntakeForm {
        subject: "Disputa de cobranza".into(),
        description: "El cliente disputa el cobro de la cuota de septiembre.".into(),
        class: "claim".into(),
        channel: "in_person".into(),
        customer_email: Some("rosa@example.com".into()),
        customer_name: Some("Rosa".into()),
        ..Default::default()
    };
    let number = intake::file_case(&db.state, &agent, form, vec![])
        .await
        .unwrap()
        .to_string();
    match db.open_draft(&agent, &number, &s.folder).await {
        app::model::DraftOutcome::Invalid(e) => match e.get("channel") {
            Some(FieldProblem::ChannelRefused {
                instead, allowed, ..
            }) => {
                assert_eq!(*instead, Some(app::domain::case::Channel::Email));
                assert_eq!(allowed.len(), 3);
                let text = Locale::Es.texts().problem(e.get("channel").unwrap());
                assert!(text.contains("Correo electrónico"), "{text}");
            }
            other => panic!("the channel is refused, got {other:?}"),
        },
        other => panic!("the draft may not open, got {other:?}"),
    }
    // Recorded as received by e-mail, as the message says, it opens.
    let form = drafts::DraftForm {
        case_type_id: s.folder.case_type.to_string(),
        case_group_id: s.folder.case_group.to_string(),
        channel: "email".into(),
        ..Default::default()
    };
    let outcome = drafts::save(&db.state, &agent, &number, form, Vec::new(), true)
        .await
        .unwrap();
    assert!(
        !matches!(outcome, app::model::DraftOutcome::Invalid(_)),
        "{outcome:?}"
    );
    let case = cases::case_view(&db.state, &s.admin, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(case.summary.channel, app::domain::case::Channel::Email);
}

/// SPEC A9: a customer files, from the portal, a request of a kind that changes the contract;
/// the case has that type from the start, so the agent's decision on it waits for approval
/// even below the threshold.
async fn a_customers_request_from_the_portal_takes_its_kinds_approval_rule(db: &TestDb) {
    let s = setting(db).await;
    let kind = s.folder.case_type;
    let customer = db.person("rosa@example.com", Role::Customer).await;
    assert!(
        intake::request_kinds(&db.state, &customer)
            .await
            .unwrap()
            .is_empty(),
        "no kind is offered until the admin says so"
    );
    admin::set_type_rules(
        &db.state,
        &s.admin,
        kind,
        admin::TypeRulesForm {
            always_approve: true,
            filed_by_customers: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let offered: Vec<i64> = intake::request_kinds(&db.state, &customer)
        .await
        .unwrap()
        .iter()
        .map(|k| k.id)
        .collect();
    assert_eq!(offered, vec![kind]);
    assert!(
        matches!(
            intake::request_kinds(&db.state, &s.folder.manager).await,
            Err(AppError::Forbidden)
        ),
        "staff record cases on the desk"
    );
    let form = |request_kind: i64| IntakeForm {
        subject: "Nuevo plan de pagos".into(),
        description: "Pido pagar la deuda pendiente en seis cuotas mensuales.".into(),
        class: "request".into(),
        request_kind: Some(request_kind),
        ..Default::default()
    };
    match intake::file_case(&db.state, &customer, form(s.folder.case_group), vec![]).await {
        Err(AppError::Invalid(e)) => {
            assert_eq!(e.get("request_kind"), Some(&FieldProblem::NotAChoice))
        }
        other => panic!("a kind the portal does not offer is refused, got {other:?}"),
    }
    let number = intake::file_case(&db.state, &customer, form(kind), vec![])
        .await
        .unwrap()
        .to_string();
    let case = case_id(db, &number).await;
    assert_eq!(
        count(db, "SELECT case_type_id FROM cases WHERE id = $1", case).await,
        kind
    );

    // The agent settles customers' requests; this kind waits for approval whatever the amount.
    let agent = db.person("agente@example.com", Role::Agent).await;
    decisions::decide(&db.state, &agent, &number, refund(&s, "10,00", "EUR"))
        .await
        .unwrap();
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM decisions WHERE case_id = $1 AND state = 'pending'",
            case
        )
        .await,
        1
    );
    let supervisor = db.person("supervisora@example.com", Role::Supervisor).await;
    let waiting = work::my_work(&db.state, &supervisor)
        .await
        .unwrap()
        .approvals;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].case_number, number);

    // A kind offered in the portal must be taken from it (A8).
    match admin::set_type_rules(
        &db.state,
        &s.admin,
        kind,
        admin::TypeRulesForm {
            filed_by_customers: true,
            channels: vec!["phone".into()],
            ..Default::default()
        },
    )
    .await
    {
        Err(AppError::Invalid(e)) => assert!(matches!(
            e.get("filed_by_customers"),
            Some(FieldProblem::ChannelRefused { .. })
        )),
        other => panic!("the portal must take the kind, got {other:?}"),
    }
}

/// A letter the queue cannot make (a logo that is no image) says so instead of being made for
/// ever, and the trail records why.
async fn a_letter_that_cannot_be_made_says_so(db: &TestDb) {
    let s = setting(db).await;
    let mut broken = b"\x89PNG\r\n\x1a\n".to_vec();
    broken.extend_from_slice(&[7; 64]);
    admin::save_company(
        &db.state,
        &s.admin,
        admin::CompanyForm {
            name: "Compañía Eléctrica Ñandú".into(),
            address: "Calle 100 # 10-20, Bogotá".into(),
            ..Default::default()
        },
        Some(intake::Upload {
            file_name: "logo.png".into(),
            bytes: broken,
        }),
    )
    .await
    .unwrap();
    let number = started_case(db, &s, "rosa@example.com", "Rosa Peña Muñoz", false).await;
    let manager = &s.folder.manager;
    decisions::decide(&db.state, manager, &number, refund(&s, "100", "EUR"))
        .await
        .unwrap();
    jobs::run_once(&db.state, db.state.now_ms()).await.unwrap();
    let panel = views::panel(&db.state, manager, &number, Locale::Es)
        .await
        .unwrap();
    let letter = &panel.decisions[0].letters[0];
    assert_eq!(letter.state, app::domain::decisions::LetterState::Failed);
    assert_eq!(letter.attachment_id, None);
    let case = case_id(db, &number).await;
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM audit_events WHERE case_id = $1 AND action = 'letter_failed'",
            case
        )
        .await,
        1
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM outbox_messages WHERE event = 'decision_letter' AND case_id = $1",
            case
        )
        .await,
        0,
        "nothing is mailed"
    );
    // Staff read it on the timeline in words; the customer does not see it.
    let page = cases::case_view(&db.state, manager, &number, Locale::Es)
        .await
        .unwrap();
    let failed = page
        .timeline
        .iter()
        .find(|e| e.action == "letter_failed")
        .expect("the failure is on the staff's timeline");
    assert_eq!(
        Locale::Es.texts().event(&failed.action),
        "No se pudo preparar la carta"
    );
    let customer = db.existing("rosa@example.com").await;
    let theirs =
        app::backend::services::case_page::public_case(&db.state, &customer, &number, Locale::Es)
            .await
            .unwrap();
    assert!(!theirs.timeline.is_empty());
    assert!(theirs.timeline.iter().all(|e| e.action != "letter_failed"));
}

on_both_backends!(
    a_letter_that_cannot_be_made_says_so,
    a_customers_request_from_the_portal_takes_its_kinds_approval_rule,
    a_decision_below_the_threshold_produces_its_letter_at_once,
    above_the_threshold_it_waits_for_approval_and_the_letter_comes_after,
    a_rejected_approval_produces_no_letter,
    templates_name_an_unknown_placeholder_and_fill_the_letter,
    a_type_refuses_the_channels_it_is_not_taken_by,
);
