//! `tramita backup` and `tramita restore` (issue 15, CONTRACTS.md): a copy taken while the server
//! serves and cases keep coming, restored into a fresh directory and database, started on and
//! compared with the original, on SQLite and PostgreSQL.

use app::backend::config::Config;
use app::backend::services::intake::{self, Upload};
use app::backend::store::{audit, Backend, Store};
use app::backend::testing::{TestDb, DEFAULT_PG_URL};
use app::domain::intake::IntakeForm;
use app::domain::people::Role;
use app::on_both_backends;
use sqlx::Executor;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn complaint(n: usize) -> IntakeForm {
    IntakeForm {
        subject: format!("Caja rota número {n}"),
        description: "El producto llegó con la caja rota y mojada.".into(),
        class: "complaint".into(),
        ..Default::default()
    }
}

/// A fresh, empty place to restore into: a directory, and a database of the same kind.
async fn fresh_place(db: &TestDb) -> (Config, Option<String>) {
    let dir = std::env::temp_dir().join(format!(
        "tramita-restore-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    match db.state.store.backend() {
        Backend::Sqlite => {
            let url = format!("sqlite://{}/tramita.db", dir.display());
            (Config::for_tests(dir, url), None)
        }
        Backend::Postgres => {
            let admin_url =
                std::env::var("TRAMITA_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_PG_URL.into());
            let name = format!("tramita_t_restore_{}", rand::random::<u32>());
            let admin = Store::connect(&admin_url).await.unwrap();
            admin
                .pool()
                .execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            admin.close().await;
            let (base, _) = admin_url.rsplit_once('/').unwrap();
            (Config::for_tests(dir, format!("{base}/{name}")), Some(name))
        }
    }
}

async fn count(store: &Store, sql: &str) -> i64 {
    let mut conn = store.pool().acquire().await.unwrap();
    sqlx::query_scalar(sql).fetch_one(&mut *conn).await.unwrap()
}

async fn a_backup_taken_while_serving_restores_into_a_fresh_place(db: &TestDb) {
    let customer = db.person("ana@example.com", Role::Customer).await;
    let photo = Upload {
        file_name: "caja.png".into(),
        bytes: PNG.to_vec(),
    };
    let first = intake::file_case(&db.state, &customer, complaint(0), vec![photo])
        .await
        .unwrap()
        .to_string();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    tokio::spawn(server::serve(db.state.clone(), listener));
    // Cases keep coming while the copy is taken.
    let writer = tokio::spawn({
        let state = db.state.clone();
        let customer = customer.clone();
        async move {
            for n in 1..=15 {
                intake::file_case(&state, &customer, complaint(n), vec![])
                    .await
                    .unwrap();
            }
        }
    });
    let archive = db.files_dir().with_file_name("backup.zip");
    let said = server::backup::backup(&db.state.config, &db.state.store, &archive)
        .await
        .unwrap();
    assert!(said.contains("1 file(s)"), "{said}");
    writer.await.unwrap();

    let (config, pg_name) = fresh_place(db).await;
    let said = server::backup::restore(&config, &archive).await.unwrap();
    assert!(said.contains("1 file(s)"), "{said}");
    // Never over data.
    let again = server::backup::restore(&config, &archive)
        .await
        .unwrap_err();
    assert!(again.contains("restore into an empty"), "{again}");

    // Start on it: the migrations find nothing to do, the trail is intact, the first case and
    // its photo are there, and every restored case is one of the original's.
    let restored = Store::connect(&config.database_url).await.unwrap();
    restored.migrate().await.unwrap();
    // The key is not in the archive (it would protect nothing kept beside the trail); the
    // installation's own key verifies the restored trail.
    let key = app::backend::audit_key::current().unwrap();
    let verified = audit::verify(&mut restored.pool().acquire().await.unwrap(), key)
        .await
        .unwrap();
    assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    let cases = count(&restored, "SELECT COUNT(*) FROM cases").await;
    let original = count(&db.state.store, "SELECT COUNT(*) FROM cases").await;
    assert!((1..=original).contains(&cases), "{cases} of {original}");
    let key: String = {
        let mut conn = restored.pool().acquire().await.unwrap();
        sqlx::query_scalar(
            "SELECT a.storage_key FROM attachments a JOIN cases c ON c.id = a.case_id \
             WHERE c.number = $1",
        )
        .bind(&first)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    };
    let bytes = std::fs::read(config.data_dir.join("files").join(&key)).unwrap();
    assert_eq!(bytes, PNG);
    restored.close().await;

    // Something that is no backup is refused with a sentence.
    let (other, other_pg) = fresh_place(db).await;
    std::fs::write(db.files_dir().with_file_name("not.zip"), b"hello").unwrap();
    let refused = server::backup::restore(&other, &db.files_dir().with_file_name("not.zip"))
        .await
        .unwrap_err();
    assert!(refused.contains("is not a Tramita backup"), "{refused}");

    for name in [pg_name, other_pg].into_iter().flatten() {
        let admin_url =
            std::env::var("TRAMITA_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_PG_URL.into());
        let admin = Store::connect(&admin_url).await.unwrap();
        let _ = admin
            .pool()
            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await;
        admin.close().await;
    }
    let _ = std::fs::remove_dir_all(&config.data_dir);
    let _ = std::fs::remove_dir_all(&other.data_dir);
}

on_both_backends!(a_backup_taken_while_serving_restores_into_a_fresh_place,);
