//! "My work" (SPEC C3): what waits for a person on their desk, by kind, each list sorted by its
//! deadline. Every list is of things given to them by name or by their role in a folder.

use super::intake::today;
use crate::backend::store::cases;
use crate::backend::store::tasks::{self as store, TaskRow};
use crate::backend::{AppError, AppState};
use crate::domain::people::Role;
use crate::domain::tasks::{self, TaskState};
use crate::model::{MyWork, Viewer, WorkItem};

/// What a desk list shows at most per kind.
pub const WORK_LIST_MAX: i64 = 100;

fn task_item(t: TaskRow, person: String, today: &str) -> WorkItem {
    let state: TaskState = t.state.parse().unwrap_or(TaskState::Pending);
    WorkItem {
        overdue: state.is_with_assignee() && t.max_day.as_deref().is_some_and(|d| d < today),
        case_number: t.case_number,
        case_subject: t.case_subject,
        href: None,
        title: t.title,
        due_day: t.max_day,
        person: Some(person),
        state: t.state,
        marks: if t.returned_count > 0 {
            vec!["returned".into()]
        } else {
            Vec::new()
        },
    }
}

/// SPEC C3: what waits for `viewer`, by kind, each sorted by its deadline.
pub async fn my_work(state: &AppState, viewer: &Viewer) -> Result<MyWork, AppError> {
    if !crate::domain::access::has_desk(viewer.role) {
        return Err(AppError::Forbidden);
    }
    let today = today(state, state.now_ms()).to_string();
    let mut conn = state.store.pool().acquire().await?;
    let case_item = |c: cases::CaseRow, marks: Vec<String>| WorkItem {
        overdue: c.due_day.as_deref().is_some_and(|d| d < today.as_str()),
        case_number: c.number,
        href: None,
        title: c.subject.clone(),
        case_subject: c.subject,
        due_day: c.due_day,
        person: Some(c.customer_name),
        state: c.state,
        marks,
    };
    let mut cases_list = Vec::new();
    for c in cases::waiting_for_manager(&mut conn, viewer.id, WORK_LIST_MAX).await? {
        let states = store::states_of_case(&mut conn, c.id).await?;
        let marks = if tasks::all_accepted(&states) {
            vec!["tasks_done".to_string()]
        } else {
            Vec::new()
        };
        cases_list.push(case_item(c, marks));
    }
    let to_close = cases::waiting_for_closer(&mut conn, viewer.role.code(), WORK_LIST_MAX)
        .await?
        .into_iter()
        .map(|c| case_item(c, Vec::new()))
        .collect();
    let tasks_list = store::waiting_for(&mut conn, viewer.id, WORK_LIST_MAX)
        .await?
        .into_iter()
        .map(|t| {
            let from = t.assigned_by_name.clone();
            task_item(t, from, &today)
        })
        .collect();
    let to_accept = store::to_accept_by(&mut conn, viewer.id, WORK_LIST_MAX)
        .await?
        .into_iter()
        .map(|t| {
            let who = t.assignee_name.clone();
            task_item(t, who, &today)
        })
        .collect();
    let requests = super::info_requests::views::work_items(
        &mut conn,
        state,
        viewer.id,
        crate::domain::info_requests::RequestState::Waiting,
    )
    .await?;
    let answers_to_accept = super::info_requests::views::work_items(
        &mut conn,
        state,
        viewer.id,
        crate::domain::info_requests::RequestState::Answered,
    )
    .await?;
    let escalated = if viewer.role == Role::Supervisor {
        cases::escalated_open(&mut conn, WORK_LIST_MAX)
            .await?
            .into_iter()
            .map(|c| {
                let level = format!("escalation:{}", c.escalation_level);
                case_item(c, vec![level])
            })
            .collect()
    } else {
        Vec::new()
    };
    let approvals = super::decisions::views::approval_items(&mut conn, state, viewer).await?;
    Ok(MyWork {
        approvals,
        escalated,
        cases: cases_list,
        tasks: tasks_list,
        to_accept,
        requests,
        answers_to_accept,
        to_close,
    })
}
