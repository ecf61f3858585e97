//! Rate limits (issue 15): how often one address or one account may try to log in, sign up or
//! open an outsider's link, and how many passwords are hashed at once. The limiters are GCRA
//! cells kept per key in memory, per server instance (governor); nothing is written to the
//! database, so a flood of attempts costs no writes.

use crate::backend::AppError;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::LazyLock;
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

/// Keys kept per limiter before the ones that are full again are dropped, so that a scan of
/// addresses or e-mails cannot fill memory.
const MAX_KEYS: usize = 10_000;

/// The attempts allowed: a burst, then one more every `every`.
#[derive(Debug, Clone, Copy)]
pub struct Allowance {
    pub burst: u32,
    pub every: Duration,
}

impl Allowance {
    fn quota(self) -> Quota {
        Quota::with_period(self.every)
            .expect("a period above zero")
            .allow_burst(NonZeroU32::new(self.burst.max(1)).expect("at least one"))
    }
}

/// Log-in per address: a shared office logs in many people, a guesser tries many accounts.
pub const LOGIN_PER_ADDRESS: Allowance = Allowance {
    burst: 30,
    every: Duration::from_secs(2),
};
/// Log-in per account, whatever the address: ten tries, then one every six seconds.
pub const LOGIN_PER_ACCOUNT: Allowance = Allowance {
    burst: 10,
    every: Duration::from_secs(6),
};
/// Sign-up per address: twenty accounts, then one a minute.
pub const SIGNUP_PER_ADDRESS: Allowance = Allowance {
    burst: 20,
    every: Duration::from_secs(60),
};
/// An outsider's link (`/r/{token}`) per address: ten opens, then one a minute, so guessing
/// tokens goes nowhere while the holder of a link opens it as often as they need.
pub const LINKS_PER_ADDRESS: Allowance = Allowance {
    burst: 10,
    every: Duration::from_secs(60),
};

/// Mailed account links asked for per address: five, then one every two minutes.
pub const MAIL_LINKS_PER_ADDRESS: Allowance = Allowance {
    burst: 5,
    every: Duration::from_secs(120),
};
/// Mailed account links per account, whatever the address: three, then one every ten minutes,
/// so nobody floods someone's mailbox.
pub const MAIL_LINKS_PER_ACCOUNT: Allowance = Allowance {
    burst: 3,
    every: Duration::from_secs(600),
};

/// Refusals recorded in the audit trail per session: twenty, then one every thirty seconds;
/// past that a session's refusals are still refused, just not each written down.
pub const REFUSALS_RECORDED_PER_SESSION: Allowance = Allowance {
    burst: 20,
    every: Duration::from_secs(30),
};

/// The limiters of one server instance, in [`crate::backend::AppState`].
pub struct Limits {
    login_by_address: DefaultKeyedRateLimiter<IpAddr>,
    login_by_account: DefaultKeyedRateLimiter<String>,
    signup_by_address: DefaultKeyedRateLimiter<IpAddr>,
    links_by_address: DefaultKeyedRateLimiter<IpAddr>,
    mail_links_by_address: DefaultKeyedRateLimiter<IpAddr>,
    mail_links_by_account: DefaultKeyedRateLimiter<String>,
    refusals_by_session: DefaultKeyedRateLimiter<String>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            login_by_address: RateLimiter::keyed(LOGIN_PER_ADDRESS.quota()),
            login_by_account: RateLimiter::keyed(LOGIN_PER_ACCOUNT.quota()),
            signup_by_address: RateLimiter::keyed(SIGNUP_PER_ADDRESS.quota()),
            links_by_address: RateLimiter::keyed(LINKS_PER_ADDRESS.quota()),
            mail_links_by_address: RateLimiter::keyed(MAIL_LINKS_PER_ADDRESS.quota()),
            mail_links_by_account: RateLimiter::keyed(MAIL_LINKS_PER_ACCOUNT.quota()),
            refusals_by_session: RateLimiter::keyed(REFUSALS_RECORDED_PER_SESSION.quota()),
        }
    }
}

impl Limits {
    /// A log-in attempt from `address` (unknown when the server does not see it) for `email`.
    pub fn log_in(&self, address: Option<IpAddr>, email: &str) -> Result<(), AppError> {
        if let Some(ip) = address {
            take(&self.login_by_address, &ip)?;
        }
        take(&self.login_by_account, &email.trim().to_lowercase())
    }

    pub fn sign_up(&self, address: Option<IpAddr>) -> Result<(), AppError> {
        address.map_or(Ok(()), |ip| take(&self.signup_by_address, &ip))
    }

    pub fn open_link(&self, address: IpAddr) -> Result<(), AppError> {
        take(&self.links_by_address, &address)
    }

    /// Someone asks that a password link (or a confirmation link) be mailed to `email`.
    pub fn ask_new_password(&self, address: Option<IpAddr>, email: &str) -> Result<(), AppError> {
        if let Some(ip) = address {
            take(&self.mail_links_by_address, &ip)?;
        }
        take(&self.mail_links_by_account, &email.trim().to_lowercase())
    }

    /// Whether another refusal of the session `token_hash` is written to the audit trail: a
    /// logged-in person repeating refused requests must not fill the append-only trail.
    pub fn may_record_refusal(&self, token_hash: &str) -> bool {
        take(&self.refusals_by_session, &token_hash.to_string()).is_ok()
    }

    /// A mailed account link is followed: guessing tokens gets the outsiders' allowance.
    pub fn follow_account_link(&self, address: Option<IpAddr>) -> Result<(), AppError> {
        address.map_or(Ok(()), |ip| take(&self.links_by_address, &ip))
    }
}

/// Takes one attempt of `key`, or says how long until the next is allowed.
fn take<K: Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
) -> Result<(), AppError> {
    if limiter.len() > MAX_KEYS {
        limiter.retain_recent();
    }
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        AppError::TooMany {
            retry_after_secs: wait.as_secs() + 1,
        }
    })
}

/// Argon2 takes about 19 MiB and a core for a while per password: no more run at once than the
/// machine has cores, so a burst of log-ins queues here instead of exhausting memory.
static HASHING: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(
        std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 8),
    )
});

/// How long a log-in waits for the hasher before it is told to try again.
const HASHING_WAIT: Duration = Duration::from_secs(10);

/// A turn at the password hasher; refused (429, try again shortly) when the queue does not move.
pub async fn hashing_turn() -> Result<SemaphorePermit<'static>, AppError> {
    match tokio::time::timeout(HASHING_WAIT, HASHING.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        Ok(Err(_)) => Err(AppError::Internal("the password hasher is closed".into())),
        Err(_) => Err(AppError::TooMany {
            retry_after_secs: 5,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_refused_past_its_allowance_whatever_the_address() {
        let limits = Limits::default();
        for i in 0..LOGIN_PER_ACCOUNT.burst {
            let address = IpAddr::from([10, 0, 0, i as u8]);
            assert!(limits.log_in(Some(address), "Admin@Example.com").is_ok());
        }
        match limits.log_in(Some(IpAddr::from([10, 0, 1, 1])), " admin@example.com ") {
            Err(AppError::TooMany { retry_after_secs }) => {
                assert!((1..=7).contains(&retry_after_secs), "{retry_after_secs}")
            }
            other => panic!("the account is over its allowance, got {other:?}"),
        }
        // Another account from the same addresses is not affected.
        assert!(limits
            .log_in(Some(IpAddr::from([10, 0, 0, 1])), "gestor@example.com")
            .is_ok());
    }

    #[test]
    fn an_address_is_refused_past_its_allowance_whatever_the_account() {
        let limits = Limits::default();
        let address = Some(IpAddr::from([192, 0, 2, 7]));
        for i in 0..LOGIN_PER_ADDRESS.burst {
            assert!(limits.log_in(address, &format!("p{i}@example.com")).is_ok());
        }
        assert!(matches!(
            limits.log_in(address, "other@example.com"),
            Err(AppError::TooMany { .. })
        ));
        assert!(limits
            .log_in(Some(IpAddr::from([192, 0, 2, 8])), "other@example.com")
            .is_ok());
    }
}
