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
    /// `TRAMITA_SMS_URL` and `TRAMITA_SMS_FROM`: the SMS gateway; without it, text messages are
    /// written as .sms.txt files into `$TRAMITA_DATA_DIR/outbox/`.
    pub sms: Option<SmsGateway>,
}

/// An SMS gateway that speaks Twilio's Messages API: `POST
/// {base}/2010-04-01/Accounts/{account_sid}/Messages.json`, form-encoded `To`, `From` and
/// `Body`, HTTP basic authentication with the account SID and its auth token.
///
/// Configured by one URL carrying the credentials, like `TRAMITA_SMTP_URL`:
/// `https://{account_sid}:{auth_token}@api.twilio.com`, plus the sender number.
#[derive(Clone, PartialEq, Eq)]
pub struct SmsGateway {
    /// Scheme, host, port and path prefix, without credentials or a trailing slash.
    pub base_url: String,
    pub account_sid: String,
    pub auth_token: String,
    /// `TRAMITA_SMS_FROM`: the number (or sender id) messages come from.
    pub from: String,
}

impl std::fmt::Debug for SmsGateway {
    // The auth token stays out of logs and panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsGateway")
            .field("base_url", &self.base_url)
            .field("account_sid", &self.account_sid)
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

impl SmsGateway {
    /// Reads `url` (`http(s)://SID:TOKEN@host[:port][/prefix]`) and the sender.
    pub fn parse(url: &str, from: &str) -> Result<SmsGateway, String> {
        let mut parsed = reqwest::Url::parse(url.trim())
            .map_err(|e| format!("TRAMITA_SMS_URL is not a URL ({e})"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err("TRAMITA_SMS_URL must start with https:// (or http://)".into());
        }
        let account_sid = percent_decode(parsed.username());
        let auth_token = percent_decode(parsed.password().unwrap_or_default());
        if account_sid.is_empty() || auth_token.is_empty() {
            return Err(
                "TRAMITA_SMS_URL must carry the account SID and auth token: https://SID:TOKEN@host"
                    .into(),
            );
        }
        let from = from.trim();
        if from.is_empty() {
            return Err("TRAMITA_SMS_FROM must be set when TRAMITA_SMS_URL is".into());
        }
        // Cannot fail on an http(s) URL.
        let _ = parsed.set_username("");
        let _ = parsed.set_password(None);
        parsed.set_query(None);
        parsed.set_fragment(None);
        Ok(SmsGateway {
            base_url: parsed.as_str().trim_end_matches('/').to_string(),
            account_sid,
            auth_token,
            from: from.to_string(),
        })
    }

    /// Where a message is posted.
    pub fn messages_url(&self) -> String {
        format!(
            "{}/2010-04-01/Accounts/{}/Messages.json",
            self.base_url, self.account_sid
        )
    }
}

/// `%XX` escapes of a URL's user name or password, decoded; anything malformed is kept as is.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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
        let sms = match var("TRAMITA_SMS_URL") {
            Some(url) => Some(SmsGateway::parse(
                &url,
                &var("TRAMITA_SMS_FROM").unwrap_or_default(),
            )?),
            None => None,
        };
        Ok(Self {
            calendar: var("TRAMITA_CALENDAR")
                .map(|c| c.trim().to_ascii_uppercase())
                .unwrap_or_else(|| DEFAULT_CALENDAR.into()),
            sms,
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
    #[cfg(feature = "testing")]
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
            sms: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sms_url_carries_the_account_and_its_token() {
        let g = SmsGateway::parse(
            "https://AC123:s%40cret@api.example.com:8443/sms/",
            "+4860000",
        )
        .unwrap();
        assert_eq!(g.base_url, "https://api.example.com:8443/sms");
        assert_eq!(
            (g.account_sid.as_str(), g.auth_token.as_str()),
            ("AC123", "s@cret")
        );
        assert_eq!(
            g.messages_url(),
            "https://api.example.com:8443/sms/2010-04-01/Accounts/AC123/Messages.json"
        );
        assert!(!format!("{g:?}").contains("s@cret"));
        for bad in [
            "api.example.com",
            "ftp://a:b@x",
            "https://x.com",
            "https://AC1@x.com",
        ] {
            assert!(SmsGateway::parse(bad, "+48").is_err(), "{bad}");
        }
        assert!(SmsGateway::parse("https://a:b@x.com", " ").is_err());
    }
}
