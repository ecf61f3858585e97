//! Notifications (issue 5): messages are queued in the outbox inside the transaction of the
//! change they tell about ([`enqueue`]), and a worker ([`run_once`], [`spawn_worker`]) sends
//! them later, retrying with backoff. A request never waits on a mail server; a server that is
//! down delays mail and loses none.
//!
//! Mail goes through SMTP when `TRAMITA_SMTP_URL` is set, otherwise into `.eml` files in
//! `$TRAMITA_DATA_DIR/outbox/`; text messages through the SMS gateway of `TRAMITA_SMS_URL`
//! (Twilio's Messages API), otherwise into `.sms.txt` files there.

pub mod alerts;
pub mod templates;

use super::config::SmsGateway;
use super::store::message_templates;
use super::store::outbox::{self, MessageRow, NewMessage};
use super::store::users;
use super::{AppError, AppState};
use crate::domain::case::CaseState;
use crate::domain::messages::{ChannelRule, NotifyBy, Phone};
use crate::domain::people::Role;
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
const SMS_TIMEOUT: Duration = Duration::from_secs(30);

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

/// `event`'s message in `locale` with `values`: the administrators' version when there is one,
/// else the default of [`templates::EVENTS`].
pub async fn render(
    conn: &mut AnyConnection,
    event: &'static templates::EventTemplate,
    locale: Locale,
    values: &[(&str, &str)],
) -> Result<templates::Rendered, AppError> {
    let template = match message_templates::get(conn, event.event, locale.code()).await? {
        Some(row) => templates::Template {
            subject: row.subject,
            text: row.body_text,
            html: row.body_html,
        },
        None => event.default_template(locale),
    };
    Ok(template.render(locale, values))
}

fn known(event: &str) -> Result<&'static templates::EventTemplate, AppError> {
    templates::event(event).ok_or_else(|| AppError::Internal(format!("no template for {event}")))
}

/// How a person is reached: their address, their phone number, their own choice of channels,
/// their role and their language.
struct Contact {
    email: String,
    phone: Option<Phone>,
    by: NotifyBy,
    role: String,
    locale: Locale,
}

async fn contact(conn: &mut AnyConnection, user_id: i64) -> Result<Contact, AppError> {
    let (email, phone, by, role, locale): (String, Option<String>, String, String, Option<String>) =
        sqlx::query_as("SELECT email, phone, notify_by, role, locale FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(conn)
            .await?
            .ok_or(AppError::NotFound)?;
    Ok(Contact {
        email,
        phone: phone.as_deref().and_then(|p| Phone::parse(p).ok()),
        by: by.parse().unwrap_or(NotifyBy::Email),
        role,
        locale: locale
            .as_deref()
            .and_then(Locale::from_code)
            .unwrap_or_default(),
    })
}

/// The values of a message's placeholders, made in the reader's language (a state's or a
/// reason's name is a word in it).
pub type Values<'a> = &'a (dyn Fn(Locale) -> Vec<(&'static str, String)> + Send + Sync);

async fn rendered(
    conn: &mut AnyConnection,
    event: &'static templates::EventTemplate,
    locale: Locale,
    values: Values<'_>,
) -> Result<(templates::Rendered, String), AppError> {
    let values = values(locale);
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = render(conn, event, locale, &pairs).await?;
    let link = values
        .iter()
        .find(|(k, _)| *k == "link")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    Ok((r, link))
}

/// Queues `event`'s message to a person on the channels that apply: the rule administrators set
/// for this event and the person's role, else the person's own choice (e-mail, SMS or both). A
/// text message is the subject line and the link. Someone who should get a text but has no
/// usable phone number gets the e-mail rather than nothing; a rule `off` sends nothing.
pub async fn tell(
    conn: &mut AnyConnection,
    case_id: Option<i64>,
    user_id: i64,
    event: &str,
    values: Values<'_>,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    let event = known(event)?;
    let who = contact(conn, user_id).await?;
    let rule: ChannelRule = message_templates::channel_rule(conn, event.event, &who.role)
        .await?
        .and_then(|c| c.parse().ok())
        .unwrap_or(ChannelRule::Choice);
    let (email, sms) = rule.channels(who.by);
    if !email && !sms {
        return Ok(Vec::new());
    }
    let (r, link) = rendered(conn, event, who.locale, values).await?;
    let phone = who.phone.filter(|_| sms);
    let mut ids = Vec::new();
    if email || phone.is_none() {
        ids.push(
            enqueue(
                conn,
                NewMessage {
                    case_id,
                    channel: "email",
                    recipient: who.email,
                    locale: who.locale.code(),
                    event: event.event,
                    subject: r.subject.clone(),
                    body_text: r.text,
                    body_html: Some(r.html),
                    created_at: now,
                },
            )
            .await?,
        );
    }
    if let Some(phone) = phone {
        ids.push(
            enqueue(
                conn,
                NewMessage {
                    case_id,
                    channel: "sms",
                    recipient: phone.to_string(),
                    locale: who.locale.code(),
                    event: event.event,
                    body_text: templates::sms_text(&r.subject, &link),
                    subject: r.subject,
                    body_html: None,
                    created_at: now,
                },
            )
            .await?,
        );
    }
    Ok(ids)
}

/// Queues `event`'s message about a case to its customer: [`tell`] with the case.
pub async fn tell_customer(
    conn: &mut AnyConnection,
    case_id: i64,
    customer_id: i64,
    event: &str,
    values: Values<'_>,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    tell(conn, Some(case_id), customer_id, event, values, now).await
}

/// Queues `event`'s message to a member of staff: [`tell`], kept under this name for callers
/// that speak of staff.
pub async fn tell_staff(
    conn: &mut AnyConnection,
    case_id: Option<i64>,
    user_id: i64,
    event: &str,
    values: Values<'_>,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    tell(conn, case_id, user_id, event, values, now).await
}

/// SPEC A6: queues the customer's acknowledgement of a case that is now open, on the channels
/// they chose.
pub async fn acknowledge_case(
    conn: &mut AnyConnection,
    public_url: &str,
    case_id: i64,
    number: &str,
    case_subject: &str,
    customer_id: i64,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    let link = templates::case_link(public_url, number);
    // SPEC A6: the answer-by dates, in each language the message may be written in.
    let mut dates = Vec::new();
    for locale in Locale::ALL {
        let sentence =
            crate::backend::services::deadlines::dates_sentence(conn, case_id, locale).await?;
        dates.push((locale, sentence));
    }
    tell_customer(
        conn,
        case_id,
        customer_id,
        templates::CASE_ACKNOWLEDGED,
        &|locale| {
            let dates = dates
                .iter()
                .find(|(l, _)| *l == locale)
                .map(|(_, s)| s.clone())
                .unwrap_or_default();
            vec![
                ("number", number.to_string()),
                ("subject", case_subject.to_string()),
                ("dates", dates),
                ("link", link.clone()),
            ]
        },
        now,
    )
    .await
}

/// SPEC F1: tells the customer that their case is now in state `to`, which the portal shows
/// them, on the channels they chose.
#[allow(clippy::too_many_arguments)]
pub async fn tell_state_change(
    conn: &mut AnyConnection,
    public_url: &str,
    case_id: i64,
    number: &str,
    case_subject: &str,
    customer_id: i64,
    to: CaseState,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    let link = templates::case_link(public_url, number);
    tell_customer(
        conn,
        case_id,
        customer_id,
        templates::CASE_STATE_CHANGED,
        &|locale| {
            vec![
                ("number", number.to_string()),
                ("subject", case_subject.to_string()),
                ("state", locale.texts().state(to).to_string()),
                ("link", link.clone()),
            ]
        },
        now,
    )
    .await
}

/// SPEC F1, C1, C2: tells a manager that a case is now on their desk, routed to them or handed
/// over; `reason` says why, in their language.
#[allow(clippy::too_many_arguments)]
pub async fn tell_manager(
    conn: &mut AnyConnection,
    public_url: &str,
    case_id: i64,
    number: &str,
    case_subject: &str,
    manager_id: i64,
    reason: &(dyn Fn(Locale) -> String + Send + Sync),
    now: i64,
) -> Result<Vec<i64>, AppError> {
    let link = templates::case_link(public_url, number);
    tell_staff(
        conn,
        Some(case_id),
        manager_id,
        templates::CASE_ASSIGNED,
        &|locale| {
            vec![
                ("number", number.to_string()),
                ("subject", case_subject.to_string()),
                ("reason", reason(locale)),
                ("link", link.clone()),
            ]
        },
        now,
    )
    .await
}

/// SPEC C7, F1: tells every active supervisor but the one who escalated that a case went up to
/// `level`, with the reason given.
#[allow(clippy::too_many_arguments)]
pub async fn tell_supervisors(
    conn: &mut AnyConnection,
    public_url: &str,
    case_id: i64,
    number: &str,
    case_subject: &str,
    level: i64,
    reason: &str,
    escalated_by: i64,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    let link = templates::case_link(public_url, number);
    let supervisors: Vec<i64> = users::staff(conn)
        .await?
        .into_iter()
        .filter(|u| u.active == 1 && u.role() == Role::Supervisor && u.id != escalated_by)
        .map(|u| u.id)
        .collect();
    let mut ids = Vec::new();
    for id in supervisors {
        ids.extend(
            tell_staff(
                conn,
                Some(case_id),
                id,
                templates::CASE_ESCALATED,
                &|_| {
                    vec![
                        ("number", number.to_string()),
                        ("subject", case_subject.to_string()),
                        ("level", level.to_string()),
                        ("reason", reason.to_string()),
                        ("link", link.clone()),
                    ]
                },
                now,
            )
            .await?,
        );
    }
    Ok(ids)
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
) -> Result<Vec<i64>, AppError> {
    let link = templates::case_link(public_url, number);
    tell_staff(
        conn,
        Some(case_id),
        assignee_id,
        templates::TASK_ASSIGNED,
        &|_| {
            vec![
                ("number", number.to_string()),
                ("task", task_title.to_string()),
                ("max_day", max_day.to_string()),
                ("link", link.clone()),
            ]
        },
        now,
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

/// Why a send failed, and whether trying again later may help: a server that is down, busy
/// (HTTP 429) or failing (5xx) may recover; a request the gateway refuses (another 4xx) will be
/// refused again, so it fails at once.
#[derive(Debug)]
struct SendError {
    error: String,
    retry: bool,
}

impl SendError {
    fn retry(error: impl Into<String>) -> SendError {
        SendError {
            error: error.into(),
            retry: true,
        }
    }

    fn fail(error: impl Into<String>) -> SendError {
        SendError {
            error: error.into(),
            retry: false,
        }
    }
}

/// Where mail goes in this process.
enum MailTransport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(std::path::PathBuf),
}

/// Where text messages go in this process.
enum SmsTransport {
    Gateway(reqwest::Client, SmsGateway),
    Files(std::path::PathBuf),
}

/// Writes `bytes` as `name` in `dir`: under a temporary name first and renamed, so a reader
/// never sees half a message; named by the outbox row, so a repeat overwrites instead of
/// doubling.
async fn write_file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> Result<(), SendError> {
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| SendError::retry(format!("cannot create {}: {e}", dir.display())))?;
    let tmp = dir.join(format!(".{name}.tmp"));
    let path = dir.join(name);
    tokio::fs::write(&tmp, bytes)
        .await
        .map_err(|e| SendError::retry(format!("cannot write {}: {e}", tmp.display())))?;
    tokio::fs::rename(&tmp, &path)
        .await
        .map_err(|e| SendError::retry(format!("cannot write {}: {e}", path.display())))
}

impl MailTransport {
    fn for_state(state: &AppState) -> Result<MailTransport, String> {
        match &state.config.smtp_url {
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|b| MailTransport::Smtp(b.timeout(Some(SMTP_TIMEOUT)).build()))
                .map_err(|e| format!("TRAMITA_SMTP_URL is not usable: {e}")),
            None => Ok(MailTransport::Files(state.config.data_dir.join("outbox"))),
        }
    }

    async fn send(&self, id: i64, message: Message) -> Result<(), SendError> {
        match self {
            MailTransport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| {
                // A permanent SMTP answer (5xx: no such mailbox, refused) will not change.
                if e.is_permanent() {
                    SendError::fail(e.to_string())
                } else {
                    SendError::retry(e.to_string())
                }
            }),
            MailTransport::Files(dir) => {
                write_file(dir, &format!("{id}.eml"), &message.formatted()).await
            }
        }
    }
}

impl SmsTransport {
    fn for_state(state: &AppState) -> Result<SmsTransport, String> {
        match &state.config.sms {
            Some(gateway) => reqwest::Client::builder()
                .timeout(SMS_TIMEOUT)
                .build()
                .map(|c| SmsTransport::Gateway(c, gateway.clone()))
                .map_err(|e| format!("cannot build the HTTP client for SMS: {e}")),
            None => Ok(SmsTransport::Files(state.config.data_dir.join("outbox"))),
        }
    }

    async fn send(&self, m: &MessageRow) -> Result<(), SendError> {
        match self {
            SmsTransport::Gateway(client, gateway) => {
                let response = client
                    .post(gateway.messages_url())
                    .basic_auth(&gateway.account_sid, Some(&gateway.auth_token))
                    .form(&[
                        ("To", m.recipient.as_str()),
                        ("From", gateway.from.as_str()),
                        ("Body", m.body_text.as_str()),
                    ])
                    .send()
                    .await
                    .map_err(|e| SendError::retry(format!("SMS gateway unreachable: {e}")))?;
                let status = response.status();
                let body = response.text().await.unwrap_or_default();
                sms_outcome(status.as_u16(), &body)
            }
            SmsTransport::Files(dir) => {
                let file = format!("To: {}\n\n{}\n", m.recipient, m.body_text);
                write_file(dir, &format!("{}.sms.txt", m.id), file.as_bytes()).await
            }
        }
    }
}

/// What the gateway's answer means: a 2xx with the message's `sid` is a delivery; 429 and 5xx
/// are worth another try later; any other answer is final. A 2xx without a `sid` is not retried
/// either: the gateway may have taken the message, and a second copy is worse than none.
fn sms_outcome(status: u16, body: &str) -> Result<(), SendError> {
    let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let field = |k: &str| {
        json.as_ref().and_then(|j| j.get(k)).and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| (!v.is_null()).then(|| v.to_string()))
        })
    };
    match status {
        200..=299 => match field("sid") {
            Some(_) => Ok(()),
            None => Err(SendError::fail(format!(
                "the SMS gateway answered {status} without a message sid"
            ))),
        },
        _ => {
            // Twilio's errors carry a `message` and a numeric `code`.
            let detail = match (field("message"), field("code")) {
                (Some(m), Some(c)) => format!(": {m} (code {c})"),
                (Some(m), None) => format!(": {m}"),
                _ => String::new(),
            };
            let error = format!("the SMS gateway answered {status}{detail}");
            if status == 429 || status >= 500 {
                Err(SendError::retry(error))
            } else {
                Err(SendError::fail(error))
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
    let mail = MailTransport::for_state(state);
    let sms = SmsTransport::for_state(state);
    for m in &claimed {
        // The claim is released by recording the outcome, so no connection is held while the
        // mail server or the gateway is talked to.
        let outcome = match m.channel.as_str() {
            "email" => match (&mail, build_email(state, m)) {
                (Err(e), _) => Err(SendError::retry(e.clone())),
                (Ok(t), Ok(message)) => t.send(m.id, message).await,
                // An address the mail library cannot read will not get better.
                (Ok(_), Err(e)) => Err(SendError::fail(e)),
            },
            "sms" => match &sms {
                Err(e) => Err(SendError::retry(e.clone())),
                Ok(t) => t.send(m).await,
            },
            other => Err(SendError::fail(format!(
                "no transport for the {other} channel"
            ))),
        };
        let mut conn = state.store.pool().acquire().await?;
        match outcome {
            Ok(()) => outbox::mark_sent(&mut conn, m.id, claim_until, now_ms).await?,
            Err(SendError { error, retry }) => {
                let attempts = m.attempts + 1;
                let give_up = !retry || attempts >= MAX_ATTEMPTS;
                if give_up {
                    tracing::error!(id = m.id, error = %error, "outbox: giving up on a message");
                } else {
                    tracing::warn!(id = m.id, attempts, error = %error, "outbox: sending failed, will retry");
                }
                outbox::mark_attempt_failed(
                    &mut conn,
                    m.id,
                    claim_until,
                    &error,
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
