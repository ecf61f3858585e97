//! The analysis screens (SPEC J1-J5). Screens send their URL's query string as it is, so that a
//! bookmark, a chart's link and the server all read one filter the same way
//! (`domain::analysis::CaseFilter::from_query`).

use super::error::ApiError;
#[cfg(feature = "ssr")]
use super::outcome::form_outcome;
use crate::model::{
    ChartView, ExportView, FormOutcome, GridView, ImprovementEffect, ImprovementSetup, PivotView,
};
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
fn pairs(search: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[cfg(feature = "ssr")]
fn pivot_query(search: &str) -> crate::domain::analysis::PivotQuery {
    use crate::domain::analysis::{Axis, CaseFilter, Measure, PivotQuery};
    let p = pairs(search);
    let get = |k: &str| p.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    PivotQuery {
        rows: get("rows")
            .and_then(|v| v.parse().ok())
            .unwrap_or(Axis::State),
        cols: get("cols").and_then(|v| v.parse().ok()),
        measure: get("measure")
            .and_then(|v| v.parse().ok())
            .unwrap_or(Measure::Count),
        filter: CaseFilter::from_query(p.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
    }
}

#[cfg(feature = "ssr")]
fn grid_spec(search: &str) -> crate::domain::analysis::GridSpec {
    let p = pairs(search);
    crate::domain::analysis::GridSpec::from_query(p.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// SPEC J1: the pivot: `rows`, `cols`, `measure` and the filter's pairs. At a fixed path, like
/// the export's, for scripts (scripts/bench-analysis.sh).
#[server(endpoint = "analysis/pivot")]
pub async fn analysis_pivot(search: String) -> Result<PivotView, ApiError> {
    use crate::backend::services::analysis;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let locale = super::context::request_locale();
    Ok(analysis::pivot(&state, &viewer, locale, pivot_query(&search)).await?)
}

/// SPEC J2: a chart (`bars`, `monthly` or `share`) of the filtered cases by `axis`.
#[server]
pub async fn analysis_chart(
    search: String,
    kind: String,
    axis: String,
) -> Result<ChartView, ApiError> {
    use crate::backend::services::analysis::charts::{chart, ChartKind};
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let kind = match kind.as_str() {
        "bars" => ChartKind::Bars,
        "monthly" => ChartKind::Monthly,
        "share" => ChartKind::Share,
        _ => return Err(AppError::NotFound.into()),
    };
    let axis = axis.parse().map_err(|_| AppError::NotFound)?;
    let filter = pivot_query(&search).filter;
    let locale = super::context::request_locale();
    Ok(chart(&state, &viewer, locale, kind, axis, filter).await?)
}

/// SPEC J3: a page of the history grid (`after` is the cursor).
#[server]
pub async fn analysis_grid(search: String) -> Result<GridView, ApiError> {
    use crate::backend::services::analysis::grid;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let cursor = pairs(&search)
        .into_iter()
        .find(|(k, _)| k == "after")
        .and_then(|(_, v)| v.parse().ok());
    let locale = super::context::request_locale();
    Ok(grid::page(&state, &viewer, locale, grid_spec(&search), cursor).await?)
}

/// Saves the grid as `search` describes it under `name`, shared or not.
#[server]
pub async fn save_grid_view(
    search: String,
    #[server(default)] name: String,
    #[server(default)] shared: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::analysis::views;
    use crate::domain::analysis::query_string;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let spec = grid_spec(&search);
    form_outcome(
        views::save(&state, &viewer, &name, !shared.is_empty(), &spec).await,
        |_| format!("/analysis/grid?{}", query_string(&spec.to_query())),
    )
}

/// Deletes one of the user's saved views.
#[server]
pub async fn delete_grid_view(id: i64) -> Result<(), ApiError> {
    use crate::backend::services::analysis::views;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    Ok(views::delete(&state, &viewer, id).await?)
}

/// Queues an export (`xlsx` or `csv`) of the grid as `search` filters it; returns its id.
#[server(endpoint = "analysis/export")]
pub async fn start_export(search: String, format: String) -> Result<i64, ApiError> {
    use crate::backend::services::analysis::export;
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let format = format.parse().map_err(|_| AppError::NotFound)?;
    let locale = super::context::request_locale();
    Ok(export::start(&state, &viewer, locale, grid_spec(&search), format).await?)
}

/// Where one's export stands.
#[server(endpoint = "analysis/export_progress")]
pub async fn export_progress(id: i64) -> Result<ExportView, ApiError> {
    use crate::backend::services::analysis::export;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let locale = super::context::request_locale();
    Ok(export::progress(&state, &viewer, locale, id).await?)
}

/// SPEC J5: the improvement plan and what its form offers.
#[server]
pub async fn improvement_plan() -> Result<ImprovementSetup, ApiError> {
    use crate::backend::services::analysis::improvements;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let locale = super::context::request_locale();
    Ok(improvements::setup(&state, &viewer, locale).await?)
}

/// SPEC J5: records an action. Fields: `folder_id`, `title`, `description`, `kind`,
/// `owner_id`, `due_day`, `cause_ids` (repeated).
#[server(input = MultipartFormData)]
pub async fn create_improvement(data: MultipartData) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::analysis::improvements::{self, ActionForm};
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let read = super::context::read_multipart(data, &state).await?;
    let form = ActionForm {
        folder_id: read.text("folder_id"),
        title: read.text("title"),
        description: read.text("description"),
        kind: read.text("kind"),
        owner_id: read.text("owner_id"),
        due_day: read.text("due_day"),
        cause_ids: read.ids("cause_ids").iter().map(i64::to_string).collect(),
    };
    form_outcome(improvements::create(&state, &viewer, form).await, |id| {
        format!("/analysis/improvements#action-{id}")
    })
}

/// SPEC J5: moves an action to `state` (planned, in progress, done, cancelled).
#[server]
pub async fn set_improvement_state(id: i64, state: String) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::analysis::improvements;
    let viewer = super::context::require_viewer().await?;
    let app = super::context::state()?;
    form_outcome(
        improvements::set_state(&app, &viewer, id, &state).await,
        |()| format!("/analysis/improvements#action-{id}"),
    )
}

/// SPEC J5: an action's effect on the cases of its causes.
#[server]
pub async fn action_effect(id: i64) -> Result<ImprovementEffect, ApiError> {
    use crate::backend::services::analysis::improvements;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let locale = super::context::request_locale();
    Ok(improvements::effect(&state, &viewer, locale, id).await?)
}
