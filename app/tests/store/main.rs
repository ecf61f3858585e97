//! The store and the use cases on a real database, each test once on SQLite and once on
//! PostgreSQL. Cases and their files, the audit trail and links here; the desk in `desk.rs`,
//! accounts in `accounts.rs`, and in `migrations.rs` the check that the SQLite and PostgreSQL
//! migrations stay in step.

use app::backend::testing::TestDb;
use app::on_both_backends;

use app::backend::services::{auth, cases, intake};
use app::backend::store::audit;
use app::backend::AppError;
use app::domain::case::{CaseState, Channel, DocumentClass};
use app::domain::form::FieldProblem;
use app::domain::intake::IntakeForm;
use app::domain::people::Role;
use app::i18n::Locale;
use app::model::DeskFilter;

mod accounts;
mod desk;
mod migrations;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn complaint(subject: &str) -> IntakeForm {
    IntakeForm {
        subject: subject.into(),
        description: "El producto llegó con el embalaje en mal estado.".into(),
        class: "complaint".into(),
        ..Default::default()
    }
}

fn phone_case(customer_email: &str) -> IntakeForm {
    IntakeForm {
        subject: "Tarifa mal aplicada".into(),
        description: "El cliente llama por un cobro con la tarifa equivocada.".into(),
        class: "claim".into(),
        channel: "phone".into(),
        customer_email: Some(customer_email.into()),
        customer_name: Some("Cliente Telefónico".into()),
        customer_phone: Some("+57 300 555 1234".into()),
        ..Default::default()
    }
}

fn upload(name: &str, bytes: &[u8]) -> intake::Upload {
    intake::Upload {
        file_name: name.into(),
        bytes: bytes.to_vec(),
    }
}

async fn customer_files_a_complaint_and_gets_a_readable_number(db: &TestDb) {
    let ana = db.person("ana@example.com", Role::Customer).await;
    let first = intake::file_case(
        &db.state,
        &ana,
        complaint("Pedido no recibido"),
        vec![upload("caja.png", PNG)],
    )
    .await
    .unwrap();
    let second = intake::file_case(&db.state, &ana, complaint("Producto caducado"), vec![])
        .await
        .unwrap();
    assert_eq!(first.seq, 1);
    assert_eq!(second.seq, 2);
    assert_eq!(first.to_string().len(), "2026-000001".len());

    let mine = cases::my_cases(&db.state, &ana, Locale::Es).await.unwrap();
    assert_eq!(
        mine.iter().map(|c| c.number.clone()).collect::<Vec<_>>(),
        vec![second.to_string(), first.to_string()]
    );
    assert!(mine
        .iter()
        .all(|c| c.state == CaseState::Open && c.channel == Channel::Web));

    let view = cases::public_case(&db.state, &ana, &first.to_string(), Locale::Es)
        .await
        .unwrap();
    assert_eq!(view.attachments.len(), 1);
    assert_eq!(view.attachments[0].content_type, "image/png");
    let actions: Vec<_> = view.timeline.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["case_filed", "attachment_added"]);
    // Customers see what happened, not the field-by-field record staff see.
    assert!(view.timeline.iter().all(|e| e.changes.is_empty()));
}

async fn customer_cannot_read_another_customers_case_nor_its_files(db: &TestDb) {
    let ana = db.person("ana@example.com", Role::Customer).await;
    let bruno = db.person("bruno@example.com", Role::Customer).await;
    let number = intake::file_case(
        &db.state,
        &ana,
        complaint("Factura errónea"),
        vec![upload("f.pdf", PDF)],
    )
    .await
    .unwrap()
    .to_string();
    let view = cases::public_case(&db.state, &ana, &number, Locale::Es)
        .await
        .unwrap();
    let file_id = view.attachments[0].id;

    assert!(matches!(
        cases::public_case(&db.state, &bruno, &number, Locale::Es).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        cases::attachment(&db.state, &bruno, file_id).await,
        Err(AppError::NotFound)
    ));
    assert!(cases::my_cases(&db.state, &bruno, Locale::Es)
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        cases::desk(&db.state, &bruno, &DeskFilter::default(), None, Locale::Es).await,
        Err(AppError::Forbidden)
    ));

    let (_, bytes) = cases::attachment(&db.state, &ana, file_id).await.unwrap();
    assert_eq!(bytes, PDF);
}

async fn agent_records_a_phone_case_for_a_customer_known_only_by_phone(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let number = intake::file_case(
        &db.state,
        &agent,
        phone_case("Nuevo.Cliente@Example.com"),
        vec![],
    )
    .await
    .unwrap();

    let view = cases::case_view(&db.state, &agent, &number.to_string(), Locale::En)
        .await
        .unwrap();
    assert_eq!(view.summary.channel, Channel::Phone);
    assert_eq!(view.summary.class, DocumentClass::Claim);
    assert_eq!(
        view.customer_email.as_deref(),
        Some("nuevo.cliente@example.com")
    );
    assert_eq!(view.customer_phone.as_deref(), Some("+57 300 555 1234"));
    assert!(view.timeline[0]
        .changes
        .iter()
        .any(|(f, _, after)| f == "channel" && after.as_deref() == Some("phone")));

    // The new customer has no password: nobody can log in as them until they are invited.
    assert!(
        auth::log_in(&db.state.store, "nuevo.cliente@example.com", "")
            .await
            .is_err()
    );

    // A draft waits for the agent; opened, it is on the desk with its manager.
    assert_eq!(view.summary.state, CaseState::Draft);
    let desk = cases::desk(&db.state, &agent, &DeskFilter::default(), None, Locale::Es)
        .await
        .unwrap();
    assert!(desk.cases.is_empty());
    assert_eq!(
        db.open_draft(&agent, &number.to_string(), &folder).await,
        app::model::DraftOutcome::Opened
    );
    let desk = cases::desk(&db.state, &agent, &DeskFilter::default(), None, Locale::Es)
        .await
        .unwrap();
    assert_eq!(desk.cases[0].number, number.to_string());
    assert_eq!(
        desk.cases[0].manager_name.as_deref(),
        Some(folder.manager.name.as_str())
    );

    // A second case for the same address joins the same customer.
    intake::file_case(
        &db.state,
        &agent,
        phone_case("nuevo.cliente@example.com"),
        vec![],
    )
    .await
    .unwrap();
}

async fn attachment_type_comes_from_the_content_not_the_name(db: &TestDb) {
    let ana = db.person("ana@example.com", Role::Customer).await;
    let number = intake::file_case(
        &db.state,
        &ana,
        complaint("Foto"),
        vec![upload("foto.jpg", PDF)],
    )
    .await
    .unwrap();
    let view = cases::public_case(&db.state, &ana, &number.to_string(), Locale::Es)
        .await
        .unwrap();
    assert_eq!(view.attachments[0].content_type, "application/pdf");

    let refused = intake::file_case(
        &db.state,
        &ana,
        complaint("Script"),
        vec![upload("factura.pdf", b"<html><script>x</script>")],
    )
    .await;
    let Err(AppError::Invalid(errors)) = refused else {
        panic!("an HTML file was accepted: {refused:?}")
    };
    assert_eq!(
        errors.get("attachments"),
        Some(&FieldProblem::FileTypeNotAllowed)
    );

    let big = vec![0u8; db.state.config.max_upload_bytes as usize + 1];
    let refused = intake::file_case(
        &db.state,
        &ana,
        complaint("Grande"),
        vec![upload("big.png", &big)],
    )
    .await;
    let Err(AppError::Invalid(errors)) = refused else {
        panic!("an oversized file was accepted")
    };
    assert!(matches!(
        errors.get("attachments"),
        Some(FieldProblem::FileTooLarge { .. })
    ));
    assert_eq!(
        cases::my_cases(&db.state, &ana, Locale::Es)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn failed_intake_is_rolled_back_whole(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    db.person("gestor@example.com", Role::Manager).await;
    // Filing for a staff address fails inside the transaction, after the number was taken
    // and the file stored.
    let refused = intake::file_case(
        &db.state,
        &agent,
        phone_case("gestor@example.com"),
        vec![upload("a.png", PNG)],
    )
    .await;
    let Err(AppError::Invalid(errors)) = refused else {
        panic!("filing for staff was accepted")
    };
    assert_eq!(errors.get("customer_email"), Some(&FieldProblem::Invalid));

    let desk = cases::desk(&db.state, &agent, &DeskFilter::default(), None, Locale::Es)
        .await
        .unwrap();
    assert!(desk.cases.is_empty());
    let stored = walk(&db.files_dir());
    assert!(stored.is_empty(), "files left behind: {stored:?}");
    // The number given back is the next one handed out.
    let number = intake::file_case(&db.state, &agent, phone_case("ana@example.com"), vec![])
        .await
        .unwrap();
    assert_eq!(number.seq, 1);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            if e.path().is_dir() {
                walk(&e.path())
            } else {
                vec![e.path()]
            }
        })
        .collect()
}

async fn concurrent_intake_gives_distinct_numbers_and_an_intact_trail(db: &TestDb) {
    let ana = db.person("ana@example.com", Role::Customer).await;
    let filings = (0..12).map(|i| {
        let state = db.state.clone();
        let ana = ana.clone();
        tokio::spawn(async move {
            intake::file_case(&state, &ana, complaint(&format!("Caso {i}")), vec![]).await
        })
    });
    let mut numbers: Vec<i64> = futures::future::join_all(filings)
        .await
        .into_iter()
        .map(|r| r.unwrap().unwrap().seq)
        .collect();
    numbers.sort();
    assert_eq!(numbers, (1..=12).collect::<Vec<_>>());
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    let key = app::backend::audit_key::current().expect("the tests' key");
    let v = audit::verify(&mut conn, key).await.unwrap();
    assert_eq!(v.problems, Vec::<String>::new());
    assert_eq!(v.events, 13);
}

/// Issue 15: someone who can write to the database but holds no key. The database refuses to
/// change or remove events; with the triggers dropped, a changed event, a missing one and a
/// trail cut short with its head "repaired" are each found.
async fn audit_verify_finds_changed_and_missing_events(db: &TestDb) {
    use app::backend::store::Backend;
    let ana = db.person("ana@example.com", Role::Customer).await;
    for i in 0..3 {
        intake::file_case(&db.state, &ana, complaint(&format!("Caso {i}")), vec![])
            .await
            .unwrap();
    }
    let key = app::backend::audit_key::current().expect("the tests' key");
    let pool = db.state.store.pool();
    let mut conn = pool.acquire().await.unwrap();
    let v = audit::verify(&mut conn, key).await.unwrap();
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    let events = v.events;
    assert!(events >= 4, "{events}");

    // The database itself refuses.
    for sql in [
        "UPDATE audit_events SET changes = '[]' WHERE seq = 2",
        "DELETE FROM audit_events WHERE seq = 4",
    ] {
        let refused = sqlx::query(sql).execute(&mut *conn).await.unwrap_err();
        assert!(refused.to_string().contains("append-only"), "{refused}");
    }
    // Verified with another key, nothing holds.
    let other = app::backend::audit_key::AuditKey::from_hex(&"01".repeat(32)).unwrap();
    let v = audit::verify(&mut conn, &other).await.unwrap();
    assert!(
        v.problems.iter().any(|p| p.contains("seal")),
        "{:?}",
        v.problems
    );

    // Past the triggers, as the database's owner could go.
    let drop_triggers = match db.state.store.backend() {
        Backend::Sqlite => {
            "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;"
        }
        Backend::Postgres => "DROP TRIGGER audit_events_no_change ON audit_events",
    };
    sqlx::raw_sql(drop_triggers)
        .execute(&mut *conn)
        .await
        .unwrap();

    // The newest event dropped and the head set back to the one before: a consistent-looking
    // chain, but the head's seal needs the key.
    let (seq, hash): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_events WHERE seq = $1")
            .bind(events - 1)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    sqlx::query("DELETE FROM audit_events WHERE seq = $1")
        .bind(events)
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_head SET last_seq = $1, last_hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(&hash)
        .execute(&mut *conn)
        .await
        .unwrap();
    let v = audit::verify(&mut conn, key).await.unwrap();
    assert_eq!(
        v.problems,
        vec![
            "the head of the trail does not carry the key's seal: it was reset, or this is not \
              the key the trail was written with"
                .to_string()
        ]
    );

    sqlx::query("UPDATE audit_events SET changes = '[]' WHERE seq = 2")
        .execute(&mut *conn)
        .await
        .unwrap();
    let v = audit::verify(&mut conn, key).await.unwrap();
    assert!(
        v.problems
            .contains(&"event 2 was changed after it was written".to_string()),
        "{:?}",
        v.problems
    );

    sqlx::query("DELETE FROM audit_events WHERE seq = 3")
        .execute(&mut *conn)
        .await
        .unwrap();
    let v = audit::verify(&mut conn, key).await.unwrap();
    assert!(
        v.problems.iter().any(|p| p.contains("missing")),
        "{:?}",
        v.problems
    );
}

async fn staff_link_cases_to_business_objects_and_find_them_by_external_id(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let ana = db.person("ana@example.com", Role::Customer).await;
    let first = intake::file_case(&db.state, &ana, complaint("Factura doble"), vec![])
        .await
        .unwrap()
        .to_string();
    let second = intake::file_case(&db.state, &ana, complaint("Factura con IVA mal"), vec![])
        .await
        .unwrap()
        .to_string();
    let other = intake::file_case(&db.state, &ana, complaint("Pedido tarde"), vec![])
        .await
        .unwrap()
        .to_string();
    for number in [&first, &second] {
        cases::add_link(
            &db.state,
            &agent,
            number,
            "invoice",
            "FAC-2026-0042",
            "https://erp.example.com/f/42",
        )
        .await
        .unwrap();
    }
    cases::add_link(&db.state, &agent, &other, "order", "P-77", "")
        .await
        .unwrap();

    let found = cases::linked_to(&db.state, &agent, " FAC-2026-0042 ", Locale::Es)
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|c| c.number.clone()).collect::<Vec<_>>(),
        vec![second.clone(), first.clone()]
    );
    assert!(cases::linked_to(&db.state, &agent, "FAC-0", Locale::Es)
        .await
        .unwrap()
        .is_empty());

    let view = cases::case_view(&db.state, &agent, &first, Locale::Es)
        .await
        .unwrap();
    assert_eq!(view.links.len(), 1);
    assert_eq!(
        view.links[0].url.as_deref(),
        Some("https://erp.example.com/f/42")
    );
    assert!(view
        .timeline
        .iter()
        .any(|e| e.action == "link_added" && !e.public));

    // Customers neither add links nor see them or the event.
    assert!(matches!(
        cases::add_link(&db.state, &ana, &first, "order", "X", "").await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        cases::linked_to(&db.state, &ana, "FAC-2026-0042", Locale::Es).await,
        Err(AppError::Forbidden)
    ));
    let theirs = cases::public_case(&db.state, &ana, &first, Locale::Es)
        .await
        .unwrap();
    assert!(theirs.timeline.iter().all(|e| e.action != "link_added"));

    let Err(AppError::Invalid(e)) =
        cases::add_link(&db.state, &agent, &first, "order", "X", "javascript:x").await
    else {
        panic!("a script address was accepted")
    };
    assert_eq!(e.get("url"), Some(&FieldProblem::Invalid));
    assert!(matches!(
        cases::add_link(&db.state, &agent, "2020-999999", "order", "X", "").await,
        Err(AppError::NotFound)
    ));
}

on_both_backends!(
    staff_link_cases_to_business_objects_and_find_them_by_external_id,
    customer_files_a_complaint_and_gets_a_readable_number,
    customer_cannot_read_another_customers_case_nor_its_files,
    agent_records_a_phone_case_for_a_customer_known_only_by_phone,
    attachment_type_comes_from_the_content_not_the_name,
    failed_intake_is_rolled_back_whole,
    concurrent_intake_gives_distinct_numbers_and_an_intact_trail,
    audit_verify_finds_changed_and_missing_events,
);
