//! Reading cases: the customer's own list, the desk, a case's page and its files. Who may see
//! what is decided here and only here.

use crate::backend::display::format_time;
use crate::backend::services::forms::type_form;
use crate::backend::services::routing::catalog_choices;
use crate::backend::services::{tasks, workflow};
use crate::backend::store::cases::{self, AttachmentRow, CaseRow};
use crate::backend::store::{audit, catalogs, forms, links};
use crate::backend::{AppError, AppState};
use crate::domain::case::{CaseNumber, CaseState, Channel, DocumentClass};
use crate::domain::catalog::CatalogKind;
use crate::domain::coverage::Coverage;
use crate::domain::documents::document_status;
use crate::domain::fields::{display_value, FieldKind};
use crate::domain::people::Role;
use crate::i18n::Locale;
use crate::model::{
    AttachmentInfo, CaseLink, CaseSetup, CaseSummary, CaseTypeForm, CaseView, ChecklistItem,
    ClaimCheck, DeskCursor, DeskFilter, DeskPage, DocumentRequestView, DraftView, FieldValueView,
    QualifyView, TimelineEntry, Viewer,
};
use sqlx::AnyConnection;

pub const DESK_PAGE_SIZE: i64 = 25;

/// Staff see every case for now; folders and teams narrow this later. A customer sees only
/// their own, and is told "not found" for any other.
/// Drafts are the agent's until opened.
pub(crate) fn may_see(viewer: &Viewer, case: &CaseRow) -> bool {
    viewer.role.is_staff()
        || (case.customer_id == viewer.id && case.state != CaseState::Draft.code())
}

fn summary(row: &CaseRow, state: &AppState, locale: Locale) -> CaseSummary {
    CaseSummary {
        number: row.number.clone(),
        subject: row.subject.clone(),
        state: row.state.parse().unwrap_or(CaseState::Open),
        channel: row.channel.parse().unwrap_or(Channel::Web),
        class: row.class.parse().unwrap_or(DocumentClass::Complaint),
        customer_name: row.customer_name.clone(),
        manager_name: row.manager_name.clone(),
        escalation_level: row.escalation_level,
        created_at_ms: row.created_at,
        created_at: format_time(row.created_at, state.config.time_zone, locale),
        resolution_due: row
            .resolution_due_at
            .map(|at| format_time(at, state.config.time_zone, locale)),
        deadline_standing: match (row.resolution_due_at, row.state.parse::<CaseState>()) {
            (Some(due), Ok(s)) if s.is_open_work() => Some(crate::domain::sla::standing(
                due,
                state.now_ms(),
                row.paused_at.is_some(),
                row.at_risk_at.is_some(),
                None,
            )),
            _ => None,
        },
    }
}

pub async fn my_cases(
    state: &AppState,
    viewer: &Viewer,
    locale: Locale,
) -> Result<Vec<CaseSummary>, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let rows = cases::of_customer(&mut conn, viewer.id, 200).await?;
    Ok(rows.iter().map(|r| summary(r, state, locale)).collect())
}

pub async fn desk(
    state: &AppState,
    viewer: &Viewer,
    filter: &DeskFilter,
    cursor: Option<DeskCursor>,
    locale: Locale,
) -> Result<DeskPage, AppError> {
    if !viewer.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    let mut conn = state.store.pool().acquire().await?;
    let mut rows = cases::desk_page(&mut conn, filter, cursor, DESK_PAGE_SIZE + 1).await?;
    let more = rows.len() as i64 > DESK_PAGE_SIZE;
    rows.truncate(DESK_PAGE_SIZE as usize);
    let next = if more {
        rows.last().map(|r| DeskCursor {
            created_at_ms: r.created_at,
            id: r.id,
        })
    } else {
        None
    };
    Ok(DeskPage {
        cases: rows.iter().map(|r| summary(r, state, locale)).collect(),
        next,
    })
}

pub async fn case_view(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    locale: Locale,
) -> Result<CaseView, AppError> {
    let number: CaseNumber = number.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = state.store.pool().acquire().await?;
    let row = cases::by_number(&mut conn, &number.to_string())
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_see(viewer, &row) {
        return Err(AppError::NotFound);
    }
    let tz = state.config.time_zone;
    let staff = viewer.role.is_staff();
    let timeline = audit::case_timeline(&mut conn, row.id, !staff)
        .await?
        .into_iter()
        .map(|e| TimelineEntry {
            at: format_time(e.at, tz, locale),
            actor: e.actor_name,
            action: e.action,
            changes: if staff {
                serde_json::from_str(&e.changes).unwrap_or_default()
            } else {
                Vec::new()
            },
            note: e.note,
            public: e.public == 1,
        })
        .collect();
    let links = if staff {
        links::of_case(&mut conn, row.id)
            .await?
            .into_iter()
            .filter_map(|l| {
                Some(CaseLink {
                    kind: l.kind.parse().ok()?,
                    external_id: l.external_id,
                    url: l.url,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    // Files handed in with a task are internal work, as the task is.
    let attachments: Vec<AttachmentInfo> = cases::attachments_of(&mut conn, row.id)
        .await?
        .into_iter()
        .filter(|a| staff || a.task_id.is_none())
        .map(|a| AttachmentInfo {
            id: a.id,
            file_name: a.file_name,
            content_type: a.content_type,
            size: a.size,
            uploaded_at: format_time(a.created_at, tz, locale),
        })
        .collect();
    let setup = case_setup(&mut conn, &row).await?;
    let values = forms::values_of(&mut conn, row.id)
        .await?
        .into_iter()
        .map(|v| {
            let kind = v.kind.parse::<FieldKind>().ok();
            FieldValueView {
                display: match kind {
                    Some(k) => display_value(k, &v.value),
                    None => v.value.clone(),
                },
                label: v.label,
                kind,
            }
        })
        .collect();
    let request_rows = forms::requests_of(&mut conn, row.id).await?;
    let checklist = match row.case_type_id {
        Some(type_id) => {
            let attached = forms::attached_documents(&mut conn, row.id).await?;
            let requested: Vec<i64> = request_rows
                .iter()
                .filter(|r| r.answered_at.is_none())
                .map(|r| r.document_id)
                .collect();
            type_form(&mut conn, type_id)
                .await?
                .documents
                .into_iter()
                .map(|d| ChecklistItem {
                    status: document_status(d.id, &attached, &requested),
                    document_id: d.id,
                    name: d.name,
                })
                .collect()
        }
        None => Vec::new(),
    };
    let requests = request_rows
        .into_iter()
        .map(|r| DocumentRequestView {
            id: r.id,
            document_name: r.document_name,
            note: r.note,
            requested_at: format_time(r.requested_at, tz, locale),
            answered: r.answered_at.is_some(),
        })
        .collect();
    let draft = match row.folder_id {
        Some(folder_id) if staff && row.state == CaseState::Draft.code() => {
            Some(draft_view(&mut conn, &row, folder_id).await?)
        }
        _ => None,
    };
    let steps = if staff {
        workflow::offered(&mut conn, viewer, &row).await?
    } else {
        Vec::new()
    };
    let reassign_to = if staff && workflow::may_reassign(viewer, &row) {
        workflow::managers(&mut conn)
            .await?
            .into_iter()
            .filter(|m| Some(m.id) != row.manager_id)
            .collect()
    } else {
        Vec::new()
    };
    let qualify = match row.folder_id {
        Some(folder_id) if staff && workflow::may_qualify(viewer, &row) => Some(QualifyView {
            qualifications: catalog_choices(&mut conn, folder_id, CatalogKind::Qualification)
                .await?,
            causes: catalog_choices(&mut conn, folder_id, CatalogKind::Cause).await?,
            severities: catalog_choices(&mut conn, folder_id, CatalogKind::Severity).await?,
            priorities: catalog_choices(&mut conn, folder_id, CatalogKind::Priority).await?,
            qualification_id: row.qualification_id,
            cause_id: row.cause_id,
            severity_id: row.severity_id,
            priority_id: row.priority_id,
        }),
        _ => None,
    };
    let may_escalate = staff && workflow::may_escalate(&mut conn, viewer, &row).await?;
    let (tasks, consultations) = if staff {
        (
            tasks::task_views(&mut conn, state, viewer, &row, &attachments, locale).await?,
            tasks::consultation_views(&mut conn, state, viewer, &row, locale).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let assign_task_to = if staff && tasks::may_assign(viewer, &row) {
        tasks::employees(&mut conn, None).await?
    } else {
        Vec::new()
    };
    let consult_with = if staff && tasks::may_consult(viewer, &row) {
        tasks::employees(&mut conn, Some(viewer.id)).await?
    } else {
        Vec::new()
    };
    let messages = if staff {
        crate::backend::notify::of_case(&mut conn, row.id)
            .await?
            .into_iter()
            .map(|m| crate::model::MessageView {
                at: format_time(m.sent_at.unwrap_or(m.created_at), tz, locale),
                event: m.event,
                channel: m.channel,
                recipient: m.recipient,
                subject: m.subject,
                status: m.status,
                attempts: m.attempts,
                last_error: m.last_error,
            })
            .collect()
    } else {
        Vec::new()
    };
    // SPEC G3: staff and the customer see the same dates; a broken calendar hides them rather
    // than the whole case.
    let deadlines = match super::deadlines::view(&mut conn, viewer, &row, state.now_ms()).await {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(case = %row.number, error = %e, "cannot show the deadlines");
            None
        }
    };
    Ok(CaseView {
        deadlines,
        messages,
        may_escalate,
        tasks,
        assign_task_to,
        consultations,
        consult_with,
        steps,
        reassign_to,
        qualify,
        setup,
        values,
        checklist,
        requests,
        draft,
        summary: summary(&row, state, locale),
        description: row.description.clone(),
        customer_email: row.customer_email.clone(),
        customer_phone: row.customer_phone.clone(),
        created_by: row.created_by_name.clone(),
        attachments,
        timeline,
        links,
        for_staff: staff,
        claim: match (&row.subject_identifier, &row.claim_day, &row.coverage) {
            (Some(identifier), Some(day), Some(coverage)) if staff => Some(ClaimCheck {
                identifier: identifier.clone(),
                day: day.clone(),
                coverage: Coverage::from_code(coverage).unwrap_or(Coverage::Unknown),
            }),
            _ => None,
        },
    })
}

/// The names of what a case was classified as and whom it went to.
async fn case_setup(conn: &mut AnyConnection, row: &CaseRow) -> Result<CaseSetup, sqlx::Error> {
    let entries = match row.folder_id {
        Some(f) => catalogs::entries(conn, f).await?,
        None => Vec::new(),
    };
    let name = |id: Option<i64>| {
        id.and_then(|id| entries.iter().find(|e| e.id == id))
            .map(|e| e.name.clone())
    };
    let folder = match row.folder_id {
        Some(f) => catalogs::folder(conn, f).await?.map(|f| f.name),
        None => None,
    };
    Ok(CaseSetup {
        folder,
        case_type: name(row.case_type_id),
        case_group: name(row.case_group_id),
        priority: name(row.priority_id),
        store_name: row.store_name.clone(),
        due_day: row.due_day.clone(),
        manager: row.manager_name.clone(),
        route_reason: row.route_reason.as_deref().and_then(|r| r.parse().ok()),
        route_detail: super::routing::detail_of(conn, row.id).await?,
        qualification: name(row.qualification_id),
        cause: name(row.cause_id),
        severity: name(row.severity_id),
        satisfaction: row.satisfaction.and_then(|s| u8::try_from(s).ok()),
        satisfaction_comment: row.satisfaction_comment.clone(),
    })
}

/// What the draft editor offers: the folder's active choices and the draft's values.
async fn draft_view(
    conn: &mut AnyConnection,
    row: &CaseRow,
    folder_id: i64,
) -> Result<DraftView, sqlx::Error> {
    let values = forms::values_of(conn, row.id)
        .await?
        .into_iter()
        .map(|v| (v.field_id, v.value))
        .collect();
    let form = match row.case_type_id {
        Some(t) => type_form(conn, t).await?,
        None => CaseTypeForm::default(),
    };
    Ok(DraftView {
        folder_id,
        case_types: catalog_choices(conn, folder_id, CatalogKind::CaseType).await?,
        case_groups: catalog_choices(conn, folder_id, CatalogKind::CaseGroup).await?,
        priorities: catalog_choices(conn, folder_id, CatalogKind::Priority).await?,
        case_type_id: row.case_type_id,
        case_group_id: row.case_group_id,
        priority_id: row.priority_id,
        store_name: row.store_name.clone().unwrap_or_default(),
        due_day: row.due_day.clone().unwrap_or_default(),
        values,
        form,
    })
}

/// An attachment's record and bytes, for someone who may see its case.
pub async fn attachment(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
) -> Result<(AttachmentRow, Vec<u8>), AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let a = cases::attachment(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let case = cases::by_id(&mut conn, a.case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_see(viewer, &case) || (!viewer.role.is_staff() && a.task_id.is_some()) {
        return Err(AppError::NotFound);
    }
    drop(conn);
    let bytes = state.files.get(&a.storage_key).await?;
    Ok((a, bytes))
}

/// Whether `viewer` has the role for the agent's intake form.
pub fn may_record_cases(viewer: &Viewer) -> bool {
    matches!(
        viewer.role,
        Role::Agent | Role::Manager | Role::Supervisor | Role::Admin
    )
}

/// SPEC A3: links a case to a business object of another system. Staff only.
pub async fn add_link(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    kind: &str,
    external_id: &str,
    url: &str,
) -> Result<(), AppError> {
    if !viewer.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    let link =
        crate::domain::links::validate_link(kind, external_id, url).map_err(AppError::Invalid)?;
    let number: CaseNumber = number.parse().map_err(|_| AppError::NotFound)?;
    let case_id = {
        let mut conn = state.store.pool().acquire().await?;
        cases::by_number(&mut conn, &number.to_string())
            .await?
            .ok_or(AppError::NotFound)?
            .id
    };
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let link_id = links::insert(
        &mut tx,
        links::NewLink {
            case_id,
            kind: link.kind.code(),
            external_id: &link.external_id,
            url: link.url.as_deref(),
            created_by: viewer.id,
            created_at: now,
        },
    )
    .await?;
    audit::append(
        &mut tx,
        audit::NewEvent {
            case_id: Some(case_id),
            actor_id: Some(viewer.id),
            at: now,
            action: "link_added",
            entity: "case_link",
            entity_id: Some(link_id),
            changes: vec![
                ("kind".into(), None, Some(link.kind.code().into())),
                ("external_id".into(), None, Some(link.external_id.clone())),
            ],
            note: None,
            public: false,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// SPEC A3: the cases linked to a business object, found by its external id. Staff only.
pub async fn linked_to(
    state: &AppState,
    viewer: &Viewer,
    external_id: &str,
    locale: Locale,
) -> Result<Vec<CaseSummary>, AppError> {
    if !viewer.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    let mut conn = state.store.pool().acquire().await?;
    let rows = cases::linked_to(&mut conn, external_id.trim(), 100).await?;
    Ok(rows.iter().map(|r| summary(r, state, locale)).collect())
}
