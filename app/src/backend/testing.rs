//! For tests of this crate and of the server: a fresh, migrated database per test, on SQLite or PostgreSQL, with the state the services
//! need. PostgreSQL tests use `TRAMITA_TEST_PG_URL` (default: the local server's `test`
//! database) to create a database of their own and drop it afterwards. When PostgreSQL cannot be
//! reached they fail under CI and are skipped, loudly, elsewhere.

use crate::backend::clock::Clock;
use crate::backend::config::Config;
use crate::backend::files::FileStore;
use crate::backend::live::LiveHub;
use crate::backend::store::Store;
use crate::backend::AppState;
use leptos::prelude::LeptosOptions;
use sqlx::any::install_default_drivers;
use sqlx::{AnyConnection, Connection, Executor};
use std::path::PathBuf;
use std::sync::Arc;

/// A folder made by [`TestDb::case_folder`].
pub struct CaseFolder {
    pub id: i64,
    pub case_type: i64,
    pub case_group: i64,
    pub manager: crate::model::Viewer,
}

/// The password of every user made by [`TestDb::person`].
pub const TEST_PASSWORD: &str = "contraseña-larga";

pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// The longest a test of [`on_both_backends`] may run. The slowest take about a minute on two
/// busy cores; a test that waits longer is stuck (an answer that never comes), and failing it
/// by name beats CI running out of time with nothing said.
pub const TEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);
const CLOSE_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// Runs one test's body, failing it by name when it outlives [`TEST_LIMIT`].
pub async fn bounded(name: &str, test: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(TEST_LIMIT, test).await.is_err() {
        panic!("{name} was still running after {TEST_LIMIT:?}: something it awaits never answered");
    }
}

pub struct TestDb {
    pub state: AppState,
    dir: PathBuf,
    pg_name: Option<String>,
}

fn unique(prefix: &str) -> String {
    use rand::RngCore;
    let mut b = [0u8; 6];
    rand::thread_rng().fill_bytes(&mut b);
    format!("{prefix}_{}", hex::encode(b))
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(unique("tramita_test"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The audit key of every test: fixed, so that a second instance or a restored copy verifies.
pub const TEST_AUDIT_KEY: &str = "74657374206175646974206b6579206f6620747261206974612074657374732e";

async fn state_for(url: String, dir: PathBuf) -> AppState {
    crate::backend::audit_key::install(
        crate::backend::audit_key::AuditKey::from_hex(TEST_AUDIT_KEY).expect("a valid key"),
    )
    .expect("one key for every test");
    let store = Store::connect(&url).await.expect("connect");
    store.migrate().await.expect("migrate");
    instance_on(store, url, dir, Clock::real()).await
}

/// A server instance's state on an open store: what `server::build_state` makes.
async fn instance_on(store: Store, url: String, dir: PathBuf, clock: Clock) -> AppState {
    let live = LiveHub::start(&store, &url).await;
    let config = Config::for_tests(dir.clone(), url);
    AppState {
        leptos_options: LeptosOptions::builder().output_name("tramita").build(),
        store,
        files: FileStore::local(dir.join("files")),
        config: Arc::new(config),
        live,
        clock,
        limits: Default::default(),
    }
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = scratch_dir();
        let url = format!("sqlite://{}/tramita.db", dir.display());
        TestDb {
            state: state_for(url, dir.clone()).await,
            dir,
            pg_name: None,
        }
    }

    /// `None` when PostgreSQL is unreachable outside CI.
    pub async fn postgres() -> Option<TestDb> {
        install_default_drivers();
        let admin_url =
            std::env::var("TRAMITA_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_PG_URL.into());
        let mut admin = match AnyConnection::connect(&admin_url).await {
            Ok(c) => c,
            Err(e) if std::env::var("CI").is_err() => {
                eprintln!("SKIPPED: PostgreSQL at {admin_url} is unreachable ({e}); CI=true makes this a failure");
                return None;
            }
            Err(e) => panic!("PostgreSQL at {admin_url} is unreachable: {e}"),
        };
        let name = unique("tramita_t");
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("create test database");
        admin.close().await.ok();
        let (base, _) = admin_url.rsplit_once('/').expect("database URL has a path");
        let dir = scratch_dir();
        Some(TestDb {
            state: state_for(format!("{base}/{name}"), dir.clone()).await,
            dir,
            pg_name: Some(name),
        })
    }

    /// Holds this database's clock (shared with its second instances) at `at_ms`:
    /// from now on the services and workers read the time the test sets.
    pub fn stop_clock(&self, at_ms: i64) -> Clock {
        self.state.clock.set(at_ms);
        self.state.clock.clone()
    }

    /// A user of `role` with the password [`TEST_PASSWORD`], as the services see them.
    pub async fn person(
        &self,
        email: &str,
        role: crate::domain::people::Role,
    ) -> crate::model::Viewer {
        let e = crate::domain::people::Email::parse(email).expect("a valid test e-mail");
        let id = crate::backend::services::auth::create_user(
            &self.state.store,
            None,
            &e,
            "Persona de Prueba",
            None,
            role,
            Some(TEST_PASSWORD.into()),
        )
        .await
        .expect("create a test user");
        crate::model::Viewer {
            id,
            email: e.to_string(),
            name: "Persona de Prueba".into(),
            role,
        }
    }

    /// Someone already in the database (the demo seed, or a customer an agent recorded), as
    /// the services see them once logged in. A customer recorded by an agent has no password:
    /// the one way in is setting it through the mailed link, which proves their address, so
    /// that proof is recorded here (`services::recovery` is tested on its own).
    pub async fn existing(&self, email: &str) -> crate::model::Viewer {
        let mut conn = self
            .state
            .store
            .pool()
            .acquire()
            .await
            .expect("a connection");
        let user = crate::backend::store::users::by_email(&mut conn, email)
            .await
            .expect("read a user")
            .unwrap_or_else(|| panic!("{email} exists"));
        crate::backend::store::users::set_verified(&mut conn, user.id, crate::backend::now_ms())
            .await
            .expect("prove the address");
        user.viewer()
    }

    /// A folder where cases can be handed over: one case type and one group, a manager routed
    /// by the table for both and kept as the fallback.
    pub async fn case_folder(&self) -> CaseFolder {
        use crate::backend::services::{catalogs, routing};
        use crate::domain::people::Role;
        let state = &self.state;
        let id = catalogs::create_folder_as(state, None, "Casos de prueba")
            .await
            .expect("create a folder");
        let entry = |kind: &str, name: &str, binding: &str| catalogs::EntryForm {
            folder_id: id,
            kind: kind.into(),
            name: name.into(),
            binding: binding.into(),
            parent_id: None,
        };
        let case_type =
            catalogs::add_entry_as(state, None, entry("case_type", "Clientes", "customers"))
                .await
                .expect("add a case type");
        let case_group = catalogs::add_entry_as(
            state,
            None,
            entry("case_group", "Tiendas propias", "own_stores"),
        )
        .await
        .expect("add a case group");
        let manager = self
            .person("gestor.prueba@example.com", Role::Manager)
            .await;
        routing::save_settings_as(
            state,
            None,
            id,
            routing::SettingsForm {
                initiator_roles: vec![
                    "agent".into(),
                    "manager".into(),
                    "supervisor".into(),
                    "admin".into(),
                ],
                closer_role: "agent".into(),
                fallback_manager_id: Some(manager.id),
            },
        )
        .await
        .expect("save the folder's hand-over");
        routing::put_rule_as(state, None, id, case_type, case_group, manager.id)
            .await
            .expect("set the routing rule");
        CaseFolder {
            id,
            case_type,
            case_group,
            manager,
        }
    }

    /// Opens a draft of `folder`'s case type and group, as the agent's "open" button does.
    pub async fn open_draft(
        &self,
        agent: &crate::model::Viewer,
        number: &str,
        folder: &CaseFolder,
    ) -> crate::model::DraftOutcome {
        use crate::backend::services::drafts;
        let form = drafts::DraftForm {
            case_type_id: folder.case_type.to_string(),
            case_group_id: folder.case_group.to_string(),
            ..Default::default()
        };
        drafts::save(&self.state, agent, number, form, Vec::new(), true)
            .await
            .expect("open the draft")
    }

    /// Another server instance on the same database and files, with its own pool and live
    /// hub: what a second process behind the load balancer would build. Close its store when
    /// done (`state.store.close()`), which also ends its listener.
    pub async fn second_instance(&self) -> AppState {
        let url = self.state.config.database_url.clone();
        let store = Store::connect(&url)
            .await
            .expect("connect a second instance");
        instance_on(store, url, self.dir.clone(), self.state.clock.clone()).await
    }

    pub fn files_dir(&self) -> PathBuf {
        self.dir.join("files")
    }

    /// Closes the pool and removes the database and the files.
    pub async fn finish(self) {
        // Closing waits for every connection to come back; a task of the test's server that
        // still holds one (the job worker between two steps) must not keep the test forever.
        // The database is dropped WITH (FORCE) below either way.
        if tokio::time::timeout(CLOSE_WAIT, self.state.store.close())
            .await
            .is_err()
        {
            eprintln!("test: the pool did not close within {CLOSE_WAIT:?}; dropping anyway");
        }
        if let Some(name) = self.pg_name {
            let admin_url =
                std::env::var("TRAMITA_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_PG_URL.into());
            if let Ok(mut admin) = AnyConnection::connect(&admin_url).await {
                let _ = admin
                    .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                    .await;
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Declares each listed `async fn(&AppState, &TestDb)` test once per backend, as
/// `sqlite::name` and `postgres::name`, so the output counts both.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::backend::testing::TestDb::sqlite().await;
                    $crate::backend::testing::bounded(stringify!($name), super::$name(&db)).await;
                    db.finish().await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = $crate::backend::testing::TestDb::postgres().await else { return };
                    $crate::backend::testing::bounded(stringify!($name), super::$name(&db)).await;
                    db.finish().await;
                }
            )+
        }
    };
}
