//! What a person sees of their own account's security (issue 15).

use serde::{Deserialize, Serialize};

/// One of a person's open sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// Formatted in the reader's language and the organisation's zone.
    pub opened: String,
    pub last_used: String,
    pub user_agent: Option<String>,
    /// The session of the request that asked.
    pub current: bool,
}
