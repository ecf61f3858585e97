//! The holder of an outsider's link (SPEC D2): the one request the link opens, what it shares
//! and the thread, and nothing else. A link past its expiry, revoked or of a closed thread is
//! "gone" (410) and says whom to contact; an unknown token is "not found" and says nothing.

use super::views::{request_view, shared_case};
use super::{request_for, Answerer};
use crate::backend::services::intake::Upload;
use crate::backend::store::info_requests::{self as store, RequestRow};
use crate::backend::{request_links, AppError, AppState};
use crate::domain::access::Actor;
use crate::domain::info_requests::{self as rules, RequestState};
use crate::i18n::Locale;
use crate::model::{RequestView, SharedCase};

/// What the outsider's page shows.
#[derive(Debug, Clone)]
pub enum LinkPage {
    Live {
        request: Box<RequestView>,
        shared: SharedCase,
        locale: Locale,
    },
    /// The link no longer works: whom to write to instead, in the outsider's language.
    Gone {
        asker: String,
        asker_email: String,
        locale: Locale,
    },
}

/// The request `token` opens: "not found" for anything that is not one of ours.
pub async fn open(state: &AppState, token: &str) -> Result<i64, AppError> {
    request_links::request_of(&state.store, token)
        .await?
        .ok_or(AppError::NotFound)
}

/// The request held by the cookie's `token`, which must open `request_id` itself.
async fn held(state: &AppState, request_id: i64, token: &str) -> Result<RequestRow, AppError> {
    if open(state, token).await? != request_id {
        return Err(AppError::NotFound);
    }
    let mut conn = state.store.pool().acquire().await?;
    store::by_id(&mut conn, request_id)
        .await?
        .filter(|r| r.recipient_email.is_some())
        .ok_or(AppError::NotFound)
}

fn gone(request: &RequestRow) -> LinkPage {
    LinkPage::Gone {
        asker: request.asked_by_name.clone(),
        asker_email: request.asked_by_email.clone(),
        locale: Locale::from_code(&request.locale).unwrap_or_default(),
    }
}

/// The page of the request that `token` opens, as its outsider sees it.
pub async fn page(state: &AppState, request_id: i64, token: &str) -> Result<LinkPage, AppError> {
    let request = held(state, request_id, token).await?;
    let rstate: RequestState = request.state.parse().unwrap_or(RequestState::Revoked);
    if !rstate.is_live() || rules::is_expired(request.expires_at, state.now_ms()) {
        return Ok(gone(&request));
    }
    let locale = Locale::from_code(&request.locale).unwrap_or_default();
    let mut conn = state.store.pool().acquire().await?;
    let actor = Actor::LinkHolder { request_id };
    let (request, found) = request_for(&mut conn, actor, request.id).await?;
    Ok(LinkPage::Live {
        request: Box::new(request_view(&mut conn, state, &request, found.who, true, locale).await?),
        shared: shared_case(&mut conn, state, &request, locale).await?,
        locale,
    })
}

/// The outsider answers on their page. A link that no longer works is refused with
/// [`AppError::Gone`], and the page then says whom to contact.
pub async fn answer(
    state: &AppState,
    request_id: i64,
    token: &str,
    text: &str,
    uploads: Vec<Upload>,
) -> Result<(), AppError> {
    held(state, request_id, token).await?;
    super::answer(
        state,
        Answerer::LinkHolder { request_id },
        request_id,
        text,
        uploads,
    )
    .await
}

/// Whom to contact about a link that no longer works.
pub async fn gone_page(
    state: &AppState,
    request_id: i64,
    token: &str,
) -> Result<LinkPage, AppError> {
    Ok(gone(&held(state, request_id, token).await?))
}

/// A file shared with the outsider or sent in their thread.
pub async fn file(
    state: &AppState,
    request_id: i64,
    token: &str,
    attachment_id: i64,
) -> Result<(crate::backend::store::cases::AttachmentRow, Vec<u8>), AppError> {
    if let LinkPage::Gone { .. } = page(state, request_id, token).await? {
        return Err(AppError::Gone);
    }
    super::views::request_file(
        state,
        Actor::LinkHolder { request_id },
        request_id,
        attachment_id,
    )
    .await
}
