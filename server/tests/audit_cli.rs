//! `tramita audit verify` as an operator runs it, on SQLite in a folder of its own: the first
//! start makes the audit key in the data folder and the trail verifies; a trail whose key went
//! missing is refused rather than sealed under a new key (issue 15).

use std::path::Path;
use std::process::Command;

fn tramita(data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tramita"))
        .env_remove("DATABASE_URL")
        .env_remove("TRAMITA_AUDIT_KEY")
        .env("TRAMITA_DATA_DIR", data)
        .args(args)
        .output()
        .expect("the tramita binary runs")
}

#[test]
fn a_trail_is_verified_with_its_key_and_never_sealed_under_a_new_one() {
    let data = std::env::temp_dir().join(format!("tramita_audit_cli_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let made = tramita(
        &data,
        &[
            "user",
            "create",
            "--email",
            "op@example.com",
            "--role",
            "agent",
            "--password",
            "una contraseña larga",
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let key = data.join("audit.key");
    assert_eq!(std::fs::read_to_string(&key).unwrap().trim().len(), 64);

    let verified = tramita(&data, &["audit", "verify"]);
    let said = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{said}");
    assert!(said.contains("intact (1 events)"), "{said}");

    std::fs::remove_file(&key).unwrap();
    let refused = tramita(&data, &["audit", "verify"]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(said.contains("its key is missing"), "{said}");
    assert!(!key.exists(), "no new key was left behind");
    std::fs::remove_dir_all(&data).unwrap();
}
