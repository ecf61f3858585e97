//! The demo organisation of CONTRACTS.md: one user per role and a few cases, loaded by
//! `tramita seed demo` and on the first start. Running it again changes nothing.

use crate::backend::services::{auth, intake};
use crate::backend::store::users;
use crate::backend::{AppError, AppState};
use crate::domain::intake::IntakeForm;
use crate::domain::people::{Email, Role};
use crate::model::Viewer;

/// The one password of every demo user (README).
pub const DEMO_PASSWORD: &str = "demo-tramita";

pub const DEMO_USERS: &[(&str, &str, Role)] = &[
    ("admin@example.com", "Adriana Administradora", Role::Admin),
    (
        "supervisor@example.com",
        "Sergio Supervisor",
        Role::Supervisor,
    ),
    ("gestor@example.com", "Gabriela Gestora", Role::Manager),
    ("agente@example.com", "Andrés Agente", Role::Agent),
    ("cliente@example.com", "Camila Cliente", Role::Customer),
    // People outside customer service who get tasks (SPEC C6: "any employee").
    ("almacen@example.com", "Alba Almacén", Role::Employee),
    ("calidad@example.com", "Carlos Calidad", Role::Employee),
];

/// Loads the demo organisation; returns how many users it created.
pub async fn demo(state: &AppState) -> Result<usize, AppError> {
    let mut created = 0;
    for (email, name, role) in DEMO_USERS {
        let email = Email::parse(email).expect("demo e-mails are valid");
        let exists = users::by_email(&mut *state.store.pool().acquire().await?, email.as_str())
            .await?
            .is_some();
        if !exists {
            auth::create_user(
                &state.store,
                None,
                &email,
                name,
                None,
                *role,
                Some(DEMO_PASSWORD.into()),
            )
            .await?;
            created += 1;
        }
    }
    demo_folder(state).await?;
    demo_vip(state).await?;
    // The demo cases come with the first load only; users added to the demo later do not
    // bring them again.
    if created == DEMO_USERS.len() {
        demo_cases(state).await?;
    }
    Ok(created)
}

/// The folder of `seeds/003_*.txt` ("Casos de Clientes") with exactly its catalogs, and the
/// categories and responsible area of `seeds/004_*.txt`.
pub const DEMO_FOLDER: &str = "Casos de Clientes";

pub const DEMO_CATALOGS: &[(&str, &[(&str, &str)])] = &[
    (
        "qualification",
        &[
            ("Reclamación", ""),
            ("Incidencia", ""),
            ("Necesidad de mantenimiento", ""),
            ("Pregunta de soporte", ""),
        ],
    ),
    (
        "cause",
        &[
            ("Errores en Pedidos", ""),
            ("Pedido no recibido", ""),
            ("Producto caducado", ""),
            ("Producto con fecha cercana a caducidad", ""),
            ("Embalaje en mal estado", ""),
            ("Tarifa mal aplicada", ""),
            ("Errores en facturación", ""),
            ("No Incidencia", ""),
            ("Otros", ""),
        ],
    ),
    (
        "severity",
        &[("Alta", ""), ("Media", ""), ("Baja", ""), ("N/A", "")],
    ),
    ("priority", &[("Alta", ""), ("Media", ""), ("Baja", "")]),
    (
        "case_type",
        &[("Clientes", "customers"), ("Socios", "partners")],
    ),
    (
        "case_group",
        &[
            ("Tiendas propias", "own_stores"),
            ("Distribuidores", "distributors"),
        ],
    ),
    ("area", &[("Gestión de Clientes", "")]),
];

/// Category 1 / 2 / 3 of `seeds/004_*.txt`.
pub const DEMO_CATEGORY_PATH: [&str; 3] = ["Medidor", "Cobranza", "Gestión de cobranza"];

async fn demo_folder(state: &AppState) -> Result<(), AppError> {
    use crate::backend::services::catalogs::{add_entry_as, create_folder_as, EntryForm};
    use crate::backend::store::catalogs as store;
    let exists = store::folder_by_name(&mut *state.store.pool().acquire().await?, DEMO_FOLDER)
        .await?
        .is_some();
    if exists {
        return Ok(());
    }
    let folder_id = create_folder_as(state, None, DEMO_FOLDER).await?;
    for (kind, entries) in DEMO_CATALOGS {
        for (name, binding) in *entries {
            let form = EntryForm {
                folder_id,
                kind: kind.to_string(),
                name: name.to_string(),
                binding: binding.to_string(),
                parent_id: None,
            };
            let id = add_entry_as(state, None, form).await?;
            // SPEC D4: the demo's cases stop their clock while they wait for the customer.
            if *kind == "case_type" {
                crate::backend::services::forms::set_pauses_for_customer_as(state, None, id, true)
                    .await?;
            }
        }
    }
    let mut parent = None;
    for name in DEMO_CATEGORY_PATH {
        let form = EntryForm {
            folder_id,
            kind: "category".into(),
            name: name.into(),
            binding: String::new(),
            parent_id: parent,
        };
        parent = Some(add_entry_as(state, None, form).await?);
    }
    demo_routing(state, folder_id).await?;
    demo_deadlines(state, folder_id).await?;
    demo_decisions(state, folder_id).await
}

/// Resolutions of `seeds/001_*.txt` (repair, replacement, refund, discount ...), approval
/// thresholds for customers' cases, the collection dispute of `seeds/004_*.txt` taken by phone,
/// e-mail or social media only, a payment-schedule change that always needs approval, and the
/// company's letterhead.
async fn demo_decisions(state: &AppState, folder_id: i64) -> Result<(), AppError> {
    use crate::backend::services::catalogs::{add_entry_as, EntryForm};
    use crate::backend::store::decisions as store;
    use crate::domain::decisions::Threshold;
    let entry = |kind: &str, name: &str, binding: &str| EntryForm {
        folder_id,
        kind: kind.into(),
        name: name.into(),
        binding: binding.into(),
        parent_id: None,
    };
    let mut resolutions = Vec::new();
    for (name, amount, by) in [
        ("Reparación", false, "manager"),
        ("Sustitución del producto", false, "manager"),
        ("Reembolso", true, "manager"),
        ("Descuento", true, "manager"),
        ("Nota de crédito", true, "manager"),
        ("Rechazo", false, "manager"),
        (
            "Dyspozycja zrealizowana / Petición realizada",
            false,
            "manager",
        ),
    ] {
        let id = add_entry_as(state, None, entry("resolution", name, "")).await?;
        resolutions.push((id, amount, by));
    }
    let dispute = add_entry_as(
        state,
        None,
        entry("case_type", "Disputa de cobranza", "customers"),
    )
    .await?;
    let schedule = add_entry_as(
        state,
        None,
        entry("case_type", "Cambio de plan de pagos", "customers"),
    )
    .await?;
    let address = add_entry_as(
        state,
        None,
        entry("case_type", "Cambio de domicilio", "customers"),
    )
    .await?;
    let mut conn = state.store.pool().acquire().await?;
    for (id, amount, by) in resolutions {
        store::set_resolution(&mut conn, id, amount, by, &[]).await?;
    }
    let customers = demo_entry(state, folder_id, "Clientes").await?;
    for (currency, minor) in [("EUR", 50_000), ("PLN", 200_000), ("COP", 200_000_000)] {
        let t = Threshold {
            currency: currency.into(),
            minor,
        };
        store::set_threshold(&mut conn, customers, &t).await?;
        store::set_threshold(&mut conn, dispute, &t).await?;
    }
    store::set_type_rules(
        &mut conn,
        dispute,
        Some("phone,email,social_media"),
        Some("email"),
        false,
        false,
    )
    .await?;
    // A9: the requests customers file from the portal; a change of address is done by the
    // agent at once, a new payment schedule changes the contract and waits for approval.
    store::set_type_rules(&mut conn, schedule, None, None, true, true).await?;
    store::set_type_rules(&mut conn, address, None, None, false, true).await?;
    store::put_company(
        &mut conn,
        &store::CompanyRow {
            name: "Servicios Públicos del Ejemplo S.A. E.S.P.".into(),
            address: "Calle 100 # 10-20, Bogotá D.C., Colombia".into(),
            tax_id: "NIT 900.123.456-7".into(),
            phone: "+57 601 555 0100".into(),
            email: "atencion@example.com".into(),
            website: "www.example.com".into(),
            logo_key: None,
            logo_type: None,
        },
        state.now_ms(),
    )
    .await?;
    Ok(())
}

/// The demo folder's terms, from `seeds/002_*.txt`: a complaint is answered within 15 business
/// days of the Colombian calendar; what comes through the virtual channel (the portal) gets a
/// first answer within 24 hours, the rest within 3 business days.
async fn demo_deadlines(state: &AppState, folder_id: i64) -> Result<(), AppError> {
    use crate::backend::services::deadlines::save_policy_as;
    use crate::domain::sla::SlaForm;
    let policy = |channel: &str, first: (&str, &str)| SlaForm {
        channel: channel.into(),
        calendar_code: "CO".into(),
        first_response_amount: first.0.into(),
        first_response_unit: first.1.into(),
        resolution_amount: "15".into(),
        resolution_unit: "business_days".into(),
        at_risk_percent: "75".into(),
        ..Default::default()
    };
    save_policy_as(state, None, folder_id, policy("", ("3", "business_days"))).await?;
    save_policy_as(state, None, folder_id, policy("web", ("24", "hours"))).await
}

/// The demo folder's hand-over (SPEC B3): customers' cases from own stores and distributors
/// go to the manager, partners' cases from distributors to the supervisor, anything else to the
/// manager as fallback; the invoice number is an optional extra field of customer cases.
async fn demo_routing(state: &AppState, folder_id: i64) -> Result<(), AppError> {
    use crate::backend::services::{forms, routing};
    let manager = viewer(state, "gestor@example.com").await?;
    let supervisor = viewer(state, "supervisor@example.com").await?;
    routing::save_settings_as(
        state,
        None,
        folder_id,
        routing::SettingsForm {
            initiator_roles: vec![
                "agent".into(),
                "manager".into(),
                "supervisor".into(),
                "admin".into(),
            ],
            closer_role: "agent".into(),
            fallback_manager_id: Some(manager.id),
        },
    )
    .await?;
    let entry = |name: &'static str| demo_entry(state, folder_id, name);
    let (customers, partners) = (entry("Clientes").await?, entry("Socios").await?);
    let (stores, distributors) = (
        entry("Tiendas propias").await?,
        entry("Distribuidores").await?,
    );
    for (case_type, group, who) in [
        (customers, stores, &manager),
        (customers, distributors, &manager),
        (partners, distributors, &supervisor),
    ] {
        routing::put_rule_as(state, None, folder_id, case_type, group, who.id).await?;
    }
    forms::add_field_as(
        state,
        None,
        customers,
        forms::FieldForm {
            label: "Número de factura".into(),
            kind: "text".into(),
            required: false,
            help: "Como aparece en la factura del cliente.".into(),
            options: String::new(),
            currency: String::new(),
        },
    )
    .await?;
    Ok(())
}

/// A VIP customer of the demo (SPEC C1), with the demo password.
pub const DEMO_VIP: (&str, &str) = ("vip@example.com", "Valeria VIP");

/// The VIP customer and the demo folder's rule for VIP customers: their cases that the type x
/// group table does not cover go to the manager or the supervisor, whoever has less open work.
/// Added once, when the VIP customer does not exist yet; other customers route as before.
async fn demo_vip(state: &AppState) -> Result<(), AppError> {
    use crate::backend::services::routing;
    use crate::backend::store::catalogs as store;
    let (email, name) = DEMO_VIP;
    let email = Email::parse(email).expect("the demo e-mail is valid");
    let mut conn = state.store.pool().acquire().await?;
    if users::by_email(&mut conn, email.as_str()).await?.is_some() {
        return Ok(());
    }
    let Some(folder) = store::folder_by_name(&mut conn, DEMO_FOLDER).await? else {
        return Ok(());
    };
    drop(conn);
    auth::create_user(
        &state.store,
        None,
        &email,
        name,
        None,
        Role::Customer,
        Some(DEMO_PASSWORD.into()),
    )
    .await?;
    routing::set_customer_terms_as(state, None, email.as_str(), "vip", "").await?;
    for who in ["gestor@example.com", "supervisor@example.com"] {
        let manager = viewer(state, who).await?;
        let form = routing::PoolForm {
            kind: "customer_tier".into(),
            value: "vip".into(),
            manager_id: Some(manager.id),
        };
        routing::add_pool_candidate_as(state, None, folder.id, form).await?;
    }
    Ok(())
}

async fn demo_entry(state: &AppState, folder_id: i64, name: &str) -> Result<i64, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    crate::backend::store::catalogs::entries(&mut conn, folder_id)
        .await?
        .into_iter()
        .find(|e| e.name == name)
        .map(|e| e.id)
        .ok_or(AppError::NotFound)
}

async fn viewer(state: &AppState, email: &str) -> Result<Viewer, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    Ok(users::by_email(&mut conn, email)
        .await?
        .ok_or(AppError::NotFound)?
        .viewer())
}

async fn demo_cases(state: &AppState) -> Result<(), AppError> {
    let customer = viewer(state, "cliente@example.com").await?;
    let agent = viewer(state, "agente@example.com").await?;
    intake::file_case(
        state,
        &customer,
        IntakeForm {
            subject: "Pedido no recibido".into(),
            description: "Hice el pedido 4411 hace dos semanas y todavía no ha llegado.".into(),
            class: "complaint".into(),
            ..Default::default()
        },
        Vec::new(),
    )
    .await?;
    let draft = intake::file_case(
        state,
        &agent,
        IntakeForm {
            subject: "Tarifa mal aplicada en la factura de octubre".into(),
            description: "La clienta llama porque se le cobró la tarifa comercial en lugar de la residencial.".into(),
            class: "claim".into(),
            channel: "phone".into(),
            customer_email: Some("cliente@example.com".into()),
            customer_name: Some("Camila Cliente".into()),
            customer_phone: None,
            ..Default::default()
        },
        Vec::new(),
    )
    .await?;
    // The agent completes the draft and opens it, as on the desk.
    let folder_id = crate::backend::store::catalogs::folder_by_name(
        &mut *state.store.pool().acquire().await?,
        DEMO_FOLDER,
    )
    .await?
    .ok_or(AppError::NotFound)?
    .id;
    let form = crate::backend::services::drafts::DraftForm {
        case_type_id: demo_entry(state, folder_id, "Clientes").await?.to_string(),
        case_group_id: demo_entry(state, folder_id, "Tiendas propias")
            .await?
            .to_string(),
        ..Default::default()
    };
    crate::backend::services::drafts::save(
        state,
        &agent,
        &draft.to_string(),
        form,
        Vec::new(),
        true,
    )
    .await?;
    Ok(())
}

/// Adds `count` synthetic cases spread over the last two years, for benchmarks and for trying
/// the desk and the analysis with volume: in the demo folder, with its types, groups, causes,
/// qualifications, priorities and severities, handed to its managers, and closed ones with their
/// time to resolve. Deterministic for a given `seed`. Cases are written in batches, each batch
/// one transaction with its audit events, so a large run keeps memory flat.
pub async fn synthetic_cases(state: &AppState, count: u64, seed: u64) -> Result<u64, AppError> {
    use crate::backend::store::{audit, cases};
    use crate::domain::case::{CaseNumber, CaseState, Channel, DocumentClass};
    use chrono::{Datelike, TimeZone};
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    const CUSTOMERS: usize = 200;
    const BATCH: u64 = 2_000;
    const SUBJECTS: &[&str] = &[
        "Pedido no recibido",
        "Producto caducado",
        "Embalaje en mal estado",
        "Tarifa mal aplicada",
        "Errores en facturación",
        "Demora en la habilitación del servicio",
        "Cobro de una deuda que no reconozco",
    ];
    let mut rng = StdRng::seed_from_u64(seed);
    let agent = viewer(state, "agente@example.com").await.map_err(|_| {
        AppError::Internal("load the demo organisation first (tramita seed demo)".into())
    })?;

    let mut customer_ids = Vec::with_capacity(CUSTOMERS);
    for i in 0..CUSTOMERS {
        let email = format!("cliente.sintetico.{seed}.{i}@example.com");
        let existing = users::by_email(&mut *state.store.pool().acquire().await?, &email).await?;
        let id = match existing {
            Some(u) => u.id,
            None => {
                let mut conn = state.store.pool().acquire().await?;
                users::insert(
                    &mut conn,
                    users::NewUser {
                        email: &email,
                        name: &format!("Cliente Sintético {i}"),
                        phone: None,
                        role: Role::Customer,
                        password_hash: None,
                        created_at: state.now_ms(),
                        email_verified_at: None,
                    },
                )
                .await?
            }
        };
        customer_ids.push(id);
    }

    let mut conn = state.store.pool().acquire().await?;
    let folder_id = crate::backend::store::catalogs::folder_by_name(&mut conn, DEMO_FOLDER)
        .await?
        .map(|f| f.id);
    let entries = |kind: &'static str| {
        let folder_id = folder_id.unwrap_or(-1);
        sqlx::query_scalar::<_, i64>(
            "SELECT id FROM catalog_entries WHERE folder_id = $1 AND kind = $2 ORDER BY id",
        )
        .bind(folder_id)
        .bind(kind)
    };
    let mut catalog: Vec<Vec<i64>> = Vec::new();
    for kind in [
        "case_type",
        "case_group",
        "cause",
        "qualification",
        "priority",
        "severity",
    ] {
        catalog.push(entries(kind).fetch_all(&mut *conn).await?);
    }
    let managers: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE role = 'manager' ORDER BY id")
            .fetch_all(&mut *conn)
            .await?;
    drop(conn);
    let zone = state.config.time_zone;
    let pick = |rng: &mut StdRng, ids: &[i64]| -> Option<i64> {
        // One case in ten leaves a catalog unset, as real data does.
        (!ids.is_empty() && rng.gen_bool(0.9)).then(|| ids[rng.gen_range(0..ids.len())])
    };

    let now = state.now_ms();
    let two_years = 2 * 365 * 24 * 3600 * 1000_i64;
    let mut done = 0;
    while done < count {
        let n = BATCH.min(count - done);
        let mut tx = state.store.begin().await?;
        for _ in 0..n {
            let created_at = now - rng.gen_range(0..two_years);
            let year = state
                .config
                .time_zone
                .timestamp_millis_opt(created_at)
                .single()
                .map_or(2026, |t| t.year());
            let number = CaseNumber::new(year, cases::next_seq(&mut tx, year).await?).to_string();
            // Older cases are mostly closed, as on a real desk.
            let state_now = if rng.gen_bool(0.8) {
                CaseState::Closed
            } else {
                CaseState::OPEN_WORK[rng.gen_range(0..3)]
            };
            let channel = Channel::ALL[rng.gen_range(0..Channel::ALL.len())];
            let class = DocumentClass::ALL[rng.gen_range(0..DocumentClass::ALL.len())];
            let subject = SUBJECTS[rng.gen_range(0..SUBJECTS.len())];
            let customer_id = customer_ids[rng.gen_range(0..CUSTOMERS)];
            let case_id = cases::insert(
                &mut tx,
                cases::NewCase {
                    number: &number,
                    customer_id,
                    subject,
                    description: "Caso sintético para pruebas de volumen.",
                    class: class.code(),
                    channel: channel.code(),
                    state: state_now,
                    created_by: if channel == Channel::Web {
                        customer_id
                    } else {
                        agent.id
                    },
                    created_at,
                    subject_identifier: None,
                    claim_day: None,
                    coverage: None,
                    folder_id,
                    // Set with the other catalogs just below.
                    case_type_id: None,
                    manager_id: pick(&mut rng, &managers),
                    route_reason: None,
                    filed_month: crate::domain::calendar::month_key(created_at, zone),
                },
            )
            .await?;
            let ids: Vec<Option<i64>> = catalog.iter().map(|ids| pick(&mut rng, ids)).collect();
            // Closed cases: a time to resolve skewed towards the legal term of 15 days.
            let closing = (state_now == CaseState::Closed).then(|| {
                let days: i64 = rng.gen_range(0..10) + rng.gen_range(0..15);
                let closed_at = (created_at + days * 36 * 3600 * 1000).min(now);
                (closed_at, days, days <= 15, rng.gen_bool(0.05))
            });
            sqlx::query(
                "UPDATE cases SET case_type_id = $1, case_group_id = $2, cause_id = $3, \
                 qualification_id = $4, priority_id = $5, severity_id = $6, closed_at = $7, \
                 closed_month = $8, resolution_days = $9, resolved_in_time = $10, reopen_count = $11 \
                 WHERE id = $12",
            )
            .bind(ids[0])
            .bind(ids[1])
            .bind(ids[2])
            .bind(ids[3])
            .bind(ids[4])
            .bind(ids[5])
            .bind(closing.map(|c| c.0))
            .bind(closing.map(|c| crate::domain::calendar::month_key(c.0, zone)))
            .bind(closing.map(|c| c.1))
            .bind(closing.map(|c| i64::from(c.2)))
            .bind(closing.map_or(0, |c| i64::from(c.3)))
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
            audit::append(
                &mut tx,
                audit::NewEvent {
                    case_id: Some(case_id),
                    actor_id: Some(agent.id),
                    at: created_at,
                    action: "case_filed",
                    entity: "case",
                    entity_id: Some(case_id),
                    changes: vec![
                        ("number".into(), None, Some(number.clone())),
                        ("state".into(), None, Some(state_now.code().into())),
                    ],
                    note: Some("synthetic".into()),
                    public: true,
                },
            )
            .await?;
        }
        tx.commit().await?;
        done += n;
    }
    Ok(done)
}
