//! The routing engine's admin forms and explanations (SPEC C1) through the real router: the
//! server functions the routing page posts, the page an administrator reads, and the reason
//! the case page gives next to the manager, on SQLite and PostgreSQL alike.

use app::api::admin::{AddRoutingCandidate, SaveRoutingWeights, SetCustomerTerms};
use app::api::auth::LogIn;
use app::backend::services::{drafts, intake};
use app::backend::testing::{TestDb, TEST_PASSWORD};
use app::domain::intake::IntakeForm;
use app::domain::people::Role;
use app::on_both_backends;
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;

async fn spawn(db: &TestDb) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server::serve(db.state.clone(), listener));
    base
}

/// A logged-in browser that reads English.
async fn browser_of(base: &str, email: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("Accept-Language", "en".parse().unwrap());
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .unwrap();
    let response = client
        .post(format!("{base}{}", LogIn::PATH))
        .header("Origin", base)
        .form(&[("email", email), ("password", TEST_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    client
}

/// Posts a form to a server function as the page does, and returns the answer's body.
async fn post(client: &reqwest::Client, base: &str, path: &str, form: &[(&str, &str)]) -> String {
    let response = client
        .post(format!("{base}{path}"))
        .header("Origin", base)
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.unwrap()
}

async fn page(client: &reqwest::Client, url: String) -> String {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

async fn admins_set_up_the_engine_and_the_case_page_says_why(db: &TestDb) {
    db.person("admin@example.com", Role::Admin).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let vip_manager = db.person("vip.uno@example.com", Role::Supervisor).await;
    let base = spawn(db).await;
    let admin = browser_of(&base, "admin@example.com").await;
    let folder_id = folder.id.to_string();
    let manager_id = vip_manager.id.to_string();

    // The customer exists once an agent records a case for them.
    let number = intake::file_case(
        &db.state,
        &agent,
        IntakeForm {
            subject: "Factura duplicada".into(),
            description: "El cliente recibió dos veces la misma factura.".into(),
            class: "claim".into(),
            channel: "phone".into(),
            customer_email: Some("vip@example.com".into()),
            customer_name: Some("Valeria".into()),
            ..Default::default()
        },
        vec![],
    )
    .await
    .unwrap()
    .to_string();

    let done = |body: &str| body.contains("Done");
    let terms = [
        ("email", "vip@example.com"),
        ("tier", "vip"),
        ("sla_class", "Gold"),
    ];
    assert!(done(
        &post(&admin, &base, SetCustomerTerms::PATH, &terms).await
    ));
    let rule = [
        ("folder_id", folder_id.as_str()),
        ("rule", "customer_tier:vip"),
        ("sla_class", ""),
        ("manager_id", manager_id.as_str()),
    ];
    assert!(done(
        &post(&admin, &base, AddRoutingCandidate::PATH, &rule).await
    ));
    let class_rule = [
        ("folder_id", folder_id.as_str()),
        ("rule", "sla_class"),
        ("sla_class", "gold"),
        ("manager_id", manager_id.as_str()),
    ];
    assert!(done(
        &post(&admin, &base, AddRoutingCandidate::PATH, &class_rule).await
    ));
    let bad_weights = [
        ("folder_id", folder_id.as_str()),
        ("case_weight", "2"),
        ("task_weight", "much"),
    ];
    let refused = post(&admin, &base, SaveRoutingWeights::PATH, &bad_weights).await;
    assert!(
        refused.contains("Invalid") && refused.contains("task_weight"),
        "{refused}"
    );
    let weights = [
        ("folder_id", folder_id.as_str()),
        ("case_weight", "2"),
        ("task_weight", "3"),
    ];
    assert!(done(
        &post(&admin, &base, SaveRoutingWeights::PATH, &weights).await
    ));

    let html = page(
        &admin,
        format!("{base}/admin/folders/{}/routing", folder.id),
    )
    .await;
    for expected in [
        "Customer tier and SLA class rules",
        r#"data-pool="customer_tier=vip""#,
        r#"data-pool="sla_class=gold""#,
        r#"data-customer="vip@example.com""#,
        r#"value="2""#,
        r#"value="3""#,
        // The type x group table is still there.
        r#"id="routing-rule-form""#,
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }

    // Another group, not in the table: the VIP rule decides, and the case page says so.
    let group = app::backend::services::catalogs::add_entry_as(
        &db.state,
        None,
        app::backend::services::catalogs::EntryForm {
            folder_id: folder.id,
            kind: "case_group".into(),
            name: "Distribuidores".into(),
            binding: "distributors".into(),
            parent_id: None,
        },
    )
    .await
    .unwrap();
    let form = drafts::DraftForm {
        case_type_id: folder.case_type.to_string(),
        case_group_id: group.to_string(),
        ..Default::default()
    };
    drafts::save(&db.state, &agent, &number, form, vec![], true)
        .await
        .unwrap();
    let html = page(&admin, format!("{base}/cases/{number}")).await;
    assert!(
        html.contains("by the customer&#x27;s tier VIP")
            || html.contains("by the customer's tier VIP"),
        "{html}"
    );

    // Only administrators change the engine.
    let agent_browser = browser_of(&base, "agente@example.com").await;
    let response = agent_browser
        .post(format!("{base}{}", SetCustomerTerms::PATH))
        .header("Origin", base.as_str())
        .form(&terms)
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), StatusCode::OK);
}

on_both_backends!(admins_set_up_the_engine_and_the_case_page_says_why);
