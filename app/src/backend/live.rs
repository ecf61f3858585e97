//! Live updates of the desk (SPEC C3): a service that changed someone's desk announces it after
//! its transaction commits, and every server instance passes it on to the browsers it serves
//! (`GET /events`, server-sent events).
//!
//! On PostgreSQL several instances may share the database, so an announcement is a
//! `NOTIFY tramita_desk` with the event as JSON, and each instance runs one `LISTEN` connection
//! that feeds its in-process channel. The announcing instance hears its own notification too,
//! so it does not also deliver locally (that would send every event twice). On SQLite there is
//! only ever one instance and the channel is fed directly.
//!
//! Notifications are not stored: whoever is not listening at that moment misses them. The
//! listener therefore sends a `resync` event to every staff member after it reconnects, and the
//! browser refreshes its desk whenever its own event stream reconnects.

use super::store::{Backend, Store};
use super::AppState;
use crate::model::Viewer;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// The PostgreSQL channel every instance listens on.
pub const CHANNEL: &str = "tramita_desk";

/// How many events a slow subscriber may fall behind before it is told it lagged.
const BUFFER: usize = 256;

/// PostgreSQL refuses notification payloads of 8000 bytes or more.
const MAX_PAYLOAD: usize = 7_900;

/// Something that changed someone's desk. `users`: who should refresh; `staff`: every staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskEvent {
    /// What happened, as the audit action code (`case_opened`, `case_reassigned`, ...).
    pub kind: String,
    pub case_number: Option<String>,
    pub users: Vec<i64>,
    pub staff: bool,
}

impl DeskEvent {
    /// For the given people only.
    pub fn for_users(
        kind: &str,
        case_number: Option<&str>,
        users: impl IntoIterator<Item = i64>,
    ) -> DeskEvent {
        let mut users: Vec<i64> = users.into_iter().collect();
        users.sort_unstable();
        users.dedup();
        DeskEvent {
            kind: kind.into(),
            case_number: case_number.map(str::to_string),
            users,
            staff: false,
        }
    }

    /// For every staff member (and the given people, whatever their role).
    pub fn for_staff(
        kind: &str,
        case_number: Option<&str>,
        users: impl IntoIterator<Item = i64>,
    ) -> DeskEvent {
        DeskEvent {
            staff: true,
            ..DeskEvent::for_users(kind, case_number, users)
        }
    }

    /// Whether `viewer`'s desk should refresh. Events for "all staff" reach those who see cases
    /// whole (`domain::access`); an employee hears only of their own work.
    pub fn concerns(&self, viewer: &Viewer) -> bool {
        self.users.contains(&viewer.id)
            || (self.staff && crate::domain::access::hears_staff_events(viewer.role))
    }
}

/// Each instance's hub: the channel its `/events` streams subscribe to and, on PostgreSQL, the
/// listener that feeds it. Cheap to clone; the listener stops when the last clone is dropped or
/// the store's pool is closed.
#[derive(Clone)]
pub struct LiveHub {
    sender: broadcast::Sender<DeskEvent>,
    backend: Backend,
    _listener: Option<Arc<AbortOnDrop>>,
}

impl std::fmt::Debug for LiveHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveHub")
            .field("backend", &self.backend)
            .field("subscribers", &self.sender.receiver_count())
            .finish()
    }
}

struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl LiveHub {
    /// The hub for `store`. On PostgreSQL it first connects the listener to `database_url` (the
    /// URL `store` was opened with) so that nothing announced after this returns is missed; if
    /// that fails the listener keeps trying in the background and the error is logged. Must be
    /// called inside a Tokio runtime.
    pub async fn start(store: &Store, database_url: &str) -> LiveHub {
        let (sender, _) = broadcast::channel(BUFFER);
        let backend = store.backend();
        let listener = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                let first = listen(database_url).await;
                if let Err(e) = &first {
                    tracing::error!(error = %e, "live desk: cannot listen for notifications yet; retrying");
                }
                let task = tokio::spawn(run_listener(
                    first.ok(),
                    database_url.to_string(),
                    store.clone(),
                    sender.clone(),
                ));
                Some(Arc::new(AbortOnDrop(task.abort_handle())))
            }
        };
        LiveHub {
            sender,
            backend,
            _listener: listener,
        }
    }

    /// Events from now on, for one `/events` stream.
    pub fn subscribe(&self) -> broadcast::Receiver<DeskEvent> {
        self.sender.subscribe()
    }
}

impl AppState {
    /// Tells every instance's browsers that `event` changed someone's desk. Call it after the
    /// change's transaction has committed (a refreshed desk must find the change). Never fails
    /// the caller: the change is done, and a desk that misses an update still shows it on the
    /// next load, so errors are only logged.
    pub async fn announce(&self, event: DeskEvent) {
        match self.live.backend {
            Backend::Sqlite => {
                // An error only means nobody is listening right now.
                let _ = self.live.sender.send(event);
            }
            Backend::Postgres => {
                let payload = match serde_json::to_string(&event) {
                    Ok(p) if p.len() <= MAX_PAYLOAD => p,
                    Ok(_) => {
                        // Too many people for one notification: refresh every staff desk instead.
                        let fallback =
                            DeskEvent::for_staff(&event.kind, event.case_number.as_deref(), []);
                        serde_json::to_string(&fallback).unwrap_or_default()
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "live desk: cannot encode an event");
                        return;
                    }
                };
                if let Err(e) = sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(payload)
                    .execute(self.store.pool())
                    .await
                {
                    tracing::error!(error = %e, kind = %event.kind, "live desk: cannot notify");
                }
            }
        }
    }
}

async fn listen(url: &str) -> Result<sqlx::postgres::PgListener, sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Forwards notifications into `sender` until the store is closed, reconnecting with a growing
/// pause when the database goes away.
async fn run_listener(
    first: Option<sqlx::postgres::PgListener>,
    url: String,
    store: Store,
    sender: broadcast::Sender<DeskEvent>,
) {
    // Closing the store (shutdown, the end of a test) ends the listener at once, which also
    // lets the database be dropped.
    let closed = store.pool().close_event();
    let forward = async move {
        let mut listener = first;
        let mut pause = Duration::from_millis(250);
        loop {
            let mut current = match listener.take() {
                Some(l) => l,
                None => match listen(&url).await {
                    Ok(l) => {
                        tracing::info!("live desk: listening again");
                        // Whatever was announced meanwhile is lost: every desk reloads.
                        let _ = sender.send(DeskEvent::for_staff("resync", None, []));
                        l
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, pause_ms = pause.as_millis() as u64, "live desk: cannot listen; retrying");
                        tokio::time::sleep(pause).await;
                        pause = (pause * 2).min(Duration::from_secs(30));
                        continue;
                    }
                },
            };
            pause = Duration::from_millis(250);
            loop {
                match current.try_recv().await {
                    Ok(Some(n)) => match serde_json::from_str::<DeskEvent>(n.payload()) {
                        Ok(event) => {
                            let _ = sender.send(event);
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "live desk: a notification that is not a desk event")
                        }
                    },
                    Ok(None) => {
                        // The connection dropped and sqlx connected again (it re-listens by
                        // itself); notifications in between are lost.
                        tracing::warn!("live desk: the listening connection was lost");
                        let _ = sender.send(DeskEvent::for_staff("resync", None, []));
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "live desk: listening failed");
                        break;
                    }
                }
            }
            tokio::time::sleep(pause).await;
        }
    };
    tokio::select! {
        _ = closed => {}
        _ = forward => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::Role;

    fn viewer(id: i64, role: Role) -> Viewer {
        Viewer {
            id,
            email: format!("p{id}@example.com"),
            name: "P".into(),
            role,
        }
    }

    #[test]
    fn an_event_concerns_its_people_and_for_staff_every_staff_member() {
        let to_manager = DeskEvent::for_users("case_opened", Some("2026-000001"), [7, 7]);
        assert_eq!(to_manager.users, vec![7]);
        assert!(to_manager.concerns(&viewer(7, Role::Manager)));
        assert!(!to_manager.concerns(&viewer(8, Role::Manager)));
        assert!(!to_manager.concerns(&viewer(8, Role::Supervisor)));

        let to_staff = DeskEvent::for_staff("case_escalated", Some("2026-000001"), [7]);
        assert!(to_staff.concerns(&viewer(8, Role::Agent)));
        assert!(!to_staff.concerns(&viewer(9, Role::Customer)));
        assert!(!to_staff.concerns(&viewer(10, Role::Employee)));
    }
}
