//! What administrators make of the messages, and the events of a case's life that send them.

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
    messages::save_preferences(&db.state, &rosa, "both", "+573001112233", Locale::Es)
        .await
        .unwrap();
    prove_phone(db, &rosa, false).await;
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
    // The code that proved Rosa's number waits to be sent as well.
    let n = message_rows(db).await.len() + 1;
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
    messages::save_preferences(
        &db.state,
        &folder.manager,
        "sms",
        "+48 600 100 200",
        Locale::Es,
    )
    .await
    .unwrap();
    prove_phone(db, &folder.manager, false).await;

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
                messages::save_channel_rules(&db.state, &admin, "case_escalated", &rules(&[bad]))
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
    messages::save_preferences(&db.state, &rosa, "sms", "+573001112233", Locale::Es)
        .await
        .unwrap();
    prove_phone(db, &rosa, false).await;
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
