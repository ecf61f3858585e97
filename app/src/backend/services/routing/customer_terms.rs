//! Customers' tier and SLA class (SPEC C1), which the folder's pools route on.

use crate::backend::services::catalogs::{record, require_admin};
use crate::backend::store::routing as store;
use crate::backend::{AppError, AppState};
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::domain::people::Role;
use crate::domain::routing::{CustomerTier, SlaClass};
use crate::model::Viewer;

/// Sets a customer's tier and SLA class (SPEC C1), found by e-mail; an empty class removes it.
pub async fn set_customer_terms(
    state: &AppState,
    viewer: &Viewer,
    email: &str,
    tier: &str,
    sla_class: &str,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    set_customer_terms_as(state, Some(viewer.id), email, tier, sla_class).await
}

pub async fn set_customer_terms_as(
    state: &AppState,
    actor: Option<i64>,
    email: &str,
    tier: &str,
    sla_class: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let tier = tier.parse::<CustomerTier>().ok();
    if tier.is_none() {
        errors.add("tier", FieldProblem::Invalid);
    }
    let sla = match sla_class.trim() {
        "" => Ok(None),
        text => SlaClass::parse(text).map(Some).ok_or(()),
    };
    if sla.is_err() {
        errors.add("sla_class", FieldProblem::Invalid);
    }
    let mut tx = state.store.begin().await?;
    let customer = store::customer_terms_by_email(&mut tx, email.trim().to_lowercase().as_str())
        .await?
        .filter(|c| c.role == Role::Customer.code());
    if customer.is_none() {
        errors.add("email", FieldProblem::Invalid);
    }
    let (Some(customer), Some(tier), Ok(sla)) = (customer, tier, sla) else {
        return Err(AppError::Invalid(errors));
    };
    store::set_customer_terms(
        &mut tx,
        customer.id,
        tier.code(),
        sla.as_ref().map(|s| s.as_str()),
    )
    .await?;
    let changes = vec![
        ("tier".into(), Some(customer.tier), Some(tier.code().into())),
        (
            "sla_class".into(),
            customer.sla_class,
            sla.map(|s| s.to_string()),
        ),
    ];
    record(
        &mut tx,
        actor,
        "customer_terms_changed",
        "user",
        customer.id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
