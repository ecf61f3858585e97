//! What pages show of decisions: the case page's panel for staff, the letters a customer may
//! download, the approvals on a desk.

use super::{amount_of, offered};
use crate::backend::display::format_time;
use crate::backend::services::access;
use crate::backend::store::decisions as store;
use crate::backend::{AppError, AppState};
use crate::domain::access::{CaseAction, Scope};
use crate::domain::decisions::{DecisionState, LetterState};
use crate::i18n::Locale;
use crate::model::{
    ApprovalItem, DecisionFormView, DecisionPanel, DecisionView, LetterView, PublicLetter, Viewer,
};
use sqlx::AnyConnection;

/// Currencies every decision form offers after the type's own.
const USUAL_CURRENCIES: &[&str] = &["COP", "EUR", "PLN", "USD"];

/// SPEC E1-E3: a case's decisions and letters, for staff who see it whole.
pub async fn panel(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    locale: Locale,
) -> Result<DecisionPanel, AppError> {
    let tz = state.config.time_zone;
    let mut conn = state.store.pool().acquire().await?;
    let seen = access::case_for(&mut conn, viewer, number, CaseAction::View).await?;
    if seen.scope != Scope::Whole {
        return Err(AppError::Forbidden);
    }
    let rows = store::of_case(&mut conn, seen.case.id).await?;
    let letters = store::letters_of_case(&mut conn, seen.case.id).await?;
    let may_decide = seen.may(CaseAction::Decide);
    let waiting = rows
        .iter()
        .any(|d| d.state == DecisionState::Pending.code());
    let form = if may_decide && !waiting {
        let mut currencies: Vec<String> = match seen.case.case_type_id {
            Some(t) => store::thresholds(&mut conn, t)
                .await?
                .into_iter()
                .map(|t| t.currency)
                .collect(),
            None => Vec::new(),
        };
        for c in USUAL_CURRENCIES {
            if !currencies.iter().any(|x| x == c) {
                currencies.push(c.to_string());
            }
        }
        Some(DecisionFormView {
            resolutions: offered(&mut conn, &seen.case, viewer.role).await?,
            currencies,
        })
    } else {
        None
    };
    let decisions = rows
        .into_iter()
        .map(|d| {
            let state: DecisionState = d.state.parse().unwrap_or(DecisionState::Pending);
            DecisionView {
                id: d.id,
                amount: amount_of(&d),
                resolution: d.resolution_name,
                reasoning: d.reasoning,
                decider: d.decider_name,
                state,
                decided_at: format_time(d.decided_at, tz, locale),
                approver: d.approver_name,
                approval_comment: d.approval_comment.filter(|c| !c.is_empty()),
                letters: letters
                    .iter()
                    .filter(|l| l.decision_id == d.id)
                    .map(|l| LetterView {
                        id: l.id,
                        version: l.version,
                        state: l.state.parse().unwrap_or(LetterState::Queued),
                        created_at: format_time(l.created_at, tz, locale),
                        sent_at: l.sent_at.map(|t| format_time(t, tz, locale)),
                        attachment_id: l.attachment_id,
                    })
                    .collect(),
                may_redo: may_decide && state == DecisionState::Effective,
            }
        })
        .collect();
    Ok(DecisionPanel {
        decisions,
        form,
        waiting,
    })
}

/// The letters sent to the customer of case `number`, for its customer (and staff who see it).
pub async fn public_letters(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    locale: Locale,
) -> Result<Vec<PublicLetter>, AppError> {
    let tz = state.config.time_zone;
    let mut conn = state.store.pool().acquire().await?;
    let seen = access::case_for(&mut conn, viewer, number, CaseAction::View).await?;
    if seen.scope == Scope::Work {
        return Ok(Vec::new());
    }
    let files = crate::backend::store::cases::attachments_of(&mut conn, seen.case.id).await?;
    Ok(store::letters_of_case(&mut conn, seen.case.id)
        .await?
        .into_iter()
        .filter(|l| l.state == LetterState::Sent.code())
        .filter_map(|l| {
            let file = files.iter().find(|f| Some(f.id) == l.attachment_id)?;
            Some(PublicLetter {
                attachment_id: file.id,
                file_name: file.file_name.clone(),
                sent_at: format_time(l.sent_at.unwrap_or(l.created_at), tz, locale),
            })
        })
        .collect())
}

/// The decisions waiting for `viewer`'s approval, for their desk.
pub async fn approval_items(
    conn: &mut AnyConnection,
    state: &AppState,
    viewer: &Viewer,
) -> Result<Vec<ApprovalItem>, AppError> {
    let tz = state.config.time_zone;
    let rows =
        super::to_approve(conn, viewer, crate::backend::services::work::WORK_LIST_MAX).await?;
    Ok(rows
        .into_iter()
        .map(|r| ApprovalItem {
            id: r.id,
            amount: match (r.amount_minor, r.currency) {
                (Some(minor), Some(currency)) => {
                    Some(crate::domain::decisions::Money { minor, currency })
                }
                _ => None,
            },
            case_number: r.case_number,
            case_subject: r.case_subject,
            resolution: r.resolution_name,
            reasoning: r.reasoning,
            decider: r.decider_name,
            decided_at: chrono::TimeZone::timestamp_millis_opt(&tz, r.decided_at)
                .single()
                .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
        })
        .collect())
}
