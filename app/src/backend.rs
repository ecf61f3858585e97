//! Server-only code: configuration, the store, stored files, live desk updates and the use cases
//! (services).
//! Pages never reach in here directly; they call server functions in `api`, which call services.

pub mod account_links;
pub mod audit_key;
pub mod clock;
pub mod config;
pub mod display;
pub mod error;
pub mod files;
pub mod jobs;
pub mod letters;
pub mod limits;
pub mod live;
pub mod notify;
pub mod request_links;
pub mod services;
pub mod state;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tokens;

pub use error::AppError;
pub use state::AppState;

/// Now, in UTC milliseconds, by the system clock: for code without an [`AppState`]. Services read
/// `AppState::now_ms`, which a test can hold still and move.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
