//! Text messages and the customer's choice of channels.

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
    messages::save_preferences(&db.state, &customer, by, phone, Locale::Es)
        .await
        .unwrap();
    prove_phone(db, &customer, true).await;
    customer
}

async fn a_text_message_goes_through_the_gateway_and_is_retried_after_a_server_error(db: &TestDb) {
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
    messages::save_preferences(&db.state, &customer, "email", "", Locale::Es)
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
            messages::save_preferences(&db.state, &customer, "sms", " ", Locale::Es).await,
            "phone"
        ),
        Some(FieldProblem::PhoneNeededForSms)
    );
    assert_eq!(
        problem(
            messages::save_preferences(&db.state, &customer, "both", "300 123 4567", Locale::Es)
                .await,
            "phone"
        ),
        Some(FieldProblem::NotAPhone)
    );
    assert_eq!(
        problem(
            messages::save_preferences(&db.state, &customer, "pigeon", "", Locale::Es).await,
            "notify_by"
        ),
        Some(FieldProblem::NotAChoice)
    );
    // Nothing was saved by the refused attempts.
    let prefs = messages::preferences(&db.state, &customer).await.unwrap();
    assert_eq!(prefs.notify_by.code(), "email");
    assert_eq!(prefs.phone, "");
    messages::save_preferences(
        &db.state,
        &customer,
        "both",
        "+57 (300) 123-4567",
        Locale::Es,
    )
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
            messages::save_preferences(&db.state, &agent, "sms", "", Locale::Es).await,
            "phone"
        ),
        Some(FieldProblem::PhoneNeededForSms)
    );
    messages::save_preferences(&db.state, &agent, "sms", "+48600123456", Locale::Es)
        .await
        .unwrap();
    let prefs = messages::preferences(&db.state, &agent).await.unwrap();
    assert_eq!(prefs.notify_by.code(), "sms");
}

/// Issue 15: texts go to a number only once its owner typed back the code it received; a
/// wrong code costs a try, five wrong ones end the code, a changed number starts again.
async fn a_number_gets_texts_only_once_its_code_is_typed_back(db: &TestDb) {
    use app::backend::services::phone_confirmation::{self, CODE_TRIES};
    let (gateway, port) = SmsGatewayServer::start().await;
    let state = texting(&db.state, port, free_port());
    let customer = db.person("nuevo@example.com", Role::Customer).await;
    messages::save_preferences(&state, &customer, "sms", "+57 300 765 4321", Locale::En)
        .await
        .unwrap();
    assert_eq!(
        phone_confirmation::unconfirmed_phone(&state, &customer)
            .await
            .unwrap()
            .as_deref(),
        Some("+573007654321")
    );
    // The code goes to the number, in the language of the page that saved it.
    assert_eq!(
        jobs::run_once(&state, app::backend::now_ms())
            .await
            .unwrap(),
        1
    );
    let code = phone_code(db, &customer).await;
    let texts = gateway.received();
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].form["To"], "+573007654321");
    assert!(texts[0].form["Body"].contains(&format!("your code to confirm this number is {code}")));

    // Meanwhile news of a case goes by e-mail, not to the unproved number.
    intake::file_case(&state, &customer, portal_case("Antes"), vec![])
        .await
        .unwrap();
    let rows = message_rows(db).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].channel.as_str(), rows[0].recipient.as_str()),
        ("email", "nuevo@example.com")
    );

    // Wrong codes cost tries; past the last one even the right code is refused.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..CODE_TRIES {
        let refused = phone_confirmation::confirm(&state, &customer, wrong).await;
        assert!(
            matches!(&refused, Err(app::backend::AppError::Invalid(e)) if e.get("code") == Some(&FieldProblem::WrongCode)),
            "{refused:?}"
        );
    }
    assert!(phone_confirmation::confirm(&state, &customer, &code)
        .await
        .is_err());

    // A new code, typed back right: the number is proved, and texts go to it.
    phone_confirmation::send_again(&state, &customer, Locale::En)
        .await
        .unwrap();
    let code = phone_code(db, &customer).await;
    phone_confirmation::confirm(&state, &customer, &format!(" {code} "))
        .await
        .unwrap();
    assert_eq!(
        phone_confirmation::unconfirmed_phone(&state, &customer)
            .await
            .unwrap(),
        None
    );
    intake::file_case(&state, &customer, portal_case("Después"), vec![])
        .await
        .unwrap();
    let rows = message_rows(db).await;
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[1].channel.as_str(), rows[1].recipient.as_str()),
        ("sms", "+573007654321")
    );

    // Saving the same number again keeps the proof; another number needs its own.
    messages::save_preferences(&state, &customer, "both", "+573007654321", Locale::En)
        .await
        .unwrap();
    assert_eq!(
        phone_confirmation::unconfirmed_phone(&state, &customer)
            .await
            .unwrap(),
        None
    );
    messages::save_preferences(&state, &customer, "sms", "+48 600 999 888", Locale::En)
        .await
        .unwrap();
    assert_eq!(
        phone_confirmation::unconfirmed_phone(&state, &customer)
            .await
            .unwrap()
            .as_deref(),
        Some("+48600999888")
    );
}

on_both_backends!(
    a_number_gets_texts_only_once_its_code_is_typed_back,
    a_text_message_goes_through_the_gateway_and_is_retried_after_a_server_error,
    a_text_message_the_gateway_refuses_fails_at_once_and_a_busy_one_waits,
    a_customer_who_chose_both_gets_a_mail_and_a_text,
    without_a_gateway_texts_are_written_to_the_outbox_folder,
    text_messages_need_an_international_phone_number,
);
