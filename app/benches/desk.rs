//! How the desk's cost grows with the number of cases: the same pages timed on a small and a
//! large SQLite database. An index range scan costs about the same at both sizes; a plan that
//! scans or sorts would grow with the table. Reported as a ratio, since the machines are noisy.
//!
//! cargo bench -p app --features ssr --bench desk -- [SMALL] [LARGE]   (defaults 10000 1000000)

use app::backend::services::{cases, seed};
use app::backend::testing::TestDb;
use app::domain::case::Channel;
use app::i18n::Locale;
use app::model::{DeskFilter, Viewer};
use std::time::{Duration, Instant};

const ROUNDS: usize = 200;

struct Figures {
    first_page: Duration,
    tenth_page: Duration,
    by_channel: Duration,
    /// An employee's desk: the cases of their three open tasks (`DeskScope::Work`).
    employee: Duration,
    /// Their "my work" panel, with three information requests waiting for them besides the
    /// tasks (issue 12: two more queries, by recipient and by asker).
    my_work: Duration,
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

async fn time_pages(db: &TestDb, agent: &Viewer, employee: &Viewer) -> Figures {
    let state = &db.state;
    let all = DeskFilter::default();
    let phone = DeskFilter {
        channel: Some(Channel::Phone),
        ..Default::default()
    };
    let mut cursor = None;
    for _ in 0..9 {
        cursor = cases::desk(state, agent, &all, cursor, Locale::Es)
            .await
            .unwrap()
            .next;
    }
    let mut figures = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..ROUNDS {
        for (i, (filter, from)) in [(&all, None), (&all, cursor), (&phone, None)]
            .into_iter()
            .enumerate()
        {
            let t = Instant::now();
            let page = cases::desk(state, agent, filter, from, Locale::Es)
                .await
                .unwrap();
            figures[i].push(t.elapsed());
            assert_eq!(page.cases.len(), 25);
        }
    }
    let mut theirs = Vec::new();
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let page = cases::desk(state, employee, &all, None, Locale::Es)
            .await
            .unwrap();
        theirs.push(t.elapsed());
        assert_eq!(page.cases.len(), 3);
    }
    let mut work = Vec::new();
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let mine = app::backend::services::work::my_work(state, employee)
            .await
            .unwrap();
        work.push(t.elapsed());
        assert_eq!((mine.tasks.len(), mine.requests.len()), (3, 3));
    }
    let [a, b, c] = figures;
    Figures {
        first_page: median(a),
        tenth_page: median(b),
        by_channel: median(c),
        employee: median(theirs),
        my_work: median(work),
    }
}

async fn measure(count: u64) -> Figures {
    let db = TestDb::sqlite().await;
    seed::demo(&db.state).await.unwrap();
    let t = Instant::now();
    seed::synthetic_cases(&db.state, count, 7).await.unwrap();
    eprintln!("seeded {count} cases in {:.1} s", t.elapsed().as_secs_f64());
    let agent = app::backend::store::users::by_email(
        &mut db.state.store.pool().acquire().await.unwrap(),
        "agente@example.com",
    )
    .await
    .unwrap()
    .unwrap()
    .viewer();
    let employee = give_three_tasks(&db).await;
    let figures = time_pages(&db, &agent, &employee).await;
    db.finish().await;
    figures
}

/// The warehouse employee of the demo, with a task and an information request on each of three
/// open cases.
async fn give_three_tasks(db: &TestDb) -> Viewer {
    use app::backend::store::{tasks, users};
    let mut conn = db.state.store.pool().acquire().await.unwrap();
    let employee = users::by_email(&mut conn, "almacen@example.com")
        .await
        .unwrap()
        .unwrap()
        .viewer();
    let open: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM cases WHERE open_work = 1 ORDER BY id LIMIT 3")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    for case_id in open {
        tasks::insert(
            &mut conn,
            tasks::NewTask {
                case_id,
                title: "Revisar",
                instructions: "",
                assignee_id: employee.id,
                assigned_by: employee.id,
                planned_day: None,
                max_day: "2099-01-01".into(),
                now: 0,
            },
        )
        .await
        .unwrap();
        app::backend::store::info_requests::insert(
            &mut conn,
            app::backend::store::info_requests::NewRequest {
                case_id,
                asked_by: employee.id,
                recipient_id: Some(employee.id),
                recipient_email: None,
                recipient_name: "Almacén",
                locale: "es",
                subject: "¿Queda stock?",
                share_summary: true,
                state: "waiting",
                expires_at: 4_102_444_800_000,
                now: 0,
            },
        )
        .await
        .unwrap();
    }
    employee
}

#[tokio::main]
async fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let small = args.first().copied().unwrap_or(10_000);
    let large = args.get(1).copied().unwrap_or(1_000_000);
    let s = measure(small).await;
    let l = measure(large).await;
    println!("desk page (25 rows), median of {ROUNDS}, SQLite");
    println!(
        "{:<30}{:>14}{:>14}{:>8}",
        "page",
        format!("{small} cases"),
        format!("{large} cases"),
        "ratio"
    );
    for (name, a, b) in [
        ("first page", s.first_page, l.first_page),
        ("tenth page (cursor)", s.tenth_page, l.tenth_page),
        ("first page, one channel", s.by_channel, l.by_channel),
        ("employee, 3 open tasks", s.employee, l.employee),
        ("my work, 3 tasks 3 requests", s.my_work, l.my_work),
    ] {
        println!(
            "{name:<30}{:>12.0}µs{:>12.0}µs{:>8.2}",
            a.as_secs_f64() * 1e6,
            b.as_secs_f64() * 1e6,
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
}
