//! People: customers and staff.

use crate::domain::people::Role;
use crate::model::Viewer;
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub role: String,
    pub password_hash: Option<String>,
    pub active: i64,
    /// When the person proved the address is theirs (a mailed link); `None` for a customer who
    /// signed up and has not yet, or who was only recorded by an agent.
    pub email_verified_at: Option<i64>,
}

impl UserRow {
    pub fn role(&self) -> Role {
        // Roles are written only from `Role::code`; an unknown one is treated as the least
        // privileged rather than failing the request.
        self.role.parse().unwrap_or(Role::Customer)
    }

    pub fn viewer(&self) -> Viewer {
        Viewer {
            id: self.id,
            email: self.email.clone(),
            name: self.name.clone(),
            role: self.role(),
        }
    }
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub role: Role,
    pub password_hash: Option<&'a str>,
    pub created_at: i64,
    /// Set when whoever creates the account vouches for the address (an admin, the CLI).
    pub email_verified_at: Option<i64>,
}

const COLUMNS: &str = "id, email, name, phone, role, password_hash, active, email_verified_at";

pub async fn insert(conn: &mut AnyConnection, u: NewUser<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (email, name, phone, role, password_hash, created_at, email_verified_at,
             phone_confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(u.email)
    .bind(u.name)
    .bind(u.phone)
    .bind(u.role.code())
    .bind(u.password_hash)
    .bind(u.created_at)
    .bind(u.email_verified_at)
    // Whoever vouches for the address vouches for the number given with it.
    .bind(u.email_verified_at.filter(|_| u.phone.is_some()))
    .fetch_one(conn)
    .await
}

pub async fn by_email(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE email = $1"))
        .bind(email)
        .fetch_optional(conn)
        .await
}

pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn set_password(
    conn: &mut AnyConnection,
    id: i64,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets the first password of a customer recorded without one; `false` when someone else set
/// one first.
pub async fn claim(conn: &mut AnyConnection, id: i64, hash: &str) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash IS NULL")
        .bind(hash)
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// The address of `id` is proven theirs (they followed a mailed link); the first proof counts.
pub async fn set_verified(conn: &mut AnyConnection, id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET email_verified_at = $1 WHERE id = $2 AND email_verified_at IS NULL",
    )
    .bind(at)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// An admin's edit of a staff member: name, role and whether the account may log in.
pub async fn update_staff(
    conn: &mut AnyConnection,
    id: i64,
    name: &str,
    role: Role,
    active: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET name = $1, role = $2, active = $3 WHERE id = $4")
        .bind(name)
        .bind(role.code())
        .bind(i64::from(active))
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn staff(conn: &mut AnyConnection) -> Result<Vec<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM users WHERE role <> 'customer' ORDER BY role, name"
    ))
    .fetch_all(conn)
    .await
}

/// How a user wants to hear about their cases (`email`, `sms`, `both`), their phone number and
/// when they proved it theirs.
#[derive(Debug, Clone, FromRow)]
pub struct ContactRow {
    pub notify_by: String,
    pub phone: Option<String>,
    pub phone_confirmed_at: Option<i64>,
}

pub async fn contact(conn: &mut AnyConnection, id: i64) -> Result<Option<ContactRow>, sqlx::Error> {
    sqlx::query_as("SELECT notify_by, phone, phone_confirmed_at FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Saves the person's choice and number; a number that changes is no longer confirmed.
pub async fn set_contact(
    conn: &mut AnyConnection,
    id: i64,
    notify_by: &str,
    phone: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET notify_by = $1,
             phone_confirmed_at = CASE WHEN COALESCE(phone, '') = COALESCE($2, '')
                 THEN phone_confirmed_at ELSE NULL END,
             phone = $2
         WHERE id = $3",
    )
    .bind(notify_by)
    .bind(phone)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Back to e-mail only, without a number.
pub async fn forget_phone(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET notify_by = 'email', phone = NULL, phone_confirmed_at = NULL \
         WHERE id = $1",
    )
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// The person proved `phone` theirs; `false` when their number is another one by now.
pub async fn confirm_phone(
    conn: &mut AnyConnection,
    id: i64,
    phone: &str,
    at: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE users SET phone_confirmed_at = $1 WHERE id = $2 AND phone = $3")
        .bind(at)
        .bind(id)
        .bind(phone)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1)
}
