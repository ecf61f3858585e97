//! Notifications (issue 5) against a real SMTP server (aiosmtpd, started by each test as a child
//! process): the customer's acknowledgement arrives in their language with the case number; a
//! server that is down delays mail and loses none; two workers send each message once; without
//! SMTP the mail lands as .eml files; staff see the messages on the case, customers do not.
//!
//! Text messages go to a real HTTP server started by the test, speaking the SMS gateway's side of
//! Twilio's Messages API: it records each request and answers what the test tells it to.
//! Customers choose their channels, administrators change what messages say, and the events of
//! a case's life (state changes, hand-overs, escalations) queue their messages.

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

async fn message_rows(db: &TestDb) -> Vec<outbox::MessageRow> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM outbox_messages ORDER BY id")
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

/// Text messages and the customer's choice of channels.
mod channels {
    use super::*;

    /// One request the SMS gateway received.
    #[derive(Debug, Clone)]
    struct SmsRequest {
        path: String,
        authorization: String,
        form: HashMap<String, String>,
    }

    /// A stand-in for the SMS provider on 127.0.0.1: an axum server that records every request to
    /// the Messages resource and answers with the next scripted (status, body), or 201 with a sid
    /// when the script is used up.
    #[derive(Clone, Default)]
    struct SmsGatewayServer {
        received: Arc<Mutex<Vec<SmsRequest>>>,
        script: Arc<Mutex<std::collections::VecDeque<(u16, String)>>>,
    }

    impl SmsGatewayServer {
        async fn start() -> (SmsGatewayServer, u16) {
            use axum::extract::{Form, Path as UrlPath, State};
            use axum::http::{HeaderMap, StatusCode};
            let server = SmsGatewayServer::default();
            async fn messages(
                State(s): State<SmsGatewayServer>,
                UrlPath(account): UrlPath<String>,
                headers: HeaderMap,
                Form(form): Form<HashMap<String, String>>,
            ) -> (StatusCode, String) {
                s.received.lock().unwrap().push(SmsRequest {
                    path: format!("/2010-04-01/Accounts/{account}/Messages.json"),
                    authorization: headers
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string(),
                    form,
                });
                let n = s.received.lock().unwrap().len();
                let (status, body) = s.script.lock().unwrap().pop_front().unwrap_or_else(|| {
                    (
                        201,
                        format!(r#"{{"sid": "SM{n:032}", "status": "queued"}}"#),
                    )
                });
                (StatusCode::from_u16(status).unwrap(), body)
            }
            // The account part of the path is matched whole, with its `.json` tail in the route.
            let app = axum::Router::new()
                .route(
                    "/2010-04-01/Accounts/{account}/Messages.json",
                    axum::routing::post(messages),
                )
                .with_state(server.clone());
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let port = listener.local_addr().unwrap().port();
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            (server, port)
        }

        fn answer_next(&self, status: u16, body: &str) {
            self.script
                .lock()
                .unwrap()
                .push_back((status, body.to_string()));
        }

        fn received(&self) -> Vec<SmsRequest> {
            self.received.lock().unwrap().clone()
        }
    }

    const SMS_FROM: &str = "+15005550006";

    /// The state of `db` with texts going to the gateway on `port` (account `ACtest`, token
    /// `s3cret`), mail to SMTP on `smtp_port`, and links to [`PUBLIC_URL`].
    fn texting(state: &AppState, port: u16, smtp_port: u16) -> AppState {
        let mut config = (*mailing(state, smtp_port).config).clone();
        config.sms = Some(
            SmsGateway::parse(&format!("http://ACtest:s3cret@127.0.0.1:{port}"), SMS_FROM).unwrap(),
        );
        AppState {
            config: Arc::new(config),
            ..state.clone()
        }
    }

    fn base64(bytes: &[u8]) -> String {
        const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// A customer who chose `by` with the phone `phone`, through their portal's form.
    async fn customer_choosing(db: &TestDb, email: &str, by: &str, phone: &str) -> Viewer {
        let customer = db.person(email, Role::Customer).await;
        messages::save_preferences(&db.state, &customer, by, phone)
            .await
            .unwrap();
        customer
    }

    async fn a_text_message_goes_through_the_gateway_and_is_retried_after_a_server_error(
        db: &TestDb,
    ) {
        let (gateway, port) = SmsGatewayServer::start().await;
        let state = texting(&db.state, port, free_port());
        let customer = customer_choosing(db, "sms@example.com", "sms", "+57 300 123 4567").await;
        set_locale(db, &customer, "en").await;
        let number = intake::file_case(&state, &customer, portal_case("Washer <stuck>"), vec![])
            .await
            .unwrap()
            .to_string();
        // SMS only: one text message and no mail.
        let rows = message_rows(db).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].channel.as_str(), rows[0].recipient.as_str()),
            ("sms", "+573001234567")
        );

        // The provider fails once: the message waits with the outbox's backoff.
        gateway.answer_next(
            500,
            r#"{"code": 20500, "message": "Internal Server Error"}"#,
        );
        let t0 = app::backend::now_ms();
        assert_eq!(jobs::run_once(&state, t0).await.unwrap(), 1);
        let m = &message_rows(db).await[0];
        assert_eq!((m.status.as_str(), m.attempts), ("pending", 1));
        assert_eq!(next_attempt_at(db, m).await, t0 + jobs::backoff_ms(1));
        assert!(m.last_error.as_deref().unwrap().contains("500"), "{m:?}");
        assert_eq!(jobs::run_once(&state, t0 + 1_000).await.unwrap(), 0);

        // Then takes it.
        let t1 = t0 + jobs::backoff_ms(1);
        assert_eq!(jobs::run_once(&state, t1).await.unwrap(), 1);
        let m = &message_rows(db).await[0];
        assert_eq!((m.status.as_str(), m.attempts), ("sent", 2));
        assert_eq!(m.last_error, None);

        let got = gateway.received();
        assert_eq!(got.len(), 2);
        let r = &got[1];
        assert_eq!(r.path, "/2010-04-01/Accounts/ACtest/Messages.json");
        assert_eq!(
            r.authorization,
            format!("Basic {}", base64(b"ACtest:s3cret"))
        );
        assert_eq!(r.form["To"], "+573001234567");
        assert_eq!(r.form["From"], SMS_FROM);
        // Short: the subject line and the link, the customer's words as they wrote them.
        assert_eq!(
            r.form["Body"],
            format!("We have registered your case {number}\n{PUBLIC_URL}/cases/{number}")
        );
        assert_eq!(jobs::run_once(&state, t1 + 3_600_000).await.unwrap(), 0);
        assert_eq!(gateway.received().len(), 2);
    }

    async fn a_text_message_the_gateway_refuses_fails_at_once_and_a_busy_one_waits(db: &TestDb) {
        let (gateway, port) = SmsGatewayServer::start().await;
        let state = texting(&db.state, port, free_port());
        let customer = customer_choosing(db, "sms@example.com", "sms", "+48 600 123 456").await;
        intake::file_case(&state, &customer, portal_case("Uno"), vec![])
            .await
            .unwrap();
        gateway.answer_next(
            400,
            r#"{"code": 21211, "message": "The 'To' number is not a valid phone number.", "status": 400}"#,
        );
        let t0 = app::backend::now_ms();
        assert_eq!(jobs::run_once(&state, t0).await.unwrap(), 1);
        let m = &message_rows(db).await[0];
        assert_eq!((m.status.as_str(), m.attempts), ("failed", 1));
        let error = m.last_error.clone().unwrap();
        assert!(error.contains("400") && error.contains("21211"), "{error}");
        assert!(error.contains("not a valid phone number"), "{error}");
        assert_eq!(jobs::run_once(&state, t0 + 86_400_000).await.unwrap(), 0);

        // Too many requests is not a refusal: it waits like a server error.
        intake::file_case(&state, &customer, portal_case("Dos"), vec![])
            .await
            .unwrap();
        gateway.answer_next(429, r#"{"code": 20429, "message": "Too Many Requests"}"#);
        let t0 = app::backend::now_ms();
        assert_eq!(jobs::run_once(&state, t0).await.unwrap(), 1);
        let m = &message_rows(db).await[1];
        assert_eq!((m.status.as_str(), m.attempts), ("pending", 1));
        // And a gateway nobody answers at all is retried too.
        drop(gateway);
        let down = texting(&db.state, free_port(), free_port());
        let t1 = t0 + jobs::backoff_ms(1);
        assert_eq!(jobs::run_once(&down, t1).await.unwrap(), 1);
        let m = &message_rows(db).await[1];
        assert_eq!((m.status.as_str(), m.attempts), ("pending", 2));
    }

    async fn a_customer_who_chose_both_gets_a_mail_and_a_text(db: &TestDb) {
        let (gateway, port) = SmsGatewayServer::start().await;
        let smtp_port = free_port();
        let sink = SmtpSink::start(smtp_port, &mailbox_dir()).await;
        let state = texting(&db.state, port, smtp_port);
        let customer = customer_choosing(db, "both@example.com", "both", "+34 600 11 22 33").await;
        let number = intake::file_case(&state, &customer, portal_case("Ambos"), vec![])
            .await
            .unwrap()
            .to_string();
        assert_eq!(
            jobs::run_once(&state, app::backend::now_ms())
                .await
                .unwrap(),
            2
        );
        let mail = sink.received();
        assert_eq!(mail.len(), 1);
        assert_eq!(mail[0]["rcpt_tos"][0], "both@example.com");
        assert_eq!(
            mail[0]["subject"],
            format!("Hemos registrado su caso {number}")
        );
        let texts = gateway.received();
        assert_eq!(texts.len(), 1);
        assert_eq!(texts[0].form["To"], "+34600112233");
        assert!(texts[0].form["Body"].starts_with(&format!("Hemos registrado su caso {number}\n")));
        // Back to e-mail only: the next case is one mail.
        messages::save_preferences(&db.state, &customer, "email", "")
            .await
            .unwrap();
        intake::file_case(&state, &customer, portal_case("Solo correo"), vec![])
            .await
            .unwrap();
        let rows = message_rows(db).await;
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2].channel, "email");
    }

    async fn without_a_gateway_texts_are_written_to_the_outbox_folder(db: &TestDb) {
        let customer = customer_choosing(db, "sms@example.com", "sms", "+573001234567").await;
        let number = intake::file_case(&db.state, &customer, portal_case("Sin pasarela"), vec![])
            .await
            .unwrap()
            .to_string();
        assert!(db.state.config.sms.is_none());
        assert_eq!(
            jobs::run_once(&db.state, app::backend::now_ms())
                .await
                .unwrap(),
            1
        );
        let id = message_rows(db).await[0].id;
        let path = db
            .state
            .config
            .data_dir
            .join("outbox")
            .join(format!("{id}.sms.txt"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("To: +573001234567\n"), "{text}");
        assert!(text.contains(&format!("/cases/{number}")), "{text}");
        assert_eq!(message_rows(db).await[0].status, "sent");
    }

    async fn text_messages_need_an_international_phone_number(db: &TestDb) {
        let customer = db.person("cliente@example.com", Role::Customer).await;
        let problem = |r: Result<(), app::backend::AppError>, field: &str| match r {
            Err(app::backend::AppError::Invalid(e)) => e.get(field).cloned(),
            other => panic!("expected a field problem, got {other:?}"),
        };
        assert_eq!(
            problem(
                messages::save_preferences(&db.state, &customer, "sms", " ").await,
                "phone"
            ),
            Some(FieldProblem::PhoneNeededForSms)
        );
        assert_eq!(
            problem(
                messages::save_preferences(&db.state, &customer, "both", "300 123 4567").await,
                "phone"
            ),
            Some(FieldProblem::NotAPhone)
        );
        assert_eq!(
            problem(
                messages::save_preferences(&db.state, &customer, "pigeon", "").await,
                "notify_by"
            ),
            Some(FieldProblem::NotAChoice)
        );
        // Nothing was saved by the refused attempts.
        let prefs = messages::preferences(&db.state, &customer).await.unwrap();
        assert_eq!(prefs.notify_by.code(), "email");
        assert_eq!(prefs.phone, "");
        messages::save_preferences(&db.state, &customer, "both", "+57 (300) 123-4567")
            .await
            .unwrap();
        let prefs = messages::preferences(&db.state, &customer).await.unwrap();
        assert_eq!(
            (prefs.notify_by.code(), prefs.phone.as_str()),
            ("both", "+573001234567")
        );
        // Staff choose too, under the same rules.
        let agent = db.person("agente@example.com", Role::Agent).await;
        assert_eq!(
            problem(
                messages::save_preferences(&db.state, &agent, "sms", "").await,
                "phone"
            ),
            Some(FieldProblem::PhoneNeededForSms)
        );
        messages::save_preferences(&db.state, &agent, "sms", "+48600123456")
            .await
            .unwrap();
        let prefs = messages::preferences(&db.state, &agent).await.unwrap();
        assert_eq!(prefs.notify_by.code(), "sms");
    }

    on_both_backends!(
        a_text_message_goes_through_the_gateway_and_is_retried_after_a_server_error,
        a_text_message_the_gateway_refuses_fails_at_once_and_a_busy_one_waits,
        a_customer_who_chose_both_gets_a_mail_and_a_text,
        without_a_gateway_texts_are_written_to_the_outbox_folder,
        text_messages_need_an_international_phone_number,
    );
}

/// What administrators make of the messages, and the events of a case's life that send them.
mod templates_and_events {
    use super::*;
    use app::backend::services::messages::TemplateForm;
    use app::backend::AppError;

    fn template_form(subject: &str, text: &str, html: &str) -> TemplateForm {
        TemplateForm {
            event: "case_acknowledged".into(),
            locale: "en".into(),
            subject: subject.into(),
            text: text.into(),
            html: html.into(),
        }
    }

    fn field_problem(r: Result<(), AppError>, field: &str) -> Option<FieldProblem> {
        match r {
            Err(AppError::Invalid(e)) => e.get(field).cloned(),
            other => panic!("expected a field problem, got {other:?}"),
        }
    }

    async fn an_administrators_template_is_used_until_it_is_put_back_to_default(db: &TestDb) {
        let admin = db.person("admin@example.com", Role::Admin).await;
        let customer = db.person("client@example.com", Role::Customer).await;
        set_locale(db, &customer, "en").await;

        // An unknown placeholder is named, in the part it is in; a broken one is refused.
        assert_eq!(
            field_problem(
                messages::save_template(
                    &db.state,
                    &admin,
                    template_form(
                        "Case {{number}}",
                        "Dear {{customer_name}}",
                        "<p>{{link}}</p>"
                    ),
                )
                .await,
                "text"
            ),
            Some(FieldProblem::UnknownPlaceholder {
                name: "customer_name".into()
            })
        );
        assert_eq!(
            field_problem(
                messages::save_template(
                    &db.state,
                    &admin,
                    template_form("Case {{number", "{{link}}", "<p>{{link}}</p>"),
                )
                .await,
                "subject"
            ),
            Some(FieldProblem::MalformedPlaceholder)
        );
        assert_eq!(
            field_problem(
                messages::save_template(&db.state, &admin, template_form("", "x", "x")).await,
                "subject"
            ),
            Some(FieldProblem::Required)
        );
        // Only administrators edit them.
        assert!(matches!(
            messages::save_template(
                &db.state,
                &customer,
                template_form("Case {{number}}", "{{link}}", "<p>{{link}}</p>")
            )
            .await,
            Err(AppError::Forbidden)
        ));
        // Refused saves changed nothing.
        let view = messages::template(&db.state, &admin, "case_acknowledged", "en")
            .await
            .unwrap();
        assert!(!view.customised);
        assert_eq!(view.subject, "We have registered your case {{number}}");
        assert_eq!(view.placeholders, ["number", "subject", "dates", "link"]);

        messages::save_template(
            &db.state,
            &admin,
            template_form(
                "Thanks! Case {{ number }} is in",
                "We got \"{{subject}}\".\nFollow it: {{link}}\n",
                "<h1>Thanks</h1><p>We got <em>{{subject}}</em>. <a href=\"{{link}}\">Follow it</a></p>",
            ),
        )
        .await
        .unwrap();
        let list = messages::templates_overview(&db.state, &admin)
            .await
            .unwrap();
        let changed: Vec<_> = list.iter().filter(|t| t.customised).collect();
        assert_eq!(changed.len(), 1);
        assert_eq!(
            (changed[0].event.as_str(), changed[0].locale.code()),
            ("case_acknowledged", "en")
        );
        assert!(list.len() >= 15, "every event in three languages");

        let number = intake::file_case(
            &db.state,
            &customer,
            portal_case("<b>Loud</b> & clear"),
            vec![],
        )
        .await
        .unwrap()
        .to_string();
        let m = message_rows(db).await.pop().unwrap();
        assert_eq!(m.subject, format!("Thanks! Case {number} is in"));
        assert!(
            m.body_text
                .starts_with("We got \"<b>Loud</b> & clear\".\nFollow it: http://127.0.0.1/cases/"),
            "{}",
            m.body_text
        );
        let html = m.body_html.unwrap();
        assert!(
            html.contains("<h1>Thanks</h1><p>We got <em>&lt;b&gt;Loud&lt;/b&gt; &amp; clear</em>."),
            "{html}"
        );
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{html}"
        );
        // Other languages keep their defaults.
        let es = messages::template(&db.state, &admin, "case_acknowledged", "es")
            .await
            .unwrap();
        assert!(!es.customised);

        messages::reset_template(&db.state, &admin, "case_acknowledged", "en")
            .await
            .unwrap();
        let number = intake::file_case(&db.state, &customer, portal_case("Again"), vec![])
            .await
            .unwrap()
            .to_string();
        let m = message_rows(db).await.pop().unwrap();
        assert_eq!(m.subject, format!("We have registered your case {number}"));
        assert!(matches!(
            messages::template(&db.state, &admin, "no_such_event", "en").await,
            Err(AppError::NotFound)
        ));
    }

    /// The messages queued so far for `event`, as (recipient, channel, subject).
    async fn queued(db: &TestDb, event: &str) -> Vec<(String, String, String)> {
        message_rows(db)
            .await
            .into_iter()
            .filter(|m| m.event == event)
            .map(|m| (m.recipient, m.channel, m.subject))
            .collect()
    }

    async fn the_life_of_a_case_tells_its_customer_its_managers_and_the_supervisors(db: &TestDb) {
        let agent = db.person("agente@example.com", Role::Agent).await;
        let folder = db.case_folder().await;
        let supervisor = db.person("supervisora@example.com", Role::Supervisor).await;
        set_locale(db, &supervisor, "pl").await;
        let other_supervisor = db.person("jefe@example.com", Role::Supervisor).await;
        let second = db.person("segundo@example.com", Role::Manager).await;
        set_locale(db, &second, "en").await;

        let number = intake::file_case(&db.state, &agent, phone_case(), vec![])
            .await
            .unwrap()
            .to_string();
        assert_eq!(
            db.open_draft(&agent, &number, &folder).await,
            DraftOutcome::Opened
        );
        // The manager routing chose hears of the new case, with the reason.
        let assigned = queued(db, "case_assigned").await;
        assert_eq!(assigned.len(), 1);
        assert_eq!(assigned[0].0, folder.manager.email);
        assert_eq!(
            assigned[0].2,
            format!("Nuevo caso en su escritorio: {number}")
        );

        // The customer (an SMS customer now) hears of each state the portal shows.
        let rosa = db.existing("rosa@example.com").await;
        messages::save_preferences(&db.state, &rosa, "both", "+573001112233")
            .await
            .unwrap();
        workflow::take_step(
            &db.state,
            &folder.manager,
            &number,
            workflow::StepForm::new(CaseStep::Start, ""),
        )
        .await
        .unwrap();
        let changed = queued(db, "case_state_changed").await;
        assert_eq!(changed.len(), 2, "{changed:?}");
        assert_eq!(
            changed[0],
            (
                "rosa@example.com".to_string(),
                "email".to_string(),
                format!("Su caso {number} está ahora: En gestión")
            )
        );
        assert_eq!(
            (changed[1].0.as_str(), changed[1].1.as_str()),
            ("+573001112233", "sms")
        );

        // Escalating tells every supervisor, each in their language; the one who escalates
        // does not tell themselves.
        workflow::escalate(&db.state, &other_supervisor, &number, "Cliente muy molesto")
            .await
            .unwrap();
        let escalated = queued(db, "case_escalated").await;
        assert_eq!(escalated.len(), 1, "{escalated:?}");
        assert_eq!(escalated[0].0, supervisor.email);
        assert_eq!(
            escalated[0].2,
            format!("Sprawa eskalowana do poziomu 1: {number}")
        );
        let row = message_rows(db)
            .await
            .into_iter()
            .find(|m| m.event == "case_escalated")
            .unwrap();
        assert!(
            row.body_text.contains("Cliente muy molesto"),
            "{}",
            row.body_text
        );

        // Handing the case over tells the new manager, with the reason given.
        workflow::reassign(&db.state, &folder.manager, &number, second.id, "Vacaciones")
            .await
            .unwrap();
        let assigned = queued(db, "case_assigned").await;
        assert_eq!(assigned.len(), 2);
        assert_eq!(assigned[1].0, second.email);
        assert_eq!(assigned[1].2, format!("New case on your desk: {number}"));
        let row = message_rows(db)
            .await
            .into_iter()
            .rfind(|m| m.event == "case_assigned")
            .unwrap();
        assert!(
            row.body_text.contains("Reason: Vacaciones"),
            "{}",
            row.body_text
        );

        // Nothing was sent by the changes themselves; the worker sends them all.
        assert!(message_rows(db).await.iter().all(|m| m.status == "pending"));
        let n = message_rows(db).await.len();
        assert_eq!(
            jobs::run_once(&db.state, app::backend::now_ms())
                .await
                .unwrap(),
            n
        );
    }

    async fn administrators_decide_the_channels_of_an_event_per_role(db: &TestDb) {
        let admin = db.person("admin@example.com", Role::Admin).await;
        let agent = db.person("agente@example.com", Role::Agent).await;
        let folder = db.case_folder().await;
        let supervisor = db.person("supervisora@example.com", Role::Supervisor).await;
        let boss = db.person("jefe@example.com", Role::Supervisor).await;
        // The manager chose text messages for themselves.
        messages::save_preferences(&db.state, &folder.manager, "sms", "+48 600 100 200")
            .await
            .unwrap();

        // Nobody set anything: each person's own choice, so the manager gets a text.
        let number = intake::file_case(&db.state, &agent, phone_case(), vec![])
            .await
            .unwrap()
            .to_string();
        assert_eq!(
            db.open_draft(&agent, &number, &folder).await,
            DraftOutcome::Opened
        );
        let assigned = queued(db, "case_assigned").await;
        assert_eq!(assigned.len(), 1);
        assert_eq!(
            (assigned[0].0.as_str(), assigned[0].1.as_str()),
            ("+48600100200", "sms")
        );
        assert!(assigned[0].2.contains(&number));

        // Escalations go nowhere for supervisors; customers get state changes by e-mail only.
        let rules = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        messages::save_channel_rules(
            &db.state,
            &admin,
            "case_escalated",
            &rules(&[("supervisor", "off")]),
        )
        .await
        .unwrap();
        messages::save_channel_rules(
            &db.state,
            &admin,
            "case_state_changed",
            &rules(&[("customer", "email")]),
        )
        .await
        .unwrap();
        // A role the event does not go to, or a rule that does not exist, is refused.
        for bad in [("customer", "email"), ("supervisor", "pigeon")] {
            assert!(
                matches!(
                    messages::save_channel_rules(
                        &db.state,
                        &admin,
                        "case_escalated",
                        &rules(&[bad])
                    )
                    .await,
                    Err(AppError::Invalid(_))
                ),
                "{bad:?}"
            );
        }
        assert!(matches!(
            messages::save_channel_rules(
                &db.state,
                &agent,
                "case_escalated",
                &rules(&[("supervisor", "off")])
            )
            .await,
            Err(AppError::Forbidden)
        ));
        let view = messages::channel_rules(&db.state, &admin).await.unwrap();
        let escalated = view.iter().find(|v| v.event == "case_escalated").unwrap();
        assert!(escalated
            .rules
            .contains(&(Role::Supervisor, app::domain::messages::ChannelRule::Off)));
        assert!(escalated
            .rules
            .contains(&(Role::Manager, app::domain::messages::ChannelRule::Choice)));

        let rosa = db.existing("rosa@example.com").await;
        messages::save_preferences(&db.state, &rosa, "sms", "+573001112233")
            .await
            .unwrap();
        workflow::take_step(
            &db.state,
            &folder.manager,
            &number,
            workflow::StepForm::new(CaseStep::Start, ""),
        )
        .await
        .unwrap();
        let changed = queued(db, "case_state_changed").await;
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert_eq!(
            (changed[0].0.as_str(), changed[0].1.as_str()),
            ("rosa@example.com", "email")
        );
        workflow::escalate(&db.state, &boss, &number, "Urgente")
            .await
            .unwrap();
        assert!(queued(db, "case_escalated").await.is_empty());
        let _ = supervisor;

        // Back to each person's choice.
        messages::save_channel_rules(
            &db.state,
            &admin,
            "case_escalated",
            &rules(&[("supervisor", "choice")]),
        )
        .await
        .unwrap();
        workflow::escalate(&db.state, &boss, &number, "Más urgente")
            .await
            .unwrap();
        let escalated = queued(db, "case_escalated").await;
        assert_eq!(escalated.len(), 1);
        assert_eq!(escalated[0].0, "supervisora@example.com");
    }

    on_both_backends!(
        administrators_decide_the_channels_of_an_event_per_role,
        an_administrators_template_is_used_until_it_is_put_back_to_default,
        the_life_of_a_case_tells_its_customer_its_managers_and_the_supervisors,
    );
}
