//! The channel a draft is recorded by and the channels its case type takes (SPEC A8).

use crate::backend::store::cases;
use crate::backend::AppError;
use crate::domain::case::Channel;
use crate::domain::form::{FieldErrors, FieldProblem};

/// SPEC A8: the channel the draft is recorded by (as corrected in the editor), which its case
/// type must take; otherwise the problem says which channels it takes and which to use instead.
pub(super) async fn opening_channel(
    conn: &mut sqlx::AnyConnection,
    case: &cases::CaseRow,
    case_type: Option<i64>,
    raw: &str,
    errors: &mut FieldErrors,
) -> Result<Channel, AppError> {
    let stored = case.channel.parse::<Channel>().unwrap_or(Channel::Phone);
    let channel = match raw.trim() {
        "" => stored,
        code => match code.parse::<Channel>() {
            // The portal's own channel is the customer's, never recorded by staff.
            Ok(c) if c != Channel::Web || stored == Channel::Web => c,
            _ => {
                errors.add("channel", FieldProblem::NotAChoice);
                stored
            }
        },
    };
    if let Some(type_id) = case_type {
        if let Some(rules) = crate::backend::store::decisions::type_rules(conn, type_id).await? {
            let opening = crate::domain::decisions::OpeningChannels::from_stored(
                rules.allowed_channels.as_deref(),
                rules.channel_instead.as_deref(),
            );
            if !opening.allows(channel) {
                errors.add(
                    "channel",
                    FieldProblem::ChannelRefused {
                        channel,
                        allowed: opening.allowed,
                        instead: opening.instead,
                    },
                );
            }
        }
    }
    Ok(channel)
}
