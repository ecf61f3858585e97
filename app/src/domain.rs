//! Pure domain rules: no I/O, compiled for the server and the browser alike, so that a form is
//! checked with the same code on both sides.

// Server-only: chrono-tz carries the time zone database, which the WASM bundle does not need.
pub mod access;
#[cfg(feature = "ssr")]
pub mod calendar;
pub mod calendars;
pub mod case;
pub mod catalog;
pub mod coverage;
pub mod documents;
pub mod fields;
pub mod form;
pub mod intake;
pub mod lifecycle;
pub mod links;
pub mod messages;
pub mod people;
pub mod routing;
pub mod sla;
pub mod tasks;
