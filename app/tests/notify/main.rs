//! Notifications (issue 5) against a real SMTP server (aiosmtpd, started by each test as a child
//! process): the customer's acknowledgement arrives in their language with the case number; a
//! server that is down delays mail and loses none; two workers send each message once; without
//! SMTP the mail lands as .eml files; staff see the messages on the case, customers do not.
//!
//! Text messages go to a real HTTP server started by the test, speaking the SMS gateway's side of
//! Twilio's Messages API: it records each request and answers what the test tells it to.
//! Customers choose their channels, administrators change what messages say, and the events of
//! a case's life (state changes, hand-overs, escalations) queue their messages.
//!
//! This file holds the mail tests and the helpers all share; text messages and channels are in
//! `channels.rs`, templates and the events that send messages in `templates_and_events.rs`.

use app::backend::config::SmsGateway;
use app::backend::jobs;
use app::backend::notify::{self, sender};
use app::backend::services::{cases, intake, messages, workflow};
use app::backend::store::outbox::{self, NewMessage};
use app::backend::store::{self, jobs::JobKind};
use app::backend::testing::TestDb;
use app::backend::AppState;
use app::domain::form::FieldProblem;
use app::domain::intake::IntakeForm;
use app::domain::lifecycle::CaseStep;
use app::domain::people::Role;
use app::i18n::Locale;
use app::model::{DraftOutcome, Viewer};
use app::on_both_backends;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod accounts;
mod channels;
mod templates_and_events;

const PUBLIC_URL: &str = "https://tramita.example.org";

/// An aiosmtpd server on 127.0.0.1:`port` that writes what it receives into `dir`; killed when
/// dropped.
struct SmtpSink {
    _child: tokio::process::Child,
    dir: PathBuf,
}

impl SmtpSink {
    async fn start(port: u16, dir: &Path) -> SmtpSink {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py");
        let child = tokio::process::Command::new("python3")
            .arg(script)
            .arg("127.0.0.1")
            .arg(port.to_string())
            .arg(dir)
            .kill_on_drop(true)
            .spawn()
            .expect("python3 runs (scripts/setup.sh installs aiosmtpd)");
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return SmtpSink {
                    _child: child,
                    dir: dir.to_path_buf(),
                };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the SMTP server did not start on port {port}");
    }

    /// The messages received so far.
    fn received(&self) -> Vec<Value> {
        let mut out: Vec<Value> = std::fs::read_dir(&self.dir)
            .map(|d| d.filter_map(Result::ok).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap())
            .collect();
        out.sort_by_key(|v| v["message_id"].as_str().unwrap_or_default().to_string());
        out
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn mailbox_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "tramita_mailbox_{}_{}",
        std::process::id(),
        free_port()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The state of `db` with mail going to the SMTP server on `port` and links to [`PUBLIC_URL`].
fn mailing(state: &AppState, port: u16) -> AppState {
    let mut config = (*state.config).clone();
    config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    config.public_url = PUBLIC_URL.into();
    AppState {
        config: Arc::new(config),
        ..state.clone()
    }
}

async fn set_locale(db: &TestDb, user: &Viewer, code: &str) {
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
        .bind(code)
        .bind(user.id)
        .execute(db.state.store.pool())
        .await
        .unwrap();
}

fn portal_case(subject: &str) -> IntakeForm {
    IntakeForm {
        subject: subject.into(),
        description: "La lavadora no centrifuga desde ayer.".into(),
        class: "complaint".into(),
        channel: "web".into(),
        ..Default::default()
    }
}

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

/// The messages queued so far, but the codes that prove phone numbers ([`prove_phone`]).
async fn message_rows(db: &TestDb) -> Vec<outbox::MessageRow> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM outbox_messages WHERE event <> 'phone_confirmation_code' ORDER BY id",
    )
    .fetch_all(db.state.store.pool())
    .await
    .unwrap();
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    let mut rows = Vec::new();
    for id in ids {
        rows.push(outbox::by_id(&mut conn, id).await.unwrap().unwrap());
    }
    rows
}

/// The code in the last text message sent to prove `user`'s number.
async fn phone_code(db: &TestDb, user: &Viewer) -> String {
    let text: String = sqlx::query_scalar(
        "SELECT o.body_text FROM outbox_messages o JOIN users u ON u.phone = o.recipient \
         WHERE u.id = $1 AND o.event = 'phone_confirmation_code' ORDER BY o.id DESC LIMIT 1",
    )
    .bind(user.id)
    .fetch_one(db.state.store.pool())
    .await
    .expect("a code was sent");
    let start = text.find(|c: char| c.is_ascii_digit()).expect("digits");
    text[start..start + 6].to_string()
}

/// Proves `user`'s new number as they would, typing back the code it received. `deliver` sends
/// the code's text message first (to the outbox folder: `db.state` has no gateway), for tests
/// that count what the queue sends next.
async fn prove_phone(db: &TestDb, user: &Viewer, deliver: bool) {
    use app::backend::services::phone_confirmation;
    let code = phone_code(db, user).await;
    if deliver {
        assert_eq!(
            jobs::run_once(&db.state, app::backend::now_ms())
                .await
                .unwrap(),
            1,
            "only the code was waiting"
        );
    }
    phone_confirmation::confirm(&db.state, user, &code)
        .await
        .unwrap();
}

/// When the queue tries a message next: the run of its send job.
async fn next_attempt_at(db: &TestDb, message: &outbox::MessageRow) -> i64 {
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    let key = store::jobs::key_for(JobKind::SendMessage, message.id);
    store::jobs::by_key(&mut conn, &key)
        .await
        .unwrap()
        .expect("every message has its job")
        .run_at
}

async fn the_acknowledgement_arrives_in_the_customers_language(db: &TestDb) {
    let port = free_port();
    let sink = SmtpSink::start(port, &mailbox_dir()).await;
    // Links in the mail come from the public URL of the instance that filed the case.
    let state = mailing(&db.state, port);

    // A customer whose language is Polish files in the portal: the case is open at once.
    let customer = db.person("klient@example.com", Role::Customer).await;
    set_locale(db, &customer, "pl").await;
    let number = intake::file_case(
        &state,
        &customer,
        portal_case("Pralka <nie> wiruje"),
        vec![],
    )
    .await
    .unwrap()
    .to_string();
    // Filing queued the mail and sent nothing.
    assert!(sink.received().is_empty());
    assert_eq!(
        jobs::run_once(&state, app::backend::now_ms())
            .await
            .unwrap(),
        1
    );
    let got = sink.received();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m["rcpt_tos"][0], "klient@example.com");
    assert_eq!(
        m["subject"],
        format!("Zarejestrowaliśmy Twoją sprawę {number}")
    );
    assert_eq!(m["content_language"], "pl");
    let text = m["text"].as_str().unwrap();
    assert!(text.contains(&number), "{text}");
    assert!(
        text.contains(&format!("{PUBLIC_URL}/cases/{number}")),
        "{text}"
    );
    assert!(text.contains("Pralka <nie> wiruje"), "{text}");
    let html = m["html"].as_str().unwrap();
    assert!(html.contains("Pralka &lt;nie&gt; wiruje"), "{html}");
    assert!(
        html.contains(&format!("href=\"{PUBLIC_URL}/cases/{number}\"")),
        "{html}"
    );

    // An agent's case is a draft: its customer hears nothing until it is opened, then in the
    // organisation's language (Spanish), since the new customer chose none.
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let draft = intake::file_case(&state, &agent, phone_case(), vec![])
        .await
        .unwrap()
        .to_string();
    assert_eq!(
        jobs::run_once(&state, app::backend::now_ms())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        db.open_draft(&agent, &draft, &folder).await,
        DraftOutcome::Opened
    );
    // Opening tells the customer and, of the new case on their desk, its manager.
    assert_eq!(
        jobs::run_once(&state, app::backend::now_ms())
            .await
            .unwrap(),
        2
    );
    let got = sink.received();
    assert_eq!(got.len(), 3);
    let m = got
        .iter()
        .find(|m| m["rcpt_tos"][0] == folder.manager.email.as_str())
        .expect("the manager's message");
    assert_eq!(
        m["subject"],
        format!("Nuevo caso en su escritorio: {draft}")
    );
    let m = got
        .iter()
        .find(|m| m["rcpt_tos"][0] == "rosa@example.com")
        .expect("the acknowledgement of the opened draft");
    assert_eq!(m["subject"], format!("Hemos registrado su caso {draft}"));
    assert_eq!(m["content_language"], "es");
    assert!(m["text"].as_str().unwrap().contains(&draft));

    // Sent is sent: another pass has nothing to do.
    assert_eq!(
        jobs::run_once(&state, app::backend::now_ms() + 3_600_000)
            .await
            .unwrap(),
        0
    );
    assert_eq!(sink.received().len(), 3);
}

async fn a_server_that_is_down_delays_mail_and_loses_none(db: &TestDb) {
    let port = free_port();
    let state = mailing(&db.state, port);
    let customer = db.person("client@example.com", Role::Customer).await;
    set_locale(db, &customer, "en").await;
    let mut numbers = Vec::new();
    for subject in ["First", "Second", "Third"] {
        numbers.push(
            intake::file_case(&state, &customer, portal_case(subject), vec![])
                .await
                .unwrap()
                .to_string(),
        );
    }

    // Nothing listens: every attempt fails and is kept for later, with the error.
    let t0 = app::backend::now_ms();
    assert_eq!(jobs::run_once(&state, t0).await.unwrap(), 3);
    for m in message_rows(db).await {
        assert_eq!(m.status, "pending");
        assert_eq!(m.attempts, 1);
        assert_eq!(next_attempt_at(db, &m).await, t0 + jobs::backoff_ms(1));
        assert!(m.last_error.is_some());
    }
    // Not yet due: the next pass leaves them alone.
    assert_eq!(jobs::run_once(&state, t0 + 1_000).await.unwrap(), 0);
    // Down again at the second attempt: the wait doubles.
    let t1 = t0 + jobs::backoff_ms(1);
    assert_eq!(jobs::run_once(&state, t1).await.unwrap(), 3);
    for m in message_rows(db).await {
        assert_eq!((m.status.as_str(), m.attempts), ("pending", 2));
        assert_eq!(next_attempt_at(db, &m).await, t1 + jobs::backoff_ms(2));
    }

    // The server comes back: once the wait is over, each message arrives exactly once.
    let sink = SmtpSink::start(port, &mailbox_dir()).await;
    let t2 = t1 + jobs::backoff_ms(2);
    assert_eq!(jobs::run_once(&state, t2).await.unwrap(), 3);
    assert_eq!(jobs::run_once(&state, t2 + 3_600_000).await.unwrap(), 0);
    let got = sink.received();
    assert_eq!(got.len(), 3);
    for number in &numbers {
        let copies = got
            .iter()
            .filter(|m| m["subject"] == format!("We have registered your case {number}"))
            .count();
        assert_eq!(copies, 1, "{number}");
    }
    for m in message_rows(db).await {
        assert_eq!((m.status.as_str(), m.attempts), ("sent", 3));
        assert_eq!(m.sent_at, Some(t2));
        assert_eq!(m.last_error, None);
    }
}

async fn a_message_that_never_goes_through_is_marked_failed(db: &TestDb) {
    let state = mailing(&db.state, free_port());
    let customer = db.person("client@example.com", Role::Customer).await;
    intake::file_case(&state, &customer, portal_case("Lost"), vec![])
        .await
        .unwrap();
    let mut now = app::backend::now_ms();
    for attempt in 1..=sender::MAX_ATTEMPTS {
        assert_eq!(
            jobs::run_once(&state, now).await.unwrap(),
            1,
            "attempt {attempt}"
        );
        now += jobs::backoff_ms(attempt);
    }
    let m = &message_rows(db).await[0];
    assert_eq!(
        (m.status.as_str(), m.attempts),
        ("failed", sender::MAX_ATTEMPTS)
    );
    assert!(m.last_error.is_some());
    {
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        let key = store::jobs::key_for(JobKind::SendMessage, m.id);
        let job = store::jobs::by_key(&mut conn, &key).await.unwrap().unwrap();
        assert_eq!(job.status, "failed");
    }
    // Given up: no more attempts.
    assert_eq!(jobs::run_once(&state, now + 86_400_000).await.unwrap(), 0);
    // The backoff grows and stops at ten minutes.
    assert_eq!(jobs::backoff_ms(1), 5_000);
    assert_eq!(jobs::backoff_ms(2), 10_000);
    assert_eq!(jobs::backoff_ms(12), 600_000);
}

async fn a_mailbox_the_server_refuses_for_good_fails_at_once(db: &TestDb) {
    let port = free_port();
    let sink = SmtpSink::start(port, &mailbox_dir()).await;
    let state = mailing(&db.state, port);
    let customer = db.person("nobody@example.com", Role::Customer).await;
    intake::file_case(&state, &customer, portal_case("Perdido"), vec![])
        .await
        .unwrap();
    assert_eq!(
        jobs::run_once(&state, app::backend::now_ms())
            .await
            .unwrap(),
        1
    );
    let m = &message_rows(db).await[0];
    assert_eq!((m.status.as_str(), m.attempts), ("failed", 1));
    assert!(
        m.last_error.as_deref().unwrap().contains("No such user"),
        "{m:?}"
    );
    assert!(sink.received().is_empty());
}

async fn without_smtp_mail_is_written_to_the_outbox_folder(db: &TestDb) {
    let customer = db.person("client@example.com", Role::Customer).await;
    let number = intake::file_case(&db.state, &customer, portal_case("Sin SMTP"), vec![])
        .await
        .unwrap()
        .to_string();
    assert!(db.state.config.smtp_url.is_none());
    assert_eq!(
        jobs::run_once(&db.state, app::backend::now_ms())
            .await
            .unwrap(),
        1
    );
    let dir = db.state.config.data_dir.join("outbox");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
        .collect();
    assert_eq!(files.len(), 1);
    let eml = String::from_utf8(std::fs::read(files[0].path()).unwrap()).unwrap();
    assert!(eml.contains("To: client@example.com"), "{eml}");
    assert!(eml.contains(&number), "{eml}");
    assert!(eml.contains("multipart/alternative"), "{eml}");
    assert_eq!(message_rows(db).await[0].status, "sent");
}

async fn staff_see_the_messages_of_a_case_and_customers_do_not(db: &TestDb) {
    let customer = db.person("client@example.com", Role::Customer).await;
    let manager = db.person("jefa@example.com", Role::Admin).await;
    let number = intake::file_case(&db.state, &customer, portal_case("Visible"), vec![])
        .await
        .unwrap()
        .to_string();
    let view = cases::case_view(&db.state, &manager, &number, Locale::En)
        .await
        .unwrap();
    assert_eq!(view.messages.len(), 1);
    assert_eq!(view.messages[0].status, "pending");
    assert_eq!(view.messages[0].recipient, "client@example.com");
    assert_eq!(view.messages[0].channel, "email");
    assert!(view.messages[0].subject.contains(&number));

    jobs::run_once(&db.state, app::backend::now_ms())
        .await
        .unwrap();
    let view = cases::case_view(&db.state, &manager, &number, Locale::En)
        .await
        .unwrap();
    assert_eq!(
        (view.messages[0].status.as_str(), view.messages[0].attempts),
        ("sent", 1)
    );

    // The customer's projection has no messages at all (see `app/tests/access.rs`), but it
    // shows their case.
    let own = cases::public_case(&db.state, &customer, &number, Locale::En)
        .await
        .unwrap();
    assert_eq!(own.summary.number, number);
}

async fn a_claim_left_by_a_dead_worker_runs_out(db: &TestDb) {
    let customer = db.person("client@example.com", Role::Customer).await;
    intake::file_case(&db.state, &customer, portal_case("Claimed"), vec![])
        .await
        .unwrap();
    // A worker claims the message and dies before recording anything.
    let t0 = app::backend::now_ms();
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    let claimed = store::jobs::claim_due(
        &mut conn,
        db.state.store.backend(),
        t0,
        t0 + jobs::CLAIM_MS,
        10,
    )
    .await
    .unwrap();
    drop(conn);
    assert_eq!(claimed.len(), 1);
    // While its claim holds, nobody else takes the message; once it runs out, a worker does.
    assert_eq!(jobs::run_once(&db.state, t0 + 1_000).await.unwrap(), 0);
    assert_eq!(
        jobs::run_once(&db.state, t0 + jobs::CLAIM_MS)
            .await
            .unwrap(),
        1
    );
    assert_eq!(message_rows(db).await[0].status, "sent");
}

on_both_backends!(
    the_acknowledgement_arrives_in_the_customers_language,
    a_claim_left_by_a_dead_worker_runs_out,
    a_server_that_is_down_delays_mail_and_loses_none,
    a_message_that_never_goes_through_is_marked_failed,
    without_smtp_mail_is_written_to_the_outbox_folder,
    a_mailbox_the_server_refuses_for_good_fails_at_once,
    staff_see_the_messages_of_a_case_and_customers_do_not,
    two_workers_send_each_message_once,
);

/// Two instances' workers at the same moment: claims keep each message to one.
async fn two_workers_send_each_message_once(db: &TestDb) {
    let port = free_port();
    let sink = SmtpSink::start(port, &mailbox_dir()).await;
    let first = mailing(&db.state, port);
    let second = mailing(&db.second_instance().await, port);
    let total = 30;
    {
        let mut tx = db.state.store.begin().await.unwrap();
        for i in 0..total {
            notify::enqueue(
                &mut tx,
                NewMessage {
                    case_id: None,
                    channel: "email",
                    recipient: format!("person{i}@example.com"),
                    locale: "en",
                    event: "test",
                    subject: format!("Message {i}"),
                    body_text: format!("Body {i}"),
                    body_html: None,
                    created_at: 1,
                    info_request_id: None,
                    account_user_id: None,
                    attachment_id: None,
                },
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    let now = app::backend::now_ms();
    let mut handled = 0;
    while handled < total {
        let (a, b) = tokio::join!(jobs::run_once(&first, now), jobs::run_once(&second, now));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(
            a + b > 0,
            "both workers found nothing with messages pending"
        );
        handled += a + b;
    }
    assert_eq!(handled, total);
    let got = sink.received();
    assert_eq!(got.len(), total);
    let mut subjects: Vec<_> = got.iter().map(|m| m["subject"].to_string()).collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), total);
    second.store.close().await;
}
