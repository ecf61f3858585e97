//! What pages show of information requests: the threads on a case's page, the form to ask, the
//! request's own page for its recipient, and the desk's lists.

use super::{request_for, request_path};
use crate::backend::display::format_time;
use crate::backend::services::access::{self, CaseAccess};
use crate::backend::store::info_requests::{self as store, RequestRow};
use crate::backend::store::{audit, cases};
use crate::backend::{AppError, AppState};
use crate::domain::access::{may_see_requests, request_actor, Actor, CaseAction, Scope};
use crate::domain::info_requests::{
    self as rules, MessageKind, RequestActor, RequestState, DEFAULT_EXPIRY_DAYS,
};
use crate::i18n::Locale;
use crate::model::{
    AskView, AttachmentInfo, Choice, RequestMessageView, RequestPage, RequestView, SharedCase,
    SharedSummary, TimelineEntry, Viewer, WorkItem,
};
use sqlx::AnyConnection;

fn attachment_info(a: cases::AttachmentRow, tz: chrono_tz::Tz, locale: Locale) -> AttachmentInfo {
    AttachmentInfo {
        id: a.id,
        file_name: a.file_name,
        content_type: a.content_type,
        size: a.size,
        uploaded_at: format_time(a.created_at, tz, locale),
    }
}

/// One thread as `who` sees it, its files from `files` (the case's attachments).
pub(super) async fn request_view(
    conn: &mut AnyConnection,
    state: &AppState,
    request: &RequestRow,
    who: RequestActor,
    outsider_view: bool,
    locale: Locale,
) -> Result<RequestView, sqlx::Error> {
    let tz = state.config.time_zone;
    let now = state.now_ms();
    let messages = store::messages(conn, request.id).await?;
    let message_files = store::message_files(conn, request.id).await?;
    let files = cases::attachments_of(conn, request.case_id).await?;
    let rstate: RequestState = request.state.parse().unwrap_or(RequestState::Revoked);
    let expired = rules::is_expired(request.expires_at, now);
    let recipient = match (&request.recipient_email, outsider_view) {
        (Some(email), false) => format!("{} <{email}>", request.recipient_name),
        _ => request.recipient_name.clone(),
    };
    Ok(RequestView {
        id: request.id,
        subject: request.subject.clone(),
        recipient,
        outsider: request.recipient_email.is_some(),
        asked_by: request.asked_by_name.clone(),
        state: rstate,
        expires_at: format_time(request.expires_at, tz, locale),
        expired: expired && rstate.is_live(),
        steps: rules::offered(rstate, who, expired),
        messages: messages
            .into_iter()
            .map(|m| RequestMessageView {
                kind: m.kind.parse().unwrap_or(MessageKind::Answer),
                author: m.author_name,
                at: format_time(m.at, tz, locale),
                body: m.body,
                files: message_files
                    .iter()
                    .filter(|(message, _)| *message == m.id)
                    .filter_map(|(_, a)| files.iter().find(|f| f.id == *a).cloned())
                    .map(|a| attachment_info(a, tz, locale))
                    .collect(),
            })
            .collect(),
    })
}

/// The threads of the case for staff who see it whole (SPEC D3: kept in the case).
pub async fn case_requests(
    conn: &mut AnyConnection,
    state: &AppState,
    seen: &CaseAccess,
    locale: Locale,
) -> Result<Vec<RequestView>, sqlx::Error> {
    if !may_see_requests(seen.scope) {
        return Ok(Vec::new());
    }
    let mut views = Vec::new();
    for r in store::of_case(conn, seen.case.id).await? {
        let Some(who) = request_actor(seen.actor, &seen.facts, r.id, r.asked_by, r.recipient_id)
        else {
            continue;
        };
        views.push(request_view(conn, state, &r, who, false, locale).await?);
    }
    Ok(views)
}

/// The requests sent to the case's customer, for the customer's own page: theirs and no other.
pub async fn customer_requests(
    conn: &mut AnyConnection,
    state: &AppState,
    seen: &CaseAccess,
    locale: Locale,
) -> Result<Vec<RequestView>, sqlx::Error> {
    if seen.scope != Scope::Owner {
        return Ok(Vec::new());
    }
    let mut views = Vec::new();
    for r in store::of_case(conn, seen.case.id).await? {
        if r.recipient_id != Some(seen.case.customer_id) {
            continue;
        }
        let Some(who) = request_actor(seen.actor, &seen.facts, r.id, r.asked_by, r.recipient_id)
        else {
            continue;
        };
        views.push(request_view(conn, state, &r, who, true, locale).await?);
    }
    Ok(views)
}

/// The "ask for information" form, when the viewer may ask: whom, and what may be shared.
pub async fn ask_view(
    conn: &mut AnyConnection,
    seen: &CaseAccess,
    viewer: &Viewer,
    attachments: &[AttachmentInfo],
    locale: Locale,
    tz: chrono_tz::Tz,
) -> Result<Option<AskView>, sqlx::Error> {
    if !seen.may(CaseAction::AskForInformation) {
        return Ok(None);
    }
    let t = locale.texts();
    let entries = audit::case_timeline_with_seq(conn, seen.case.id)
        .await?
        .into_iter()
        .map(|(seq, e)| Choice {
            id: seq,
            name: format!("{} · {}", format_time(e.at, tz, locale), t.event(&e.action)),
        })
        .collect();
    Ok(Some(AskView {
        employees: crate::backend::services::tasks::employees(conn, Some(viewer.id)).await?,
        files: attachments.to_vec(),
        entries,
        default_expiry_days: DEFAULT_EXPIRY_DAYS,
    }))
}

/// What the request shares of its case, and nothing more (SPEC D1, D2).
pub(super) async fn shared_case(
    conn: &mut AnyConnection,
    state: &AppState,
    request: &RequestRow,
    locale: Locale,
) -> Result<SharedCase, sqlx::Error> {
    let tz = state.config.time_zone;
    let (file_ids, seqs) = store::shares(conn, request.id).await?;
    let summary = if request.share_summary == 1 {
        cases::by_id(conn, request.case_id)
            .await?
            .map(|c| SharedSummary {
                number: c.number,
                subject: c.subject,
                description: c.description,
                filed_at: format_time(c.created_at, tz, locale),
            })
    } else {
        None
    };
    let files = cases::attachments_of(conn, request.case_id)
        .await?
        .into_iter()
        .filter(|a| file_ids.contains(&a.id))
        .map(|a| attachment_info(a, tz, locale))
        .collect();
    let entries = audit::case_timeline_with_seq(conn, request.case_id)
        .await?
        .into_iter()
        .filter(|(seq, _)| seqs.contains(seq))
        .map(|(_, e)| TimelineEntry {
            at: format_time(e.at, tz, locale),
            actor: e.actor_name,
            action: e.action,
            changes: Vec::new(),
            note: e.note,
            public: e.public == 1,
        })
        .collect();
    Ok(SharedCase {
        summary,
        files,
        entries,
    })
}

/// The page of request `id` for an employee it was sent to, or staff working its case.
pub async fn request_page(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    locale: Locale,
) -> Result<RequestPage, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let actor = access::actor(viewer);
    let (request, found) = request_for(&mut conn, actor, id).await?;
    let request_view = request_view(&mut conn, state, &request, found.who, false, locale).await?;
    let shared = shared_case(&mut conn, state, &request, locale).await?;
    let sees_case =
        crate::domain::access::scope(actor, &found.facts).is_some_and(|s| s != Scope::Owner);
    Ok(RequestPage {
        request: request_view,
        shared,
        case_number: sees_case.then(|| found.case.number.clone()),
    })
}

/// A file of request `id` for its recipient: one shared with them or sent in the thread.
pub async fn request_file(
    state: &AppState,
    actor: Actor,
    request_id: i64,
    attachment_id: i64,
) -> Result<(cases::AttachmentRow, Vec<u8>), AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let (request, _) = request_for(&mut conn, actor, request_id).await?;
    let (shared, _) = store::shares(&mut conn, request.id).await?;
    let in_thread = store::message_files(&mut conn, request.id)
        .await?
        .iter()
        .any(|(_, a)| *a == attachment_id);
    if !shared.contains(&attachment_id) && !in_thread {
        return Err(AppError::NotFound);
    }
    let a = cases::attachment(&mut conn, attachment_id)
        .await?
        .filter(|a| a.case_id == request.case_id)
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let bytes = state.files.get(&a.storage_key).await?;
    Ok((a, bytes))
}

/// The desk's lists (SPEC C3): requests waiting for `user`'s answer (`Waiting`), or answers to
/// `user`'s requests waiting for their acceptance (`Answered`), each opening where the work is.
pub async fn work_items(
    conn: &mut AnyConnection,
    state: &AppState,
    user: i64,
    which: RequestState,
) -> Result<Vec<WorkItem>, AppError> {
    let limit = crate::backend::services::work::WORK_LIST_MAX;
    let tz = state.config.time_zone;
    let now = state.now_ms();
    let rows = match which {
        RequestState::Answered => store::from_asker(conn, user, which.code(), limit).await?,
        _ => store::to_recipient(conn, user, which.code(), limit).await?,
    };
    Ok(rows
        .into_iter()
        .map(|r| {
            let mine = which == RequestState::Answered;
            let due = chrono::TimeZone::timestamp_millis_opt(&tz, r.expires_at)
                .single()
                .map(|d| d.format("%Y-%m-%d").to_string());
            WorkItem {
                // The recipient learns the case's number only when its summary is shared.
                case_number: if mine || r.share_summary == 1 {
                    r.case_number.clone()
                } else {
                    String::new()
                },
                case_subject: if mine || r.share_summary == 1 {
                    r.case_subject.clone()
                } else {
                    String::new()
                },
                href: Some(if mine {
                    format!("/cases/{}#request-{}", r.case_number, r.id)
                } else {
                    request_path(r.id)
                }),
                title: r.subject,
                due_day: if mine { None } else { due },
                overdue: !mine && rules::is_expired(r.expires_at, now),
                person: Some(if mine {
                    r.recipient_name
                } else {
                    r.asked_by_name
                }),
                state: r.state,
                marks: Vec::new(),
            }
        })
        .collect())
}
