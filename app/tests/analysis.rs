//! Analysis (SPEC J1-J5), through the services, on SQLite and PostgreSQL alike: the pivot's
//! cells against independent SQL counts, a closing's figures, the grid's pages and its exports
//! read back as files, saved views, improvement actions, and who may analyse what.

use app::backend::jobs;
use app::backend::services::analysis::{self, export, grid, improvements, views};
use app::backend::services::{intake, seed, workflow};
use app::backend::testing::TestDb;
use app::backend::AppError;
use app::domain::analysis::{
    Axis, CaseFilter, Column, ExportFormat, ExportState, GridCursor, GridSpec, Measure, PivotQuery,
    Sort,
};
use app::domain::intake::IntakeForm;
use app::domain::lifecycle::CaseStep;
use app::domain::people::Role;
use app::i18n::Locale;
use app::model::Viewer;
use app::on_both_backends;
use sqlx::Row;

/// The demo organisation and `n` synthetic cases in its folder.
async fn seeded(db: &TestDb, n: u64) -> Viewer {
    seed::demo(&db.state).await.unwrap();
    seed::synthetic_cases(&db.state, n, 7).await.unwrap();
    db.existing("supervisor@example.com").await
}

async fn ints(db: &TestDb, sql: &str) -> Vec<(Option<String>, Option<String>, Option<i64>)> {
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    sqlx::query(sql)
        .fetch_all(&mut *conn)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

async fn scalar(db: &TestDb, sql: &str) -> i64 {
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    sqlx::query_scalar(sql).fetch_one(&mut *conn).await.unwrap()
}

fn median(mut v: Vec<i64>) -> Option<f64> {
    v.sort_unstable();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2] as f64),
        _ => Some((v[n / 2 - 1] + v[n / 2]) as f64 / 2.0),
    }
}

async fn the_pivot_equals_independent_counts(db: &TestDb) {
    let supervisor = seeded(db, 400).await;
    let query = PivotQuery {
        rows: Axis::Channel,
        cols: Some(Axis::State),
        measure: Measure::MedianDays,
        filter: CaseFilter::default(),
    };
    let p = analysis::pivot(&db.state, &supervisor, Locale::En, query)
        .await
        .unwrap();
    // Every (channel, state) cell, counted again by hand.
    let expected = ints(
        db,
        "SELECT channel, state, COUNT(*) FROM cases WHERE state <> 'draft' GROUP BY channel, state",
    )
    .await;
    let mut cells = 0;
    for (channel, state, n) in &expected {
        let r = p
            .rows
            .iter()
            .position(|v| v.key == *channel)
            .expect("every channel is a row");
        let c = p
            .cols
            .iter()
            .position(|v| v.key == *state)
            .expect("every state is a column");
        assert_eq!(Some(p.cells[r][c].count), *n, "{channel:?} x {state:?}");
        cells += 1;
    }
    assert!(cells > 5, "the seed spreads over channels and states");
    let all = scalar(db, "SELECT COUNT(*) FROM cases WHERE state <> 'draft'").await;
    assert_eq!(p.total.count, all);
    assert_eq!(p.row_totals.iter().map(|f| f.count).sum::<i64>(), all);
    // Labels are in the reader's language.
    assert!(p.cols.iter().any(|c| c.label == "Closed"));
    // Means, medians and shares per channel against the raw values.
    for (i, row) in p.rows.iter().enumerate() {
        let channel = row.key.clone().unwrap();
        let days: Vec<i64> = ints(
            db,
            &format!(
                "SELECT channel, state, resolution_days FROM cases WHERE channel = '{channel}' \
                 AND state <> 'draft' AND resolution_days IS NOT NULL"
            ),
        )
        .await
        .into_iter()
        .filter_map(|r| r.2)
        .collect();
        let total = &p.row_totals[i];
        assert_eq!(total.resolved, days.len() as i64);
        assert_eq!(
            total.median_days,
            median(days.clone()),
            "median of {channel}"
        );
        let mean = (!days.is_empty()).then(|| days.iter().sum::<i64>() as f64 / days.len() as f64);
        assert_eq!(total.value(Measure::MeanDays), mean);
        let in_time = scalar(
            db,
            &format!(
                "SELECT COUNT(*) FROM cases WHERE channel = '{channel}' AND resolved_in_time = 1"
            ),
        )
        .await;
        assert_eq!(total.in_time, in_time);
    }
    // A date range and a folder narrow the same way as SQL does.
    let filter = CaseFilter {
        from: Some("2026-01-01".into()),
        to: Some("2026-06-30".into()),
        ..Default::default()
    };
    let p = analysis::pivot(
        &db.state,
        &supervisor,
        Locale::Es,
        PivotQuery {
            rows: Axis::FiledMonth,
            cols: None,
            measure: Measure::Count,
            filter: filter.clone(),
        },
    )
    .await
    .unwrap();
    let b = analysis::filed_between(&db.state, &filter);
    let in_range = scalar(
        db,
        &format!(
            "SELECT COUNT(*) FROM cases WHERE state <> 'draft' AND created_at >= {} AND created_at < {}",
            b.from_ms.unwrap(),
            b.until_ms.unwrap()
        ),
    )
    .await;
    assert_eq!(p.total.count, in_range);
    assert!(p.rows.len() <= 6, "six months at most: {:?}", p.rows);
    assert!(
        p.rows.windows(2).all(|w| w[0].key < w[1].key),
        "months in order"
    );
}

async fn only_staff_who_may_analyse_see_their_folders(db: &TestDb) {
    seeded(db, 50).await;
    let employee = db.existing("almacen@example.com").await;
    let customer = db.existing("cliente@example.com").await;
    let query = || PivotQuery {
        rows: Axis::State,
        cols: None,
        measure: Measure::Count,
        filter: CaseFilter::default(),
    };
    for who in [&employee, &customer] {
        let refused = analysis::pivot(&db.state, who, Locale::Es, query()).await;
        assert!(
            matches!(refused, Err(AppError::Forbidden)),
            "{:?}",
            who.role
        );
        let grid = grid::page(&db.state, who, Locale::Es, GridSpec::default(), None).await;
        assert!(matches!(grid, Err(AppError::Forbidden)));
    }
    // Managers see the folders whose settings name them or their role: the demo folder, not a
    // folder that names neither, whose cases count only for supervisors and admins (and its closers).
    let other = app::backend::services::catalogs::create_folder_as(&db.state, None, "Otra carpeta")
        .await
        .unwrap();
    {
        // Only supervisors and admins start cases there; customer service closes them.
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        for sql in [
            format!("UPDATE folders SET initiator_roles = 'supervisor,admin' WHERE id = {other}"),
            format!("UPDATE cases SET folder_id = {other} WHERE id IN (SELECT id FROM cases ORDER BY id LIMIT 10)"),
        ] {
            sqlx::query(&sql).execute(&mut *conn).await.unwrap();
        }
    }
    let all = scalar(db, "SELECT COUNT(*) FROM cases WHERE state <> 'draft'").await;
    let moved = scalar(
        db,
        &format!("SELECT COUNT(*) FROM cases WHERE folder_id = {other} AND state <> 'draft'"),
    )
    .await;
    assert!(moved > 0);
    let manager = db.existing("gestor@example.com").await;
    let p = analysis::pivot(&db.state, &manager, Locale::Es, query())
        .await
        .unwrap();
    assert_eq!(p.total.count, all - moved);
    assert!(p.folders.iter().all(|f| f.id != other));
    // Asking for the other folder by name in the URL changes nothing.
    let narrowed = PivotQuery {
        filter: CaseFilter {
            folder_id: Some(other),
            ..Default::default()
        },
        ..query()
    };
    let p = analysis::pivot(&db.state, &manager, Locale::Es, narrowed.clone())
        .await
        .unwrap();
    assert_eq!(p.total.count, 0);
    let supervisor = db.existing("supervisor@example.com").await;
    let p = analysis::pivot(&db.state, &supervisor, Locale::Es, narrowed)
        .await
        .unwrap();
    assert_eq!(p.total.count, moved);
}

async fn a_closing_records_its_time_to_resolve_and_a_reopening_counts(db: &TestDb) {
    let folder = db.case_folder().await;
    let agent = db.person("agente.prueba@example.com", Role::Agent).await;
    let form = IntakeForm {
        subject: "Tarifa mal aplicada".into(),
        description: "Se aplicó la tarifa comercial.".into(),
        class: "claim".into(),
        channel: "phone".into(),
        customer_email: Some("lucia@example.com".into()),
        customer_name: Some("Lucía".into()),
        ..Default::default()
    };
    let number = intake::file_case(&db.state, &agent, form, Vec::new())
        .await
        .unwrap()
        .to_string();
    db.open_draft(&agent, &number, &folder).await;
    let manager = folder.manager.clone();
    for (who, step) in [
        (&manager, CaseStep::Start),
        (&manager, CaseStep::RequestClosure),
    ] {
        workflow::take_step(&db.state, who, &number, workflow::StepForm::new(step, ""))
            .await
            .unwrap();
    }
    let close = workflow::StepForm {
        satisfaction: "4".into(),
        ..workflow::StepForm::new(CaseStep::Close, "")
    };
    workflow::take_step(&db.state, &agent, &number, close)
        .await
        .unwrap();
    let q = format!(
        "SELECT closed_at, resolution_days, reopen_count, filed_month, closed_month FROM cases WHERE number = '{number}'"
    );
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    let r = sqlx::query(&q).fetch_one(&mut *conn).await.unwrap();
    let closed_at: Option<i64> = r.get(0);
    assert!(closed_at.is_some());
    // Closed on the day it was received: no business day in between.
    assert_eq!(r.get::<Option<i64>, _>(1), Some(0));
    assert_eq!(r.get::<i64, _>(2), 0);
    let filed: Option<i64> = r.get(3);
    assert!(filed.is_some_and(|m| m > 202000 && m % 100 >= 1 && m % 100 <= 12));
    assert_eq!(r.get::<Option<i64>, _>(4), filed);
    drop(conn);
    // The folder's closer (customer service) reopens.
    workflow::take_step(
        &db.state,
        &agent,
        &number,
        workflow::StepForm::new(CaseStep::Reopen, "La clienta volvió a llamar."),
    )
    .await
    .unwrap();
    let supervisor = db
        .person("super.prueba@example.com", Role::Supervisor)
        .await;
    let p = analysis::pivot(
        &db.state,
        &supervisor,
        Locale::Pl,
        PivotQuery {
            rows: Axis::Folder,
            cols: None,
            measure: Measure::ReopenedShare,
            filter: CaseFilter::default(),
        },
    )
    .await
    .unwrap();
    assert_eq!(p.total.count, 1);
    assert_eq!(p.total.value(Measure::ReopenedShare), Some(100.0));
    assert_eq!(p.rows[0].label, "Casos de prueba");
}

fn phone_cases() -> GridSpec {
    GridSpec {
        columns: vec![
            Column::Number,
            Column::Axis(Axis::Channel),
            Column::Axis(Axis::Cause),
            Column::FiledAt,
            Column::ResolutionDays,
            Column::InTime,
        ],
        filter: CaseFilter {
            equals: vec![(Axis::Channel, "phone".into())],
            ..Default::default()
        },
        sort: Sort {
            column: Column::ResolutionDays,
            descending: true,
        },
    }
}

async fn the_grid_pages_through_exactly_the_filtered_cases(db: &TestDb) {
    let supervisor = seeded(db, 900).await;
    let expected = scalar(
        db,
        "SELECT COUNT(*) FROM cases WHERE channel = 'phone' AND state <> 'draft'",
    )
    .await;
    assert!(expected > grid::PAGE, "more than one page");
    let mut seen = std::collections::HashSet::new();
    let mut cursor: Option<GridCursor> = None;
    let mut last_days = i64::MAX;
    loop {
        let page = grid::page(&db.state, &supervisor, Locale::Es, phone_cases(), cursor)
            .await
            .unwrap();
        assert_eq!(page.total, expected);
        for row in &page.rows {
            assert!(seen.insert(row.number.clone()), "{} twice", row.number);
            assert_eq!(row.cells[1], app::model::Cell::Text("Teléfono".into()));
            // Sorted by business days, longest first; cases without one last.
            let days = match row.cells[4] {
                app::model::Cell::Number(n) => n,
                _ => -1,
            };
            assert!(days <= last_days);
            last_days = days;
        }
        match page.next {
            Some(c) => cursor = Some(c.parse().unwrap()),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, expected);
}

async fn export_and_wait(
    db: &TestDb,
    who: &Viewer,
    format: ExportFormat,
) -> (i64, std::path::PathBuf) {
    let id = export::start(&db.state, who, Locale::Es, phone_cases(), format)
        .await
        .unwrap();
    let queued = export::progress(&db.state, who, Locale::Es, id)
        .await
        .unwrap();
    assert_eq!(queued.state, ExportState::Queued);
    jobs::run_once(&db.state, db.state.now_ms()).await.unwrap();
    let done = export::progress(&db.state, who, Locale::Es, id)
        .await
        .unwrap();
    assert_eq!(done.state, ExportState::Done, "{:?}", done.error);
    assert_eq!(done.total, Some(done.written));
    let key = format!("exports/{id}.{}", format.code());
    (id, db.files_dir().join(key))
}

async fn an_export_holds_exactly_the_filtered_rows_with_typed_cells(db: &TestDb) {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let supervisor = seeded(db, 2_500).await;
    let expected = scalar(
        db,
        "SELECT COUNT(*) FROM cases WHERE channel = 'phone' AND state <> 'draft'",
    )
    .await;
    let (id, path) = export_and_wait(db, &supervisor, ExportFormat::Xlsx).await;
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(
        rows.len() as i64,
        expected + 1,
        "a header and every filtered case"
    );
    assert_eq!(rows[0][0], Data::String("Número".into()));
    assert_eq!(
        rows[0][4],
        Data::String("Días hábiles hasta resolver".into())
    );
    let mut typed = (0, 0, 0);
    for r in &rows[1..] {
        assert_eq!(r[1], Data::String("Teléfono".into()));
        assert!(
            matches!(r[3], Data::DateTime(_)),
            "a date, not text: {:?}",
            r[3]
        );
        match &r[4] {
            Data::Float(_) => typed.0 += 1,
            Data::Empty => {}
            other => panic!("days as a number: {other:?}"),
        }
        match &r[5] {
            Data::Bool(_) => typed.1 += 1,
            Data::Empty => {}
            other => panic!("in time as a boolean: {other:?}"),
        }
        typed.2 += 1;
    }
    assert!(typed.0 > 0 && typed.1 > 0, "{typed:?}");
    // The first column is the case number, and the numbers are those of the phone cases.
    let numbers: std::collections::HashSet<String> = rows[1..]
        .iter()
        .map(|r| match &r[0] {
            Data::String(s) => s.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(numbers.len() as i64, expected);
    // The owner downloads it; nobody else does.
    let other = db.existing("gestor@example.com").await;
    assert!(matches!(
        export::file(&db.state, &other, id).await,
        Err(AppError::NotFound)
    ));
    assert!(export::file(&db.state, &supervisor, id).await.is_ok());

    let (_, csv_path) = export_and_wait(db, &supervisor, ExportFormat::Csv).await;
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len() as i64, expected);
    assert!(records.iter().all(|r| &r[1] == "Teléfono"));
    assert!(
        records.iter().all(|r| r[3].len() == 16),
        "local times as YYYY-MM-DD HH:MM"
    );
}

async fn a_saved_view_is_offered_to_its_owner_and_when_shared_to_others(db: &TestDb) {
    let supervisor = seeded(db, 20).await;
    let manager = db.existing("gestor@example.com").await;
    let id = views::save(
        &db.state,
        &supervisor,
        "Teléfono por días",
        true,
        &phone_cases(),
    )
    .await
    .unwrap();
    views::save(
        &db.state,
        &supervisor,
        "Solo mía",
        false,
        &GridSpec::default(),
    )
    .await
    .unwrap();
    let offered = grid::page(&db.state, &manager, Locale::Es, GridSpec::default(), None)
        .await
        .unwrap()
        .views;
    assert_eq!(offered.len(), 1, "only the shared one: {offered:?}");
    assert!(!offered[0].mine);
    assert!(offered[0].query.contains("f.channel=phone"));
    assert!(offered[0].query.contains("sort=-days"));
    // Saving again under the same name replaces it; a blank name is refused.
    let again = views::save(
        &db.state,
        &supervisor,
        "Teléfono por días",
        false,
        &phone_cases(),
    )
    .await
    .unwrap();
    assert_eq!(again, id);
    assert!(matches!(
        views::save(&db.state, &supervisor, "  ", false, &phone_cases()).await,
        Err(AppError::Invalid(_))
    ));
    assert!(matches!(
        views::delete(&db.state, &manager, id).await,
        Err(AppError::NotFound)
    ));
    views::delete(&db.state, &supervisor, id).await.unwrap();
}

async fn an_improvement_action_compares_its_causes_before_and_after(db: &TestDb) {
    let supervisor = seeded(db, 600).await;
    let manager = db.existing("gestor@example.com").await;
    let agent = db.existing("agente@example.com").await;
    let (folder, cause): (i64, i64) = {
        let mut conn = db.state.store.pool().acquire().await.unwrap();
        sqlx::query_as(
            "SELECT folder_id, id FROM catalog_entries WHERE kind = 'cause' ORDER BY id LIMIT 1",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    };
    let form = improvements::ActionForm {
        folder_id: folder.to_string(),
        title: "Revisar el control de caducidad".into(),
        description: String::new(),
        kind: "corrective".into(),
        owner_id: manager.id.to_string(),
        due_day: "2027-03-31".into(),
        cause_ids: vec![cause.to_string()],
    };
    // Agents read the plan; they do not write it.
    assert!(matches!(
        improvements::create(&db.state, &agent, form.clone()).await,
        Err(AppError::Forbidden)
    ));
    let missing = improvements::ActionForm {
        cause_ids: Vec::new(),
        title: String::new(),
        ..form.clone()
    };
    match improvements::create(&db.state, &supervisor, missing).await {
        Err(AppError::Invalid(e)) => {
            assert!(e.get("cause_ids").is_some() && e.get("title").is_some())
        }
        other => panic!("{other:?}"),
    }
    let id = improvements::create(&db.state, &supervisor, form)
        .await
        .unwrap();
    let effect = improvements::effect(&db.state, &manager, Locale::Es, id)
        .await
        .unwrap();
    let day = |d: &str| -> i64 {
        analysis::filed_between(
            &db.state,
            &CaseFilter {
                from: Some(d.into()),
                ..Default::default()
            },
        )
        .from_ms
        .unwrap()
    };
    let pivot =
        chrono::NaiveDate::parse_from_str(&effect.action.effective_day, "%Y-%m-%d").unwrap();
    let from = (pivot - chrono::Days::new(90))
        .format("%Y-%m-%d")
        .to_string();
    let until = (pivot + chrono::Days::new(90))
        .format("%Y-%m-%d")
        .to_string();
    let before = scalar(
        db,
        &format!(
            "SELECT COUNT(*) FROM cases WHERE cause_id = {cause} AND state <> 'draft' AND created_at >= {} AND created_at < {}",
            day(&from),
            day(&effect.action.effective_day)
        ),
    )
    .await;
    let after = scalar(
        db,
        &format!(
            "SELECT COUNT(*) FROM cases WHERE cause_id = {cause} AND state <> 'draft' AND created_at >= {} AND created_at < {}",
            day(&effect.action.effective_day),
            day(&until)
        ),
    )
    .await;
    assert_eq!(effect.before.count, before);
    assert_eq!(effect.after.count, after);
    assert!(before > 0, "the synthetic cases reach back two years");
    assert!(effect.before_link.contains(&format!("f.cause={cause}")));
    improvements::set_state(&db.state, &supervisor, id, "done")
        .await
        .unwrap();
    let plan = improvements::setup(&db.state, &manager, Locale::En)
        .await
        .unwrap();
    assert_eq!(plan.actions.len(), 1);
    assert_eq!(plan.actions[0].state, "Done");
    assert_eq!(plan.actions[0].causes.len(), 1);
}

on_both_backends!(
    the_pivot_equals_independent_counts,
    only_staff_who_may_analyse_see_their_folders,
    a_closing_records_its_time_to_resolve_and_a_reopening_counts,
    the_grid_pages_through_exactly_the_filtered_cases,
    an_export_holds_exactly_the_filtered_rows_with_typed_cells,
    a_saved_view_is_offered_to_its_owner_and_when_shared_to_others,
    an_improvement_action_compares_its_causes_before_and_after,
);
