//! Settings read from the environment (CONTRACTS.md), with the defaults that let `make run`
//! work on a fresh machine.

use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub site_addr: String,
    pub public_url: String,
    /// Largest attachment accepted, in bytes.
    pub max_upload_bytes: u64,
    /// The organisation's time zone, for case numbers and the dates people read.
    pub time_zone: chrono_tz::Tz,
    /// Mark cookies `Secure`; on whenever the public URL is https.
    pub secure_cookies: bool,
    /// `TRAMITA_SMTP_URL`: where mail is sent; without it, mail is written as .eml files into
    /// `$TRAMITA_DATA_DIR/outbox/`.
    pub smtp_url: Option<String>,
    /// `TRAMITA_MAIL_FROM`: the sender of every mail.
    pub mail_from: String,
    /// `TRAMITA_CALENDAR`: the business calendar of work that no SLA policy names one for
    /// (daily reminders of tasks on such cases). A national code or a company calendar's.
    pub calendar: String,
}

/// The organisation's calendar when `TRAMITA_CALENDAR` is not set: the demo organisation is
/// Colombian.
pub const DEFAULT_CALENDAR: &str = "CO";

/// The sender when `TRAMITA_MAIL_FROM` is not set.
pub const DEFAULT_MAIL_FROM: &str = "Tramita <no-reply@tramita.local>";

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(var("TRAMITA_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = var("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}/tramita.db", data_dir.display()));
        let site_addr = var("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let public_url = var("TRAMITA_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{site_addr}"))
            .trim_end_matches('/')
            .to_string();
        let max_upload_mb: u64 = match var("TRAMITA_MAX_UPLOAD_MB") {
            Some(v) => v.parse().map_err(|_| {
                format!("TRAMITA_MAX_UPLOAD_MB must be a whole number of megabytes, not {v:?}")
            })?,
            None => 10,
        };
        let time_zone = match var("TRAMITA_TIME_ZONE") {
            Some(v) => v
                .parse()
                .map_err(|_| format!("TRAMITA_TIME_ZONE is not a known time zone: {v:?}"))?,
            None => chrono_tz::America::Bogota,
        };
        Ok(Self {
            calendar: var("TRAMITA_CALENDAR")
                .map(|c| c.trim().to_ascii_uppercase())
                .unwrap_or_else(|| DEFAULT_CALENDAR.into()),
            smtp_url: var("TRAMITA_SMTP_URL"),
            mail_from: var("TRAMITA_MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.into()),
            secure_cookies: public_url.starts_with("https://"),
            data_dir,
            database_url,
            site_addr,
            public_url,
            max_upload_bytes: max_upload_mb * 1024 * 1024,
            time_zone,
        })
    }

    /// A configuration for tests: everything under `data_dir`, on the given database.
    pub fn for_tests(data_dir: PathBuf, database_url: String) -> Self {
        Self {
            data_dir,
            database_url,
            site_addr: "127.0.0.1:0".into(),
            public_url: "http://127.0.0.1".into(),
            max_upload_bytes: 2 * 1024 * 1024,
            time_zone: chrono_tz::America::Bogota,
            secure_cookies: false,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.into(),
            calendar: DEFAULT_CALENDAR.into(),
        }
    }
}
