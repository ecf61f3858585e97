//! A case's page: what each reader receives of it. The customer gets the public projection
//! ([`PublicCaseView`]); staff the case whole, or, working only a task or a question on it, the
//! parts that work needs. What each may see is decided by `domain::access`; this module only
//! shapes it.

use super::cases::summary;
use crate::backend::display::format_time;
use crate::backend::services::catalogs::catalog_choices;
use crate::backend::services::forms::type_form;
use crate::backend::services::{access, info_requests, routing, tasks};
use crate::backend::store::cases::{self, CaseRow};
use crate::backend::store::{audit, catalogs, forms, links};
use crate::backend::{AppError, AppState};
use crate::domain::access::{self as domain_access, CaseAction, FileOf, Scope};
use crate::domain::case::CaseState;
use crate::domain::catalog::CatalogKind;
use crate::domain::coverage::Coverage;
use crate::domain::documents::document_status;
use crate::domain::fields::{display_value, FieldKind};
use crate::domain::lifecycle::CaseStep;
use crate::i18n::Locale;
use crate::model::{
    AttachmentInfo, CaseLink, CasePage, CaseSetup, CaseTypeForm, CaseView, ChecklistItem,
    ClaimCheck, DocumentRequestView, DraftView, FieldValueView, PublicCaseView, QualifyView,
    TimelineEntry, Viewer,
};
use sqlx::AnyConnection;

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
        // Decision letters are listed with their decisions, the customer's in their own list.
        .filter(|a| a.letter_id.is_none())
        .filter(|a| {
            let of = match (a.task_id, a.info_message_id) {
                (Some(id), _) => FileOf::Task {
                    assignee: task_assignees
                        .iter()
                        .find(|(t, _)| *t == id)
                        .map_or(0, |(_, who)| *who),
                },
                (None, Some(_)) => FileOf::Thread,
                (None, None) => FileOf::Case,
            };
            domain_access::may_see_file(seen.actor, seen.scope, of)
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
        asked_of_you: info_requests::views::customer_requests(conn, state, seen, locale).await?,
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
        routing::managers(conn)
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
    let info_requests = info_requests::views::case_requests(conn, state, seen, locale).await?;
    let ask = info_requests::views::ask_view(conn, seen, viewer, &attachments, locale, tz).await?;
    let assign_task_to = if seen.may(CaseAction::AssignTask) {
        tasks::employees(conn, None).await?
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
        info_requests,
        ask,
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
