//! Accounts through their mailbox (issue 15), with the mail going through the real SMTP server:
//! a self-registered address is confirmed before the cases recorded for it show, and a forgotten
//! password is reset once, through a link that runs out.

use super::*;
use app::backend::services::{access, auth, case_page, recovery};
use app::backend::testing::TEST_PASSWORD;
use app::backend::AppError;
use app::domain::access::CaseAction;

/// The token of the `path` link in the last mail to `to` that carries one.
fn token_in_mail(sink: &SmtpSink, to: &str, path: &str) -> String {
    let link = format!("{PUBLIC_URL}{path}");
    let mails = sink.received();
    let text = mails
        .iter()
        .rev()
        .filter(|m| m["rcpt_tos"][0] == to)
        .filter_map(|m| m["text"].as_str())
        .find(|t| t.contains(&link))
        .unwrap_or_else(|| panic!("a mail to {to} with a link to {path}"));
    let start = text.find(&link).unwrap() + link.len();
    text[start..start + 64].to_string()
}

fn refused_field(r: Result<impl std::fmt::Debug, AppError>, field: &str) -> FieldProblem {
    match r {
        Err(AppError::Invalid(e)) => e.get(field).cloned().expect("a problem with the field"),
        other => panic!("expected a refusal of {field}, got {other:?}"),
    }
}

async fn numbers_seen(state: &AppState, who: &Viewer) -> Vec<String> {
    cases::my_cases(state, who, Locale::En)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.number)
        .collect()
}

async fn sees_case(state: &AppState, who: &Viewer, number: &str) -> bool {
    let mut conn = state.store.pool().acquire().await.unwrap();
    match access::case_for(&mut conn, who, number, CaseAction::View).await {
        Ok(_) => true,
        Err(AppError::NotFound) => false,
        Err(e) => panic!("{e:?}"),
    }
}

async fn a_new_account_sees_the_cases_recorded_for_its_address_once_confirmed(db: &TestDb) {
    let port = free_port();
    let sink = SmtpSink::start(port, &mailbox_dir()).await;
    let state = mailing(&db.state, port);
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;

    // An agent records a case for Rosa on the phone: she has a record, no account.
    let recorded = intake::file_case(&state, &agent, phone_case(), vec![])
        .await
        .unwrap()
        .to_string();
    assert_eq!(
        db.open_draft(&agent, &recorded, &folder).await,
        DraftOutcome::Opened
    );

    // Someone signs up with her address: the record is claimed, not yet proved theirs.
    let session = auth::sign_up(
        &state,
        auth::NewAccount {
            email: "rosa@example.com".into(),
            name: "Rosa".into(),
            password: "una contraseña larga".into(),
        },
        Locale::En,
    )
    .await
    .unwrap();
    let rosa = session.viewer.clone();
    assert!(!recovery::confirmed(&state, &rosa).await.unwrap());
    assert!(!numbers_seen(&state, &rosa).await.contains(&recorded));
    assert!(!sees_case(&state, &rosa, &recorded).await);
    assert!(matches!(
        case_page::public_case(&state, &rosa, &recorded, Locale::En).await,
        Err(AppError::NotFound)
    ));
    // What the account files itself it follows at once.
    let own = intake::file_case(&state, &rosa, portal_case("Mi lavadora"), vec![])
        .await
        .unwrap()
        .to_string();
    assert_eq!(numbers_seen(&state, &rosa).await, vec![own.clone()]);

    // The confirmation mail is queued with a slot; no token that opens anything is stored.
    let queued = message_rows(db).await;
    let mail = queued
        .iter()
        .find(|m| m.event == "account_confirm_email")
        .expect("the confirmation mail");
    assert_eq!(mail.recipient, "rosa@example.com");
    assert!(mail.body_text.contains("/account/confirm/{token}"));
    while jobs::run_once(&state, app::backend::now_ms())
        .await
        .unwrap()
        > 0
    {}
    let token = token_in_mail(&sink, "rosa@example.com", "/account/confirm/");
    assert!(!message_rows(db)
        .await
        .iter()
        .any(|m| m.body_text.contains(&token)));

    // A made-up token is refused; hers proves the address, once.
    assert_eq!(
        refused_field(
            recovery::confirm_email(&state, &rosa, &"0".repeat(64)).await,
            "token"
        ),
        FieldProblem::LinkUsedOrExpired
    );
    // Pressed by someone logged in to another account, the link confirms nothing: an
    // impostor cannot have the address's owner confirm the impostor's account.
    let other = db.person("otra@example.com", Role::Customer).await;
    assert_eq!(
        refused_field(
            recovery::confirm_email(&state, &other, &token).await,
            "token"
        ),
        FieldProblem::LinkUsedOrExpired
    );
    recovery::confirm_email(&state, &rosa, &token)
        .await
        .unwrap();
    assert!(recovery::confirmed(&state, &rosa).await.unwrap());
    assert_eq!(
        refused_field(
            recovery::confirm_email(&state, &rosa, &token).await,
            "token"
        ),
        FieldProblem::LinkUsedOrExpired
    );
    let seen = numbers_seen(&state, &rosa).await;
    assert!(seen.contains(&recorded) && seen.contains(&own), "{seen:?}");
    assert!(sees_case(&state, &rosa, &recorded).await);

    // An address with a password is taken.
    assert_eq!(
        refused_field(
            auth::sign_up(
                &state,
                auth::NewAccount {
                    email: "rosa@example.com".into(),
                    name: "Otra".into(),
                    password: "otra contraseña larga".into(),
                },
                Locale::En,
            )
            .await,
            "email"
        ),
        FieldProblem::EmailTaken
    );
}

async fn a_forgotten_password_is_reset_once_through_a_link_that_runs_out(db: &TestDb) {
    let port = free_port();
    let sink = SmtpSink::start(port, &mailbox_dir()).await;
    let state = mailing(&db.state, port);
    let ana = db.person("ana@example.com", Role::Customer).await;
    let before = auth::log_in(&state.store, "ana@example.com", TEST_PASSWORD)
        .await
        .unwrap();

    // Nobody's address gets the same answer and no mail.
    recovery::ask_for_new_password(&state, "nadie@example.com", Locale::Es)
        .await
        .unwrap();
    assert!(message_rows(db).await.is_empty());
    recovery::ask_for_new_password(&state, "Ana@Example.com", Locale::Pl)
        .await
        .unwrap();
    while jobs::run_once(&state, app::backend::now_ms())
        .await
        .unwrap()
        > 0
    {}
    let mails = sink.received();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0]["subject"], "Nowe hasło do Tramita");
    let token = token_in_mail(&sink, "ana@example.com", "/account/reset/");
    assert!(recovery::reset_link_works(&state, &token).await.unwrap());

    // A short password is refused and the link still works; a good one is set.
    assert_eq!(
        refused_field(
            recovery::reset_password(&state, &token, "corta").await,
            "password"
        ),
        FieldProblem::TooShort { min: 10 }
    );
    let after = recovery::reset_password(&state, &token, "nueva contraseña larga")
        .await
        .unwrap();
    assert_eq!(after.viewer.id, ana.id);
    // Every session that was open ended; the new one works, as does the new password only.
    assert!(auth::viewer(&state.store, &before.token)
        .await
        .unwrap()
        .is_none());
    assert!(auth::viewer(&state.store, &after.token)
        .await
        .unwrap()
        .is_some());
    assert!(auth::log_in(&state.store, "ana@example.com", TEST_PASSWORD)
        .await
        .is_err());
    auth::log_in(&state.store, "ana@example.com", "nueva contraseña larga")
        .await
        .unwrap();
    // Used once.
    assert!(!recovery::reset_link_works(&state, &token).await.unwrap());
    assert_eq!(
        refused_field(
            recovery::reset_password(&state, &token, "otra contraseña larga").await,
            "token"
        ),
        FieldProblem::LinkUsedOrExpired
    );

    // A link not followed within the hour runs out.
    recovery::ask_for_new_password(&state, "ana@example.com", Locale::Es)
        .await
        .unwrap();
    let sent_at = app::backend::now_ms();
    while jobs::run_once(&state, sent_at).await.unwrap() > 0 {}
    let late = token_in_mail(&sink, "ana@example.com", "/account/reset/");
    assert_ne!(late, token);
    db.stop_clock(sent_at + 61 * 60 * 1000);
    assert!(!recovery::reset_link_works(&state, &late).await.unwrap());
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_events WHERE entity = 'user' ORDER BY seq")
            .fetch_all(db.state.store.pool())
            .await
            .unwrap();
    assert!(
        actions.contains(&"password_reset".to_string()),
        "{actions:?}"
    );
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "password_reset_asked")
            .count(),
        2
    );
}

on_both_backends!(
    a_new_account_sees_the_cases_recorded_for_its_address_once_confirmed,
    a_forgotten_password_is_reset_once_through_a_link_that_runs_out,
);
