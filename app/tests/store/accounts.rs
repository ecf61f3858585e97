//! Accounts: customers sign up, log in and out; only administrators create staff.

use super::*;

async fn sign_up_log_in_and_log_out(db: &TestDb) {
    let store = &db.state.store;
    let account = |email: &str, password: &str| auth::NewAccount {
        email: email.into(),
        name: "Camila Ríos".into(),
        password: password.into(),
    };
    let Err(AppError::Invalid(errors)) = auth::sign_up(store, account("camila", "corta")).await
    else {
        panic!()
    };
    assert_eq!(errors.get("email"), Some(&FieldProblem::Invalid));
    assert_eq!(
        errors.get("password"),
        Some(&FieldProblem::TooShort { min: 10 })
    );

    let session = auth::sign_up(store, account("Camila@Example.com", "una contraseña larga"))
        .await
        .unwrap();
    assert_eq!(session.viewer.role, Role::Customer);
    assert_eq!(
        auth::viewer(store, &session.token)
            .await
            .unwrap()
            .unwrap()
            .email,
        "camila@example.com"
    );

    let Err(AppError::Invalid(errors)) = auth::sign_up(
        store,
        account("camila@example.com", "otra contraseña larga"),
    )
    .await
    else {
        panic!("a second account with the same e-mail was created")
    };
    assert_eq!(errors.get("email"), Some(&FieldProblem::EmailTaken));

    let Err(AppError::Invalid(errors)) =
        auth::log_in(store, "camila@example.com", "equivocada!!").await
    else {
        panic!()
    };
    assert_eq!(
        errors.get("password"),
        Some(&FieldProblem::WrongCredentials)
    );
    let again = auth::log_in(store, "CAMILA@example.com", "una contraseña larga")
        .await
        .unwrap();
    assert_ne!(again.token, session.token);

    auth::log_out(store, &session.token).await.unwrap();
    assert_eq!(auth::viewer(store, &session.token).await.unwrap(), None);
    assert!(auth::viewer(store, &again.token).await.unwrap().is_some());
}

async fn only_admins_create_staff(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let store = &db.state.store;
    assert!(matches!(
        auth::create_staff(
            store,
            &agent,
            "nuevo@example.com",
            "Nuevo",
            "agent",
            "contraseña-larga"
        )
        .await,
        Err(AppError::Forbidden)
    ));
    let Err(AppError::Invalid(errors)) = auth::create_staff(
        store,
        &admin,
        "nuevo@example.com",
        "Nuevo",
        "customer",
        "contraseña-larga",
    )
    .await
    else {
        panic!("an admin created a customer as staff")
    };
    assert_eq!(errors.get("role"), Some(&FieldProblem::Invalid));
    auth::create_staff(
        store,
        &admin,
        "nuevo@example.com",
        "Nuevo Gestor",
        "manager",
        "contraseña-larga",
    )
    .await
    .unwrap();
    let session = auth::log_in(store, "nuevo@example.com", "contraseña-larga")
        .await
        .unwrap();
    assert_eq!(session.viewer.role, Role::Manager);
}

on_both_backends!(sign_up_log_in_and_log_out, only_admins_create_staff,);
