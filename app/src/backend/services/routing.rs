//! Hand-over settings per folder (SPEC B3) and the routing they drive (SPEC C1): who may start
//! cases, who closes them, the type x group -> manager table, the tier and SLA class pools with
//! the weights of open work, the fallback manager, and customers' tier and SLA class.
//!
//! This module routes a case (reads the rules, asks `domain::routing`, records the outcome); the
//! admin's side lives in its submodules, one per part of the settings: `handover` (the folder's
//! settings and the whole setup page), `table`, `pools` (with the weights) and
//! `customer_terms`. Their entry points are re-exported here.

mod customer_terms;
mod handover;
mod pools;
mod table;

pub use customer_terms::{set_customer_terms, set_customer_terms_as};
pub use handover::{save_settings, save_settings_as, setup, SettingsForm};
pub use pools::{
    add_pool_candidate, add_pool_candidate_as, remove_pool_candidate, save_weights,
    save_weights_as, PoolForm,
};
pub use table::{delete_rule, put_rule, put_rule_as};

use crate::backend::store::audit;
use crate::backend::store::routing::{self as store, FolderSettingsRow};
use crate::backend::store::users;
use crate::backend::{AppError, AppState};
use crate::domain::access::CaseAction;
use crate::domain::people::Role;
use crate::domain::routing::{
    choose, find_rule, Criterion, CustomerTerms, CustomerTier, PoolRule, Route, RouteDetail,
    RoutingRule, RoutingRules, SlaClass, WorkWeights, Workload,
};
use crate::model::{Choice, RoutingPreview, Viewer};
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
    if !crate::domain::access::may_record_cases(viewer.role) {
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
