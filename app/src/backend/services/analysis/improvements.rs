//! SPEC J5 (seeds/002: corrective and preventive actions of the improvement plan): an action
//! against one or more causes of a folder, with an owner, a due date and a state; its effect is
//! read on the cases of those causes filed in equal windows before and after it.

use super::{analyst, axis_labels, filed_between, folder_choices, Analyst};
use crate::backend::store::analysis as cases_store;
use crate::backend::store::audit;
use crate::backend::store::improvements::{self as store, ActionRow, NewAction};
use crate::backend::store::users;
use crate::backend::{AppError, AppState};
use crate::domain::access::{may_plan_improvements, may_record_cases, AnalysisScope};
use crate::domain::analysis::{
    is_day, query_string, ActionKind, ActionState, Axis, CaseFilter, Figures,
};
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::i18n::Locale;
use crate::model::{
    AxisValue, FolderChoice, ImprovementEffect, ImprovementSetup, ImprovementView, Viewer,
};
use chrono::{NaiveDate, TimeZone};
use sqlx::AnyConnection;

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 5_000;
/// Days on each side of an action its effect compares.
pub const WINDOW_DAYS: i64 = 90;

/// The improvement plan's form, as sent.
#[derive(Debug, Clone, Default)]
pub struct ActionForm {
    pub folder_id: String,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub owner_id: String,
    pub due_day: String,
    pub cause_ids: Vec<String>,
}

fn in_scope(scope: &AnalysisScope, folder_id: i64) -> bool {
    match scope {
        AnalysisScope::All => true,
        AnalysisScope::Folders(ids) => ids.contains(&folder_id),
    }
}

async fn causes_of(
    conn: &mut AnyConnection,
    locale: Locale,
    action_id: i64,
) -> Result<Vec<AxisValue>, AppError> {
    let ids = store::cause_ids(conn, action_id).await?;
    let keys: Vec<Option<String>> = ids.iter().map(|i| Some(i.to_string())).collect();
    let labels = axis_labels(conn, locale, Axis::Cause, &keys).await?;
    Ok(keys
        .into_iter()
        .zip(labels)
        .map(|(key, label)| AxisValue { key, label })
        .collect())
}

fn day_of(state: &AppState, ms: i64) -> String {
    state
        .config
        .time_zone
        .timestamp_millis_opt(ms)
        .single()
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

async fn view_of(
    state: &AppState,
    conn: &mut AnyConnection,
    locale: Locale,
    folders: &[FolderChoice],
    r: ActionRow,
) -> Result<ImprovementView, AppError> {
    let t = locale.texts();
    let kind = match r.kind.parse::<ActionKind>() {
        Ok(k) => t.action_kind(k).to_string(),
        Err(_) => r.kind.clone(),
    };
    let st = match r.state.parse::<ActionState>() {
        Ok(s) => t.action_state(s).to_string(),
        Err(_) => r.state.clone(),
    };
    let folder = folders
        .iter()
        .find(|f| f.id == r.folder_id)
        .cloned()
        .unwrap_or(FolderChoice {
            id: r.folder_id,
            name: String::new(),
        });
    Ok(ImprovementView {
        id: r.id,
        folder,
        kind,
        state: st,
        causes: causes_of(conn, locale, r.id).await?,
        effective_day: day_of(state, r.done_at.unwrap_or(r.created_at)),
        title: r.title,
        description: r.description,
        owner_name: r.owner_name,
        due_day: r.due_day,
    })
}

/// The plan: actions of the folders in scope, and what the form offers.
pub async fn setup(
    state: &AppState,
    viewer: &Viewer,
    locale: Locale,
) -> Result<ImprovementSetup, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let who = analyst(&mut conn, viewer).await?;
    let folders = folder_choices(&mut conn, &who.scope).await?;
    let mut actions = Vec::new();
    for r in store::all(&mut conn).await? {
        if in_scope(&who.scope, r.folder_id) {
            actions.push(view_of(state, &mut conn, locale, &folders, r).await?);
        }
    }
    let causes = store::causes(&mut conn)
        .await?
        .into_iter()
        .filter(|(_, f, _)| in_scope(&who.scope, *f))
        .map(|(id, f, name)| {
            (
                f,
                AxisValue {
                    key: Some(id.to_string()),
                    label: name,
                },
            )
        })
        .collect();
    // Whoever works cases may own an action.
    let owners = users::staff(&mut conn)
        .await?
        .into_iter()
        .filter(|u| u.active != 0 && may_record_cases(u.role()))
        .map(|u| (u.id, u.name))
        .collect();
    Ok(ImprovementSetup {
        actions,
        folders,
        causes,
        owners,
        may_plan: may_plan_improvements(viewer.role),
    })
}

/// What a valid form holds.
struct ValidAction {
    folder_id: i64,
    owner_id: i64,
    kind: ActionKind,
    causes: Vec<i64>,
}

fn check(form: &ActionForm, who: &Analyst) -> Result<ValidAction, AppError> {
    let mut errors = FieldErrors::default();
    let folder = form
        .folder_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|f| in_scope(&who.scope, *f));
    if folder.is_none() {
        errors.add("folder_id", FieldProblem::Required);
    }
    let title = form.title.trim();
    if title.is_empty() {
        errors.add("title", FieldProblem::Required);
    } else if title.chars().count() > TITLE_MAX {
        errors.add("title", FieldProblem::TooLong { max: TITLE_MAX });
    }
    if form.description.trim().chars().count() > DESCRIPTION_MAX {
        errors.add(
            "description",
            FieldProblem::TooLong {
                max: DESCRIPTION_MAX,
            },
        );
    }
    let kind = form.kind.parse::<ActionKind>().ok();
    if kind.is_none() {
        errors.add("kind", FieldProblem::Required);
    }
    let owner = form.owner_id.trim().parse::<i64>().ok();
    if owner.is_none() {
        errors.add("owner_id", FieldProblem::Required);
    }
    let due = form.due_day.trim();
    if !is_day(due) || NaiveDate::parse_from_str(due, "%Y-%m-%d").is_err() {
        errors.add("due_day", FieldProblem::Invalid);
    }
    let mut causes: Vec<i64> = form
        .cause_ids
        .iter()
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    causes.sort_unstable();
    causes.dedup();
    if causes.is_empty() {
        errors.add("cause_ids", FieldProblem::Required);
    }
    match (errors.is_empty(), folder, owner, kind) {
        (true, Some(folder_id), Some(owner_id), Some(kind)) => Ok(ValidAction {
            folder_id,
            owner_id,
            kind,
            causes,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Records a new action. Causes must be of the action's folder, the owner someone who works
/// cases.
pub async fn create(state: &AppState, viewer: &Viewer, form: ActionForm) -> Result<i64, AppError> {
    let now = state.now_ms();
    let mut conn = state.store.pool().acquire().await?;
    let who = analyst(&mut conn, viewer).await?;
    if !may_plan_improvements(viewer.role) {
        return Err(AppError::Forbidden);
    }
    let valid = check(&form, &who)?;
    let mut errors = FieldErrors::default();
    let owner = users::by_id(&mut conn, valid.owner_id).await?;
    if !owner.is_some_and(|u| u.active != 0 && may_record_cases(u.role())) {
        errors.add("owner_id", FieldProblem::Invalid);
    }
    let known = store::causes_of_folder(&mut conn, valid.folder_id, &valid.causes).await?;
    if known != valid.causes.len() as i64 {
        errors.add("cause_ids", FieldProblem::Invalid);
    }
    drop(conn);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let title = form.title.trim();
    let mut tx = state.store.begin().await?;
    let id = store::insert(
        &mut tx,
        NewAction {
            folder_id: valid.folder_id,
            title,
            description: form.description.trim(),
            kind: valid.kind.code(),
            owner_id: valid.owner_id,
            due_day: form.due_day.trim(),
            state: ActionState::Planned.code(),
            created_by: viewer.id,
            created_at: now,
        },
        &valid.causes,
    )
    .await?;
    audit::append(
        &mut tx,
        audit::NewEvent {
            case_id: None,
            actor_id: Some(viewer.id),
            at: now,
            action: "improvement_action_created",
            entity: "improvement_action",
            entity_id: Some(id),
            changes: vec![("title".into(), None, Some(title.to_string()))],
            note: None,
            public: false,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves an action to another state; done records the day it counts from.
pub async fn set_state(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    to: &str,
) -> Result<(), AppError> {
    let to: ActionState = to
        .parse()
        .map_err(|_| AppError::field("state", FieldProblem::Invalid))?;
    let now = state.now_ms();
    let mut conn = state.store.pool().acquire().await?;
    let who = analyst(&mut conn, viewer).await?;
    let row = store::by_id(&mut conn, id).await?;
    drop(conn);
    let Some(row) = row.filter(|r| in_scope(&who.scope, r.folder_id)) else {
        return Err(AppError::NotFound);
    };
    if !may_plan_improvements(viewer.role) {
        return Err(AppError::Forbidden);
    }
    let mut tx = state.store.begin().await?;
    let done_at = (to == ActionState::Done).then_some(now);
    if !store::set_state(&mut tx, id, &row.state, to.code(), done_at).await? {
        return Err(AppError::Conflict);
    }
    audit::append(
        &mut tx,
        audit::NewEvent {
            case_id: None,
            actor_id: Some(viewer.id),
            at: now,
            action: "improvement_action_state",
            entity: "improvement_action",
            entity_id: Some(id),
            changes: vec![("state".into(), Some(row.state), Some(to.code().into()))],
            note: None,
            public: false,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The effect of an action: the cases of its causes filed in the [`WINDOW_DAYS`] before the day
/// it counts from (done, else recorded) and in as many days from it.
pub async fn effect(
    state: &AppState,
    viewer: &Viewer,
    locale: Locale,
    id: i64,
) -> Result<ImprovementEffect, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let who = analyst(&mut conn, viewer).await?;
    let row = store::by_id(&mut conn, id).await?;
    let Some(row) = row.filter(|r| in_scope(&who.scope, r.folder_id)) else {
        return Err(AppError::NotFound);
    };
    let folders = folder_choices(&mut conn, &who.scope).await?;
    let action = view_of(state, &mut conn, locale, &folders, row).await?;
    let pivot = NaiveDate::parse_from_str(&action.effective_day, "%Y-%m-%d")
        .map_err(|_| AppError::Internal("action day".into()))?;
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let window = chrono::Days::new(WINDOW_DAYS as u64);
    let one_day = chrono::Days::new(1);
    let filter = |from: NaiveDate, to: NaiveDate| CaseFilter {
        from: Some(day(from)),
        to: Some(day(to)),
        folder_id: Some(action.folder.id),
        equals: action
            .causes
            .iter()
            .map(|c| (Axis::Cause, c.filter_value()))
            .collect(),
        ..Default::default()
    };
    let before = filter(pivot - window, pivot - one_day);
    let after = filter(pivot, pivot + window - one_day);
    let mut figures = [Figures::default(); 2];
    for (total, f) in figures.iter_mut().zip([&before, &after]) {
        let filed = filed_between(state, f);
        for g in cases_store::pivot(&mut conn, &who.scope, f, filed, Axis::Folder, None).await? {
            total.add(&g.figures);
        }
    }
    let link = |f: &CaseFilter| format!("/analysis/grid?{}", query_string(&f.to_query()));
    Ok(ImprovementEffect {
        window_days: WINDOW_DAYS,
        before: figures[0],
        after: figures[1],
        before_link: link(&before),
        after_link: link(&after),
        action,
    })
}
