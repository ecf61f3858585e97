//! The real router on a random port, over HTTP, once on SQLite and once on PostgreSQL: what a
//! browser or another system meets at the door.

use app::api::auth::LogIn;
use app::api::cases::{CaseDetail, FileCase};
use app::backend::services::{cases, intake};
use app::backend::testing::TestDb;
use app::domain::intake::IntakeForm;
use app::domain::people::Role;
use app::i18n::Locale;
use app::on_both_backends;
use leptos::server_fn::ServerFn;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use app::backend::testing::TEST_PASSWORD as PASSWORD;
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// Serves the app of `db` and returns its base URL.
async fn spawn(db: &TestDb) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server::serve(db.state.clone(), listener));
    base
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

async fn log_in(client: &reqwest::Client, base: &str, email: &str) {
    let response = client
        .post(format!("{base}{}", LogIn::PATH))
        .header("Origin", base)
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("Done"));
}

/// A server-function call for a case's page, as the browser makes it.
async fn case_detail(client: &reqwest::Client, base: &str, number: &str) -> reqwest::Response {
    client
        .post(format!("{base}{}", CaseDetail::PATH))
        .header("Origin", base)
        .form(&[("number", number)])
        .send()
        .await
        .unwrap()
}

/// The status of a file download for this client.
async fn download_status(client: &reqwest::Client, base: &str, file_id: i64) -> StatusCode {
    client
        .get(format!("{base}/files/{file_id}"))
        .send()
        .await
        .unwrap()
        .status()
}

async fn healthz_answers_when_the_database_does(db: &TestDb) {
    let base = spawn(db).await;
    let response = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    db.state.store.close().await;
    let response = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}

async fn cross_site_posts_are_refused(db: &TestDb) {
    db.person("ana@example.com", Role::Customer).await;
    let base = spawn(db).await;
    let url = format!("{base}{}", LogIn::PATH);
    let form = [("email", "ana@example.com"), ("password", PASSWORD)];
    let client = browser();

    let evil = client
        .post(&url)
        .header("Origin", "http://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), StatusCode::FORBIDDEN);
    let evil = client
        .post(&url)
        .header("Sec-Fetch-Site", "cross-site")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), StatusCode::FORBIDDEN);
    let same = client
        .post(&url)
        .header("Sec-Fetch-Site", "same-origin")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::OK);
    // Changes are never accepted by GET.
    let get = client.get(&url).send().await.unwrap();
    assert!(
        get.status().is_client_error() || get.status().is_server_error(),
        "GET answered {}",
        get.status()
    );
}

async fn customer_b_can_read_neither_case_nor_file_of_customer_a(db: &TestDb) {
    let ana = db.person("ana@example.com", Role::Customer).await;
    db.person("bruno@example.com", Role::Customer).await;
    let form = IntakeForm {
        subject: "Asunto privado".into(),
        description: "Solo para Ana y la empresa.".into(),
        class: "complaint".into(),
        ..Default::default()
    };
    let number = intake::file_case(
        &db.state,
        &ana,
        form,
        vec![intake::Upload {
            file_name: "a.png".into(),
            bytes: PNG.to_vec(),
        }],
    )
    .await
    .unwrap()
    .to_string();
    let file_id = cases::public_case(&db.state, &ana, &number, Locale::Es)
        .await
        .unwrap()
        .attachments[0]
        .id;
    let base = spawn(db).await;

    let anonymous = browser();
    assert_eq!(
        download_status(&anonymous, &base, file_id).await,
        StatusCode::UNAUTHORIZED
    );

    let bruno = browser();
    log_in(&bruno, &base, "bruno@example.com").await;
    let detail = case_detail(&bruno, &base, &number).await;
    assert!(!detail.status().is_success());
    let body = detail.text().await.unwrap();
    assert!(
        body.contains("not_found") && !body.contains("Asunto privado"),
        "{body}"
    );
    assert_eq!(
        download_status(&bruno, &base, file_id).await,
        StatusCode::NOT_FOUND
    );

    let ana_browser = browser();
    log_in(&ana_browser, &base, "ana@example.com").await;
    let detail = case_detail(&ana_browser, &base, &number).await;
    assert_eq!(detail.status(), StatusCode::OK);
    assert!(detail.text().await.unwrap().contains("Asunto privado"));
    let file = ana_browser
        .get(format!("{base}/files/{file_id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["content-type"], "image/png");
    assert_eq!(file.bytes().await.unwrap().as_ref(), PNG);
}

async fn complaint_is_filed_over_multipart_with_its_photo(db: &TestDb) {
    db.person("ana@example.com", Role::Customer).await;
    let base = spawn(db).await;
    let client = browser();
    log_in(&client, &base, "ana@example.com").await;
    let form = || {
        Form::new()
            .text("class", "complaint")
            .text("subject", "Caja rota")
            .text("description", "El producto llegó con la caja rota.")
    };

    let photo = Part::bytes(PNG.to_vec())
        .file_name("caja.png")
        .mime_str("image/png")
        .unwrap();
    let filed = client
        .post(format!("{base}{}", FileCase::PATH))
        .header("Origin", &base)
        .multipart(form().part("attachments", photo))
        .send()
        .await
        .unwrap();
    assert_eq!(filed.status(), StatusCode::OK);
    let body = filed.text().await.unwrap();
    assert!(body.contains("Filed") && body.contains("-000001"), "{body}");

    let too_big = vec![0x89u8; db.state.config.max_upload_bytes as usize + 10];
    let big = Part::bytes(too_big).file_name("grande.png");
    let refused = client
        .post(format!("{base}{}", FileCase::PATH))
        .header("Origin", &base)
        .multipart(form().part("attachments", big))
        .send()
        .await
        .unwrap();
    let body = refused.text().await.unwrap();
    assert!(body.contains("FileTooLarge"), "{body}");
}

async fn pages_speak_the_browsers_language(db: &TestDb) {
    let base = spawn(db).await;
    let client = browser();
    for (accept, lang, text) in [
        ("pl-PL,pl;q=0.9", "pl", "Zgłaszaj i śledź swoje sprawy"),
        ("en-GB,en;q=0.8", "en", "File and follow your cases"),
        ("de-DE", "es", "Presente y siga sus casos"),
    ] {
        let html = client
            .get(&base)
            .header("Accept-Language", accept)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains(&format!("<html lang=\"{lang}\"")),
            "{accept}: {html}"
        );
        assert!(html.contains(text), "{accept}");
    }
    // The switch overrides the browser.
    let switched = client
        .get(format!("{base}/lang/pl?back=/"))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    assert!(switched
        .text()
        .await
        .unwrap()
        .contains("Zgłaszaj i śledź swoje sprawy"));
}

on_both_backends!(
    healthz_answers_when_the_database_does,
    cross_site_posts_are_refused,
    customer_b_can_read_neither_case_nor_file_of_customer_a,
    complaint_is_filed_over_multipart_with_its_photo,
    pages_speak_the_browsers_language,
);
