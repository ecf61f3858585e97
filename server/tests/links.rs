//! An outsider's link to an information request, over HTTP (SPEC D2): the token is exchanged
//! for a cookie scoped to the request's page and leaves the address bar; the page sends no
//! referrer and loads nothing from elsewhere; it takes text and files with the intake's checks;
//! past its expiry it answers 410 with whom to contact; an unknown or altered token answers 404
//! and shows nothing, and too many of those from one address are refused. The token is in no
//! log line.

use app::backend::jobs;
use app::backend::services::info_requests;
use app::backend::services::{intake, workflow};
use app::backend::testing::TestDb;
use app::domain::info_requests::RequestForm;
use app::domain::intake::IntakeForm;
use app::domain::lifecycle::CaseStep;
use app::domain::people::Role;
use app::i18n::Locale;
use app::on_both_backends;
use reqwest::multipart::{Form, Part};
use reqwest::redirect::Policy;
use std::sync::{Mutex, Once};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// Every log line of this test binary, at every level.
static LOGS: Mutex<Vec<u8>> = Mutex::new(Vec::new());

#[derive(Clone)]
struct Logs;
impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOGS.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Everything the server side logs; the test's own HTTP client (which keeps the cookie
        // it is given, and logs it) is not the server.
        tracing_subscriber::fmt()
            .with_env_filter("trace,cookie_store=off,reqwest=off,hyper_util::client=off")
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
            .with_writer(|| Logs)
            .init();
    });
}

async fn spawn(db: &TestDb) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server::serve(db.state.clone(), listener));
    base
}

/// An outsider asked about a started case (summary shared, no file), and the token of the link
/// their mail carries.
async fn asked(db: &TestDb) -> (i64, String, String) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let form = IntakeForm {
        subject: "Yogur caducado".into(),
        description: "Llegó caducado en el pedido 5521.".into(),
        class: "claim".into(),
        channel: "phone".into(),
        customer_email: Some("rosa.secreta@example.com".into()),
        customer_name: Some("Rosa".into()),
        ..Default::default()
    };
    let number = intake::file_case(&db.state, &agent, form, vec![])
        .await
        .unwrap()
        .to_string();
    db.open_draft(&agent, &number, &folder).await;
    let manager = folder.manager;
    workflow::take_step(
        &db.state,
        &manager,
        &number,
        workflow::StepForm::new(CaseStep::Start, ""),
    )
    .await
    .unwrap();
    let ask = RequestForm {
        recipient_kind: "outsider".into(),
        outsider_email: "proveedor@example.com".into(),
        outsider_name: "Lácteos del Norte".into(),
        outsider_locale: "en".into(),
        subject: "Batch 42".into(),
        text: "Please send the production record.".into(),
        share_summary: true,
        ..RequestForm::default()
    };
    let id = info_requests::ask(&db.state, &manager, &number, ask, vec![], Locale::Es)
        .await
        .unwrap();
    jobs::run_once(&db.state, db.state.now_ms()).await.unwrap();
    let dir = db.state.config.data_dir.join("outbox");
    let mut token = String::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let text = text.replace("=\r\n", "").replace("=\n", "");
        if let Some(at) = text.find("/r/") {
            token = text[at + 3..]
                .chars()
                .take_while(|c| c.is_ascii_hexdigit())
                .collect();
        }
    }
    assert_eq!(token.len(), 64, "the mail carries a link");
    (id, token, manager.email)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

async fn the_link_becomes_a_cookie_and_the_page_takes_an_answer(db: &TestDb) {
    capture_logs();
    let base = spawn(db).await;
    let (id, token, asker) = asked(db).await;
    let browser = client();

    // The token is exchanged for a cookie on the request's page only, and leaves the address.
    let r = browser
        .get(format!("{base}/r/{token}"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    assert_eq!(r.headers()["location"], format!("/r/p/{id}").as_str());
    assert_eq!(r.headers()["referrer-policy"], "no-referrer");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains(&format!("Path=/r/p/{id}")) && cookie.contains("HttpOnly"),
        "{cookie}"
    );

    let r = browser
        .get(format!("{base}/r/p/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["referrer-policy"], "no-referrer");
    let page = r.text().await.unwrap();
    assert!(page.contains("lang=\"en\""), "in the outsider's language");
    assert!(
        page.contains("Batch 42") && page.contains("Llegó caducado"),
        "{page}"
    );
    assert!(
        !page.contains("rosa.secreta@example.com"),
        "no customer contact: {page}"
    );
    for attr in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(!page.contains(attr), "nothing from elsewhere: {page}");
    }
    // The page alone, without the cookie, is nothing.
    let r = client()
        .get(format!("{base}/r/p/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // A file of a kind intake refuses: 422, and what was typed stays.
    let bad = Form::new().text("answer", "Lot 42, made on 2 March.").part(
        "attachments",
        Part::bytes(b"MZ\x90\0 not a document".to_vec()).file_name("virus.exe"),
    );
    let r = browser
        .post(format!("{base}/r/p/{id}"))
        .header("Origin", &base)
        .multipart(bad)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Lot 42, made on 2 March."));
    let good = Form::new().text("answer", "Lot 42, made on 2 March.").part(
        "attachments",
        Part::bytes(PDF.to_vec()).file_name("lot-42.pdf"),
    );
    let r = browser
        .post(format!("{base}/r/p/{id}"))
        .header("Origin", &base)
        .multipart(good)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    let page = browser
        .get(format!("{base}/r/p/{id}?sent=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("lot-42.pdf") && !page.contains("id=\"answer-form\""),
        "{page}"
    );
    // Its file downloads through the same cookie.
    let file = page.split(&format!("/r/p/{id}/files/")).nth(1).unwrap();
    let file: String = file.chars().take_while(|c| c.is_ascii_digit()).collect();
    let r = browser
        .get(format!("{base}/r/p/{id}/files/{file}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);

    // Past the expiry: 410, saying whom to contact.
    db.state.clock.advance(8 * 24 * 3600 * 1000);
    let r = browser
        .get(format!("{base}/r/p/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 410);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(&asker) && !page.contains("Llegó caducado"),
        "{page}"
    );

    // The token reached no log line.
    let logs = String::from_utf8_lossy(&LOGS.lock().unwrap()).to_string();
    assert!(logs.contains("/r/"), "the requests were logged");
    let leaks: Vec<&str> = logs.lines().filter(|l| l.contains(&token)).collect();
    assert!(leaks.is_empty(), "a token is in the logs: {leaks:#?}");
}

async fn unknown_tokens_show_nothing_and_guessing_is_refused(db: &TestDb) {
    let base = spawn(db).await;
    let (_, token, _) = asked(db).await;
    let mut altered = token.clone();
    altered.replace_range(63..64, if token.ends_with('0') { "1" } else { "0" });
    let r = client()
        .get(format!("{base}/r/{altered}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let page = r.text().await.unwrap();
    assert!(
        !page.contains("Batch 42") && !page.contains("Yogur"),
        "{page}"
    );
    assert_eq!(
        client()
            .get(format!("{base}/r/not-a-token"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    // Eight more wrong guesses make ten tries; the eleventh is refused, even with a good token.
    for i in 0..8 {
        let guess = format!("{:064x}", i);
        let r = client()
            .get(format!("{base}/r/{guess}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
    }
    let r = client()
        .get(format!("{base}/r/{token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    // robots.txt keeps the links out of search engines.
    let robots =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/robots.txt"))
            .unwrap();
    assert!(
        robots.lines().any(|l| l.trim() == "Disallow: /r/"),
        "{robots}"
    );
}

on_both_backends!(
    the_link_becomes_a_cookie_and_the_page_takes_an_answer,
    unknown_tokens_show_nothing_and_guessing_is_refused,
);
