//! The coverage registry and the check at intake (SPEC A4), on SQLite and on PostgreSQL.

use app::backend::services::{cases, coverage, intake};
use app::backend::store::coverage as registry;
use app::backend::testing::TestDb;
use app::backend::AppError;
use app::domain::coverage::{Coverage, RowProblem};
use app::domain::intake::IntakeForm;
use app::domain::people::Role;
use app::i18n::Locale;
use app::on_both_backends;

/// A registry of `rows` devices, each covered during 2025, with the given lines spoilt.
fn registry_csv(rows: usize, bad_lines: &[(u64, &str)]) -> String {
    let mut csv = String::from("identifier,product,customer,valid_from,valid_to\n");
    for i in 0..rows {
        let line = i as u64 + 2;
        match bad_lines.iter().find(|(l, _)| *l == line) {
            Some((_, bad)) => csv.push_str(bad),
            None => csv.push_str(&format!(
                "SN-{i:05},Nevera N{},Cliente {i},2025-01-01,2025-12-31",
                i % 7
            )),
        }
        csv.push('\n');
    }
    csv
}

async fn ten_thousand_rows_import_and_three_bad_ones_are_reported_by_line(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let bad = [
        (101, "SN-BAD-1,Nevera,Ana,2025-13-01,2025-12-31"),
        (5002, ",Nevera,Ana,2025-01-01,2025-12-31"),
        (9999, "SN-BAD-3,Nevera,Ana,2025-12-31,2025-01-01"),
    ];
    let report = coverage::import_csv(&db.state, &admin, registry_csv(10_000, &bad).as_bytes())
        .await
        .unwrap();
    assert_eq!(report.imported, 9_997);
    assert_eq!(
        report.problems,
        [
            (
                101,
                RowProblem::BadDate {
                    column: "valid_from".into()
                }
            ),
            (5002, RowProblem::MissingIdentifier),
            (9999, RowProblem::EndsBeforeItStarts),
        ]
    );
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    assert_eq!(registry::count(&mut conn).await.unwrap(), 9_997);
}

async fn a_file_with_the_wrong_header_imports_nothing_and_only_admins_import(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let wrong = "serial,from,to\nSN-1,2025-01-01,2025-12-31\n";
    let Err(AppError::Invalid(e)) = coverage::import_csv(&db.state, &admin, wrong.as_bytes()).await
    else {
        panic!()
    };
    assert!(e.get("file").is_some());
    assert!(matches!(
        coverage::import_csv(&db.state, &agent, registry_csv(3, &[]).as_bytes()).await,
        Err(AppError::Forbidden)
    ));
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    assert_eq!(registry::count(&mut conn).await.unwrap(), 0);
}

async fn intake_records_coverage_as_of_the_claim_day(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    coverage::import_csv(&db.state, &admin, registry_csv(10, &[]).as_bytes())
        .await
        .unwrap();

    let file = |identifier: &str, day: &str| IntakeForm {
        subject: "Nevera que no enfría".into(),
        description: "El cliente dice que la nevera dejó de enfriar.".into(),
        class: "claim".into(),
        channel: "phone".into(),
        customer_email: Some("cliente@example.com".into()),
        customer_name: Some("Cliente".into()),
        subject_identifier: Some(identifier.into()),
        claim_day: Some(day.into()),
        ..Default::default()
    };
    for (identifier, day, expected) in [
        (" sn-00003 ", "2025-06-01", Coverage::Covered),
        ("SN-00003", "2026-02-01", Coverage::NotCovered),
        ("XYZ-1", "2025-06-01", Coverage::Unknown),
    ] {
        let number = intake::file_case(&db.state, &agent, file(identifier, day), vec![])
            .await
            .unwrap()
            .to_string();
        let view = cases::case_view(&db.state, &agent, &number, Locale::Es)
            .await
            .unwrap();
        let claim = view.claim.expect("the check is kept with the case");
        assert_eq!(
            (claim.day.as_str(), claim.coverage),
            (day, expected),
            "{identifier}"
        );
        assert!(view.timeline[0]
            .changes
            .iter()
            .any(|(f, _, v)| f == "coverage" && v.as_deref() == Some(expected.code())));
        assert_eq!(
            coverage::check(&db.state, &agent, identifier, day.parse().unwrap())
                .await
                .unwrap(),
            expected
        );
    }

    // The agent's cases are drafts, which the customer does not see at all, check included.
    let customer = db.existing("cliente@example.com").await;
    let mine = cases::my_cases(&db.state, &customer, Locale::Es)
        .await
        .unwrap();
    assert!(mine.is_empty(), "{mine:?}");
    let drafts = cases::desk(
        &db.state,
        &agent,
        &app::model::DeskFilter {
            state: Some(app::domain::case::CaseState::Draft),
            ..Default::default()
        },
        None,
        Locale::Es,
    )
    .await
    .unwrap();
    assert_eq!(drafts.cases.len(), 3);
    let hidden =
        cases::public_case(&db.state, &customer, &drafts.cases[0].number, Locale::Es).await;
    assert!(matches!(hidden, Err(app::backend::AppError::NotFound)));
}

on_both_backends!(
    ten_thousand_rows_import_and_three_bad_ones_are_reported_by_line,
    a_file_with_the_wrong_header_imports_nothing_and_only_admins_import,
    intake_records_coverage_as_of_the_claim_day,
);
