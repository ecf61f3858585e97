//! Tasks (SPEC C6) and what waits on the viewer's desk (SPEC C3).

use super::error::ApiError;
#[cfg(feature = "ssr")]
use super::outcome::form_outcome;
use crate::model::{FormOutcome, MyWork};
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// SPEC C6: the case's manager gives a task to an employee.
#[server]
pub async fn assign_task(
    number: String,
    #[server(default)] title: String,
    #[server(default)] instructions: String,
    #[server(default)] assignee_id: String,
    #[server(default)] planned_day: String,
    #[server(default)] max_day: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::tasks;

    use crate::domain::tasks::TaskForm;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let form = TaskForm {
        title,
        instructions,
        assignee_id,
        planned_day,
        max_day,
    };
    form_outcome(tasks::assign(&state, &viewer, &number, form).await, |_| {
        format!("/cases/{number}")
    })
}

/// SPEC C6: a step of a task (`task_id`, `step`, `note`; files as `attachments` when the
/// assignee hands the work in).
#[server(input = MultipartFormData)]
pub async fn take_task_step(data: MultipartData) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::tasks;
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let mut read = super::context::read_multipart(data, &state).await?;
    let task_id: i64 = read
        .text("task_id")
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let step = read.text("step");
    let note = read.text("note");
    let uploads = read.take_attachments();
    form_outcome(
        tasks::take_step(&state, &viewer, task_id, &step, &note, uploads).await,
        |_| String::new(),
    )
}

/// SPEC C3: the cases, tasks and questions waiting for the viewer.
#[server]
pub async fn desk_work() -> Result<MyWork, ApiError> {
    use crate::backend::services::work;
    let viewer = super::context::require_viewer().await?;
    Ok(work::my_work(&super::context::state()?, &viewer).await?)
}
