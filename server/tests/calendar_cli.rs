//! `tramita calendar due` as a user runs it (CONTRACTS.md): the built binary, no database.

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
        &[&base[..], &["--calendar", "XX", "--business-days", "1"]].concat(),
        "no business calendar with the code \"XX\"",
    );
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
