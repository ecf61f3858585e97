//! Waiting for the customer (SPEC D4, issue 12 item 5): when a case's type says so, asking the
//! customer for something (a missing document today, an information request to the customer
//! next) stops the case's clock by itself, and the customer's answer starts it again once
//! nothing more is awaited from them.
//!
//! The stop is marked as the customer's (`cases.paused_for_customer`), so that an answer never
//! starts a clock a person stopped by hand: a supervisor's stop waits for a person's resume.
//! A person may still resume a stop of the customer's by hand (the answer came another way).
//! Both functions run in the caller's transaction, the one that records the request or the
//! answer, so the clock and what it waits for change together.

use super::{clock::resume_in, store};
use crate::backend::store::{audit, forms};
use crate::backend::AppError;
use crate::domain::deadlines as rules;
use sqlx::AnyConnection;

/// The timeline's entry for a stop because the case waits for the customer; its name, which
/// the customer reads on their case, says so in their language (`i18n::Texts::event`).
pub const PAUSED_FOR_CUSTOMER: &str = "deadline_paused_for_customer";

/// The case waits for the customer: stops its clock when its type interrupts the term while
/// waiting and the clock runs (an open case with deadlines, not stopped already). Returns
/// whether it stopped the clock now. Call it inside the transaction that asks the customer.
pub async fn wait_for_customer(
    conn: &mut AnyConnection,
    case_id: i64,
    actor_id: Option<i64>,
    now: i64,
) -> Result<bool, AppError> {
    let clock = store::clock(conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if clock.resolution_due_at.is_none()
        || !rules::pauses_for_customer(
            clock.type_pauses_for_customer,
            clock.state,
            clock.paused_at.is_some(),
        )
        || !store::pause(conn, case_id, now, true).await?
    {
        return Ok(false);
    }
    audit::append(
        conn,
        audit::NewEvent {
            case_id: Some(case_id),
            actor_id,
            at: now,
            action: PAUSED_FOR_CUSTOMER,
            entity: "case",
            entity_id: Some(case_id),
            changes: Vec::new(),
            note: None,
            // The customer reads on their timeline that the term stands still for them.
            public: true,
        },
    )
    .await?;
    Ok(true)
}

/// The customer answered: starts the clock again ([`resume_in`], the deadlines move by the time
/// it stood still) when it stopped because the case waited for the customer and nothing else
/// is still awaited from them. Returns whether it started the clock. A clock stopped by hand
/// stays stopped. Call it inside the transaction that records the answer, after recording it.
pub async fn customer_answered(
    conn: &mut AnyConnection,
    case_id: i64,
    actor_id: Option<i64>,
    now: i64,
) -> Result<bool, AppError> {
    let clock = store::clock(conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if clock.paused_at.is_none() || !clock.paused_for_customer {
        return Ok(false);
    }
    let awaited = still_awaited(conn, case_id).await?;
    if !rules::resumes_for_customer(clock.state, clock.paused_for_customer, awaited) {
        return Ok(false);
    }
    resume_in(conn, case_id, actor_id, now).await
}

/// Whether the case's clock stands still because it waits for the customer: what a message
/// asking the customer tells them of their term.
pub async fn waiting_for_customer(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<bool, AppError> {
    Ok(store::clock(conn, case_id)
        .await?
        .is_some_and(|c| c.paused_at.is_some() && c.paused_for_customer))
}

/// Whether anything asked of the customer on the case is still unanswered, so their clock
/// keeps standing still: a required document asked of them and not handed in.
///
/// Each kind of request to the customer adds its own count here (documents asked of them,
/// information requests sent to them and not answered), so that answering one of two requests
/// does not start the clock.
async fn still_awaited(conn: &mut AnyConnection, case_id: i64) -> Result<bool, AppError> {
    let documents = forms::open_requests(conn, case_id).await?;
    let questions =
        crate::backend::store::info_requests::waiting_for_customer(conn, case_id).await?;
    Ok(documents + questions > 0)
}
