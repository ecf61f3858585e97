//! The demo organisation of CONTRACTS.md: one user per role and a few cases, loaded by
//! `tramita seed demo` and on the first start. Running it again changes nothing.

use crate::backend::services::{auth, intake};
use crate::backend::store::users;
use crate::backend::{AppError, AppState};
use crate::domain::intake::IntakeForm;
use crate::domain::people::{Email, Role};
use crate::model::Viewer;

/// The one password of every demo user (README).
pub const DEMO_PASSWORD: &str = "demo-tramita";

pub const DEMO_USERS: &[(&str, &str, Role)] = &[
    ("admin@example.com", "Adriana Administradora", Role::Admin),
    (
        "supervisor@example.com",
        "Sergio Supervisor",
        Role::Supervisor,
    ),
    ("gestor@example.com", "Gabriela Gestora", Role::Manager),
    ("agente@example.com", "Andrés Agente", Role::Agent),
    ("cliente@example.com", "Camila Cliente", Role::Customer),
];

/// Loads the demo organisation; returns how many users it created.
pub async fn demo(state: &AppState) -> Result<usize, AppError> {
    let mut created = 0;
    for (email, name, role) in DEMO_USERS {
        let email = Email::parse(email).expect("demo e-mails are valid");
        let exists = users::by_email(&mut *state.store.pool().acquire().await?, email.as_str())
            .await?
            .is_some();
        if !exists {
            auth::create_user(
                &state.store,
                None,
                &email,
                name,
                None,
                *role,
                Some(DEMO_PASSWORD.into()),
            )
            .await?;
            created += 1;
        }
    }
    if created == DEMO_USERS.len() {
        demo_cases(state).await?;
    }
    Ok(created)
}

async fn viewer(state: &AppState, email: &str) -> Result<Viewer, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    Ok(users::by_email(&mut conn, email)
        .await?
        .ok_or(AppError::NotFound)?
        .viewer())
}

async fn demo_cases(state: &AppState) -> Result<(), AppError> {
    let customer = viewer(state, "cliente@example.com").await?;
    let agent = viewer(state, "agente@example.com").await?;
    intake::file_case(
        state,
        &customer,
        IntakeForm {
            subject: "Pedido no recibido".into(),
            description: "Hice el pedido 4411 hace dos semanas y todavía no ha llegado.".into(),
            class: "complaint".into(),
            ..Default::default()
        },
        Vec::new(),
    )
    .await?;
    intake::file_case(
        state,
        &agent,
        IntakeForm {
            subject: "Tarifa mal aplicada en la factura de octubre".into(),
            description: "La clienta llama porque se le cobró la tarifa comercial en lugar de la residencial.".into(),
            class: "claim".into(),
            channel: "phone".into(),
            customer_email: Some("cliente@example.com".into()),
            customer_name: Some("Camila Cliente".into()),
            customer_phone: None,
        },
        Vec::new(),
    )
    .await?;
    Ok(())
}
