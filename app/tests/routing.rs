//! The routing engine (SPEC C1) through the services: the customer's tier and SLA class, the
//! candidates' open work and its weights, the fallback, and the reason a case keeps, on SQLite
//! and PostgreSQL alike.

use app::backend::services::drafts::{self, DraftForm};
use app::backend::services::routing::{self, PoolForm};
use app::backend::services::{cases, catalogs, intake, seed};
use app::backend::testing::{CaseFolder, TestDb};
use app::backend::AppError;
use app::domain::form::FieldProblem;
use app::domain::intake::IntakeForm;
use app::domain::people::Role;
use app::domain::routing::{Criterion, CustomerTier, RouteDetail, RouteReason, SlaClass};
use app::i18n::Locale;
use app::model::{DraftOutcome, Viewer};
use app::on_both_backends;

/// A case an agent records by phone for `customer_email` (created on first use), as a draft.
async fn phone_draft(db: &TestDb, agent: &Viewer, customer_email: &str) -> String {
    let form = IntakeForm {
        subject: "Factura duplicada".into(),
        description: "El cliente recibió dos veces la misma factura de marzo.".into(),
        class: "claim".into(),
        channel: "phone".into(),
        customer_email: Some(customer_email.into()),
        customer_name: Some("Cliente de prueba".into()),
        ..Default::default()
    };
    intake::file_case(&db.state, agent, form, vec![])
        .await
        .unwrap()
        .to_string()
}

/// A second group of the folder, which its type x group table does not cover.
async fn uncovered_group(db: &TestDb, admin: &Viewer, folder: &CaseFolder) -> i64 {
    catalogs::add_entry(
        &db.state,
        admin,
        catalogs::EntryForm {
            folder_id: folder.id,
            kind: "case_group".into(),
            name: "Distribuidores".into(),
            binding: "distributors".into(),
            parent_id: None,
        },
    )
    .await
    .unwrap()
}

/// Opens the draft `number` with the folder's case type and `group`.
async fn open_in(db: &TestDb, agent: &Viewer, number: &str, folder: &CaseFolder, group: i64) {
    let form = DraftForm {
        case_type_id: folder.case_type.to_string(),
        case_group_id: group.to_string(),
        ..Default::default()
    };
    let outcome = drafts::save(&db.state, agent, number, form, vec![], true)
        .await
        .unwrap();
    assert_eq!(outcome, DraftOutcome::Opened);
}

async fn add_candidate(
    db: &TestDb,
    admin: &Viewer,
    folder: &CaseFolder,
    rule: (&str, &str),
    who: &Viewer,
) {
    routing::add_pool_candidate(
        &db.state,
        admin,
        folder.id,
        PoolForm {
            kind: rule.0.into(),
            value: rule.1.into(),
            manager_id: Some(who.id),
        },
    )
    .await
    .unwrap();
}

async fn manager_of(
    db: &TestDb,
    viewer: &Viewer,
    number: &str,
) -> (Option<String>, Option<RouteReason>, Option<RouteDetail>) {
    let view = cases::case_view(&db.state, viewer, number, Locale::En)
        .await
        .unwrap();
    (
        view.setup.manager,
        view.setup.route_reason,
        view.setup.route_detail,
    )
}

async fn count_events(db: &TestDb, action: &str) -> i64 {
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = $1")
        .bind(action)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn a_vip_customers_case_goes_to_the_vip_pool_and_says_why(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let group = uncovered_group(db, &admin, &folder).await;
    let vip_manager = db.person("vip.uno@example.com", Role::Manager).await;
    let vip_supervisor = db.person("vip.dos@example.com", Role::Supervisor).await;
    add_candidate(db, &admin, &folder, ("customer_tier", "vip"), &vip_manager).await;
    add_candidate(
        db,
        &admin,
        &folder,
        ("customer_tier", "vip"),
        &vip_supervisor,
    )
    .await;
    assert_eq!(count_events(db, "routing_candidate_added").await, 2);

    let number = phone_draft(db, &agent, "vip@example.com").await;
    routing::set_customer_terms(&db.state, &admin, "VIP@example.com", "vip", "")
        .await
        .unwrap();
    assert_eq!(count_events(db, "customer_terms_changed").await, 1);

    // The draft's preview weighs its customer; without one, the case would fall back.
    let preview = routing::preview_for(
        &db.state,
        &agent,
        folder.id,
        Some(folder.case_type),
        Some(group),
        Some(&number),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(preview.reason, RouteReason::CustomerTier);
    assert_eq!(
        preview.detail,
        RouteDetail {
            matched: Some("vip".into()),
            candidates: 2
        }
    );
    let anonymous = routing::preview(
        &db.state,
        &agent,
        folder.id,
        Some(folder.case_type),
        Some(group),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(anonymous.reason, RouteReason::Fallback);

    // The type x group table still comes first, VIP or not.
    let covered = routing::preview_for(
        &db.state,
        &agent,
        folder.id,
        Some(folder.case_type),
        Some(folder.case_group),
        Some(&number),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        (covered.manager, covered.reason),
        (folder.manager.name.clone(), RouteReason::TypeGroup)
    );

    open_in(db, &agent, &number, &folder, group).await;
    let (manager, reason, detail) = manager_of(db, &agent, &number).await;
    assert_eq!(manager.as_deref(), Some(vip_manager.name.as_str()));
    assert_eq!(reason, Some(RouteReason::CustomerTier));
    let detail = detail.expect("the rule is recorded");
    assert_eq!(
        detail,
        RouteDetail {
            matched: Some("vip".into()),
            candidates: 2
        }
    );
    let t = Locale::En.texts();
    assert_eq!(
        t.route_explained(RouteReason::CustomerTier, Some(&detail)),
        "by the customer's tier VIP · least open work among 2"
    );

    // A VIP customer's own case from the portal is routed the same way when filed.
    let portal = db.person("vip.portal@example.com", Role::Customer).await;
    routing::set_customer_terms(&db.state, &admin, &portal.email, "vip", "")
        .await
        .unwrap();
    let own = intake::file_case(&db.state, &portal, portal_case(), vec![])
        .await
        .unwrap()
        .to_string();
    let (manager, reason, _) = manager_of(db, &agent, &own).await;
    assert_eq!(reason, Some(RouteReason::CustomerTier));
    // The VIP manager has one open case now; the supervisor none.
    assert_eq!(manager.as_deref(), Some(vip_supervisor.name.as_str()));
}

async fn the_least_loaded_candidate_gets_the_case_and_weights_change_who_that_is(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let group = uncovered_group(db, &admin, &folder).await;
    let first = db.person("gold.uno@example.com", Role::Manager).await;
    let second = db.person("gold.dos@example.com", Role::Manager).await;
    for who in [&second, &first] {
        add_candidate(db, &admin, &folder, ("sla_class", " Gold "), who).await;
    }
    let setup = routing::setup(&db.state, &admin, folder.id).await.unwrap();
    assert_eq!(setup.pools.len(), 1, "one rule, two candidates");
    assert_eq!(
        setup.pools[0].criterion,
        Criterion::Sla(SlaClass::parse("gold").unwrap())
    );
    assert_eq!(setup.pools[0].candidates.len(), 2);

    let a = phone_draft(db, &agent, "oro@example.com").await;
    routing::set_customer_terms(&db.state, &admin, "oro@example.com", "standard", "GOLD")
        .await
        .unwrap();
    // Nobody has work: the lowest id. Then the one without the first case.
    open_in(db, &agent, &a, &folder, group).await;
    assert_eq!(
        manager_of(db, &agent, &a).await.0.as_deref(),
        Some(first.name.as_str())
    );
    let b = phone_draft(db, &agent, "oro@example.com").await;
    open_in(db, &agent, &b, &folder, group).await;
    let (manager, reason, _) = manager_of(db, &agent, &b).await;
    assert_eq!(
        (manager.as_deref(), reason),
        (Some(second.name.as_str()), Some(RouteReason::SlaClass))
    );

    // `first` also has an open task: 1 case + 1 task against 1 case.
    {
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        let case_id: i64 = sqlx::query_scalar("SELECT id FROM cases WHERE number = $1")
            .bind(&a)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO tasks (case_id, title, instructions, assignee_id, assigned_by, state, open_work, created_at, updated_at)
             VALUES ($1, 'Revisar factura', 'Comparar con el pedido', $2, $2, 'pending', 1, 0, 0)",
        )
        .bind(case_id)
        .bind(first.id)
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    let c = phone_draft(db, &agent, "oro@example.com").await;
    open_in(db, &agent, &c, &folder, group).await;
    assert_eq!(
        manager_of(db, &agent, &c).await.0.as_deref(),
        Some(second.name.as_str())
    );

    // Now `first` has 1 case and 1 task, `second` 2 cases.
    let d = phone_draft(db, &agent, "oro@example.com").await;
    let chosen = |case_weight: &'static str, task_weight: &'static str| {
        let (state, admin, agent, d) = (&db.state, &admin, &agent, &d);
        async move {
            routing::save_weights(state, admin, folder.id, case_weight, task_weight)
                .await
                .unwrap();
            routing::preview_for(
                state,
                agent,
                folder.id,
                Some(folder.case_type),
                Some(group),
                Some(d),
            )
            .await
            .unwrap()
            .unwrap()
            .manager
        }
    };
    assert_eq!(
        chosen("1", "1").await,
        first.name,
        "2 against 2: the lowest id"
    );
    assert_eq!(chosen("5", "1").await, first.name, "6 against 10");
    assert_eq!(chosen("1", "5").await, second.name, "6 against 2");
    assert_eq!(
        chosen("0", "1").await,
        second.name,
        "cases ignored: 1 against 0"
    );
    let setup = routing::setup(&db.state, &admin, folder.id).await.unwrap();
    assert_eq!((setup.weights.open_case, setup.weights.open_task), (0, 1));
    assert_eq!(count_events(db, "routing_weights_changed").await, 4);

    match routing::save_weights(&db.state, &admin, folder.id, "mucho", "101").await {
        Err(AppError::Invalid(e)) => {
            assert_eq!(e.get("case_weight"), Some(&FieldProblem::NotANumber));
            assert_eq!(e.get("task_weight"), Some(&FieldProblem::Invalid));
        }
        other => panic!("expected field problems, got {other:?}"),
    }
    assert!(matches!(
        routing::save_weights(&db.state, &agent, folder.id, "1", "1").await,
        Err(AppError::Forbidden)
    ));
}

async fn when_nothing_matches_the_fallback_manager_gets_the_case(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let group = uncovered_group(db, &admin, &folder).await;
    let vip_manager = db.person("vip.uno@example.com", Role::Manager).await;
    add_candidate(db, &admin, &folder, ("customer_tier", "vip"), &vip_manager).await;
    add_candidate(db, &admin, &folder, ("sla_class", "gold"), &vip_manager).await;

    // A standard customer with another class matches neither rule.
    let number = phone_draft(db, &agent, "plata@example.com").await;
    routing::set_customer_terms(&db.state, &admin, "plata@example.com", "standard", "silver")
        .await
        .unwrap();
    open_in(db, &agent, &number, &folder, group).await;
    let (manager, reason, detail) = manager_of(db, &agent, &number).await;
    assert_eq!(manager.as_deref(), Some(folder.manager.name.as_str()));
    assert_eq!(reason, Some(RouteReason::Fallback));
    assert_eq!(
        detail,
        Some(RouteDetail {
            matched: None,
            candidates: 1
        })
    );

    // A rule left without candidates is gone, and its customers fall back.
    let setup = routing::setup(&db.state, &admin, folder.id).await.unwrap();
    let vip_pool = setup
        .pools
        .iter()
        .find(|p| p.criterion == Criterion::Tier(CustomerTier::Vip))
        .unwrap()
        .pool_id;
    assert!(matches!(
        routing::remove_pool_candidate(&db.state, &agent, vip_pool, vip_manager.id).await,
        Err(AppError::Forbidden)
    ));
    routing::remove_pool_candidate(&db.state, &admin, vip_pool, vip_manager.id)
        .await
        .unwrap();
    assert_eq!(count_events(db, "routing_candidate_removed").await, 1);
    let setup = routing::setup(&db.state, &admin, folder.id).await.unwrap();
    assert_eq!(setup.pools.len(), 1);
    assert_eq!(setup.pools[0].criterion.reason(), RouteReason::SlaClass);
    let vip = phone_draft(db, &agent, "vip@example.com").await;
    routing::set_customer_terms(&db.state, &admin, "vip@example.com", "vip", "")
        .await
        .unwrap();
    let preview = routing::preview_for(
        &db.state,
        &agent,
        folder.id,
        Some(folder.case_type),
        Some(group),
        Some(&vip),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(preview.reason, RouteReason::Fallback);
}

async fn only_admins_set_rules_and_customer_terms_and_bad_values_are_refused(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let form = |kind: &str, value: &str, manager_id: Option<i64>| PoolForm {
        kind: kind.into(),
        value: value.into(),
        manager_id,
    };
    assert!(matches!(
        routing::add_pool_candidate(
            &db.state,
            &agent,
            folder.id,
            form("customer_tier", "vip", Some(folder.manager.id))
        )
        .await,
        Err(AppError::Forbidden)
    ));
    match routing::add_pool_candidate(
        &db.state,
        &admin,
        folder.id,
        form("customer_tier", "platinum", Some(agent.id)),
    )
    .await
    {
        Err(AppError::Invalid(e)) => {
            assert_eq!(e.get("value"), Some(&FieldProblem::Invalid));
            // Agents do not manage cases.
            assert_eq!(e.get("manager_id"), Some(&FieldProblem::Required));
        }
        other => panic!("expected field problems, got {other:?}"),
    }
    match routing::add_pool_candidate(
        &db.state,
        &admin,
        folder.id,
        form("type_group", "x", Some(folder.manager.id)),
    )
    .await
    {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("kind"), Some(&FieldProblem::Invalid)),
        other => panic!("expected a field problem, got {other:?}"),
    }

    phone_draft(db, &agent, "ana@example.com").await;
    assert!(matches!(
        routing::set_customer_terms(&db.state, &agent, "ana@example.com", "vip", "").await,
        Err(AppError::Forbidden)
    ));
    match routing::set_customer_terms(
        &db.state,
        &admin,
        "agente@example.com",
        "gold",
        "oro y plata",
    )
    .await
    {
        Err(AppError::Invalid(e)) => {
            // Staff are not customers; the tier and class must be known shapes.
            assert_eq!(e.get("email"), Some(&FieldProblem::Invalid));
            assert_eq!(e.get("tier"), Some(&FieldProblem::Invalid));
            assert_eq!(e.get("sla_class"), Some(&FieldProblem::Invalid));
        }
        other => panic!("expected field problems, got {other:?}"),
    }
    routing::set_customer_terms(&db.state, &admin, "ana@example.com", "vip", "Gold")
        .await
        .unwrap();
    let setup = routing::setup(&db.state, &admin, folder.id).await.unwrap();
    assert_eq!(setup.customers.len(), 1);
    assert_eq!(setup.customers[0].email, "ana@example.com");
    assert_eq!(setup.customers[0].terms.tier, CustomerTier::Vip);
    assert_eq!(setup.customers[0].terms.sla_class, SlaClass::parse("gold"));
    // Back to the default: no longer listed.
    routing::set_customer_terms(&db.state, &admin, "ana@example.com", "standard", " ")
        .await
        .unwrap();
    let setup = routing::setup(&db.state, &admin, folder.id).await.unwrap();
    assert!(setup.customers.is_empty());
}

fn portal_case() -> IntakeForm {
    IntakeForm {
        subject: "Cobro indebido".into(),
        description: "Me cobraron dos veces la cuota de mayo.".into(),
        class: "complaint".into(),
        channel: "web".into(),
        ..Default::default()
    }
}

async fn the_demo_routes_its_vip_customer_by_the_vip_rule_and_others_as_before(db: &TestDb) {
    seed::demo(&db.state).await.unwrap();
    seed::demo(&db.state).await.unwrap();
    let admin = db.existing("admin@example.com").await;
    let manager = db.existing("gestor@example.com").await;
    let folder = catalogs::folders(&db.state, &admin).await.unwrap()[0].id;
    let setup = routing::setup(&db.state, &admin, folder).await.unwrap();
    assert_eq!(setup.pools.len(), 1, "seeding twice adds the rule once");
    assert_eq!(setup.pools[0].criterion, Criterion::Tier(CustomerTier::Vip));
    assert_eq!(setup.pools[0].candidates.len(), 2);
    assert_eq!(setup.customers.len(), 1);

    let standard = db.existing("cliente@example.com").await;
    let number = intake::file_case(&db.state, &standard, portal_case(), vec![])
        .await
        .unwrap()
        .to_string();
    let (manager_name, reason, _) = manager_of(db, &admin, &number).await;
    assert_eq!(
        (manager_name, reason),
        (Some(manager.name.clone()), Some(RouteReason::Fallback))
    );

    let vip = db.existing(seed::DEMO_VIP.0).await;
    let number = intake::file_case(&db.state, &vip, portal_case(), vec![])
        .await
        .unwrap()
        .to_string();
    let (_, reason, detail) = manager_of(db, &admin, &number).await;
    assert_eq!(reason, Some(RouteReason::CustomerTier));
    assert_eq!(detail.unwrap().candidates, 2);
}

on_both_backends!(
    the_demo_routes_its_vip_customer_by_the_vip_rule_and_others_as_before,
    a_vip_customers_case_goes_to_the_vip_pool_and_says_why,
    the_least_loaded_candidate_gets_the_case_and_weights_change_who_that_is,
    when_nothing_matches_the_fallback_manager_gets_the_case,
    only_admins_set_rules_and_customer_terms_and_bad_values_are_refused,
);
