//! Accounts: customers sign up, log in and out; only administrators create staff.

use super::*;

async fn sign_up_log_in_and_log_out(db: &TestDb) {
    let store = &db.state.store;
    let account = |email: &str, password: &str| auth::NewAccount {
        email: email.into(),
        name: "Camila Ríos".into(),
        password: password.into(),
    };
    let Err(AppError::Invalid(errors)) =
        auth::sign_up(&db.state, account("camila", "corta"), Locale::Es).await
    else {
        panic!()
    };
    assert_eq!(errors.get("email"), Some(&FieldProblem::Invalid));
    assert_eq!(
        errors.get("password"),
        Some(&FieldProblem::TooShort { min: 10 })
    );

    let session = auth::sign_up(
        &db.state,
        account("Camila@Example.com", "una contraseña larga"),
        Locale::Es,
    )
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
        &db.state,
        account("camila@example.com", "otra contraseña larga"),
        Locale::Es,
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

    // Issue 15: the admin disables the account: its session ends and it cannot log in; then
    // re-enables it. Admins cannot disable themselves.
    let id = session.viewer.id;
    let edit = |active: bool| auth::StaffEdit {
        name: "Nuevo Gestor Pérez".into(),
        role: "supervisor".into(),
        active,
    };
    assert!(matches!(
        auth::update_staff(store, &agent, id, edit(false)).await,
        Err(AppError::Forbidden)
    ));
    auth::update_staff(store, &admin, id, edit(false))
        .await
        .unwrap();
    assert_eq!(auth::viewer(store, &session.token).await.unwrap(), None);
    assert!(auth::log_in(store, "nuevo@example.com", "contraseña-larga")
        .await
        .is_err());
    auth::update_staff(store, &admin, id, edit(true))
        .await
        .unwrap();
    let back = auth::log_in(store, "nuevo@example.com", "contraseña-larga")
        .await
        .unwrap();
    assert_eq!(back.viewer.role, Role::Supervisor);
    assert_eq!(back.viewer.name, "Nuevo Gestor Pérez");
    let myself = auth::StaffEdit {
        name: "Admin".into(),
        role: "admin".into(),
        active: false,
    };
    assert!(matches!(
        auth::update_staff(store, &admin, admin.id, myself).await,
        Err(AppError::Invalid(_))
    ));
    // A customer is not staff to edit.
    let customer = db.person("cliente@example.com", Role::Customer).await;
    assert!(matches!(
        auth::update_staff(store, &admin, customer.id, edit(false)).await,
        Err(AppError::NotFound)
    ));
}

/// Issue 15: a password is changed with the current one and the other sessions end; a person
/// lists their sessions and ends the others; a session unused past the idle limit has ended.
async fn passwords_change_and_sessions_end(db: &TestDb) {
    use app::backend::services::account;
    let store = &db.state.store;
    let new = || auth::NewAccount {
        email: "camila@example.com".into(),
        name: "Camila Ríos".into(),
        password: "una contraseña larga".into(),
    };
    let phone = auth::sign_up(&db.state, new(), Locale::Es).await.unwrap();
    let laptop = auth::log_in(store, "camila@example.com", "una contraseña larga")
        .await
        .unwrap();
    account::describe_session(
        &db.state,
        &laptop.token,
        "Mozilla/5.0 (X11; Linux) Chromium",
    )
    .await
    .unwrap();
    let viewer = laptop.viewer.clone();
    let list = account::sessions(&db.state, &viewer, &laptop.token, Locale::Es)
        .await
        .unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s.current).count(), 1);
    let current = list.iter().find(|s| s.current).unwrap();
    assert_eq!(
        current.user_agent.as_deref(),
        Some("Mozilla/5.0 (X11; Linux) Chromium")
    );

    // The current password is asked first, and the new one must be good enough.
    match account::change_password(&db.state, &viewer, &laptop.token, "no es esta", "corta").await {
        Err(AppError::Invalid(e)) => {
            assert_eq!(
                e.get("current_password"),
                Some(&FieldProblem::WrongPassword)
            );
            assert_eq!(
                e.get("new_password"),
                Some(&FieldProblem::TooShort { min: 10 })
            );
        }
        other => panic!("refused, got {other:?}"),
    }
    assert!(auth::viewer(store, &phone.token).await.unwrap().is_some());
    account::change_password(
        &db.state,
        &viewer,
        &laptop.token,
        "una contraseña larga",
        "otra contraseña mejor",
    )
    .await
    .unwrap();
    assert_eq!(
        auth::viewer(store, &phone.token).await.unwrap(),
        None,
        "the other session ended"
    );
    assert!(auth::viewer(store, &laptop.token).await.unwrap().is_some());
    assert!(
        auth::log_in(store, "camila@example.com", "una contraseña larga")
            .await
            .is_err()
    );
    let tablet = auth::log_in(store, "camila@example.com", "otra contraseña mejor")
        .await
        .unwrap();
    assert_eq!(
        account::log_out_elsewhere(&db.state, &viewer, &laptop.token)
            .await
            .unwrap(),
        1
    );
    assert_eq!(auth::viewer(store, &tablet.token).await.unwrap(), None);

    // Unused for longer than the idle limit, a session has ended, though not its 14 days.
    let idle_ms = auth::SESSION_IDLE_HOURS * 3600 * 1000 + 60_000;
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - $1")
        .bind(idle_ms)
        .execute(&mut *db.state.store.pool().acquire().await.unwrap())
        .await
        .unwrap();
    assert_eq!(auth::viewer(store, &laptop.token).await.unwrap(), None);
}

on_both_backends!(
    sign_up_log_in_and_log_out,
    only_admins_create_staff,
    passwords_change_and_sessions_end,
);
