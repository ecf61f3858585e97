//! `tramita calendar due` as a user runs it (CONTRACTS.md): the built binary; no database for
//! the national calendars, the configured one for a company's own.

use std::process::Command;

fn tramita(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tramita"))
        // A database URL that cannot work proves the command does not connect.
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .env("TRAMITA_DATA_DIR", "/nonexistent/tramita")
        .args(args)
        .output()
        .expect("the tramita binary runs")
}

#[test]
fn prints_the_ley_1755_deadline_in_the_calendars_offset() {
    let out = tramita(&[
        "calendar",
        "due",
        "--calendar",
        "CO",
        "--from",
        "2026-03-02T15:00:00Z",
        "--business-days",
        "15",
    ]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "2026-03-24T17:00:00-05:00"
    );
}

#[test]
fn business_hours_are_counted_too() {
    let out = tramita(&[
        "calendar",
        "due",
        "--calendar",
        "es",
        "--from",
        "2026-03-27T16:00:00+01:00",
        "--business-hours",
        "2",
    ]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "2026-03-30T09:00:00+02:00"
    );
}

fn fails_with(args: &[&str], words: &str) {
    let out = tramita(args);
    assert!(!out.status.success(), "{args:?} succeeded");
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "more than one line: {err}");
    assert!(err.contains(words), "{args:?}: {err}");
}

#[test]
fn bad_invocations_fail_with_one_sentence() {
    let base = ["calendar", "due", "--from", "2026-03-02T15:00:00Z"];
    fails_with(
        &[&base[..], &["--calendar", "CO"]].concat(),
        "exactly one of --business-days N or --business-hours N",
    );
    fails_with(
        &[
            &base[..],
            &[
                "--calendar",
                "CO",
                "--business-days",
                "1",
                "--business-hours",
                "2",
            ],
        ]
        .concat(),
        "exactly one of",
    );
    fails_with(
        &[
            "calendar",
            "due",
            "--calendar",
            "CO",
            "--from",
            "2 March",
            "--business-days",
            "1",
        ],
        "is not an RFC 3339 instant",
    );
}

/// A company calendar lives in the database: the command reads it there, and a code that is
/// neither national nor the company's is one clear sentence.
#[tokio::test]
async fn a_company_calendar_is_read_from_the_database() {
    use app::backend::store::{calendars, Store};
    let dir = std::env::temp_dir().join(format!("tramita-cal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/tramita.db", dir.display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let mut conn = store.pool().acquire().await.unwrap();
    let id = calendars::insert_calendar(
        &mut conn,
        &calendars::NewCalendar {
            code: "CO-MED",
            name: "Sede Medellín",
            country: Some("CO"),
            time_zone: "America/Bogota",
            opening_minute: 8 * 60,
            closing_minute: 17 * 60,
        },
        0,
    )
    .await
    .unwrap()
    .unwrap();
    // The company closes on Tuesday 3 March 2026.
    calendars::set_calendar_day(&mut conn, id, "2026-03-03", false, None, 0)
        .await
        .unwrap();
    drop(conn);
    store.close().await;

    let run = |code: &str| {
        Command::new(env!("CARGO_BIN_EXE_tramita"))
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "warn")
            .env("TRAMITA_DATA_DIR", &dir)
            .args([
                "calendar",
                "due",
                "--calendar",
                code,
                "--from",
                "2026-03-02T15:00:00Z",
                "--business-days",
                "1",
            ])
            .output()
            .unwrap()
    };
    let out = run("co-med");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Received Monday; Tuesday closed: due at the close of Wednesday.
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "2026-03-04T17:00:00-05:00"
    );
    let out = run("XX");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("no business calendar with the code \"XX\""),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
