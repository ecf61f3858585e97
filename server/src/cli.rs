//! The `tramita` command line (CONTRACTS.md). Each command prints one clear sentence on failure
//! and exits non-zero.

use app::backend::services::{auth, seed};
use app::backend::store::audit;
use app::backend::AppState;
use app::domain::calendar::{BusinessCalendar, Term};
use app::domain::people::{Email, Role};
use clap::{Parser, Subcommand};
use rand::RngCore;

#[derive(Parser, Debug)]
#[command(name = "tramita", version, about = "Complaint and claims case manager")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Runs the web server (the default).
    Serve,
    /// Applies the database migrations and exits.
    Migrate,
    /// Loads data.
    Seed {
        #[command(subcommand)]
        what: SeedWhat,
    },
    /// Manages users.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Checks the audit trail.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// Writes a consistent copy of the database and the stored files to one archive, while
    /// the server runs.
    Backup {
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Restores an archive of `backup` into an empty database and data directory.
    Restore {
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Business calendars (the national ones need no database).
    Calendar {
        #[command(subcommand)]
        action: CalendarAction,
    },
}

#[derive(Subcommand, Debug)]
pub enum CalendarAction {
    /// Prints the deadline of a term as RFC 3339, in the calendar's time zone.
    Due {
        /// A national calendar's ISO 3166 code (CO, CL, ES, PL, MX, PE), or the code of one of
        /// the company's calendars (read from the database).
        #[arg(long)]
        calendar: String,
        /// The instant of receipt, RFC 3339 (e.g. 2026-03-02T10:00:00-05:00).
        #[arg(long)]
        from: String,
        #[arg(long)]
        business_days: Option<u32>,
        #[arg(long)]
        business_hours: Option<u32>,
    },
}

#[derive(Subcommand, Debug)]
pub enum SeedWhat {
    /// The demo organisation (idempotent).
    Demo,
    /// Realistic synthetic cases with history, for benchmarks.
    Cases {
        #[arg(long)]
        count: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserAction {
    /// Creates a user; prints a generated password when none is given.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        password: Option<String>,
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditAction {
    /// Finds changed or missing audit events; exits non-zero when it finds any.
    Verify,
}

/// `tramita calendar due` on a national calendar: pure computation, so it runs without
/// configuration or database. `Ok(None)` when `calendar` is not a national code: a company
/// calendar, which [`company_calendar_due`] reads from the database.
pub fn calendar_due(
    calendar: &str,
    from: &str,
    business_days: Option<u32>,
    business_hours: Option<u32>,
) -> Result<Option<String>, String> {
    match BusinessCalendar::national(calendar) {
        Ok(cal) => due_in(&cal, from, business_days, business_hours).map(Some),
        Err(app::domain::calendar::CalendarError::UnknownCalendar(_)) => Ok(None),
        Err(e) => Err(format!("{e}.")),
    }
}

/// `tramita calendar due` on a company calendar stored by the admins.
pub async fn company_calendar_due(
    state: &AppState,
    calendar: &str,
    from: &str,
    business_days: Option<u32>,
    business_hours: Option<u32>,
) -> Result<String, String> {
    let mut conn = state
        .store
        .pool()
        .acquire()
        .await
        .map_err(|e| format!("cannot reach the database: {e}"))?;
    let code = calendar.trim().to_ascii_uppercase();
    let cal = app::backend::services::deadlines::calendar(&mut conn, &code)
        .await
        .map_err(|_| {
            format!(
                "there is no business calendar with the code {code:?}: neither a national one \
                 (CO, CL, ES, PL, MX, PE) nor one of the company's."
            )
        })?;
    due_in(&cal, from, business_days, business_hours)
}

fn due_in(
    cal: &BusinessCalendar,
    from: &str,
    business_days: Option<u32>,
    business_hours: Option<u32>,
) -> Result<String, String> {
    let term = match (business_days, business_hours) {
        (Some(n), None) => Term::BusinessDays(n),
        (None, Some(n)) => Term::BusinessHours(n),
        _ => return Err("give exactly one of --business-days N or --business-hours N.".into()),
    };
    let start = chrono::DateTime::parse_from_rfc3339(from)
        .map_err(|_| {
            format!("{from:?} is not an RFC 3339 instant such as 2026-03-02T10:00:00-05:00.")
        })?
        .with_timezone(&chrono::Utc);
    let due = cal.due_local(start, term).map_err(|e| format!("{e}."))?;
    Ok(due.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false))
}

pub async fn seed_demo(state: &AppState) -> Result<String, String> {
    let created = seed::demo(state)
        .await
        .map_err(|e| format!("could not load the demo organisation: {e}"))?;
    Ok(if created == 0 {
        "The demo organisation was already loaded.".into()
    } else {
        format!("Loaded the demo organisation ({created} users).")
    })
}

pub async fn seed_cases(state: &AppState, count: u64, rng_seed: u64) -> Result<String, String> {
    let added = seed::synthetic_cases(state, count, rng_seed)
        .await
        .map_err(|e| format!("could not add cases: {e}"))?;
    Ok(format!("Added {added} synthetic cases."))
}

pub async fn create_user(
    state: &AppState,
    email: &str,
    role: &str,
    password: Option<String>,
    name: Option<String>,
) -> Result<String, String> {
    let email = Email::parse(email).map_err(|_| format!("{email:?} is not an e-mail address."))?;
    let role: Role = role.parse().map_err(|_| {
        let all: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
        format!("{role:?} is not a role; use one of {}.", all.join(", "))
    })?;
    let (password, generated) = match password {
        Some(p) if p.chars().count() >= app::domain::people::MIN_PASSWORD_LEN => (p, false),
        Some(_) => {
            return Err(format!(
                "the password must have at least {} characters.",
                app::domain::people::MIN_PASSWORD_LEN
            ))
        }
        None => {
            let mut bytes = [0u8; 12];
            rand::thread_rng().fill_bytes(&mut bytes);
            (hex::encode(bytes), true)
        }
    };
    let name = name.unwrap_or_else(|| {
        email
            .as_str()
            .split('@')
            .next()
            .unwrap_or_default()
            .to_string()
    });
    match auth::create_user(
        &state.store,
        None,
        &email,
        &name,
        None,
        role,
        Some(password.clone()),
    )
    .await
    {
        Ok(_) if generated => Ok(format!("Created {email} as {role}; password: {password}")),
        Ok(_) => Ok(format!("Created {email} as {role}.")),
        Err(app::backend::AppError::Invalid(_)) => {
            Err(format!("a user with the e-mail {email} already exists."))
        }
        Err(e) => Err(format!("could not create the user: {e}")),
    }
}

pub async fn verify_audit(state: &AppState) -> Result<String, String> {
    let mut conn = state
        .store
        .pool()
        .acquire()
        .await
        .map_err(|e| format!("cannot read the database: {e}"))?;
    let key = app::backend::audit_key::current()
        .ok_or_else(|| "no audit key is installed".to_string())?;
    let v = audit::verify(&mut conn, key)
        .await
        .map_err(|e| format!("cannot read the audit trail: {e}"))?;
    if v.problems.is_empty() {
        Ok(format!("The audit trail is intact ({} events).", v.events))
    } else {
        Err(format!(
            "The audit trail has {} problem(s): {}",
            v.problems.len(),
            v.problems.join("; ")
        ))
    }
}
