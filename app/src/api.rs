//! Server functions, by area. Each one finds out who is asking, then calls a service; none holds
//! business rules or SQL. Changes are POST only (the server-function default), and the server
//! checks the request's origin before any of them runs (see `server::csrf`).

pub mod admin;
pub mod analysis;
pub mod auth;
pub mod cases;
#[cfg(feature = "ssr")]
pub mod context;
pub mod deadlines;
pub mod decisions;
pub mod error;
pub mod info_requests;
pub mod messages;
#[cfg(feature = "ssr")]
pub mod outcome;
#[cfg(feature = "ssr")]
pub mod request;
pub mod tasks;

pub use error::{ApiError, ErrorKind};
