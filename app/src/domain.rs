//! Pure domain rules: no I/O, compiled for the server and the browser alike, so that a form is
//! checked with the same code on both sides.

pub mod access;
pub mod analysis;
// Server-only: chrono-tz carries the time zone database, which the WASM bundle does not need.
#[cfg(feature = "ssr")]
pub mod calendar;
pub mod calendars;
pub mod case;
pub mod catalog;
pub mod coverage;
// Server-only as well (with `reminders`): a case's clock counts in a calendar.
#[cfg(feature = "ssr")]
pub mod deadlines;
pub mod decisions;
pub mod documents;
pub mod fields;
pub mod form;
pub mod info_requests;
pub mod intake;
pub mod lifecycle;
pub mod links;
pub mod messages;
pub mod people;
#[cfg(feature = "ssr")]
pub mod reminders;
pub mod routing;
pub mod sla;
pub mod tasks;
