//! The desk on a real database: filters and pages, and rows read in index order at any size.

use super::*;

async fn desk_filters_and_pages_without_gaps_or_repeats(db: &TestDb) {
    let agent = db.person("agente@example.com", Role::Agent).await;
    let ana = db.person("ana@example.com", Role::Customer).await;
    let folder = db.case_folder().await;
    for i in 0..31 {
        if i % 3 == 0 {
            intake::file_case(&db.state, &ana, complaint(&format!("Web {i}")), vec![])
                .await
                .unwrap();
        } else {
            let draft = intake::file_case(&db.state, &agent, phone_case("ana@example.com"), vec![])
                .await
                .unwrap();
            db.open_draft(&agent, &draft.to_string(), &folder).await;
        }
    }
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = cases::desk(
            &db.state,
            &agent,
            &DeskFilter::default(),
            cursor,
            Locale::Es,
        )
        .await
        .unwrap();
        seen.extend(
            page.cases
                .iter()
                .map(|c| (c.created_at_ms, c.number.clone())),
        );
        match page.next {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen.len(), 31);
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, sorted, "newest first");
    let mut numbers: Vec<_> = seen.iter().map(|s| s.1.clone()).collect();
    numbers.dedup();
    assert_eq!(numbers.len(), 31);

    let web = DeskFilter {
        channel: Some(Channel::Web),
        ..Default::default()
    };
    let page = cases::desk(&db.state, &agent, &web, None, Locale::Es)
        .await
        .unwrap();
    assert_eq!(page.cases.len(), 11);
    assert!(page.cases.iter().all(|c| c.channel == Channel::Web));

    let claims = DeskFilter {
        class: Some(DocumentClass::Claim),
        ..Default::default()
    };
    assert_eq!(
        cases::desk(&db.state, &agent, &claims, None, Locale::Es)
            .await
            .unwrap()
            .cases
            .len(),
        20
    );

    let closed = DeskFilter {
        state: Some(CaseState::Closed),
        ..Default::default()
    };
    assert!(cases::desk(&db.state, &agent, &closed, None, Locale::Es)
        .await
        .unwrap()
        .cases
        .is_empty());
}

/// The desk must read its rows in index order at any size: a plan that sorts would sort a
/// million open cases for every page.
async fn desk_reads_cases_in_index_order_without_sorting(db: &TestDb) {
    use app::backend::store::cases::{bind_desk, desk_sql};
    use app::backend::store::Backend;
    use app::domain::access::DeskScope;
    use app::model::DeskCursor;
    let backend = db.state.store.backend();
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    if backend == Backend::Postgres {
        // On a small table any plan is cheap; forbid the ones that do not scale, so the plan
        // shows whether an index can hand the rows over in order.
        for setting in ["enable_seqscan", "enable_bitmapscan", "enable_sort"] {
            sqlx::query(&format!("SET {setting} = off"))
                .execute(&mut *conn)
                .await
                .unwrap();
        }
    }
    let filters = [
        DeskFilter::default(),
        DeskFilter {
            channel: Some(Channel::Phone),
            ..Default::default()
        },
        DeskFilter {
            class: Some(DocumentClass::Claim),
            ..Default::default()
        },
        DeskFilter {
            state: Some(CaseState::Closed),
            ..Default::default()
        },
    ];
    let cursor = DeskCursor {
        created_at_ms: 1_767_625_440_000,
        id: 99,
    };
    // A supervisor's desk, and an agent's or manager's: their folders, plus what is theirs.
    let scopes = [
        DeskScope::All,
        DeskScope::Folders {
            folder_ids: vec![1, 2],
            user_id: 5,
        },
    ];
    for (filter, scope) in filters
        .iter()
        .flat_map(|f| scopes.iter().map(move |s| (f, s)))
    {
        for cursor in [None, Some(cursor)] {
            let sql = desk_sql(filter, scope, cursor.is_some());
            let plan: Vec<String> = match backend {
                Backend::Sqlite => {
                    let sql = format!("EXPLAIN QUERY PLAN {sql}");
                    let rows: Vec<(i64, i64, i64, String)> =
                        bind_desk(sqlx::query_as(&sql), filter, scope, cursor, 25)
                            .fetch_all(&mut *conn)
                            .await
                            .unwrap();
                    rows.into_iter().map(|r| r.3).collect()
                }
                Backend::Postgres => {
                    let sql = format!("EXPLAIN {sql}");
                    let rows: Vec<(String,)> =
                        bind_desk(sqlx::query_as(&sql), filter, scope, cursor, 25)
                            .fetch_all(&mut *conn)
                            .await
                            .unwrap();
                    rows.into_iter().map(|r| r.0).collect()
                }
            };
            let plan = plan.join("\n");
            assert!(
                plan.contains("cases_"),
                "{filter:?}: no case index used:\n{plan}"
            );
            assert!(
                !plan.contains("TEMP B-TREE") && !plan.contains("Sort"),
                "{filter:?}: the plan sorts:\n{plan}"
            );
        }
    }
}

on_both_backends!(
    desk_filters_and_pages_without_gaps_or_repeats,
    desk_reads_cases_in_index_order_without_sorting,
);
