//! The served app sends mail by itself: `server::serve` starts the worker of the background
//! queue, so a case filed while it runs is acknowledged without anyone calling the worker, and the
//! case page shows staff the message. Without `TRAMITA_SMTP_URL` (as here) the mail is an .eml file in the outbox folder.
//! Customers choose their channels on the portal and administrators edit the messages at
//! `/admin/messages`, through the served pages and server functions.

use app::api::auth::LogIn;
use app::api::messages::{
    ResetMessageTemplate, SaveChannelRules, SaveContactPreferences, SaveMessageTemplate,
};
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
    assert!(page.contains("data-event=\"case_acknowledged\""), "{page}");
}

/// A client with a session of `email`.
async fn logged_in(base: &str, email: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let response = client
        .post(format!("{base}{}", LogIn::PATH))
        .header("Origin", base)
        .form(&[("email", email), ("password", TEST_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(response.text().await.unwrap().contains("Done"));
    client
}

async fn call(client: &reqwest::Client, base: &str, path: &str, form: &[(&str, &str)]) -> String {
    client
        .post(format!("{base}{path}"))
        .header("Origin", base)
        .form(form)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn page(client: &reqwest::Client, base: &str, path: &str) -> String {
    client
        .get(format!("{base}{path}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn customers_choose_channels_and_admins_edit_messages(db: &TestDb) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server::serve(db.state.clone(), listener));
    db.person("ana@example.com", Role::Customer).await;
    db.person("admin@example.com", Role::Admin).await;

    let ana = logged_in(&base, "ana@example.com").await;
    let home = page(&ana, &base, "/").await;
    assert!(home.contains("id=\"preferences-form\""), "{home}");
    let answer = call(
        &ana,
        &base,
        SaveContactPreferences::PATH,
        &[("notify_by", "sms"), ("phone", "")],
    )
    .await;
    assert!(answer.contains("PhoneNeededForSms"), "{answer}");
    let answer = call(
        &ana,
        &base,
        SaveContactPreferences::PATH,
        &[("notify_by", "both"), ("phone", "+57 300 123 4567")],
    )
    .await;
    assert!(answer.contains("Done"), "{answer}");
    let home = page(&ana, &base, "/").await;
    assert!(home.contains("value=\"+573001234567\""), "{home}");
    // Customers do not reach the messages' admin.
    let answer = call(
        &ana,
        &base,
        SaveMessageTemplate::PATH,
        &[
            ("event", "case_acknowledged"),
            ("locale", "es"),
            ("subject", "x"),
            ("text", "x"),
            ("html", "x"),
        ],
    )
    .await;
    assert!(!answer.contains("Done"), "{answer}");

    let admin = logged_in(&base, "admin@example.com").await;
    assert!(page(&admin, &base, "/admin")
        .await
        .contains("href=\"/admin/messages\""));
    let list = page(&admin, &base, "/admin/messages").await;
    assert!(
        list.contains("data-template=\"case_acknowledged/pl\""),
        "{list}"
    );
    let editor = page(&admin, &base, "/admin/messages/case_acknowledged/es").await;
    assert!(
        editor.contains("Hemos registrado su caso {{number}}"),
        "{editor}"
    );
    assert!(editor.contains("{{subject}}"), "{editor}");
    let answer = call(
        &admin,
        &base,
        SaveMessageTemplate::PATH,
        &[
            ("event", "case_acknowledged"),
            ("locale", "es"),
            ("subject", "Caso {{number}}"),
            ("text", "Hola {{nombre}}"),
            ("html", "<p>{{link}}</p>"),
        ],
    )
    .await;
    assert!(
        answer.contains("UnknownPlaceholder") && answer.contains("nombre"),
        "{answer}"
    );
    let answer = call(
        &admin,
        &base,
        SaveMessageTemplate::PATH,
        &[
            ("event", "case_acknowledged"),
            ("locale", "es"),
            ("subject", "Recibido: caso {{number}}"),
            ("text", "Siga su caso: {{link}}"),
            ("html", "<p><a href=\"{{link}}\">{{number}}</a></p>"),
        ],
    )
    .await;
    assert!(answer.contains("Done"), "{answer}");
    let editor = page(&admin, &base, "/admin/messages/case_acknowledged/es").await;
    assert!(editor.contains("Recibido: caso {{number}}"), "{editor}");
    assert!(editor.contains("id=\"template-reset\""), "{editor}");
    call(
        &admin,
        &base,
        ResetMessageTemplate::PATH,
        &[("event", "case_acknowledged"), ("locale", "es")],
    )
    .await;
    let editor = page(&admin, &base, "/admin/messages/case_acknowledged/es").await;
    assert!(
        editor.contains("Hemos registrado su caso {{number}}"),
        "{editor}"
    );
    assert!(!editor.contains("id=\"template-reset\""), "{editor}");

    // Channels per event and role.
    assert!(list.contains("id=\"channels-case_escalated\""), "{list}");
    let answer = call(
        &admin,
        &base,
        SaveChannelRules::PATH,
        &[("event", "case_escalated"), ("supervisor", "both")],
    )
    .await;
    assert!(answer.contains("Done"), "{answer}");
    let answer = call(
        &admin,
        &base,
        SaveChannelRules::PATH,
        &[("event", "case_escalated"), ("supervisor", "pigeon")],
    )
    .await;
    assert!(answer.contains("NotAChoice"), "{answer}");
    let list = page(&admin, &base, "/admin/messages").await;
    assert!(list.contains("<option value=\"both\" selected"), "{list}");
}

on_both_backends!(
    the_running_server_acknowledges_a_new_case,
    customers_choose_channels_and_admins_edit_messages,
);
