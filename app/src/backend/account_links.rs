//! The links mailed to account holders (issue 15): one confirms that an address is theirs,
//! the other sets a new password. Like outsiders' links (`request_links`), a token is made when
//! the mail is sent and only its hash kept; unlike them, a link is used once and runs out soon.

use super::store::{account_links as store, Store};
use super::tokens;
use sqlx::AnyConnection;

/// What a mailed account link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountLink {
    /// Proves the address belongs to whoever signed up with it (SPEC I1: the cases recorded
    /// for that address show in the portal only afterwards).
    ConfirmEmail,
    /// Sets a new password, which also proves the address.
    ResetPassword,
}

impl AccountLink {
    pub const ALL: [AccountLink; 2] = [AccountLink::ConfirmEmail, AccountLink::ResetPassword];

    pub fn code(self) -> &'static str {
        match self {
            AccountLink::ConfirmEmail => "confirm_email",
            AccountLink::ResetPassword => "reset_password",
        }
    }

    /// How long a mailed link works: a day to confirm (mail is read late), an hour to reset a
    /// password (a link left in a mailbox should not open the account next week).
    pub fn lasts_ms(self) -> i64 {
        match self {
            AccountLink::ConfirmEmail => 48 * 3600 * 1000,
            AccountLink::ResetPassword => 3600 * 1000,
        }
    }

    /// The page the link opens, before its token.
    pub fn path(self) -> &'static str {
        match self {
            AccountLink::ConfirmEmail => "/account/confirm/",
            AccountLink::ResetPassword => "/account/reset/",
        }
    }

    /// The message (`notify::templates`) that carries the link.
    pub fn event(self) -> &'static str {
        match self {
            AccountLink::ConfirmEmail => super::notify::templates::ACCOUNT_CONFIRM_EMAIL,
            AccountLink::ResetPassword => super::notify::templates::ACCOUNT_RESET_PASSWORD,
        }
    }

    pub fn of_event(event: &str) -> Option<AccountLink> {
        Self::ALL.into_iter().find(|l| l.event() == event)
    }
}

/// Makes a new token of `link` for the account and keeps its hash, committed before the mail
/// goes out: a link in a delivered mail always works.
pub async fn issue(
    store: &Store,
    user_id: i64,
    link: AccountLink,
    now: i64,
) -> Result<String, sqlx::Error> {
    let token = tokens::new_token();
    let mut conn = store.pool().acquire().await?;
    store::insert(
        &mut conn,
        user_id,
        link.code(),
        &tokens::hash(&token),
        now,
        now + link.lasts_ms(),
    )
    .await?;
    Ok(token)
}

/// The account whose live link of `link` `token` is; `None` for a token that is not ours, used
/// or run out.
pub async fn holder(
    conn: &mut AnyConnection,
    token: &str,
    link: AccountLink,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    if !tokens::well_formed(token) {
        return Ok(None);
    }
    store::live_user(conn, &tokens::hash(token), link.code(), now).await
}

/// Uses the link of `token` up, with every other live link of `link` of the account, inside
/// the change they allow; `false` when another request used it first, which refuses this one.
pub async fn use_up(
    conn: &mut AnyConnection,
    user_id: i64,
    token: &str,
    link: AccountLink,
    now: i64,
) -> Result<bool, sqlx::Error> {
    store::use_up(conn, user_id, &tokens::hash(token), link.code(), now).await
}
