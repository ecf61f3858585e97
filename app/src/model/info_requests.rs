//! What pages show of information requests (SPEC D1-D3).

use super::{AttachmentInfo, Choice, TimelineEntry};
use crate::domain::info_requests::{MessageKind, RequestState, RequestStep};
use serde::{Deserialize, Serialize};

/// One message of a thread with its files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestMessageView {
    pub kind: MessageKind,
    pub author: String,
    pub at: String,
    pub body: String,
    pub files: Vec<AttachmentInfo>,
}

/// A thread as its asker, the staff working the case, or its recipient see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: i64,
    pub subject: String,
    /// The recipient's name, with the address for an outsider.
    pub recipient: String,
    pub outsider: bool,
    pub asked_by: String,
    pub state: RequestState,
    /// When the recipient's time to answer (an outsider's link) ends, in the reader's time.
    pub expires_at: String,
    pub expired: bool,
    pub messages: Vec<RequestMessageView>,
    /// The steps the viewer may take now.
    pub steps: Vec<RequestStep>,
}

/// What a request shows of its case: the summary when shared, and the chosen files and timeline
/// entries. Nothing else of the case reaches the recipient.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedCase {
    pub summary: Option<SharedSummary>,
    pub files: Vec<AttachmentInfo>,
    pub entries: Vec<TimelineEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedSummary {
    pub number: String,
    pub subject: String,
    pub description: String,
    pub filed_at: String,
}

/// The page of one request for an employee it was sent to (or staff working its case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestPage {
    pub request: RequestView,
    pub shared: SharedCase,
    /// The case's number when the viewer may open the case itself.
    pub case_number: Option<String>,
}

/// What the case page's "ask for information" form offers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskView {
    pub employees: Vec<Choice>,
    /// Files of the case that may be shared.
    pub files: Vec<AttachmentInfo>,
    /// Timeline entries that may be shared: (id, when and what, in the reader's language).
    pub entries: Vec<Choice>,
    pub default_expiry_days: i64,
}
