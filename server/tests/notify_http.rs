//! The served app sends mail by itself: `server::serve` starts the outbox worker, so a case filed
//! while it runs is acknowledged without anyone calling the worker, and the case page shows staff
//! the message. Without `TRAMITA_SMTP_URL` (as here) the mail is an .eml file in the outbox folder.

use app::api::auth::LogIn;
use app::backend::services::intake;
use app::backend::testing::{TestDb, TEST_PASSWORD};
use app::domain::intake::IntakeForm;
use app::domain::people::Role;
use app::on_both_backends;
use leptos::server_fn::ServerFn;
use std::time::Duration;

async fn the_running_server_acknowledges_a_new_case(db: &TestDb) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server::serve(db.state.clone(), listener));

    let customer = db.person("ana@example.com", Role::Customer).await;
    db.person("admin@example.com", Role::Admin).await;
    let form = IntakeForm {
        subject: "La nevera no enfría".into(),
        description: "Desde el lunes.".into(),
        class: "complaint".into(),
        ..Default::default()
    };
    let number = intake::file_case(&db.state, &customer, form, vec![])
        .await
        .unwrap()
        .to_string();

    let outbox = db.state.config.data_dir.join("outbox");
    let mut eml = None;
    for _ in 0..100 {
        eml = std::fs::read_dir(&outbox).ok().and_then(|d| {
            d.filter_map(Result::ok)
                .find(|e| e.file_name().to_string_lossy().ends_with(".eml"))
        });
        if eml.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let eml = std::fs::read_to_string(eml.expect("the worker wrote the mail").path()).unwrap();
    assert!(eml.contains("To: ana@example.com"), "{eml}");
    assert!(eml.contains(&number), "{eml}");

    // Staff read the page of the case with its messages.
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let response = client
        .post(format!("{base}{}", LogIn::PATH))
        .header("Origin", &base)
        .form(&[("email", "admin@example.com"), ("password", TEST_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let page = client
        .get(format!("{base}/cases/{number}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"case-messages\""), "{page}");
    assert!(page.contains("data-status=\"sent\""), "{page}");
}

on_both_backends!(the_running_server_acknowledges_a_new_case);
