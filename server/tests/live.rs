//! The desk's live updates (SPEC C3) over the real router: `GET /events` streams, over HTTP, the
//! changes that concern the viewer, on SQLite (one instance) and on PostgreSQL, where an
//! assignment made through one instance reaches a desk served by another.

use app::api::auth::LogIn;
use app::api::cases::DeskCases;
use app::backend::live::DeskEvent;
use app::backend::services::{intake, workflow};
use app::backend::testing::{TestDb, TEST_PASSWORD};
use app::backend::AppState;
use app::domain::intake::IntakeForm;
use app::domain::people::Role;
use app::model::{DeskFilter, DeskPage, DraftOutcome};
use app::on_both_backends;
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use std::time::{Duration, Instant};

/// SPEC C3's promise: a change shows on the desk within this time.
const LIVE: Duration = Duration::from_secs(2);

/// Serves `state` on a random port and returns its base URL.
async fn spawn(state: AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server::serve(state, listener));
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
        .form(&[("email", email), ("password", TEST_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("Done"));
}

/// A browser's `EventSource` on `/events`, read frame by frame.
struct Events {
    response: reqwest::Response,
    buffer: String,
}

impl Events {
    async fn open(client: &reqwest::Client, base: &str) -> Events {
        let response = client.get(format!("{base}/events")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        Events {
            response,
            buffer: String::new(),
        }
    }

    /// The next `desk` event, skipping keep-alive comments.
    async fn next_desk(&mut self) -> DeskEvent {
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let frame: String = self.buffer.drain(..end + 2).collect();
                let mut name = None;
                let mut data = String::new();
                for line in frame.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = Some(v.trim().to_string());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if name.as_deref() == Some("desk") {
                    return serde_json::from_str(&data).expect("a desk event as JSON");
                }
            }
            let chunk = self
                .response
                .chunk()
                .await
                .expect("the stream stays readable")
                .expect("the stream stays open");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The next `desk` event, if one comes within `limit`.
    async fn within(&mut self, limit: Duration) -> Option<DeskEvent> {
        tokio::time::timeout(limit, self.next_desk()).await.ok()
    }
}

/// The "assigned to me" desk of the logged-in `client`, as the desk page asks for it.
async fn assigned_to(client: &reqwest::Client, base: &str, manager_id: i64) -> Vec<String> {
    let filter = DeskFilter {
        manager_id: Some(manager_id),
        ..Default::default()
    };
    let response = client
        .post(format!("{base}{}", DeskCases::PATH))
        .header("Origin", base)
        .json(&serde_json::json!({ "filter": filter, "cursor": null }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page: DeskPage = response.json().await.unwrap();
    page.cases.into_iter().map(|c| c.number).collect()
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

async fn live_events_need_a_staff_session(db: &TestDb) {
    db.person("ana@example.com", Role::Customer).await;
    db.person("agente@example.com", Role::Agent).await;
    let base = spawn(db.state.clone()).await;

    let anonymous = browser()
        .get(format!("{base}/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let forged = reqwest::Client::new()
        .get(format!("{base}/events"))
        .header("Cookie", "tramita_session=not-a-session")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);

    // Customers have no desk.
    let customer = browser();
    log_in(&customer, &base, "ana@example.com").await;
    let refused = customer.get(format!("{base}/events")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let agent = browser();
    log_in(&agent, &base, "agente@example.com").await;
    Events::open(&agent, &base).await;
    // The server renders the desk not yet live: only the browser's stream turns it on.
    let desk = agent
        .get(format!("{base}/desk"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        desk.contains(r#"id="live-status""#) && desk.contains(r#"data-live="off""#),
        "{desk}"
    );
}

async fn each_desk_hears_of_the_changes_that_concern_it(db: &TestDb) {
    let folder = db.case_folder().await;
    let manager = folder.manager.clone();
    let other = db.person("otro.gestor@example.com", Role::Manager).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let customer = db.person("ana@example.com", Role::Customer).await;
    let base = spawn(db.state.clone()).await;
    let listen = |email: &'static str| {
        let base = base.clone();
        async move {
            let client = browser();
            log_in(&client, &base, email).await;
            let events = Events::open(&client, &base).await;
            (client, events)
        }
    };
    let (manager_browser, mut manager_events) = listen("gestor.prueba@example.com").await;
    let (_, mut other_events) = listen("otro.gestor@example.com").await;
    let (_, mut agent_events) = listen("agente@example.com").await;

    // A draft opened and handed to the manager.
    let number = intake::file_case(&db.state, &agent, phone_case(), vec![])
        .await
        .unwrap()
        .to_string();
    assert_eq!(
        db.open_draft(&agent, &number, &folder).await,
        DraftOutcome::Opened
    );
    let opened = manager_events
        .within(LIVE)
        .await
        .expect("the manager hears");
    assert_eq!(opened.kind, "case_opened");
    assert_eq!(opened.case_number.as_deref(), Some(number.as_str()));
    assert!(assigned_to(&manager_browser, &base, manager.id)
        .await
        .contains(&number));

    // A customer's own case, routed to the folder's manager as it is filed.
    let filed = intake::file_case(
        &db.state,
        &customer,
        IntakeForm {
            subject: "Factura repetida".into(),
            description: "Me cobraron dos veces el mismo mes.".into(),
            class: "claim".into(),
            ..Default::default()
        },
        vec![],
    )
    .await
    .unwrap()
    .to_string();
    let heard = manager_events
        .within(LIVE)
        .await
        .expect("the manager hears");
    assert_eq!(
        (heard.kind.as_str(), heard.case_number.as_deref()),
        ("case_filed", Some(filed.as_str()))
    );

    // Handed on: both managers' desks change. Events reach each stream in order, so the other
    // manager's first event being this one shows the earlier ones never reached them.
    workflow::reassign(&db.state, &manager, &number, other.id, "Vacaciones")
        .await
        .unwrap();
    for events in [&mut manager_events, &mut other_events] {
        let heard = events.within(LIVE).await.expect("both managers hear");
        assert_eq!(heard.kind, "case_reassigned");
        assert_eq!(heard.case_number.as_deref(), Some(number.as_str()));
    }

    // Pending closure is for customer service to pick up: every staff desk hears it, and again
    // the agent's first event is this one.
    for s in [
        app::domain::lifecycle::CaseStep::Start,
        app::domain::lifecycle::CaseStep::RequestClosure,
    ] {
        workflow::take_step(&db.state, &other, &number, workflow::StepForm::new(s, ""))
            .await
            .unwrap();
    }
    let started = other_events.within(LIVE).await.expect("the manager hears");
    assert_eq!(started.kind, "case_started");
    let pending = other_events.within(LIVE).await.expect("the manager hears");
    assert_eq!(pending.kind, "case_closure_requested");
    let pending = agent_events
        .within(LIVE)
        .await
        .expect("customer service hears");
    assert_eq!(pending.kind, "case_closure_requested");
    assert!(pending.staff);

    // The first manager gave the case away: the start was not theirs to hear, the request for
    // closure and an escalation reach them as staff.
    let pending = manager_events.within(LIVE).await.expect("staff hear");
    assert_eq!(pending.kind, "case_closure_requested");
    workflow::escalate(&db.state, &other, &number, "El cliente insiste")
        .await
        .unwrap();
    let escalated = manager_events.within(LIVE).await.expect("staff hear");
    assert_eq!(escalated.kind, "case_escalated");
}

on_both_backends!(
    live_events_need_a_staff_session,
    each_desk_hears_of_the_changes_that_concern_it,
);

/// SPEC C3 with several instances behind a load balancer: the manager's browser is connected to
/// instance B while the agent works on instance A; both share one PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_assignment_made_on_one_instance_reaches_the_desk_served_by_another() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let a = db.state.clone();
    let b = db.second_instance().await;
    let folder = db.case_folder().await;
    let manager = folder.manager.clone();
    let other = db.person("otro.gestor@example.com", Role::Manager).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let base_a = spawn(a.clone()).await;
    let base_b = spawn(b.clone()).await;

    let manager_browser = browser();
    log_in(&manager_browser, &base_b, "gestor.prueba@example.com").await;
    let mut manager_events = Events::open(&manager_browser, &base_b).await;
    let bystander = browser();
    log_in(&bystander, &base_b, "otro.gestor@example.com").await;
    let mut bystander_events = Events::open(&bystander, &base_b).await;
    // The agent's browser talks to A only.
    let agent_browser = browser();
    log_in(&agent_browser, &base_a, "agente@example.com").await;

    let number = intake::file_case(&a, &agent, phone_case(), vec![])
        .await
        .unwrap()
        .to_string();
    assert!(!assigned_to(&manager_browser, &base_b, manager.id)
        .await
        .contains(&number));
    assert_eq!(
        db.open_draft(&agent, &number, &folder).await,
        DraftOutcome::Opened
    );
    let assigned = Instant::now();

    let heard = manager_events
        .within(LIVE)
        .await
        .expect("instance B passes on what instance A announced");
    assert_eq!(heard.kind, "case_opened");
    assert_eq!(heard.case_number.as_deref(), Some(number.as_str()));
    assert!(assigned_to(&manager_browser, &base_b, manager.id)
        .await
        .contains(&number));
    assert!(
        assigned.elapsed() < LIVE,
        "on the desk after {:?}",
        assigned.elapsed()
    );
    // Each event arrives once: B does not deliver it a second time.
    assert!(manager_events
        .within(Duration::from_millis(300))
        .await
        .is_none());
    // The other manager's desk did not change.
    assert!(bystander_events
        .within(Duration::from_millis(300))
        .await
        .is_none());

    // The listening connections drop (a database restart, a proxy's idle timeout): each
    // listener connects again, the desks read themselves once for what they may have missed,
    // and what is announced next arrives.
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .execute(a.store.pool())
    .await
    .unwrap();
    let resync = manager_events
        .within(Duration::from_secs(10))
        .await
        .expect("B listens again");
    assert_eq!(resync.kind, "resync");
    workflow::reassign(&a, &manager, &number, other.id, "Turno de tarde")
        .await
        .unwrap();
    let heard = manager_events
        .within(LIVE)
        .await
        .expect("heard after reconnecting");
    assert_eq!(heard.kind, "case_reassigned");

    b.store.close().await;
    db.finish().await;
}
