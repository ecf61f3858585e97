//! A case's deadlines (SPEC G1-G3, D4) and the SLA policies that set them.

// A policy form has nine fields, and `#[server]` copies the argument list into code an item
// attribute does not reach.
#![allow(clippy::too_many_arguments)]

use super::error::ApiError;
#[cfg(feature = "ssr")]
use super::outcome::form_outcome;
use crate::model::{CalendarView, DeadlinesView, FormOutcome, SlaSetup};
use leptos::prelude::*;

/// The deadlines of a case, for whoever may see it; `None` when no policy covers it.
#[server]
pub async fn case_deadlines(number: String) -> Result<Option<DeadlinesView>, ApiError> {
    use crate::backend::services::deadlines;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    Ok(deadlines::for_case(&state, &viewer, &number).await?)
}

/// The answer of a change: done (on case `number`'s page; where it was made for an empty
/// number), or what is wrong with the form.
#[cfg(feature = "ssr")]
fn outcome(
    number: &str,
    result: Result<(), crate::backend::AppError>,
) -> Result<FormOutcome, ApiError> {
    form_outcome(result, |()| {
        if number.is_empty() {
            String::new()
        } else {
            format!("/cases/{number}")
        }
    })
}

/// SPEC D4: stops the case's clock while it waits for the customer.
#[server]
pub async fn pause_clock(
    number: String,
    #[server(default)] reason: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::deadlines;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    outcome(
        &number,
        deadlines::pause(&state, &viewer, &number, &reason).await,
    )
}

/// SPEC D4: the customer answered; the clock runs again.
#[server]
pub async fn resume_clock(number: String) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::deadlines;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    outcome(&number, deadlines::resume(&state, &viewer, &number).await)
}

/// Records an extension of the resolution term.
#[server]
pub async fn extend_term(
    number: String,
    #[server(default)] amount: String,
    #[server(default)] reason: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::deadlines;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    outcome(
        &number,
        deadlines::extend(&state, &viewer, &number, &amount, &reason).await,
    )
}

/// The SLA policies of a folder, with what the admin's form chooses from.
#[server]
pub async fn load_sla_setup(folder_id: i64) -> Result<SlaSetup, ApiError> {
    use crate::backend::services::deadlines;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    Ok(deadlines::setup(&state, &viewer, folder_id).await?)
}

/// Adds a policy to a folder, or replaces the one of the same type and channel.
#[server]
pub async fn save_sla_policy(
    folder_id: i64,
    #[server(default)] case_type_id: String,
    #[server(default)] channel: String,
    #[server(default)] calendar_code: String,
    #[server(default)] first_response_amount: String,
    #[server(default)] first_response_unit: String,
    #[server(default)] resolution_amount: String,
    #[server(default)] resolution_unit: String,
    #[server(default)] at_risk_percent: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::deadlines;

    use crate::domain::sla::SlaForm;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let form = SlaForm {
        case_type_id,
        channel,
        calendar_code,
        first_response_amount,
        first_response_unit,
        resolution_amount,
        resolution_unit,
        at_risk_percent,
    };
    form_outcome(
        deadlines::save_policy(&state, &viewer, folder_id, form).await,
        |()| String::new(),
    )
}

/// The company's own calendars.
#[server]
pub async fn load_calendars() -> Result<Vec<CalendarView>, ApiError> {
    use crate::backend::services::calendars;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    Ok(calendars::list(&state, &viewer).await?)
}

/// Adds a company calendar.
#[server]
pub async fn create_calendar(
    #[server(default)] code: String,
    #[server(default)] name: String,
    #[server(default)] country: String,
    #[server(default)] time_zone: String,
    #[server(default)] opening: String,
    #[server(default)] closing: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::calendars;
    use crate::domain::calendars::CalendarForm;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let form = CalendarForm {
        code,
        name,
        country,
        time_zone,
        opening,
        closing,
    };
    outcome("", calendars::create(&state, &viewer, form).await)
}

/// Adds or changes a company day of a calendar.
#[server]
pub async fn set_calendar_day(
    calendar: String,
    #[server(default)] day: String,
    #[server(default)] kind: String,
    #[server(default)] note: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::calendars;
    use crate::domain::calendars::CalendarDayForm;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let form = CalendarDayForm { day, kind, note };
    outcome(
        "",
        calendars::set_day(&state, &viewer, &calendar, form).await,
    )
}

/// Removes a company day of a calendar.
#[server]
pub async fn remove_calendar_day(calendar: String, day: String) -> Result<(), ApiError> {
    use crate::backend::services::calendars;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    Ok(calendars::remove_day(&state, &viewer, &calendar, &day).await?)
}
