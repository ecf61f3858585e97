//! The one state the process builds at start and every request reads.

use super::clock::Clock;
use super::config::Config;
use super::files::FileStore;
use super::live::LiveHub;
use super::store::Store;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub files: FileStore,
    pub config: Arc<Config>,
    /// Live desk updates: what `announce` feeds and `/events` reads.
    pub live: LiveHub,
    /// The time services read (`AppState::now_ms`); tests move it.
    pub clock: Clock,
    /// Rate limits on log-in, sign-up and outsiders' links, per instance.
    pub limits: Arc<super::limits::Limits>,
}

impl AppState {
    /// Now, in UTC milliseconds, by this instance's clock.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}
