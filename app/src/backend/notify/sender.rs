//! Sending the outbox's messages: the handler of the queue's `send_message` jobs and the
//! transports it uses.
//!
//! Mail goes through SMTP when `TRAMITA_SMTP_URL` is set, otherwise into `.eml` files in
//! `$TRAMITA_DATA_DIR/outbox/`; text messages through the SMS gateway of `TRAMITA_SMS_URL`
//! (Twilio's Messages API), otherwise into `.sms.txt` files there. A send holds no database
//! connection; the delivery is recorded in the transaction that finishes the job, so a worker
//! whose claim ran out records nothing. Each copy of a mail carries
//! `Message-ID: <outbox-{id}@tramita>`, so the rare second copy after a lost answer is
//! recognisable.

use crate::backend::config::SmsGateway;
use crate::backend::jobs::{Done, Failure, Handler, Run};
use crate::backend::store::jobs::JobRow;
use crate::backend::store::outbox::{self, MessageRow};
use crate::backend::{AppError, AppState};
use futures::future::BoxFuture;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::AnyConnection;
use std::time::Duration;

/// Attempts before a message is marked failed: with the queue's backoff, about fifty minutes.
pub const MAX_ATTEMPTS: i64 = 12;
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);
const SMS_TIMEOUT: Duration = Duration::from_secs(30);

/// [`crate::backend::store::jobs::JobKind::SendMessage`]: sends message `ref_id` once, by its
/// channel's transport; a refusal that will not change fails it at once, anything else is
/// retried up to [`MAX_ATTEMPTS`] times.
pub struct SendMessage;

impl Handler for SendMessage {
    fn run<'a>(&'a self, run: &'a mut Run<'_>) -> BoxFuture<'a, Result<Done, Failure>> {
        Box::pin(send(run))
    }

    fn give_up_after(&self) -> Option<i64> {
        Some(MAX_ATTEMPTS)
    }

    fn failed<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
        job: &'a JobRow,
        error: &'a str,
        given_up: bool,
    ) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(async move {
            if let Some(id) = job.ref_id {
                outbox::mark_attempt_failed(conn, id, error, given_up).await?;
            }
            Ok(())
        })
    }
}

async fn send(run: &mut Run<'_>) -> Result<Done, Failure> {
    let id = run
        .job
        .ref_id
        .ok_or_else(|| Failure::Permanent("a message job without a message".into()))?;
    let (state, now) = (run.state, run.now);
    let message = {
        let mut conn = state.store.pool().acquire().await?;
        outbox::by_id(&mut conn, id).await?
    };
    let Some(m) = message else {
        return Err(Failure::Permanent(format!("message {id} does not exist")));
    };
    if m.status != "pending" {
        // Already recorded (sent or given up): nothing left to do.
        return Ok(Done::default());
    }
    let m = match (m.info_request_id, m.account_user_id) {
        (Some(request_id), _) => with_link(state, m, request_id, now).await?,
        (None, Some(user_id)) => with_account_link(state, m, user_id, now).await?,
        (None, None) => m,
    };
    deliver(state, &m).await.map_err(|e| match e.retry {
        true => Failure::Retry(e.error),
        false => Failure::Permanent(e.error),
    })?;
    outbox::mark_sent(run.tx().await?, id, now).await?;
    Ok(Done::default())
}

/// Puts a new link token of the request into an outsider's mail (`backend::request_links`).
async fn with_link(
    state: &AppState,
    m: MessageRow,
    request_id: i64,
    now: i64,
) -> Result<MessageRow, Failure> {
    let token = crate::backend::request_links::issue(&state.store, request_id, now).await?;
    Ok(put_token(m, &token))
}

/// Puts a new link of the account into a mail that confirms an address or resets a password
/// (`backend::account_links`); which one the message's event says.
async fn with_account_link(
    state: &AppState,
    m: MessageRow,
    user_id: i64,
    now: i64,
) -> Result<MessageRow, Failure> {
    let link = crate::backend::account_links::AccountLink::of_event(&m.event)
        .ok_or_else(|| Failure::Permanent(format!("{} does not carry an account link", m.event)))?;
    let token = crate::backend::account_links::issue(&state.store, user_id, link, now).await?;
    Ok(put_token(m, &token))
}

fn put_token(mut m: MessageRow, token: &str) -> MessageRow {
    m.body_text = m.body_text.replace(outbox::LINK_TOKEN_SLOT, token);
    m.body_html = m
        .body_html
        .map(|h| h.replace(outbox::LINK_TOKEN_SLOT, token));
    m
}

/// Hands a message to its channel's transport.
async fn deliver(state: &AppState, m: &MessageRow) -> Result<(), SendError> {
    match m.channel.as_str() {
        "email" => {
            let transport = MailTransport::for_state(state).map_err(SendError::retry)?;
            let file = match m.attachment_id {
                Some(id) => Some(attached_file(state, id).await?),
                None => None,
            };
            // An address the mail library cannot read will not get better.
            let message = build_email(state, m, file).map_err(SendError::fail)?;
            transport.send(m.id, message).await
        }
        "sms" => {
            SmsTransport::for_state(state)
                .map_err(SendError::retry)?
                .send(m)
                .await
        }
        other => Err(SendError::fail(format!(
            "no transport for the {other} channel"
        ))),
    }
}

/// A file of the case to send with a mail: its name, type and bytes. A storage that does not
/// answer may come back; a file that is gone will not.
async fn attached_file(state: &AppState, id: i64) -> Result<(String, String, Vec<u8>), SendError> {
    let row = {
        let mut conn = state
            .store
            .pool()
            .acquire()
            .await
            .map_err(|e| SendError::retry(e.to_string()))?;
        crate::backend::store::cases::attachment(&mut conn, id)
            .await
            .map_err(|e| SendError::retry(e.to_string()))?
    };
    let a = row.ok_or_else(|| SendError::fail(format!("attachment {id} is gone")))?;
    let bytes = state
        .files
        .get(&a.storage_key)
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                SendError::fail(format!("the file of attachment {id} is gone"))
            }
            _ => SendError::retry(e.to_string()),
        })?;
    Ok((a.file_name, a.content_type, bytes))
}

fn build_email(
    state: &AppState,
    m: &MessageRow,
    file: Option<(String, String, Vec<u8>)>,
) -> Result<Message, String> {
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
    let body = match file {
        Some((name, content_type, bytes)) => {
            let content_type = lettre::message::header::ContentType::parse(&content_type)
                .map_err(|e| format!("not a content type: {e}"))?;
            MultiPart::mixed()
                .multipart(body)
                .singlepart(lettre::message::Attachment::new(name).body(bytes, content_type))
        }
        None => body,
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
