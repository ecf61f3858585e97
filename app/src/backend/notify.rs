//! Notifications (issue 5): messages are queued in the outbox inside the transaction of the
//! change they tell about ([`enqueue`]), and a worker ([`run_once`], [`spawn_worker`]) sends
//! them later, retrying with backoff. A request never waits on a mail server; a server that is
//! down delays mail and loses none.
//!
//! Delivery is through SMTP when `TRAMITA_SMTP_URL` is set, otherwise as `.eml` files in
//! `$TRAMITA_DATA_DIR/outbox/`.

pub mod alerts;
pub mod templates;

use super::store::outbox::{self, MessageRow, NewMessage};
use super::store::users;
use super::{AppError, AppState};
use crate::i18n::Locale;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::AnyConnection;
use std::time::Duration;

/// How many messages one pass takes at most.
const BATCH: i64 = 20;
/// How long a claim holds: longer than any one send takes (the SMTP timeout is below it).
pub const CLAIM_MS: i64 = 5 * 60 * 1000;
/// Attempts before a message is marked failed: with the backoff below, about fifty minutes.
pub const MAX_ATTEMPTS: i64 = 12;
/// How often the worker looks for due messages.
const POLL: Duration = Duration::from_secs(2);
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// The wait before the next attempt after `attempts` failed ones: 5 s, 10 s, 20 s ... capped
/// at 10 minutes.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exp = (attempts.max(1) - 1).min(20) as u32;
    (5_000i64 << exp).min(10 * 60 * 1000)
}

/// Queues a message. Call it with the caller's transaction, so the message exists exactly when
/// the change it tells about does.
pub async fn enqueue(conn: &mut AnyConnection, message: NewMessage) -> Result<i64, AppError> {
    Ok(outbox::insert(conn, &message).await?)
}

/// The language to write to a user in: theirs when they chose one, else the organisation's
/// (Spanish).
pub async fn user_locale(conn: &mut AnyConnection, user_id: i64) -> Result<Locale, AppError> {
    let code: Option<String> = sqlx::query_scalar("SELECT locale FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await?
        .flatten();
    Ok(code
        .as_deref()
        .and_then(Locale::from_code)
        .unwrap_or_default())
}

/// SPEC A6: queues the customer's acknowledgement of a case that is now open.
pub async fn acknowledge_case(
    conn: &mut AnyConnection,
    public_url: &str,
    case_id: i64,
    number: &str,
    case_subject: &str,
    customer_id: i64,
    now: i64,
) -> Result<i64, AppError> {
    let customer = users::by_id(conn, customer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let locale = user_locale(conn, customer_id).await?;
    let r = templates::acknowledgement(locale, number, case_subject, public_url);
    enqueue(
        conn,
        NewMessage {
            case_id: Some(case_id),
            channel: "email",
            recipient: customer.email,
            locale: locale.code(),
            event: "case_acknowledged",
            subject: r.subject,
            body_text: r.text,
            body_html: Some(r.html),
            created_at: now,
        },
    )
    .await
}

/// SPEC F1: tells an employee by e-mail of a task given to them, in their language, from
/// inside the transaction that gives it.
#[allow(clippy::too_many_arguments)]
pub async fn tell_assignee(
    conn: &mut AnyConnection,
    public_url: &str,
    case_id: i64,
    number: &str,
    task_title: &str,
    max_day: &str,
    assignee_id: i64,
    now: i64,
) -> Result<i64, AppError> {
    let assignee = users::by_id(conn, assignee_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let locale = user_locale(conn, assignee_id).await?;
    let r = templates::task_assigned(locale, number, task_title, max_day, public_url);
    enqueue(
        conn,
        NewMessage {
            case_id: Some(case_id),
            channel: "email",
            recipient: assignee.email,
            locale: locale.code(),
            event: "task_assigned",
            subject: r.subject,
            body_text: r.text,
            body_html: Some(r.html),
            created_at: now,
        },
    )
    .await
}

/// The messages about a case, oldest first.
pub async fn of_case(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<MessageRow>, AppError> {
    Ok(outbox::of_case(conn, case_id).await?)
}

fn build_email(state: &AppState, m: &MessageRow) -> Result<Message, String> {
    let from: Mailbox = state
        .config
        .mail_from
        .parse()
        .map_err(|e| format!("TRAMITA_MAIL_FROM is not an address: {e}"))?;
    let to: Mailbox = m
        .recipient
        .parse()
        .map_err(|e| format!("not an e-mail address: {e}"))?;
    let body = match &m.body_html {
        Some(html) => MultiPart::alternative_plain_html(m.body_text.clone(), html.clone()),
        None => {
            MultiPart::mixed().singlepart(lettre::message::SinglePart::plain(m.body_text.clone()))
        }
    };
    Message::builder()
        .from(from)
        .to(to)
        .subject(m.subject.clone())
        // One Message-ID per outbox row: a copy sent twice after a lost reply is recognisable.
        .message_id(Some(format!("<outbox-{}@tramita>", m.id)))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Content-Language"),
            m.locale.clone(),
        ))
        .multipart(body)
        .map_err(|e| format!("cannot build the message: {e}"))
}

/// Where mail goes in this process.
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(std::path::PathBuf),
}

impl Transport {
    fn for_state(state: &AppState) -> Result<Transport, String> {
        match &state.config.smtp_url {
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|b| Transport::Smtp(b.timeout(Some(SMTP_TIMEOUT)).build()))
                .map_err(|e| format!("TRAMITA_SMTP_URL is not usable: {e}")),
            None => Ok(Transport::Files(state.config.data_dir.join("outbox"))),
        }
    }

    async fn send(&self, id: i64, message: Message) -> Result<(), String> {
        match self {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Files(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                // Written under a temporary name and renamed, so a reader never sees half a
                // message; named by the outbox row, so a repeat overwrites instead of doubling.
                let tmp = dir.join(format!(".{id}.eml.tmp"));
                let path = dir.join(format!("{id}.eml"));
                tokio::fs::write(&tmp, message.formatted())
                    .await
                    .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
                tokio::fs::rename(&tmp, &path)
                    .await
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))
            }
        }
    }
}

/// One pass of the worker at `now_ms`: claims the due messages, sends each, and records a
/// delivery, a retry or the final failure. Returns how many messages it handled.
pub async fn run_once(state: &AppState, now_ms: i64) -> Result<usize, AppError> {
    let claim_until = now_ms + CLAIM_MS;
    let claimed = {
        let mut conn = state.store.pool().acquire().await?;
        outbox::claim_due(&mut conn, state.store.backend(), now_ms, claim_until, BATCH).await?
    };
    if claimed.is_empty() {
        return Ok(0);
    }
    let transport = Transport::for_state(state);
    for m in &claimed {
        // The claim is released by recording the outcome, so no connection is held while the
        // mail server is talked to.
        let outcome = match (&transport, m.channel.as_str()) {
            (Err(e), _) => Err(e.clone()),
            (Ok(t), "email") => match build_email(state, m) {
                Ok(message) => t.send(m.id, message).await,
                Err(e) => Err(e),
            },
            (Ok(_), other) => Err(format!("no transport for the {other} channel yet")),
        };
        let mut conn = state.store.pool().acquire().await?;
        match outcome {
            Ok(()) => outbox::mark_sent(&mut conn, m.id, claim_until, now_ms).await?,
            Err(e) => {
                let attempts = m.attempts + 1;
                let give_up = attempts >= MAX_ATTEMPTS;
                if give_up {
                    tracing::error!(id = m.id, error = %e, "outbox: giving up on a message");
                } else {
                    tracing::warn!(id = m.id, attempts, error = %e, "outbox: sending failed, will retry");
                }
                outbox::mark_attempt_failed(
                    &mut conn,
                    m.id,
                    claim_until,
                    &e,
                    now_ms + backoff_ms(attempts),
                    give_up,
                )
                .await?
            }
        }
    }
    Ok(claimed.len())
}

/// Starts the worker for the life of the process: what `server::serve` does. Every instance may
/// run one; claims keep them from sending a message twice.
pub fn spawn_worker(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match run_once(&state, state.now_ms()).await {
                // A full batch may mean more are waiting: go on at once.
                Ok(n) if n as i64 >= BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox: a pass failed"),
            }
            tokio::time::sleep(POLL).await;
        }
    })
}
