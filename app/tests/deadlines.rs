//! Deadlines (issue 6) through a case's life under a test clock, with two workers running the
//! jobs at once, on SQLite and PostgreSQL: the at-risk alert and the priority raised once, a
//! pause and its resume moving the deadline, the overdue escalation once, one reminder a day;
//! and the clock that stops by itself while the case waits for a document from the customer
//! (SPEC D4, issue 12 item 5).

use app::backend::jobs;
use app::backend::services::{catalogs, deadlines, drafts, forms, intake, tasks, workflow};
use app::backend::store::{self, deadlines as clock_store};
use app::backend::testing::{CaseFolder, TestDb};
use app::backend::AppState;
use app::domain::intake::IntakeForm;
use app::domain::lifecycle::CaseStep;
use app::domain::people::Role;
use app::domain::sla::{DeadlineStanding, SlaForm};
use app::domain::tasks::TaskForm;
use app::model::Viewer;
use app::on_both_backends;
use chrono::{DateTime, TimeZone};

/// A local time in Bogotá (the CO calendar: 08:00-17:00, Monday to Friday, UTC-5 all year).
fn bogota(s: &str) -> i64 {
    chrono_tz::America::Bogota
        .from_local_datetime(&s.parse().expect("a local time"))
        .single()
        .expect("Bogotá has no daylight saving")
        .timestamp_millis()
}

fn utc(ms: i64) -> DateTime<chrono::Utc> {
    DateTime::from_timestamp_millis(ms).unwrap()
}

fn phone_case() -> IntakeForm {
    IntakeForm {
        subject: "Cobro duplicado".into(),
        description: "Me cobraron dos veces la factura de octubre.".into(),
        class: "complaint".into(),
        channel: "phone".into(),
        customer_email: Some("marta@example.com".into()),
        customer_name: Some("Marta".into()),
        ..Default::default()
    }
}

/// The folder with priorities (Alta above Media above Baja) and a policy: first response in 24
/// hours, resolution in 5 business days of the CO calendar, at risk at 60 %.
async fn folder_with_policy(db: &TestDb) -> CaseFolder {
    let folder = db.case_folder().await;
    for name in ["Alta", "Media", "Baja"] {
        catalogs::add_entry_as(
            &db.state,
            None,
            catalogs::EntryForm {
                folder_id: folder.id,
                kind: "priority".into(),
                name: name.into(),
                binding: String::new(),
                parent_id: None,
            },
        )
        .await
        .expect("add a priority");
    }
    let admin = db.person("admin@example.com", Role::Admin).await;
    deadlines::save_policy(
        &db.state,
        &admin,
        folder.id,
        SlaForm {
            calendar_code: "CO".into(),
            first_response_amount: "24".into(),
            first_response_unit: "hours".into(),
            resolution_amount: "5".into(),
            resolution_unit: "business_days".into(),
            at_risk_percent: "60".into(),
            ..Default::default()
        },
    )
    .await
    .expect("save the policy");
    folder
}

async fn opened_case(db: &TestDb, agent: &Viewer, folder: &CaseFolder) -> (String, i64) {
    let number = intake::file_case(&db.state, agent, phone_case(), vec![])
        .await
        .unwrap()
        .to_string();
    db.open_draft(agent, &number, folder).await;
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    let id = store::cases::by_number(&mut conn, &number)
        .await
        .unwrap()
        .unwrap()
        .id;
    (number, id)
}

async fn clock(db: &TestDb, case_id: i64) -> clock_store::CaseClock {
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    clock_store::clock(&mut conn, case_id)
        .await
        .unwrap()
        .unwrap()
}

async fn count(db: &TestDb, sql: &str, bind: &str) -> i64 {
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    sqlx::query_scalar(sql)
        .bind(bind.to_string())
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn events(db: &TestDb, action: &str) -> i64 {
    count(
        db,
        "SELECT COUNT(*) FROM audit_events WHERE action = $1",
        action,
    )
    .await
}

async fn messages(db: &TestDb, event: &str) -> i64 {
    count(
        db,
        "SELECT COUNT(*) FROM outbox_messages WHERE event = $1",
        event,
    )
    .await
}

/// Both instances run their worker at the same moment, twice over.
async fn both_workers(a: &AppState, b: &AppState) {
    for _ in 0..2 {
        let now = a.now_ms();
        let (x, y) = tokio::join!(jobs::run_once(a, now), jobs::run_once(b, now));
        x.expect("worker A");
        y.expect("worker B");
    }
}

async fn a_case_life_under_the_test_clock_has_each_effect_once(db: &TestDb) {
    let clock_now = db.stop_clock(bogota("2026-11-23T09:00:00"));
    let other = db.second_instance().await;
    let folder = folder_with_policy(db).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let supervisor = db.person("supervisora@example.com", Role::Supervisor).await;
    let (number, id) = opened_case(db, &agent, &folder).await;
    let manager = folder.manager.clone();

    // Received Monday 09:00: the 24 hours end Tuesday 09:00; the 5 business days end at the
    // close of Monday 30 November.
    let c = clock(db, id).await;
    assert_eq!(c.calendar_code.as_deref(), Some("CO"));
    assert_eq!(c.first_response_due_at, Some(bogota("2026-11-24T09:00:00")));
    assert_eq!(c.resolution_due_at, Some(bogota("2026-11-30T17:00:00")));
    assert_eq!(events(db, "deadlines_set").await, 1);
    let view = deadlines::for_case(&db.state, &manager, &number)
        .await
        .unwrap()
        .expect("the case has deadlines");
    assert_eq!(view.resolution_due, "2026-11-30 17:00");
    // SPEC A6: the customer's acknowledgement carries both dates.
    {
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        let ack: String = sqlx::query_scalar(
            "SELECT body_text FROM outbox_messages WHERE event = 'case_acknowledged'",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        assert!(
            ack.contains("2026-11-24 09:00") && ack.contains("2026-11-30 17:00"),
            "{ack}"
        );
    }
    assert_eq!(view.standing, DeadlineStanding::OnTime);
    assert!(view.may_pause && !view.may_resume);

    // Taken up Tuesday at 10:00, an hour after the first-response deadline: late, for good.
    clock_now.set(bogota("2026-11-24T10:00:00"));
    workflow::take_step(
        &db.state,
        &manager,
        &number,
        workflow::StepForm::new(CaseStep::Start, ""),
    )
    .await
    .unwrap();
    let c = clock(db, id).await;
    assert_eq!(c.first_response_in_time, Some(false));
    assert_eq!(c.first_response_at, Some(bogota("2026-11-24T10:00:00")));

    // 60 % of the 53 working hours (31.8 h) is used on Thursday at 13:48. Wednesday is too early.
    clock_now.set(bogota("2026-11-25T12:00:00"));
    both_workers(&db.state, &other).await;
    assert_eq!(clock(db, id).await.at_risk_at, None);
    clock_now.set(bogota("2026-11-26T14:00:00"));
    both_workers(&db.state, &other).await;
    let c = clock(db, id).await;
    assert_eq!(c.at_risk_at, Some(bogota("2026-11-26T14:00:00")));
    assert_eq!(events(db, "case_at_risk").await, 1);
    assert_eq!(
        messages(db, "case_at_risk").await,
        1,
        "one supervisor, told once"
    );
    let media = c.priority_id.expect("the priority was raised");
    clock_now.advance(60 * 60 * 1000);
    both_workers(&db.state, &other).await;
    assert_eq!(
        clock(db, id).await.priority_id,
        Some(media),
        "raised once only"
    );
    assert_eq!(events(db, "case_at_risk").await, 1);

    // Thursday 15:00 the case waits for the customer; nothing runs out while it waits.
    clock_now.set(bogota("2026-11-26T15:00:00"));
    deadlines::pause(
        &db.state,
        &manager,
        &number,
        "Esperando el extracto del cliente",
    )
    .await
    .unwrap();
    assert!(deadlines::pause(&db.state, &manager, &number, "otra vez")
        .await
        .is_err());
    clock_now.set(bogota("2026-12-01T10:00:00"));
    both_workers(&db.state, &other).await;
    assert_eq!(
        clock(db, id).await.overdue_at,
        None,
        "a paused case is not overdue"
    );
    let view = deadlines::for_case(&db.state, &manager, &number)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(view.standing, DeadlineStanding::Paused);

    // Resumed Tuesday 1 December 10:00: 22 working hours stood still (Thursday 2 h, Friday and
    // Monday 9 h each, Tuesday 2 h), so the deadline moves from Monday 17:00 to Thursday 12:00.
    deadlines::resume(&db.state, &manager, &number)
        .await
        .unwrap();
    let c = clock(db, id).await;
    assert_eq!(c.paused_at, None);
    assert_eq!(c.paused_working_ms, 22 * 60 * 60 * 1000);
    assert_eq!(c.resolution_due_at, Some(bogota("2026-12-03T12:00:00")));
    assert_eq!(events(db, "deadline_paused").await, 1);
    assert_eq!(events(db, "deadline_resumed").await, 1);
    // Only the manager and the supervisors stop the clock.
    assert!(deadlines::pause(&db.state, &agent, &number, "no")
        .await
        .is_err());

    // Just before the new deadline nothing happens; just after, overdue and escalated, once.
    clock_now.set(bogota("2026-12-03T11:59:00"));
    both_workers(&db.state, &other).await;
    assert_eq!(clock(db, id).await.overdue_at, None);
    clock_now.set(bogota("2026-12-03T12:30:00"));
    both_workers(&db.state, &other).await;
    both_workers(&db.state, &other).await;
    let c = clock(db, id).await;
    assert_eq!(c.overdue_at, Some(bogota("2026-12-03T12:30:00")));
    assert_eq!(c.escalation_level, 1);
    assert_eq!(events(db, "case_overdue").await, 1);
    assert_eq!(
        messages(db, "case_overdue").await,
        2,
        "the supervisor and the manager, once each"
    );
    let view = deadlines::for_case(&db.state, &supervisor, &number)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(view.standing, DeadlineStanding::Overdue);
    let job = {
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        store::jobs::by_key(&mut conn, &format!("case_deadline:{id}"))
            .await
            .unwrap()
            .unwrap()
    };
    assert_eq!(job.status, "done", "nothing left to watch");
    other.store.close().await;
}

async fn each_assignee_of_overdue_tasks_gets_one_reminder_a_business_day(db: &TestDb) {
    let clock_now = db.stop_clock(bogota("2026-11-23T09:00:00"));
    let other = db.second_instance().await;
    let folder = folder_with_policy(db).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let warehouse = db.person("almacen@example.com", Role::Employee).await;
    let (number, _) = opened_case(db, &agent, &folder).await;
    let manager = folder.manager.clone();
    workflow::take_step(
        &db.state,
        &manager,
        &number,
        workflow::StepForm::new(CaseStep::Start, ""),
    )
    .await
    .unwrap();
    tasks::assign(
        &db.state,
        &manager,
        &number,
        TaskForm {
            title: "Revisar el extracto".into(),
            instructions: String::new(),
            assignee_id: warehouse.id.to_string(),
            planned_day: String::new(),
            max_day: "2026-11-24".into(),
        },
    )
    .await
    .unwrap();

    // Both instances start their chain of reminders; one chain exists.
    let now = db.state.now_ms();
    let (x, y) = tokio::join!(
        deadlines::ensure_reminders(&db.state, now),
        deadlines::ensure_reminders(&other, now)
    );
    x.unwrap();
    y.unwrap();
    let reminders = || messages(db, "tasks_overdue_reminder");
    both_workers(&db.state, &other).await;
    assert_eq!(reminders().await, 0, "Monday: the task is not overdue yet");

    // Tuesday is its last day; from Wednesday it is overdue: one reminder each business day,
    // none at the weekend.
    for (day, expected) in [
        ("2026-11-24T08:30:00", 0),
        ("2026-11-25T08:30:00", 1),
        ("2026-11-26T08:30:00", 2),
        ("2026-11-27T08:30:00", 3),
        ("2026-11-28T09:00:00", 3),
        ("2026-11-29T09:00:00", 3),
        ("2026-11-30T08:00:00", 4),
    ] {
        clock_now.set(bogota(day));
        both_workers(&db.state, &other).await;
        deadlines::ensure_reminders(&other, clock_now.now_ms())
            .await
            .unwrap();
        both_workers(&db.state, &other).await;
        assert_eq!(reminders().await, expected, "after {day}");
    }
    // Every instance down Tuesday and Wednesday: Thursday brings one reminder, not three.
    clock_now.set(bogota("2026-12-03T08:30:00"));
    for _ in 0..3 {
        both_workers(&db.state, &other).await;
    }
    assert_eq!(reminders().await, 5);
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    let (to, text): (String, String) = sqlx::query_as(
        "SELECT recipient, body_text FROM outbox_messages WHERE event = 'tasks_overdue_reminder' \
         ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(to, "almacen@example.com");
    assert!(text.contains(&number) && text.contains("Revisar el extracto"));
    drop(conn);
    other.store.close().await;
}

/// A worker that claimed a job and died: the job waits for its claim to run out, then another
/// worker runs it once; the dead worker's claim can no longer finish it.
async fn a_job_of_a_worker_that_died_is_run_once_by_another(db: &TestDb) {
    let clock_now = db.stop_clock(bogota("2026-11-23T09:00:00"));
    let folder = folder_with_policy(db).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    db.person("supervisora@example.com", Role::Supervisor).await;
    let (_, id) = opened_case(db, &agent, &folder).await;
    // The opening's messages (to the customer and the manager) go out at once.
    assert_eq!(
        jobs::run_once(&db.state, clock_now.now_ms()).await.unwrap(),
        2
    );
    clock_now.set(bogota("2026-11-26T14:00:00"));
    let now = clock_now.now_ms();
    let dead_claim = now + jobs::CLAIM_MS;
    {
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        let claimed =
            store::jobs::claim_due(&mut conn, db.state.store.backend(), now, dead_claim, 10)
                .await
                .unwrap();
        assert_eq!(claimed.len(), 1, "the case's watch is due");
    }
    // The dying worker's claim still holds: nobody else takes the job.
    assert_eq!(jobs::run_once(&db.state, now + 1000).await.unwrap(), 0);
    assert_eq!(clock(db, id).await.at_risk_at, None);
    // After it runs out, another worker does the work, once.
    clock_now.set(dead_claim + 1);
    assert_eq!(jobs::run_once(&db.state, dead_claim + 1).await.unwrap(), 1);
    assert_eq!(events(db, "case_at_risk").await, 1);
    assert_eq!(messages(db, "case_at_risk").await, 1);
    // The dead worker, back, cannot finish what it claimed.
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    let job = store::jobs::by_key(&mut conn, &format!("case_deadline:{id}"))
        .await
        .unwrap()
        .unwrap();
    assert!(
        !store::jobs::finish(&mut conn, job.id, dead_claim, None, now)
            .await
            .unwrap()
    );
    assert_eq!(
        utc(clock(db, id).await.at_risk_at.unwrap()).timestamp_millis(),
        dead_claim + 1
    );
}

/// A job of a kind this version does not know (a newer version added it during a rolling
/// update) is not claimed: it waits for a worker that can run it, and blocks nothing.
async fn a_job_of_a_kind_this_version_does_not_know_waits_for_one_that_does(db: &TestDb) {
    let now = db.state.now_ms();
    sqlx::query(
        "INSERT INTO jobs (kind, dedupe_key, run_at, status, attempts, created_at) \
         VALUES ('from_a_newer_version', 'from_a_newer_version:1', $1, 'pending', 0, $1)",
    )
    .bind(now)
    .execute(db.state.store.pool())
    .await
    .unwrap();
    let customer = db.person("cliente@example.com", Role::Customer).await;
    let form = IntakeForm {
        subject: "No enfría".into(),
        description: "La nevera no enfría desde ayer.".into(),
        class: "complaint".into(),
        channel: "web".into(),
        ..Default::default()
    };
    intake::file_case(&db.state, &customer, form, vec![])
        .await
        .unwrap();
    // The acknowledgement goes out; the unknown job is left alone.
    assert_eq!(jobs::run_once(&db.state, now + 1_000).await.unwrap(), 1);
    assert_eq!(jobs::run_once(&db.state, now + 2_000).await.unwrap(), 0);
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    let (status, claimed): (String, Option<i64>) = sqlx::query_as(
        "SELECT status, claimed_until FROM jobs WHERE dedupe_key = 'from_a_newer_version:1'",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!((status.as_str(), claimed), ("pending", None));
}

/// A company calendar on Colombia's holidays that closes one Tuesday: a case's five business
/// days end a day later than on the national calendar, and a bad calendar form says what is
/// wrong.
async fn a_company_day_off_moves_the_deadline(db: &TestDb) {
    use app::backend::services::calendars;
    use app::domain::calendars::{CalendarDayForm, CalendarForm};
    db.stop_clock(bogota("2026-11-23T09:00:00"));
    let admin = db.person("admin@example.com", Role::Admin).await;
    let form = CalendarForm {
        code: "co-med".into(),
        name: "Sede Medellín".into(),
        country: "CO".into(),
        time_zone: "America/Bogota".into(),
        opening: "08:00".into(),
        closing: "17:00".into(),
    };
    let refused = calendars::create(
        &db.state,
        &admin,
        CalendarForm {
            time_zone: "America/Medellin".into(),
            ..form.clone()
        },
    )
    .await;
    assert!(
        matches!(refused, Err(app::backend::AppError::Invalid(ref e)) if e.get("time_zone").is_some()),
        "{refused:?}"
    );
    calendars::create(&db.state, &admin, form.clone())
        .await
        .unwrap();
    assert!(matches!(
        calendars::create(&db.state, &admin, form).await,
        Err(app::backend::AppError::Invalid(e)) if e.get("code").is_some()
    ));
    calendars::set_day(
        &db.state,
        &admin,
        "CO-MED",
        CalendarDayForm {
            day: "2026-11-24".into(),
            kind: "closed".into(),
            note: "Inventario".into(),
        },
    )
    .await
    .unwrap();
    let listed = calendars::list(&db.state, &admin).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].days[0].day, "2026-11-24");

    let folder = db.case_folder().await;
    deadlines::save_policy(
        &db.state,
        &admin,
        folder.id,
        SlaForm {
            calendar_code: "CO-MED".into(),
            first_response_amount: "1".into(),
            first_response_unit: "business_days".into(),
            resolution_amount: "5".into(),
            resolution_unit: "business_days".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let agent = db.person("agente@example.com", Role::Agent).await;
    let (_, id) = opened_case(db, &agent, &folder).await;
    let c = clock(db, id).await;
    assert_eq!(c.calendar_code.as_deref(), Some("CO-MED"));
    // Tuesday closed: the first business day after Monday is Wednesday.
    assert_eq!(c.first_response_due_at, Some(bogota("2026-11-25T17:00:00")));
    assert_eq!(c.resolution_due_at, Some(bogota("2026-12-01T17:00:00")));

    // Removing the day gives the national count back for cases opened after.
    calendars::remove_day(&db.state, &admin, "CO-MED", "2026-11-24")
        .await
        .unwrap();
    let (_, second) = opened_case(db, &agent, &folder).await;
    assert_eq!(
        clock(db, second).await.resolution_due_at,
        Some(bogota("2026-11-30T17:00:00"))
    );
    assert_eq!(
        clock(db, id).await.resolution_due_at,
        Some(bogota("2026-12-01T17:00:00")),
        "a case keeps the deadline it was given"
    );
}

/// A stored code this version does not know is an error where the row is read, naming the
/// row, never replaced by a default: the case's deadlines cannot be shown, and its watch fails
/// (logged, retried) instead of quietly doing nothing.
async fn an_unknown_stored_code_is_an_error_not_a_default(db: &TestDb) {
    let clock_now = db.stop_clock(bogota("2026-11-23T09:00:00"));
    let folder = folder_with_policy(db).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let (number, id) = opened_case(db, &agent, &folder).await;
    // The opening's messages are jobs of the same queue: sent now, before the watch is due.
    jobs::run_once(&db.state, clock_now.now_ms()).await.unwrap();
    let execute = |sql: &'static str| async move {
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        sqlx::query(sql).execute(&mut *conn).await.unwrap();
    };
    execute("UPDATE sla_policies SET resolution_unit = 'weeks'").await;
    let refused = deadlines::for_case(&db.state, &folder.manager, &number).await;
    assert!(
        matches!(
            &refused,
            Err(app::backend::AppError::Db(sqlx::Error::ColumnDecode { index, .. }))
                if index.starts_with("sla_policies.resolution_unit of row ")
        ),
        "{refused:?}"
    );
    clock_now.set(bogota("2026-11-26T14:00:00"));
    // Other jobs of the queue may run then (the day's reminders); the watch's fails, below.
    jobs::run_once(&db.state, clock_now.now_ms()).await.unwrap();
    let job = {
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        store::jobs::by_key(&mut conn, &format!("case_deadline:{id}"))
            .await
            .unwrap()
            .unwrap()
    };
    assert_eq!(job.attempts, 1);
    assert!(
        job.last_error
            .as_deref()
            .is_some_and(|e| e.contains("weeks")),
        "{job:?}"
    );
    assert_eq!(clock(db, id).await.at_risk_at, None);

    execute("UPDATE cases SET state = 'lost'").await;
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    let refused = clock_store::clock(&mut conn, id)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains(&format!("cases.state of row {id}")) && refused.contains("lost"),
        "{refused}"
    );
}

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn pdf() -> intake::Upload {
    intake::Upload {
        file_name: "documento.pdf".into(),
        bytes: PDF.to_vec(),
    }
}

/// The folder with its policy, its case type interrupting the term while the case waits for
/// the customer when `pauses`, and the admin who set it.
async fn folder_waiting_for_customer(db: &TestDb, pauses: bool) -> (CaseFolder, Viewer) {
    let folder = folder_with_policy(db).await;
    let admin = db.existing("admin@example.com").await;
    forms::set_pauses_for_customer(&db.state, &admin, folder.case_type, pauses)
        .await
        .expect("set the type's pause");
    (folder, admin)
}

/// The requests of a case not answered yet, by document name.
async fn open_request(db: &TestDb, case_id: i64, document: &str) -> i64 {
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    store::forms::requests_of(&mut conn, case_id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.document_name == document && r.answered_at.is_none())
        .unwrap_or_else(|| panic!("an open request for {document}"))
        .id
}

async fn texts_to(db: &TestDb, event: &str, recipient: &str) -> Vec<String> {
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    sqlx::query_scalar(
        "SELECT body_text FROM outbox_messages WHERE event = $1 AND recipient = $2 ORDER BY id",
    )
    .bind(event)
    .bind(recipient)
    .fetch_all(&mut *conn)
    .await
    .unwrap()
}

async fn asking_the_customer_for_documents_stops_the_clock_until_all_are_handed_in(db: &TestDb) {
    let clock_now = db.stop_clock(bogota("2026-11-23T09:00:00"));
    let agent = db.person("agente@example.com", Role::Agent).await;
    let (folder, admin) = folder_waiting_for_customer(db, true).await;
    let (number, id) = opened_case(db, &agent, &folder).await;
    let invoice = forms::add_document(&db.state, &admin, folder.case_type, "Factura")
        .await
        .unwrap();
    let statement = forms::add_document(&db.state, &admin, folder.case_type, "Extracto")
        .await
        .unwrap();
    assert_eq!(
        clock(db, id).await.resolution_due_at,
        Some(bogota("2026-11-30T17:00:00"))
    );

    // Thursday 15:00 the agent asks for the invoice: the clock stops for the customer, who is
    // asked by message and told that their term stands still.
    clock_now.set(bogota("2026-11-26T15:00:00"));
    drafts::request_document(
        &db.state,
        &agent,
        &number,
        invoice,
        "Foto legible, por favor",
    )
    .await
    .unwrap();
    let c = clock(db, id).await;
    assert_eq!(c.paused_at, Some(bogota("2026-11-26T15:00:00")));
    assert!(c.paused_for_customer);
    assert_eq!(events(db, deadlines::PAUSED_FOR_CUSTOMER).await, 1);
    let asked = texts_to(db, "document_requested", "marta@example.com").await;
    assert_eq!(asked.len(), 1, "the customer is asked once");
    assert!(
        asked[0].contains("Factura")
            && asked[0].contains("Foto legible, por favor")
            && asked[0].contains(&format!("/cases/{number}"))
            && asked[0].contains("el plazo para responderle queda interrumpido"),
        "{}",
        asked[0]
    );
    // The customer reads on their timeline that the term stands still while it waits for them.
    let marta = db.existing("marta@example.com").await;
    let seen = app::backend::services::cases::public_case(
        &db.state,
        &marta,
        &number,
        app::i18n::Locale::Es,
    )
    .await
    .unwrap();
    assert!(seen
        .timeline
        .iter()
        .any(|e| e.action == deadlines::PAUSED_FOR_CUSTOMER && e.public));
    assert_eq!(
        app::i18n::Locale::Es
            .texts()
            .event(deadlines::PAUSED_FOR_CUSTOMER),
        "Términos interrumpidos mientras se espera la respuesta del cliente"
    );

    // A second document asked while the clock stands still stops nothing more.
    clock_now.set(bogota("2026-11-27T09:00:00"));
    drafts::request_document(&db.state, &agent, &number, statement, "")
        .await
        .unwrap();
    assert_eq!(events(db, deadlines::PAUSED_FOR_CUSTOMER).await, 1);
    assert_eq!(
        clock(db, id).await.paused_at,
        Some(bogota("2026-11-26T15:00:00"))
    );
    let asked = texts_to(db, "document_requested", "marta@example.com").await;
    assert_eq!(asked.len(), 2);
    assert!(asked[1].contains("queda interrumpido"), "{}", asked[1]);

    // One of the two handed in: the customer still owes the other, the clock stands still.
    clock_now.set(bogota("2026-11-30T09:00:00"));
    let request = open_request(db, id, "Factura").await;
    drafts::answer_request(&db.state, &marta, request, pdf())
        .await
        .unwrap();
    let c = clock(db, id).await;
    assert_eq!(c.paused_at, Some(bogota("2026-11-26T15:00:00")));
    assert_eq!(events(db, "deadline_resumed").await, 0);

    // The other, Tuesday 1 December 10:00: the clock runs again by itself. 22 working hours
    // stood still (Thursday 2 h, Friday and Monday 9 h each, Tuesday 2 h), so the deadline
    // moves from Monday 30 November 17:00 to Thursday 3 December 12:00.
    clock_now.set(bogota("2026-12-01T10:00:00"));
    let request = open_request(db, id, "Extracto").await;
    drafts::answer_request(&db.state, &marta, request, pdf())
        .await
        .unwrap();
    let c = clock(db, id).await;
    assert_eq!(c.paused_at, None);
    assert!(!c.paused_for_customer);
    assert_eq!(c.paused_working_ms, 22 * 60 * 60 * 1000);
    assert_eq!(c.resolution_due_at, Some(bogota("2026-12-03T12:00:00")));
    assert_eq!(events(db, "deadline_resumed").await, 1);
}

async fn a_type_without_the_setting_keeps_the_clock_running(db: &TestDb) {
    let clock_now = db.stop_clock(bogota("2026-11-23T09:00:00"));
    let agent = db.person("agente@example.com", Role::Agent).await;
    let (folder, admin) = folder_waiting_for_customer(db, false).await;
    let (number, id) = opened_case(db, &agent, &folder).await;
    let invoice = forms::add_document(&db.state, &admin, folder.case_type, "Factura")
        .await
        .unwrap();
    clock_now.set(bogota("2026-11-26T15:00:00"));
    drafts::request_document(&db.state, &agent, &number, invoice, "")
        .await
        .unwrap();
    let c = clock(db, id).await;
    assert_eq!(c.paused_at, None, "the type does not interrupt the term");
    assert_eq!(events(db, deadlines::PAUSED_FOR_CUSTOMER).await, 0);
    // The customer is asked all the same, and not told of a term that stands still.
    let asked = texts_to(db, "document_requested", "marta@example.com").await;
    assert_eq!(asked.len(), 1);
    assert!(!asked[0].contains("interrumpido"), "{}", asked[0]);

    // Handed in, nothing to resume: the deadline stays where it was.
    let marta = db.existing("marta@example.com").await;
    let request = open_request(db, id, "Factura").await;
    drafts::answer_request(&db.state, &marta, request, pdf())
        .await
        .unwrap();
    let c = clock(db, id).await;
    assert_eq!(c.resolution_due_at, Some(bogota("2026-11-30T17:00:00")));
    assert_eq!(events(db, "deadline_resumed").await, 0);

    // The setting is the administrators': the agent may not change it; the admin page shows it.
    assert!(
        forms::set_pauses_for_customer(&db.state, &agent, folder.case_type, true)
            .await
            .is_err()
    );
    assert!(
        !forms::setup(&db.state, &admin, folder.case_type)
            .await
            .unwrap()
            .pauses_for_customer
    );
    forms::set_pauses_for_customer(&db.state, &admin, folder.case_type, true)
        .await
        .unwrap();
    assert!(
        forms::setup(&db.state, &admin, folder.case_type)
            .await
            .unwrap()
            .pauses_for_customer
    );
}

async fn a_document_does_not_resume_a_clock_a_supervisor_stopped(db: &TestDb) {
    let clock_now = db.stop_clock(bogota("2026-11-23T09:00:00"));
    let agent = db.person("agente@example.com", Role::Agent).await;
    let supervisor = db.person("supervisora@example.com", Role::Supervisor).await;
    let (folder, admin) = folder_waiting_for_customer(db, true).await;
    let (number, id) = opened_case(db, &agent, &folder).await;
    let invoice = forms::add_document(&db.state, &admin, folder.case_type, "Factura")
        .await
        .unwrap();

    // The supervisor stops the clock by hand; then the agent asks for the invoice.
    clock_now.set(bogota("2026-11-26T15:00:00"));
    deadlines::pause(&db.state, &supervisor, &number, "Revisión con el proveedor")
        .await
        .unwrap();
    clock_now.set(bogota("2026-11-26T16:00:00"));
    drafts::request_document(&db.state, &agent, &number, invoice, "")
        .await
        .unwrap();
    let c = clock(db, id).await;
    assert_eq!(c.paused_at, Some(bogota("2026-11-26T15:00:00")));
    assert!(!c.paused_for_customer, "the stop stays the supervisor's");
    assert_eq!(events(db, deadlines::PAUSED_FOR_CUSTOMER).await, 0);

    // The agent hands the invoice in for the customer: the clock stays stopped.
    clock_now.set(bogota("2026-11-30T09:00:00"));
    let request = open_request(db, id, "Factura").await;
    drafts::answer_request(&db.state, &agent, request, pdf())
        .await
        .unwrap();
    let c = clock(db, id).await;
    assert_eq!(c.paused_at, Some(bogota("2026-11-26T15:00:00")));
    assert_eq!(c.resolution_due_at, Some(bogota("2026-11-30T17:00:00")));
    assert_eq!(events(db, "deadline_resumed").await, 0);

    // Only a person starts it again.
    deadlines::resume(&db.state, &supervisor, &number)
        .await
        .unwrap();
    assert_eq!(clock(db, id).await.paused_at, None);
    assert_eq!(events(db, "deadline_resumed").await, 1);
}

async fn a_draft_opened_with_a_document_asked_stops_its_clock_when_it_opens(db: &TestDb) {
    let clock_now = db.stop_clock(bogota("2026-11-23T09:00:00"));
    let agent = db.person("agente@example.com", Role::Agent).await;
    let (folder, admin) = folder_waiting_for_customer(db, true).await;
    let invoice = forms::add_document(&db.state, &admin, folder.case_type, "Factura")
        .await
        .unwrap();
    let number = intake::file_case(&db.state, &agent, phone_case(), vec![])
        .await
        .unwrap()
        .to_string();
    let form = || drafts::DraftForm {
        case_type_id: folder.case_type.to_string(),
        case_group_id: folder.case_group.to_string(),
        ..Default::default()
    };
    drafts::save(&db.state, &agent, &number, form(), vec![], false)
        .await
        .unwrap();
    // A draft has no clock and tells the customer nothing yet.
    drafts::request_document(&db.state, &agent, &number, invoice, "")
        .await
        .unwrap();
    assert_eq!(messages(db, "document_requested").await, 0);

    clock_now.set(bogota("2026-11-23T11:00:00"));
    assert_eq!(
        drafts::save(&db.state, &agent, &number, form(), vec![], true)
            .await
            .unwrap(),
        app::model::DraftOutcome::Opened
    );
    let id = {
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        store::cases::by_number(&mut conn, &number)
            .await
            .unwrap()
            .unwrap()
            .id
    };
    let c = clock(db, id).await;
    assert_eq!(c.paused_at, Some(bogota("2026-11-23T11:00:00")));
    assert!(c.paused_for_customer);
    assert_eq!(messages(db, "document_requested").await, 1);
    assert_eq!(messages(db, "case_acknowledged").await, 1);
}

on_both_backends!(
    a_case_life_under_the_test_clock_has_each_effect_once,
    each_assignee_of_overdue_tasks_gets_one_reminder_a_business_day,
    a_job_of_a_worker_that_died_is_run_once_by_another,
    a_job_of_a_kind_this_version_does_not_know_waits_for_one_that_does,
    a_company_day_off_moves_the_deadline,
    an_unknown_stored_code_is_an_error_not_a_default,
    asking_the_customer_for_documents_stops_the_clock_until_all_are_handed_in,
    a_type_without_the_setting_keeps_the_clock_running,
    a_document_does_not_resume_a_clock_a_supervisor_stopped,
    a_draft_opened_with_a_document_asked_stops_its_clock_when_it_opens,
);
