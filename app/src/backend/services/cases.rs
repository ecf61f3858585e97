//! Reading cases: the customer's own list, the desk, a case's files and links (its page is
//! `case_page`). Who may see what is decided by `domain::access`.

use crate::backend::display::format_time;
use crate::backend::services::access;
use crate::backend::store::cases::{self, AttachmentRow, CaseRow};
use crate::backend::store::{audit, links};
use crate::backend::{AppError, AppState};
use crate::domain::access::{self as domain_access, CaseAction, FileOf};
use crate::domain::case::{CaseState, Channel, DocumentClass};
use crate::i18n::Locale;
use crate::model::{CaseSummary, DeskCursor, DeskFilter, DeskPage, Viewer};

pub use super::case_page::{case_page, case_view, public_case};

pub const DESK_PAGE_SIZE: i64 = 25;

/// A case's line in a list. Customers get their projection: nothing about who works the case or
/// how far it was escalated leaves the server.
pub(crate) fn summary(row: &CaseRow, state: &AppState, locale: Locale, staff: bool) -> CaseSummary {
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
    if !crate::domain::access::has_desk(viewer.role) {
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
    let letter_sent = match a.letter_id {
        Some(l) => crate::backend::store::decisions::letter(&mut conn, l)
            .await?
            .is_some_and(|l| l.state == crate::domain::decisions::LetterState::Sent.code()),
        None => false,
    };
    let of = match (a.task_id, a.info_message_id) {
        _ if a.letter_id.is_some() => FileOf::Letter { sent: letter_sent },
        (Some(task), _) => FileOf::Task {
            assignee: crate::backend::store::tasks::by_id(&mut conn, task)
                .await?
                .map_or(0, |t| t.assignee_id),
        },
        (None, Some(_)) => FileOf::Thread,
        (None, None) => FileOf::Case,
    };
    if !domain_access::may_see_file(seen.actor, seen.scope, of) {
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
    if !crate::domain::access::has_desk(viewer.role) {
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
