//! Reading cases: the customer's own list, the desk, a case's page and its files. Who may see
//! what is decided by `domain::access`; this module shapes what each reader receives.

use crate::backend::display::format_time;
use crate::backend::services::forms::type_form;
use crate::backend::services::routing::catalog_choices;
use crate::backend::services::{access, tasks, workflow};
use crate::backend::store::cases::{self, AttachmentRow, CaseRow};
use crate::backend::store::{audit, catalogs, forms, links};
use crate::backend::{AppError, AppState};
use crate::domain::access::{self as domain_access, CaseAction, Scope};
use crate::domain::case::{CaseState, Channel, DocumentClass};
use crate::domain::catalog::CatalogKind;
use crate::domain::coverage::Coverage;
use crate::domain::documents::document_status;
use crate::domain::fields::{display_value, FieldKind};
use crate::domain::lifecycle::CaseStep;
use crate::i18n::Locale;
use crate::model::{
    AttachmentInfo, CaseLink, CasePage, CaseSetup, CaseSummary, CaseTypeForm, CaseView,
    ChecklistItem, ClaimCheck, DeskCursor, DeskFilter, DeskPage, DocumentRequestView, DraftView,
    FieldValueView, PublicCaseView, QualifyView, TimelineEntry, Viewer,
};
use sqlx::AnyConnection;

pub const DESK_PAGE_SIZE: i64 = 25;

/// A case's line in a list. Customers get their projection: nothing about who works the case or
/// how far it was escalated leaves the server.
fn summary(row: &CaseRow, state: &AppState, locale: Locale, staff: bool) -> CaseSummary {
    CaseSummary {
        number: row.number.clone(),
        subject: row.subject.clone(),
        state: row.state.parse().unwrap_or(CaseState::Open),
        channel: row.channel.parse().unwrap_or(Channel::Web),
        class: row.class.parse().unwrap_or(DocumentClass::Complaint),
        customer_name: row.customer_name.clone(),
        manager_name: row.manager_name.clone().filter(|_| staff),
        escalation_level: if staff { row.escalation_level } else { 0 },
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
    Ok(rows
        .iter()
        .filter(|r| r.state != CaseState::Draft.code())
        .map(|r| summary(r, state, locale, false))
        .collect())
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
    let scope = access::desk_scope(&mut conn, viewer).await?;
    let mut rows = cases::desk_page(&mut conn, filter, &scope, cursor, DESK_PAGE_SIZE + 1).await?;
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
        cases: rows
            .iter()
            .map(|r| summary(r, state, locale, true))
            .collect(),
        next,
    })
}

/// A case's page for `viewer`: the customer's public projection, or what staff see, whole or
/// as far as their work on it needs.
pub async fn case_page(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    locale: Locale,
) -> Result<CasePage, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let seen = access::case_for(&mut conn, viewer, number, CaseAction::View).await?;
    match seen.scope {
        Scope::Owner => Ok(CasePage::Customer(Box::new(
            public_view(&mut conn, state, &seen, locale).await?,
        ))),
        Scope::Whole | Scope::Work => Ok(CasePage::Staff(Box::new(
            staff_view(&mut conn, state, viewer, &seen, locale).await?,
        ))),
    }
}

/// The staff page of a case; a customer is refused (they read [`public_case`]).
pub async fn case_view(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    locale: Locale,
) -> Result<CaseView, AppError> {
    match case_page(state, viewer, number, locale).await? {
        CasePage::Staff(view) => Ok(*view),
        CasePage::Customer(_) => Err(AppError::Forbidden),
    }
}

/// The customer's projection of their own case; "not found" for anyone else.
pub async fn public_case(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    locale: Locale,
) -> Result<PublicCaseView, AppError> {
    match case_page(state, viewer, number, locale).await? {
        CasePage::Customer(view) => Ok(*view),
        CasePage::Staff(_) => Err(AppError::NotFound),
    }
}

fn timeline_entry(
    e: audit::TimelineRow,
    tz: chrono_tz::Tz,
    locale: Locale,
    changes: bool,
) -> TimelineEntry {
    TimelineEntry {
        at: format_time(e.at, tz, locale),
        actor: e.actor_name,
        action: e.action,
        changes: if changes {
            serde_json::from_str(&e.changes).unwrap_or_default()
        } else {
            Vec::new()
        },
        note: e.note,
        public: e.public == 1,
    }
}

/// The files of the case that `seen`'s reader may see.
async fn visible_attachments(
    conn: &mut AnyConnection,
    seen: &access::CaseAccess,
    tz: chrono_tz::Tz,
    locale: Locale,
) -> Result<Vec<AttachmentInfo>, sqlx::Error> {
    let task_assignees = crate::backend::store::tasks::of_case(conn, seen.case.id)
        .await?
        .into_iter()
        .map(|t| (t.id, t.assignee_id))
        .collect::<Vec<_>>();
    Ok(cases::attachments_of(conn, seen.case.id)
        .await?
        .into_iter()
        .filter(|a| {
            let assignee = a.task_id.map(|id| {
                task_assignees
                    .iter()
                    .find(|(t, _)| *t == id)
                    .map_or(0, |(_, who)| *who)
            });
            domain_access::may_see_file(seen.actor, seen.scope, assignee)
        })
        .map(|a| AttachmentInfo {
            id: a.id,
            file_name: a.file_name,
            content_type: a.content_type,
            size: a.size,
            uploaded_at: format_time(a.created_at, tz, locale),
        })
        .collect())
}

fn request_views(
    rows: Vec<forms::RequestRow>,
    tz: chrono_tz::Tz,
    locale: Locale,
) -> Vec<DocumentRequestView> {
    rows.into_iter()
        .map(|r| DocumentRequestView {
            id: r.id,
            document_name: r.document_name,
            note: r.note,
            requested_at: format_time(r.requested_at, tz, locale),
            answered: r.answered_at.is_some(),
        })
        .collect()
}

/// SPEC I1: what the customer sees of their case, and nothing else.
async fn public_view(
    conn: &mut AnyConnection,
    state: &AppState,
    seen: &access::CaseAccess,
    locale: Locale,
) -> Result<PublicCaseView, AppError> {
    let tz = state.config.time_zone;
    let row = &seen.case;
    let timeline = audit::case_timeline(conn, row.id, true)
        .await?
        .into_iter()
        .map(|e| timeline_entry(e, tz, locale, false))
        .collect();
    let requests = request_views(forms::requests_of(conn, row.id).await?, tz, locale);
    Ok(PublicCaseView {
        summary: summary(row, state, locale, false),
        description: row.description.clone(),
        attachments: visible_attachments(conn, seen, tz, locale).await?,
        timeline,
        requests,
        deadlines: deadlines_of(conn, seen, state).await,
    })
}

/// SPEC G3: staff and the customer see the same dates; a broken calendar hides them rather than
/// the whole case.
async fn deadlines_of(
    conn: &mut AnyConnection,
    seen: &access::CaseAccess,
    state: &AppState,
) -> Option<crate::model::DeadlinesView> {
    let manages = seen.may(CaseAction::ManageClock);
    match super::deadlines::view(conn, manages, &seen.case, state.now_ms()).await {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(case = %seen.case.number, error = %e, "cannot show the deadlines");
            None
        }
    }
}

/// The case as staff see it: whole, or for someone who only works a task or a question on it,
/// the parts that work needs.
async fn staff_view(
    conn: &mut AnyConnection,
    state: &AppState,
    viewer: &Viewer,
    seen: &access::CaseAccess,
    locale: Locale,
) -> Result<CaseView, AppError> {
    let row = &seen.case;
    let whole = seen.whole();
    let tz = state.config.time_zone;
    // Someone working a task sees what the customer sees of the history; internal notes stay
    // with those who see the case whole.
    let timeline = audit::case_timeline(conn, row.id, !whole)
        .await?
        .into_iter()
        .map(|e| timeline_entry(e, tz, locale, whole))
        .collect();
    let links = if whole {
        links::of_case(conn, row.id)
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
    let attachments = visible_attachments(conn, seen, tz, locale).await?;
    let mut setup = case_setup(conn, row).await?;
    if !whole {
        // How the case was routed tells things about the customer (their tier).
        setup.route_reason = None;
        setup.route_detail = None;
        setup.satisfaction = None;
        setup.satisfaction_comment = None;
    }
    let values = forms::values_of(conn, row.id)
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
    let request_rows = if whole {
        forms::requests_of(conn, row.id).await?
    } else {
        Vec::new()
    };
    let checklist = match row.case_type_id {
        Some(type_id) if whole => {
            let attached = forms::attached_documents(conn, row.id).await?;
            let requested: Vec<i64> = request_rows
                .iter()
                .filter(|r| r.answered_at.is_none())
                .map(|r| r.document_id)
                .collect();
            type_form(conn, type_id)
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
        _ => Vec::new(),
    };
    let requests = request_views(request_rows, tz, locale);
    let draft = match row.folder_id {
        Some(folder_id) if seen.may(CaseAction::EditDraft) => {
            Some(draft_view(conn, row, folder_id).await?)
        }
        _ => None,
    };
    let state_now: CaseState = row.state.parse().unwrap_or(CaseState::Closed);
    let steps = crate::domain::lifecycle::offered(state_now, seen.lifecycle_actor())
        .into_iter()
        .filter(|s| *s != CaseStep::Open && seen.may(CaseAction::Step(*s)))
        .collect();
    let reassign_to = if seen.may(CaseAction::Reassign) {
        workflow::managers(conn)
            .await?
            .into_iter()
            .filter(|m| Some(m.id) != row.manager_id)
            .collect()
    } else {
        Vec::new()
    };
    let qualify = match row.folder_id {
        Some(folder_id) if seen.may(CaseAction::Qualify) => Some(QualifyView {
            qualifications: catalog_choices(conn, folder_id, CatalogKind::Qualification).await?,
            causes: catalog_choices(conn, folder_id, CatalogKind::Cause).await?,
            severities: catalog_choices(conn, folder_id, CatalogKind::Severity).await?,
            priorities: catalog_choices(conn, folder_id, CatalogKind::Priority).await?,
            qualification_id: row.qualification_id,
            cause_id: row.cause_id,
            severity_id: row.severity_id,
            priority_id: row.priority_id,
        }),
        _ => None,
    };
    let tasks = tasks::task_views(conn, state, seen, &attachments, locale).await?;
    let consultations = tasks::consultation_views(conn, state, viewer, seen, locale).await?;
    let assign_task_to = if seen.may(CaseAction::AssignTask) {
        tasks::employees(conn, None).await?
    } else {
        Vec::new()
    };
    let consult_with = if seen.may(CaseAction::Consult) {
        tasks::employees(conn, Some(viewer.id)).await?
    } else {
        Vec::new()
    };
    let messages = if whole {
        crate::backend::notify::of_case(conn, row.id)
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
    let deadlines = if whole {
        deadlines_of(conn, seen, state).await
    } else {
        None
    };
    Ok(CaseView {
        deadlines,
        messages,
        may_escalate: seen.may(CaseAction::Escalate),
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
        summary: summary(row, state, locale, true),
        description: row.description.clone(),
        customer_email: whole.then(|| row.customer_email.clone()),
        customer_phone: row.customer_phone.clone().filter(|_| whole),
        created_by: row.created_by_name.clone(),
        attachments,
        timeline,
        links,
        whole,
        claim: match (&row.subject_identifier, &row.claim_day, &row.coverage) {
            (Some(identifier), Some(day), Some(coverage)) if whole => Some(ClaimCheck {
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

/// An attachment's record and bytes, for someone who may see its case and that file of it.
pub async fn attachment(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
) -> Result<(AttachmentRow, Vec<u8>), AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let a = cases::attachment(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let seen = access::case_by_id_for(&mut conn, viewer, a.case_id, CaseAction::View).await?;
    let assignee = match a.task_id {
        Some(task) => Some(
            crate::backend::store::tasks::by_id(&mut conn, task)
                .await?
                .map_or(0, |t| t.assignee_id),
        ),
        None => None,
    };
    if !domain_access::may_see_file(seen.actor, seen.scope, assignee) {
        return Err(AppError::NotFound);
    }
    drop(conn);
    let bytes = state.files.get(&a.storage_key).await?;
    Ok((a, bytes))
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
    let link =
        crate::domain::links::validate_link(kind, external_id, url).map_err(AppError::Invalid)?;
    let case_id = {
        let mut conn = state.store.pool().acquire().await?;
        access::case_for(&mut conn, viewer, number, CaseAction::AddLink)
            .await?
            .case
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
    let mut seen = Vec::new();
    for row in rows {
        // Links are for those who see a case whole: finding a case by one reveals the link.
        match access::of_row(&mut conn, access::actor(viewer), row).await {
            Ok(a) if a.whole() => seen.push(summary(&a.case, state, locale, true)),
            Ok(_) | Err(AppError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(seen)
}
