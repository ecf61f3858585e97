//! Hand-over settings per folder (SPEC B3) and the routing they drive (SPEC C1): who may start
//! cases, who closes them, the type x group -> manager table, the tier and SLA class pools with
//! the weights of open work, the fallback manager, and customers' tier and SLA class.

use super::catalogs::{catalog_choices, record, require_admin};
use crate::backend::store::audit;
use crate::backend::store::routing::{self as store, FolderSettingsRow};
use crate::backend::store::{catalogs, users};
use crate::backend::{AppError, AppState};
use crate::domain::access::CaseAction;
use crate::domain::catalog::CatalogKind;
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::domain::people::Role;
use crate::domain::routing::{
    choose, find_rule, Criterion, CustomerTerms, CustomerTier, PoolRule, Route, RouteDetail,
    RouteReason, RoutingRule, RoutingRules, SlaClass, WorkWeights, Workload,
};
use crate::model::{
    Choice, CustomerTermsView, RoutingPoolView, RoutingPreview, RoutingRuleView, RoutingSetup,
    Viewer,
};
use sqlx::AnyConnection;

/// The roles stored in a folder's `initiator_roles`.
pub fn initiator_roles(row: &FolderSettingsRow) -> Vec<Role> {
    row.initiator_roles
        .split(',')
        .filter_map(|r| r.trim().parse().ok())
        .collect()
}

/// The folder's tier and SLA class rules as the engine reads them, keeping only candidates in
/// `active` (people who may still be given cases).
fn pool_rules(rows: &[store::PoolMemberRow], active: &[Choice]) -> Vec<PoolRule> {
    let mut pools: Vec<(i64, PoolRule)> = Vec::new();
    for r in rows {
        let Some(criterion) = Criterion::parse(&r.criterion, &r.value) else {
            continue;
        };
        let i = match pools.iter().position(|(id, _)| *id == r.pool_id) {
            Some(i) => i,
            None => {
                pools.push((
                    r.pool_id,
                    PoolRule {
                        criterion,
                        candidates: Vec::new(),
                    },
                ));
                pools.len() - 1
            }
        };
        if active.iter().any(|m| m.id == r.manager_id) {
            pools[i].1.candidates.push(r.manager_id);
        }
    }
    pools.into_iter().map(|(_, p)| p).collect()
}

/// A customer's terms from their stored row; anything unreadable counts as the default.
fn terms_of(row: &store::CustomerTermsRow) -> CustomerTerms {
    CustomerTerms {
        tier: row.tier.parse().unwrap_or(CustomerTier::Standard),
        sla_class: row.sla_class.as_deref().and_then(SlaClass::parse),
    }
}

fn weights_of(folder: &FolderSettingsRow) -> WorkWeights {
    let w = |v: i64| u32::try_from(v).unwrap_or(1).min(WorkWeights::MAX);
    WorkWeights {
        open_case: w(folder.route_case_weight),
        open_task: w(folder.route_task_weight),
    }
}

/// Who routing picks for a case of this type and group in this folder, for this customer
/// (SPEC C1). Reads the rules, the customer's terms and, when a rule offers several people,
/// their open work; `domain::routing` decides.
pub async fn route_in(
    conn: &mut AnyConnection,
    folder: &FolderSettingsRow,
    case_type: Option<i64>,
    case_group: Option<i64>,
    customer_id: Option<i64>,
) -> Result<Option<Route>, sqlx::Error> {
    let table: Vec<RoutingRule> = store::rules(conn, folder.id)
        .await?
        .into_iter()
        .map(|r| RoutingRule {
            case_type_id: r.case_type_id,
            case_group_id: r.case_group_id,
            manager_id: r.manager_id,
        })
        .collect();
    let active = managers(conn).await?;
    let pools = pool_rules(&store::pool_members(conn, folder.id).await?, &active);
    let customer = match customer_id {
        Some(id) => store::customer_terms(conn, id)
            .await?
            .map(|row| terms_of(&row))
            .unwrap_or_default(),
        None => CustomerTerms::default(),
    };
    let rules = RoutingRules {
        table: &table,
        pools: &pools,
        fallback: folder.fallback_manager_id,
    };
    let Some(found) = find_rule(rules, case_type, case_group, &customer) else {
        return Ok(None);
    };
    // Counting costs two queries per candidate: only worth it when there is a choice.
    let mut loads = Vec::new();
    if found.candidates.len() > 1 {
        for &id in &found.candidates {
            let (cases, tasks) = store::open_work(conn, id).await?;
            loads.push(Workload {
                manager_id: id,
                open_cases: u32::try_from(cases).unwrap_or(u32::MAX),
                open_tasks: u32::try_from(tasks).unwrap_or(u32::MAX),
            });
        }
    }
    Ok(Some(choose(found, &loads, weights_of(folder))))
}

/// Stores beside the case's `route_reason` what explains it (the tier or class matched, how
/// many candidates there were), in the caller's transaction.
pub async fn record_route(
    conn: &mut AnyConnection,
    case_id: i64,
    route: &Route,
) -> Result<(), sqlx::Error> {
    store::set_route_detail(
        conn,
        case_id,
        route.detail.matched.as_deref(),
        i64::from(route.detail.candidates),
    )
    .await
}

/// The audit trail's record of a hand-over by routing.
pub fn route_changes(route: &Route) -> Vec<audit::Change> {
    let mut changes: Vec<audit::Change> = vec![
        ("manager".into(), None, Some(route.manager_id.to_string())),
        ("route".into(), None, Some(route.reason.code().into())),
    ];
    if let Some(m) = &route.detail.matched {
        changes.push(("route_rule".into(), None, Some(m.clone())));
    }
    if route.detail.candidates > 1 {
        changes.push((
            "route_candidates".into(),
            None,
            Some(route.detail.candidates.to_string()),
        ));
    }
    changes
}

/// What the case page shows beside the manager: the stored detail of its routing.
pub async fn detail_of(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Option<RouteDetail>, sqlx::Error> {
    Ok(store::route_detail(conn, case_id).await?.and_then(|d| {
        d.route_candidates.map(|n| RouteDetail {
            matched: d.route_rule,
            candidates: u32::try_from(n).unwrap_or(0),
        })
    }))
}

/// What the draft shows before it is opened: whom routing would choose now, for a case of no
/// customer in particular.
pub async fn preview(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
    case_type: Option<i64>,
    case_group: Option<i64>,
) -> Result<Option<RoutingPreview>, AppError> {
    preview_for(state, viewer, folder_id, case_type, case_group, None).await
}

/// [`preview`] for the draft `number`, whose customer's tier and SLA class count.
pub async fn preview_for(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
    case_type: Option<i64>,
    case_group: Option<i64>,
    number: Option<&str>,
) -> Result<Option<RoutingPreview>, AppError> {
    // Whom a case would go to says things about its customer (their tier): only for those who
    // may edit the draft, or record cases at all.
    if number.is_none() && !crate::domain::access::may_record_cases(viewer.role) {
        return Err(AppError::Forbidden);
    }
    let mut conn = state.store.pool().acquire().await?;
    let customer = match number {
        Some(n) => Some(
            super::access::case_for(&mut conn, viewer, n, CaseAction::EditDraft)
                .await?
                .case
                .customer_id,
        ),
        None => None,
    };
    let folder = store::settings(&mut conn, folder_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(chosen) = route_in(&mut conn, &folder, case_type, case_group, customer).await? else {
        return Ok(None);
    };
    let manager = users::by_id(&mut conn, chosen.manager_id)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    Ok(Some(RoutingPreview {
        manager,
        reason: chosen.reason,
        detail: chosen.detail,
    }))
}

/// The folders `viewer` may start cases in, in the admin's order.
pub async fn folders_for_initiator(
    conn: &mut AnyConnection,
    viewer: &Viewer,
) -> Result<Vec<FolderSettingsRow>, sqlx::Error> {
    Ok(store::active_folders(conn)
        .await?
        .into_iter()
        .filter(|f| initiator_roles(f).contains(&viewer.role))
        .collect())
}

pub async fn folder_choices(state: &AppState, viewer: &Viewer) -> Result<Vec<Choice>, AppError> {
    if !viewer.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    let mut conn = state.store.pool().acquire().await?;
    Ok(folders_for_initiator(&mut conn, viewer)
        .await?
        .into_iter()
        .map(|f| Choice {
            id: f.id,
            name: f.name,
        })
        .collect())
}

pub async fn setup(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
) -> Result<RoutingSetup, AppError> {
    require_admin(viewer)?;
    let mut conn = state.store.pool().acquire().await?;
    let folder = store::settings(&mut conn, folder_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let entries = catalogs::entries(&mut conn, folder_id).await?;
    let name_of = |id: i64| {
        entries
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.name.clone())
            .unwrap_or_default()
    };
    let rules = store::rules(&mut conn, folder_id)
        .await?
        .into_iter()
        .map(|r| RoutingRuleView {
            id: r.id,
            case_type: name_of(r.case_type_id),
            case_group: name_of(r.case_group_id),
            manager: r.manager_name,
        })
        .collect();
    Ok(RoutingSetup {
        folder_id,
        folder_name: folder.name.clone(),
        initiator_roles: initiator_roles(&folder),
        closer_role: folder.closer_role.parse().unwrap_or(Role::Agent),
        fallback_manager_id: folder.fallback_manager_id,
        managers: managers(&mut conn).await?,
        case_types: catalog_choices(&mut conn, folder_id, CatalogKind::CaseType).await?,
        case_groups: catalog_choices(&mut conn, folder_id, CatalogKind::CaseGroup).await?,
        rules,
        pools: pool_views(&store::pool_members(&mut conn, folder_id).await?),
        weights: weights_of(&folder),
        customers: store::customers_with_terms(&mut conn)
            .await?
            .into_iter()
            .map(|row| CustomerTermsView {
                terms: terms_of(&row),
                name: row.name,
                email: row.email,
            })
            .collect(),
    })
}

/// What the settings form sends: role codes, the closer's role code and the fallback
/// manager's id (empty for none).
pub struct SettingsForm {
    pub initiator_roles: Vec<String>,
    pub closer_role: String,
    pub fallback_manager_id: Option<i64>,
}

pub async fn save_settings(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
    form: SettingsForm,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    save_settings_as(state, Some(viewer.id), folder_id, form).await
}

pub async fn save_settings_as(
    state: &AppState,
    actor: Option<i64>,
    folder_id: i64,
    form: SettingsForm,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let mut roles = Vec::new();
    for r in &form.initiator_roles {
        match r.parse::<Role>() {
            Ok(role) if role.is_staff() => {
                if !roles.contains(&role) {
                    roles.push(role);
                }
            }
            _ => errors.add("initiator_roles", FieldProblem::Invalid),
        }
    }
    if roles.is_empty() {
        errors.add("initiator_roles", FieldProblem::Required);
    }
    let closer = match form.closer_role.parse::<Role>() {
        Ok(r) if r.is_staff() => Some(r),
        _ => {
            errors.add("closer_role", FieldProblem::Invalid);
            None
        }
    };
    let mut tx = state.store.begin().await?;
    if !catalogs::lock_folder(&mut tx, folder_id).await? {
        return Err(AppError::NotFound);
    }
    if let Some(m) = form.fallback_manager_id {
        if !managers(&mut tx).await?.iter().any(|c| c.id == m) {
            errors.add("fallback_manager_id", FieldProblem::Invalid);
        }
    }
    let (Some(closer), true) = (closer, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let before = store::settings(&mut tx, folder_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles_text = Role::ALL
        .iter()
        .filter(|r| roles.contains(r))
        .map(|r| r.code())
        .collect::<Vec<_>>()
        .join(",");
    store::set_settings(
        &mut tx,
        folder_id,
        &roles_text,
        closer.code(),
        form.fallback_manager_id,
    )
    .await?;
    let id_text = |v: Option<i64>| v.map(|m| m.to_string());
    let changes = vec![
        (
            "initiator_roles".into(),
            Some(before.initiator_roles),
            Some(roles_text),
        ),
        (
            "closer_role".into(),
            Some(before.closer_role),
            Some(closer.code().into()),
        ),
        (
            "fallback_manager".into(),
            id_text(before.fallback_manager_id),
            id_text(form.fallback_manager_id),
        ),
    ];
    record(
        &mut tx,
        actor,
        "folder_routing_changed",
        "folder",
        folder_id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the manager of a type x group cell of the folder's table.
pub async fn put_rule(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
    case_type_id: i64,
    case_group_id: i64,
    manager_id: i64,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    put_rule_as(
        state,
        Some(viewer.id),
        folder_id,
        case_type_id,
        case_group_id,
        manager_id,
    )
    .await
}

pub async fn put_rule_as(
    state: &AppState,
    actor: Option<i64>,
    folder_id: i64,
    case_type_id: i64,
    case_group_id: i64,
    manager_id: i64,
) -> Result<(), AppError> {
    let mut tx = state.store.begin().await?;
    if !catalogs::lock_folder(&mut tx, folder_id).await? {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::default();
    let belongs = |e: Option<catalogs::EntryRow>, kind: CatalogKind| matches!(e, Some(e) if e.folder_id == folder_id && e.kind == kind.code());
    if !belongs(
        catalogs::entry(&mut tx, case_type_id).await?,
        CatalogKind::CaseType,
    ) {
        errors.add("case_type_id", FieldProblem::Required);
    }
    if !belongs(
        catalogs::entry(&mut tx, case_group_id).await?,
        CatalogKind::CaseGroup,
    ) {
        errors.add("case_group_id", FieldProblem::Required);
    }
    if !managers(&mut tx).await?.iter().any(|c| c.id == manager_id) {
        errors.add("manager_id", FieldProblem::Required);
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let before =
        store::put_rule(&mut tx, folder_id, case_type_id, case_group_id, manager_id).await?;
    let changes = vec![
        ("case_type".into(), None, Some(case_type_id.to_string())),
        ("case_group".into(), None, Some(case_group_id.to_string())),
        (
            "manager".into(),
            before.map(|m| m.to_string()),
            Some(manager_id.to_string()),
        ),
    ];
    record(
        &mut tx,
        actor,
        "routing_rule_set",
        "folder",
        folder_id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_rule(state: &AppState, viewer: &Viewer, rule_id: i64) -> Result<i64, AppError> {
    require_admin(viewer)?;
    let folder_id = {
        let mut conn = state.store.pool().acquire().await?;
        store::rule(&mut conn, rule_id)
            .await?
            .ok_or(AppError::NotFound)?
            .folder_id
    };
    let mut tx = state.store.begin().await?;
    catalogs::lock_folder(&mut tx, folder_id).await?;
    let rule = store::rule(&mut tx, rule_id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::delete_rule(&mut tx, rule_id).await?;
    let changes = vec![
        (
            "case_type".into(),
            Some(rule.case_type_id.to_string()),
            None,
        ),
        (
            "case_group".into(),
            Some(rule.case_group_id.to_string()),
            None,
        ),
        ("manager".into(), Some(rule.manager_id.to_string()), None),
    ];
    record(
        &mut tx,
        Some(viewer.id),
        "routing_rule_removed",
        "folder",
        folder_id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(folder_id)
}

/// The folder's pools for the admin: every candidate, active or not, tier rules first.
fn pool_views(rows: &[store::PoolMemberRow]) -> Vec<RoutingPoolView> {
    let mut views: Vec<RoutingPoolView> = Vec::new();
    for r in rows {
        let Some(criterion) = Criterion::parse(&r.criterion, &r.value) else {
            continue;
        };
        let candidate = Choice {
            id: r.manager_id,
            name: r.manager_name.clone(),
        };
        match views.iter_mut().find(|v| v.pool_id == r.pool_id) {
            Some(v) => v.candidates.push(candidate),
            None => views.push(RoutingPoolView {
                pool_id: r.pool_id,
                criterion,
                candidates: vec![candidate],
            }),
        }
    }
    views.sort_by_key(|v| v.criterion.reason() != RouteReason::CustomerTier);
    views
}

/// What the pool form sends: the rule's kind (`customer_tier` or `sla_class`), the tier code
/// or the SLA class as typed, and the candidate's id.
pub struct PoolForm {
    pub kind: String,
    pub value: String,
    pub manager_id: Option<i64>,
}

/// Adds a candidate to the folder's rule for a tier or an SLA class, creating the rule.
pub async fn add_pool_candidate(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
    form: PoolForm,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    add_pool_candidate_as(state, Some(viewer.id), folder_id, form).await
}

pub async fn add_pool_candidate_as(
    state: &AppState,
    actor: Option<i64>,
    folder_id: i64,
    form: PoolForm,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let criterion = match form.kind.parse::<RouteReason>() {
        Ok(RouteReason::CustomerTier | RouteReason::SlaClass) => {
            let c = Criterion::parse(&form.kind, &form.value);
            if c.is_none() {
                errors.add("value", FieldProblem::Invalid);
            }
            c
        }
        _ => {
            errors.add("kind", FieldProblem::Invalid);
            None
        }
    };
    let mut tx = state.store.begin().await?;
    if !catalogs::lock_folder(&mut tx, folder_id).await? {
        return Err(AppError::NotFound);
    }
    let manager_id = form.manager_id;
    let known = match manager_id {
        Some(id) => managers(&mut tx).await?.iter().any(|m| m.id == id),
        None => false,
    };
    if !known {
        errors.add("manager_id", FieldProblem::Required);
    }
    let (Some(criterion), Some(manager_id), true) = (criterion, manager_id, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };
    let kind = criterion.reason().code();
    if store::add_pool_member(&mut tx, folder_id, kind, criterion.value(), manager_id).await? {
        let changes = vec![
            (
                "rule".into(),
                None,
                Some(format!("{kind}={}", criterion.value())),
            ),
            ("candidate".into(), None, Some(manager_id.to_string())),
        ];
        record(
            &mut tx,
            actor,
            "routing_candidate_added",
            "folder",
            folder_id,
            changes,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Takes a candidate out of a pool; returns the folder.
pub async fn remove_pool_candidate(
    state: &AppState,
    viewer: &Viewer,
    pool_id: i64,
    manager_id: i64,
) -> Result<i64, AppError> {
    require_admin(viewer)?;
    let folder_id = {
        let mut conn = state.store.pool().acquire().await?;
        store::pool_member(&mut conn, pool_id, manager_id)
            .await?
            .ok_or(AppError::NotFound)?
            .folder_id
    };
    let mut tx = state.store.begin().await?;
    catalogs::lock_folder(&mut tx, folder_id).await?;
    let member = store::pool_member(&mut tx, pool_id, manager_id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::remove_pool_member(&mut tx, pool_id, manager_id).await?;
    let changes = vec![
        (
            "rule".into(),
            Some(format!("{}={}", member.criterion, member.value)),
            None,
        ),
        ("candidate".into(), Some(manager_id.to_string()), None),
    ];
    record(
        &mut tx,
        Some(viewer.id),
        "routing_candidate_removed",
        "folder",
        folder_id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(folder_id)
}

/// Sets how much an open case and an open task weigh; each a whole number from 0 to
/// [`WorkWeights::MAX`], as typed in the form.
pub async fn save_weights(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
    open_case: &str,
    open_task: &str,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    save_weights_as(state, Some(viewer.id), folder_id, open_case, open_task).await
}

pub async fn save_weights_as(
    state: &AppState,
    actor: Option<i64>,
    folder_id: i64,
    open_case: &str,
    open_task: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let mut weight = |field: &str, text: &str| match text.trim().parse::<u32>() {
        Ok(w) if w <= WorkWeights::MAX => Some(w),
        Ok(_) => {
            errors.add(field, FieldProblem::Invalid);
            None
        }
        Err(_) => {
            errors.add(field, FieldProblem::NotANumber);
            None
        }
    };
    let (case_w, task_w) = (
        weight("case_weight", open_case),
        weight("task_weight", open_task),
    );
    let (Some(case_w), Some(task_w)) = (case_w, task_w) else {
        return Err(AppError::Invalid(errors));
    };
    let mut tx = state.store.begin().await?;
    if !catalogs::lock_folder(&mut tx, folder_id).await? {
        return Err(AppError::NotFound);
    }
    let before = store::settings(&mut tx, folder_id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::set_weights(&mut tx, folder_id, i64::from(case_w), i64::from(task_w)).await?;
    let changes = vec![
        (
            "case_weight".into(),
            Some(before.route_case_weight.to_string()),
            Some(case_w.to_string()),
        ),
        (
            "task_weight".into(),
            Some(before.route_task_weight.to_string()),
            Some(task_w.to_string()),
        ),
    ];
    record(
        &mut tx,
        actor,
        "routing_weights_changed",
        "folder",
        folder_id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a customer's tier and SLA class (SPEC C1), found by e-mail; an empty class removes it.
pub async fn set_customer_terms(
    state: &AppState,
    viewer: &Viewer,
    email: &str,
    tier: &str,
    sla_class: &str,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    set_customer_terms_as(state, Some(viewer.id), email, tier, sla_class).await
}

pub async fn set_customer_terms_as(
    state: &AppState,
    actor: Option<i64>,
    email: &str,
    tier: &str,
    sla_class: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let tier = tier.parse::<CustomerTier>().ok();
    if tier.is_none() {
        errors.add("tier", FieldProblem::Invalid);
    }
    let sla = match sla_class.trim() {
        "" => Ok(None),
        text => SlaClass::parse(text).map(Some).ok_or(()),
    };
    if sla.is_err() {
        errors.add("sla_class", FieldProblem::Invalid);
    }
    let mut tx = state.store.begin().await?;
    let customer = store::customer_terms_by_email(&mut tx, email.trim().to_lowercase().as_str())
        .await?
        .filter(|c| c.role == Role::Customer.code());
    if customer.is_none() {
        errors.add("email", FieldProblem::Invalid);
    }
    let (Some(customer), Some(tier), Ok(sla)) = (customer, tier, sla) else {
        return Err(AppError::Invalid(errors));
    };
    store::set_customer_terms(
        &mut tx,
        customer.id,
        tier.code(),
        sla.as_ref().map(|s| s.as_str()),
    )
    .await?;
    let changes = vec![
        ("tier".into(), Some(customer.tier), Some(tier.code().into())),
        (
            "sla_class".into(),
            customer.sla_class,
            sla.map(|s| s.to_string()),
        ),
    ];
    record(
        &mut tx,
        actor,
        "customer_terms_changed",
        "user",
        customer.id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Staff who may be given cases: active managers and supervisors.
pub async fn managers(conn: &mut AnyConnection) -> Result<Vec<Choice>, sqlx::Error> {
    Ok(users::staff(conn)
        .await?
        .into_iter()
        .filter(|u| u.active == 1 && matches!(u.role(), Role::Manager | Role::Supervisor))
        .map(|u| Choice {
            id: u.id,
            name: u.name,
        })
        .collect())
}
