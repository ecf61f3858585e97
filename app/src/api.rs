//! Server functions, by area. Each one finds out who is asking, then calls a service; none holds
//! business rules or SQL. Changes are POST only (the server-function default), and the server
//! checks the request's origin before any of them runs (see `server::csrf`).

pub mod admin;
pub mod auth;
pub mod cases;
#[cfg(feature = "ssr")]
pub mod context;
pub mod deadlines;
pub mod messages;
pub mod tasks;

use leptos::prelude::ServerFnError;

/// What a failed server function means for the person who called it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    NotFound,
    LoginRequired,
    Other,
}

impl Failure {
    pub fn of(e: &ServerFnError) -> Failure {
        let text = e.to_string();
        if text.contains("unauthenticated") {
            Failure::LoginRequired
        } else if text.contains("not_found") || text.contains("forbidden") {
            Failure::NotFound
        } else {
            Failure::Other
        }
    }
}
