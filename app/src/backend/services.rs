//! Use cases. Each owns its transaction: it checks who is asking, validates, writes the change
//! and its audit event together, and commits or rolls back whole.

pub mod access;
pub mod account;
pub mod analysis;
pub mod auth;
pub mod calendars;
pub mod case_page;
pub mod cases;
pub mod catalogs;
pub mod coverage;
pub mod deadlines;
pub mod decisions;
pub mod drafts;
pub mod forms;
pub mod info_requests;
pub mod intake;
pub mod messages;
pub mod phone_confirmation;
pub mod recovery;
pub mod routing;
pub mod seed;
pub mod tasks;
pub mod work;
pub mod workflow;
