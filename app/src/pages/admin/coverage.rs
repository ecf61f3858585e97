//! The coverage registry import (SPEC A4): a CSV in, a report of what went in and which lines
//! did not, by line number.

use crate::api::admin::import_coverage;
use crate::components::form::{failure_text, ready_marker, submitted_form_data};
use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos::web_sys::{FormData, SubmitEvent};

#[component]
pub fn CoverageRegistry() -> impl IntoView {
    let t = use_texts();
    let upload = Action::new_local(|data: &FormData| import_coverage(data.clone().into()));
    let ready = ready_marker();
    let on_submit = move |ev: SubmitEvent| {
        if let Some(data) = submitted_form_data(&ev) {
            upload.dispatch_local(data);
        }
    };
    view! {
        <section class="card wide">
            <h2>{t.coverage_title}</h2>
            <p class="help">{t.coverage_help}</p>
            <form id="coverage-form" class="form" on:submit=on_submit data-ready=ready>
                <input type="file" name="file" accept=".csv,text/csv" aria-label=t.coverage_title required/>
                <button type="submit" disabled=move || upload.pending().get()>{t.import}</button>
            </form>
            <div id="coverage-report" role="status">
                {move || match upload.value().get() {
                    Some(Ok(Ok(report))) => view! {
                        <p>{t.imported_rows} " " <strong class="imported">{report.imported}</strong></p>
                        <p>{t.rejected_rows} " " <strong class="rejected">{report.problems.len()}</strong></p>
                        <ul class="row-problems">
                            {report.problems.iter().map(|(line, p)| view! {
                                <li data-line=*line>{format!("{} {line}: {}", t.line, t.row_problem(p))}</li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Some(Ok(Err(_))) => view! { <p class="notice">{t.coverage_bad_header}</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="notice">{failure_text(&e)}</p> }.into_any(),
                    None => ().into_any(),
                }}
            </div>
        </section>
    }
}
