//! A case's tasks (SPEC C6): the manager gives work to anyone; assignees answer with notes and
//! files; the manager accepts or returns.

use crate::api::tasks::{take_task_step, AssignTask};
use crate::components::form::{ready_marker, submitted_form_data, FieldError};
use crate::components::timeline::Timeline;
use crate::domain::tasks::TaskStep;
use crate::i18n::use_texts;
use crate::model::{Choice, TaskView};
use crate::pages::auth::{outcome_errors, reload_on_done, Answer, RequestFailure};
use leptos::prelude::*;
use leptos::web_sys::{FormData, SubmitEvent};

pub(super) fn person_options(list: Vec<Choice>) -> impl IntoView {
    let t = use_texts();
    view! {
        <option value="">{t.choose}</option>
        {list.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
    }
}

#[component]
pub fn Tasks(
    number: String,
    tasks: Vec<TaskView>,
    assign_to: Vec<Choice>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let t = use_texts();
    let ready = ready_marker();
    let new_task = (!assign_to.is_empty())
        .then(|| view! { <NewTask number=number.clone() people=assign_to changed/> });
    let empty = tasks.is_empty();
    view! {
        <section class="tasks" id="tasks" data-ready=ready>
            <h2>{t.tasks_title}</h2>
            {empty.then(|| view! { <p class="empty">{t.tasks_empty}</p> })}
            <ul class="task-list" id="task-list">
                {tasks.into_iter().map(|task| view! { <TaskCard task changed/> }).collect_view()}
            </ul>
            {new_task}
        </section>
    }
}

#[component]
fn TaskCard(task: TaskView, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let dates = match (&task.planned_day, &task.max_day) {
        (Some(p), Some(m)) => format!("{} {p} · {} {m}", t.task_planned_day, t.task_max_day),
        (None, Some(m)) => format!("{} {m}", t.task_max_day),
        (Some(p), None) => format!("{} {p}", t.task_planned_day),
        (None, None) => String::new(),
    };
    let steps = task
        .steps
        .iter()
        .map(|s| view! { <TaskStepForm task_id=task.id step=*s changed/> })
        .collect_view();
    view! {
        <li class="task" data-task=task.title.clone() data-state=task.state.code()>
            <div class="task-head">
                <strong class="task-title">{task.title.clone()}</strong>
                " "
                <span class=format!("badge task-{}", task.state.code())>{t.task_state(task.state)}</span>
                {task.overdue.then(|| view! { <span class="badge overdue">{t.task_overdue}</span> })}
                {(task.returned_count > 0).then(|| view! {
                    <span class="badge returned">{format!("{} ×{}", t.task_returned, task.returned_count)}</span>
                })}
            </div>
            <p class="muted">
                {format!("{}: {} · {}: {} · {dates}", t.task_assignee, task.assignee, t.task_assigned_by, task.assigned_by)}
            </p>
            {(!task.instructions.is_empty()).then(|| view! { <p class="instructions">{task.instructions.clone()}</p> })}
            {(!task.files.is_empty()).then(|| view! {
                <ul class="attachments task-files">
                    {task.files.iter().map(|f| view! {
                        <li><a href=format!("/files/{}", f.id) rel="external" download=f.file_name.clone()>{f.file_name.clone()}</a></li>
                    }).collect_view()}
                </ul>
            })}
            <details class="task-thread">
                <summary>{t.timeline}</summary>
                <Timeline entries=task.thread.clone()/>
            </details>
            <div class="task-steps">{steps}</div>
        </li>
    }
}

/// One step of a task. A multipart form, since handing work in carries files.
#[component]
fn TaskStepForm(task_id: i64, step: TaskStep, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let send = Action::new_local(|data: &FormData| take_task_step(data.clone().into()));
    let answer: Answer = Signal::derive(move || send.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    let on_submit = move |ev: SubmitEvent| {
        if let Some(data) = submitted_form_data(&ev) {
            send.dispatch_local(data);
        }
    };
    let ready = ready_marker();
    let note_id = format!("task-{task_id}-{}-note", step.code());
    let files_id = format!("task-{task_id}-files");
    let button_class = if step == TaskStep::Return {
        "small secondary"
    } else {
        "small"
    };
    let note_label = match step {
        TaskStep::Return => t.task_return_note,
        _ => t.task_submit_note,
    };
    view! {
        <form class="task-step" data-step=step.code() data-ready=ready on:submit=on_submit>
            <input type="hidden" name="task_id" value=task_id.to_string()/>
            <input type="hidden" name="step" value=step.code()/>
            {step.needs_note().then(|| view! {
                <label for=note_id.clone()>{note_label}</label>
                <textarea id=note_id.clone() name="note" rows="2"></textarea>
                <FieldError errors field="note"/>
            })}
            {(step == TaskStep::Submit).then(|| view! {
                <label for=files_id.clone()>{t.task_files}</label>
                <input type="file" id=files_id.clone() name="attachments" multiple/>
                <FieldError errors field="attachments"/>
            })}
            <RequestFailure value=answer/>
            <button
                type="submit"
                class=button_class
                disabled=move || send.pending().get()
            >
                {t.task_step(step)}
            </button>
        </form>
    }
}

#[component]
fn NewTask(number: String, people: Vec<Choice>, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let assign = ServerAction::<AssignTask>::new();
    let answer: Answer = Signal::derive(move || assign.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    let ready = ready_marker();
    view! {
        <ActionForm action=assign attr:class="form" attr:id="task-form" attr:data-ready=ready>
            <h3>{t.task_new}</h3>
            <input type="hidden" name="number" value=number/>
            <label for="task-title">{t.task_title}</label>
            <input id="task-title" name="title" maxlength="200"/>
            <FieldError errors field="title"/>
            <label for="task-instructions">{t.task_instructions}</label>
            <textarea id="task-instructions" name="instructions" rows="3"></textarea>
            <FieldError errors field="instructions"/>
            <label for="task-assignee">{t.task_assignee}</label>
            <select id="task-assignee" name="assignee_id">{person_options(people)}</select>
            <FieldError errors field="assignee_id"/>
            <label for="task-planned">{t.task_planned_day}</label>
            <input id="task-planned" name="planned_day" type="date"/>
            <FieldError errors field="planned_day"/>
            <label for="task-max">{t.task_max_day}</label>
            <input id="task-max" name="max_day" type="date"/>
            <FieldError errors field="max_day"/>
            <RequestFailure value=answer/>
            <button type="submit">{t.task_assign}</button>
        </ActionForm>
    }
}
