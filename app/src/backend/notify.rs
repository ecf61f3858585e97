//! Notifications (issue 5): messages are queued in the outbox inside the transaction of the
//! change they tell about ([`enqueue`]), each with a job of the background queue
//! (`backend::jobs`) that sends it later ([`sender`]), retrying with backoff. A request never
//! waits on a mail server; a server that is down delays mail and loses none.
//!
//! This module decides who is told what and on which channels; [`templates`] holds the texts,
//! [`alerts`] the deadline alerts to staff and [`sender`] the transports.

pub mod alerts;
pub mod sender;
pub mod templates;

use super::store::jobs::{self, JobKind};
use super::store::message_templates;
use super::store::outbox::{self, MessageRow, NewMessage};
use super::store::users;
use super::AppError;
use crate::domain::case::CaseState;
use crate::domain::messages::{ChannelRule, NotifyBy, Phone};
use crate::domain::people::Role;
use crate::i18n::Locale;
use sqlx::AnyConnection;

/// Queues a message and the job that sends it. Call it with the caller's transaction, so the
/// message exists exactly when the change it tells about does.
pub async fn enqueue(conn: &mut AnyConnection, message: NewMessage) -> Result<i64, AppError> {
    let id = outbox::insert(conn, &message).await?;
    let at = message.created_at;
    jobs::add_for(conn, JobKind::SendMessage, id, message.case_id, at, at).await?;
    Ok(id)
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
    #[allow(clippy::type_complexity)]
    let (email, phone, confirmed, by, role, locale): (
        String,
        Option<String>,
        Option<i64>,
        String,
        String,
        Option<String>,
    ) = sqlx::query_as(
        // A number counts only when proved, and only on an account whose address is proved:
        // someone who signed up with another's address must not steer that person's news to a
        // phone of their own.
        "SELECT email, phone, CASE WHEN email_verified_at IS NULL THEN NULL \
             ELSE phone_confirmed_at END, notify_by, role, locale FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Contact {
        email,
        // A number its owner has not proved gets nothing: their messages go by e-mail.
        phone: phone
            .filter(|_| confirmed.is_some())
            .as_deref()
            .and_then(|p| Phone::parse(p).ok()),
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
    tell_with_file(conn, case_id, user_id, event, values, None, now).await
}

/// [`tell`], with a file of the case attached to the e-mail (a decision letter). Someone who
/// chose text messages only gets the e-mail as well, since a text cannot carry the file.
pub async fn tell_with_file(
    conn: &mut AnyConnection,
    case_id: Option<i64>,
    user_id: i64,
    event: &str,
    values: Values<'_>,
    file: Option<i64>,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    let event = known(event)?;
    let who = contact(conn, user_id).await?;
    let rule: ChannelRule = message_templates::channel_rule(conn, event.event, &who.role)
        .await?
        .and_then(|c| c.parse().ok())
        .unwrap_or(ChannelRule::Choice);
    let (email, sms) = rule.channels(who.by);
    let email = email || (file.is_some() && sms);
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
                    info_request_id: None,
                    attachment_id: file,
                    account_user_id: None,
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
                    info_request_id: None,
                    attachment_id: None,
                    account_user_id: None,
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

/// SPEC A7, F1: asks the customer for a required document of their case, with the note staff
/// wrote (may be empty), on the channels they chose. `interrupted` says that the term stands
/// still until they hand it in (SPEC D4), which the message tells them.
#[allow(clippy::too_many_arguments)]
pub async fn ask_for_document(
    conn: &mut AnyConnection,
    public_url: &str,
    case_id: i64,
    number: &str,
    case_subject: &str,
    customer_id: i64,
    document: &str,
    note: &str,
    interrupted: bool,
    now: i64,
) -> Result<Vec<i64>, AppError> {
    let link = templates::case_link(public_url, number);
    tell_customer(
        conn,
        case_id,
        customer_id,
        templates::DOCUMENT_REQUESTED,
        &|locale| {
            let t = locale.texts();
            let term = if interrupted {
                t.term_waits_for_document
            } else {
                t.term_runs_for_document
            };
            vec![
                ("number", number.to_string()),
                ("subject", case_subject.to_string()),
                ("document", document.to_string()),
                ("note", note.to_string()),
                ("term", term.to_string()),
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
