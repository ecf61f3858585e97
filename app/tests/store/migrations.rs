//! The SQLite and PostgreSQL migrations stay in step: every migration file (number and name)
//! exists for both backends, and once migrated the two databases have the same tables with the
//! same columns. Column types and constraints are each backend's own and are not compared; a
//! difference here is a migration written for one backend and forgotten for the other.

use app::backend::testing::TestDb;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Table name -> its column names.
type Schema = BTreeMap<String, BTreeSet<String>>;

/// sqlx's own bookkeeping table is left out on both sides, as are SQLite's internal tables.
const SQLITE_COLUMNS: &str = "SELECT m.name AS table_name, p.name AS column_name \
     FROM sqlite_master m JOIN pragma_table_info(m.name) p \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
     AND m.name <> '_sqlx_migrations'";

/// Base tables only (no views) of the schema the migrations ran in.
const POSTGRES_COLUMNS: &str = "SELECT c.table_name::text AS table_name, \
     c.column_name::text AS column_name \
     FROM information_schema.columns c JOIN information_schema.tables t \
     ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' \
     AND c.table_name <> '_sqlx_migrations'";

fn migration_files(backend: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".sql"))
        .collect()
}

async fn schema(db: &TestDb, query: &str) -> Schema {
    let rows = sqlx::query(query)
        .fetch_all(db.state.store.pool())
        .await
        .unwrap();
    let mut schema = Schema::new();
    for row in rows {
        let table: String = row.get("table_name");
        let column: String = row.get("column_name");
        schema.entry(table).or_default().insert(column);
    }
    schema
}

/// One line per table or column that one backend has and the other has not.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let tables: BTreeSet<&String> = sqlite.keys().chain(postgres.keys()).collect();
    for table in tables {
        match (sqlite.get(table), postgres.get(table)) {
            (Some(_), None) => out.push(format!("table {table}: only on SQLite")),
            (None, Some(_)) => out.push(format!("table {table}: only on PostgreSQL")),
            (Some(s), Some(p)) => {
                for column in s.difference(p) {
                    out.push(format!("column {table}.{column}: only on SQLite"));
                }
                for column in p.difference(s) {
                    out.push(format!("column {table}.{column}: only on PostgreSQL"));
                }
            }
            (None, None) => unreachable!("the table comes from one of the two"),
        }
    }
    out
}

#[test]
fn every_migration_exists_for_both_backends() {
    let sqlite = migration_files("sqlite");
    let postgres = migration_files("postgres");
    assert!(!sqlite.is_empty(), "no SQLite migrations found");
    let only_sqlite: Vec<&String> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<&String> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "each migration needs a file of the same number and name for the other backend; \
         only in migrations/sqlite: {only_sqlite:?}; only in migrations/postgres: {only_postgres:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_backends_migrate_to_the_same_tables_and_columns() {
    let Some(pg) = TestDb::postgres().await else {
        return;
    };
    let lite = TestDb::sqlite().await;
    let sqlite = schema(&lite, SQLITE_COLUMNS).await;
    let postgres = schema(&pg, POSTGRES_COLUMNS).await;
    lite.finish().await;
    pg.finish().await;
    assert!(
        sqlite.contains_key("cases"),
        "the SQLite query found no tables"
    );
    let differences = differences(&sqlite, &postgres);
    assert!(
        differences.is_empty(),
        "the migrated databases differ:\n{}",
        differences.join("\n")
    );
}
