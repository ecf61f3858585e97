//! Information requests (SPEC D1-D3; `seeds/003_*.txt`): whoever works a case asks an employee
//! or an outsider for information, written like an e-mail, sharing chosen parts of the case;
//! every answer waits for the asker's acceptance, and the thread is kept with the case. Each
//! change takes the case's row first and writes the change, its messages, its files and its
//! audit event in one transaction. Who may take which step is decided by
//! `domain::info_requests` and `domain::access::request_actor`.
//!
//! [`views`] builds what pages show; [`outsider`] serves the holder of a link.

pub mod outsider;
pub mod views;

use super::access::{self, CaseAccess};
use super::intake::{attach, check_uploads, put_files, remove_all, FileFor, StoredFile, Upload};
use crate::backend::jobs::{Done, Failure, Handler, Run};
use crate::backend::live::DeskEvent;
use crate::backend::notify::{self, templates};
use crate::backend::store::info_requests::{self as store, RequestRow};
use crate::backend::store::jobs::{self as jobs_store, JobKind};
use crate::backend::store::outbox::{NewMessage, LINK_TOKEN_SLOT};
use crate::backend::store::{audit, cases};
use crate::backend::{AppError, AppState};
use crate::domain::access::{request_actor, Actor, CaseAction};
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::domain::info_requests::{
    self as rules, MessageKind, Recipient, RequestForm, RequestRefusal, RequestState, RequestStep,
    DAY_MS,
};
use crate::i18n::Locale;
use crate::model::Viewer;
use chrono::{Duration, TimeZone};
use futures::future::BoxFuture;
use sqlx::AnyConnection;

/// The page of a request for an employee it was sent to.
pub fn request_path(id: i64) -> String {
    format!("/requests/{id}")
}

/// SPEC D1, D2: sends an information request from the case `number`. Returns its id.
pub async fn ask(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    form: RequestForm,
    uploads: Vec<Upload>,
    locale: Locale,
) -> Result<i64, AppError> {
    let valid = form.validate();
    let mut errors = match &valid {
        Ok(_) => FieldErrors::default(),
        Err(e) => e.clone(),
    };
    let files = check_uploads(uploads, state.config.max_upload_bytes, &mut errors);
    let now = state.now_ms();
    // Refusals of access come before the form's problems: nobody learns of a case by its form.
    {
        let mut conn = state.store.pool().acquire().await?;
        access::case_for(&mut conn, viewer, number, CaseAction::AskForInformation).await?;
    }
    let valid = match valid {
        Ok(v) if errors.is_empty() => v,
        _ => return Err(AppError::Invalid(errors)),
    };
    let stored = put_files(state, files, now).await?;
    let sent = write_request(state, viewer, number, &form, valid, &stored, locale, now).await;
    if sent.is_err() {
        remove_all(&state.files, &stored).await;
    }
    sent
}

#[allow(clippy::too_many_arguments)]
async fn write_request(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    form: &RequestForm,
    valid: rules::ValidRequest,
    stored: &[StoredFile],
    locale: Locale,
    now: i64,
) -> Result<i64, AppError> {
    let mut tx = state.store.begin().await?;
    let seen = access::case_for_change(&mut tx, viewer, number, now, CaseAction::AskForInformation)
        .await?;
    let case = &seen.case;
    let (recipient_id, recipient_email, recipient_name, recipient_locale) = match &valid.recipient {
        Recipient::Employee(id) => {
            let person = super::tasks::employees(&mut tx, Some(viewer.id))
                .await?
                .into_iter()
                .find(|e| e.id == *id)
                .ok_or_else(|| AppError::field("employee_id", FieldProblem::NotAChoice))?;
            let their = notify::user_locale(&mut tx, person.id).await?;
            (Some(person.id), None, person.name, their)
        }
        Recipient::Outsider { email, name } => {
            let theirs = Locale::from_code(form.outsider_locale.trim()).unwrap_or(locale);
            (None, Some(email.as_str().to_string()), name.clone(), theirs)
        }
        Recipient::Customer => {
            let their = notify::user_locale(&mut tx, case.customer_id).await?;
            (
                Some(case.customer_id),
                None,
                case.customer_name.clone(),
                their,
            )
        }
    };
    check_shares(&mut tx, &seen, form).await?;
    let expires_at = now + valid.expiry_days * DAY_MS;
    let id = store::insert(
        &mut tx,
        store::NewRequest {
            case_id: case.id,
            asked_by: viewer.id,
            recipient_id,
            recipient_email: recipient_email.as_deref(),
            recipient_name: &recipient_name,
            locale: recipient_locale.code(),
            subject: &valid.subject,
            share_summary: form.share_summary,
            state: RequestState::Waiting.code(),
            expires_at,
            now,
        },
    )
    .await?;
    for a in &form.share_files {
        store::insert_share(&mut tx, id, Some(*a), None).await?;
    }
    for seq in &form.share_entries {
        store::insert_share(&mut tx, id, None, Some(*seq)).await?;
    }
    let message = store::insert_message(
        &mut tx,
        id,
        MessageKind::Question.code(),
        Some(viewer.id),
        &viewer.name,
        &valid.text,
        now,
    )
    .await?;
    attach_all(&mut tx, case.id, message, stored, viewer.id, now).await?;
    let mut changes = vec![
        ("recipient".to_string(), None, Some(recipient_name.clone())),
        ("subject".to_string(), None, Some(valid.subject.clone())),
    ];
    if let Some(email) = &recipient_email {
        changes.push(("recipient_email".into(), None, Some(email.clone())));
    }
    audit::append(
        &mut tx,
        audit::NewEvent {
            entity: "info_request",
            entity_id: Some(id),
            changes,
            note: Some(valid.text.clone()),
            ..audit::NewEvent::on_case(case.id, viewer.id, now, "info_request_sent")
        },
    )
    .await?;
    if matches!(valid.recipient, Recipient::Customer) {
        // SPEC D4: the legal term may be interrupted while the customer is asked.
        super::deadlines::wait_for_customer(&mut tx, case.id, Some(viewer.id), now).await?;
    }
    let request = store::by_id(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let cal = calendar_of(&mut tx, state, case.id).await?;
    tell_recipient(
        &mut tx,
        state,
        &request,
        templates::INFO_REQUEST_RECEIVED,
        &valid.text,
        &cal,
        now,
    )
    .await?;
    schedule_reminder(&mut tx, &request, &cal, now).await?;
    tx.commit().await?;
    state
        .announce(DeskEvent::for_users(
            "info_request_sent",
            Some(&case.number),
            recipient_id,
        ))
        .await;
    Ok(id)
}

/// Only files and timeline entries of this case, and only ones the asker sees, may be shared.
async fn check_shares(
    conn: &mut AnyConnection,
    seen: &CaseAccess,
    form: &RequestForm,
) -> Result<(), AppError> {
    let files = cases::attachments_of(conn, seen.case.id).await?;
    if form
        .share_files
        .iter()
        .any(|a| !files.iter().any(|f| f.id == *a))
    {
        return Err(AppError::field("share_files", FieldProblem::NotAChoice));
    }
    let entries = audit::case_event_seqs(conn, seen.case.id).await?;
    if form.share_entries.iter().any(|s| !entries.contains(s)) {
        return Err(AppError::field("share_entries", FieldProblem::NotAChoice));
    }
    Ok(())
}

async fn attach_all(
    conn: &mut AnyConnection,
    case_id: i64,
    message_id: i64,
    stored: &[StoredFile],
    uploaded_by: i64,
    now: i64,
) -> Result<(), AppError> {
    for file in stored {
        let to = FileFor {
            info_message_id: Some(message_id),
            ..FileFor::default()
        };
        attach(conn, case_id, file, to, uploaded_by, now).await?;
    }
    Ok(())
}

/// Who answers: a person with their session (an employee, or the case's customer), or whoever
/// holds an outsider's link.
#[derive(Debug, Clone)]
pub enum Answerer<'a> {
    Person(&'a Viewer),
    LinkHolder { request_id: i64 },
}

impl Answerer<'_> {
    fn actor(&self) -> Actor {
        match self {
            Answerer::Person(v) => access::actor(v),
            Answerer::LinkHolder { request_id } => Actor::LinkHolder {
                request_id: *request_id,
            },
        }
    }
}

/// The request `id` with its case, for `actor`; "not found" when it is not theirs to see.
async fn request_for(
    conn: &mut AnyConnection,
    actor: Actor,
    id: i64,
) -> Result<(RequestRow, CaseAccessFacts), AppError> {
    let request = store::by_id(conn, id).await?.ok_or(AppError::NotFound)?;
    let case = cases::by_id(conn, request.case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let facts = access::facts(conn, actor, &case).await?;
    let who = request_actor(
        actor,
        &facts,
        request.id,
        request.asked_by,
        request.recipient_id,
    )
    .ok_or(AppError::NotFound)?;
    Ok((request, CaseAccessFacts { case, facts, who }))
}

/// A request's case as access sees it for one actor.
pub struct CaseAccessFacts {
    pub case: cases::CaseRow,
    pub facts: crate::domain::access::CaseFacts,
    pub who: crate::domain::info_requests::RequestActor,
}

fn refused(r: RequestRefusal) -> AppError {
    match r {
        RequestRefusal::NotYours => AppError::Forbidden,
        RequestRefusal::NotFromThisState => AppError::Conflict,
        RequestRefusal::Expired => AppError::Gone,
    }
}

/// SPEC D2, D3: the recipient answers with text and files; the answer waits for acceptance.
pub async fn answer(
    state: &AppState,
    by: Answerer<'_>,
    request_id: i64,
    text: &str,
    uploads: Vec<Upload>,
) -> Result<(), AppError> {
    let mut errors = match rules::message_text("answer", text) {
        Ok(_) => FieldErrors::default(),
        Err(e) => e,
    };
    let files = check_uploads(uploads, state.config.max_upload_bytes, &mut errors);
    let now = state.now_ms();
    let number = {
        let mut conn = state.store.pool().acquire().await?;
        let (request, found) = request_for(&mut conn, by.actor(), request_id).await?;
        if !found.who.is_recipient {
            return Err(AppError::Forbidden);
        }
        live_for_link(&by, &request, now)?;
        found.case.number
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let stored = put_files(state, files, now).await?;
    let done = write_answer(state, &by, request_id, &number, text.trim(), &stored, now).await;
    if done.is_err() {
        remove_all(&state.files, &stored).await;
    }
    done
}

/// A link stops working at expiry and when its thread is closed (SPEC D2): 410.
fn live_for_link(by: &Answerer<'_>, request: &RequestRow, now: i64) -> Result<(), AppError> {
    let state: RequestState = request.state.parse().unwrap_or(RequestState::Revoked);
    let link = matches!(by, Answerer::LinkHolder { .. });
    if link && (!state.is_live() || rules::is_expired(request.expires_at, now)) {
        return Err(AppError::Gone);
    }
    Ok(())
}

async fn write_answer(
    state: &AppState,
    by: &Answerer<'_>,
    request_id: i64,
    number: &str,
    text: &str,
    stored: &[StoredFile],
    now: i64,
) -> Result<(), AppError> {
    let mut tx = state.store.begin().await?;
    // The write first: on SQLite it takes the lock before any read (`access::case_for_change`).
    cases::touch(&mut tx, number, now).await?;
    let (request, found) = request_for(&mut tx, by.actor(), request_id).await?;
    live_for_link(by, &request, now)?;
    let from: RequestState = request.state.parse().map_err(|_| AppError::Conflict)?;
    let expired = rules::is_expired(request.expires_at, now);
    let to = rules::check(from, RequestStep::Answer, found.who, expired).map_err(refused)?;
    if !store::set_state(&mut tx, request.id, from.code(), to.code(), None, now).await? {
        return Err(AppError::Conflict);
    }
    // An outsider has no account: the thread names them, the audit trail has no actor, and
    // their files are recorded as received by the one who asked.
    let (author_id, author_name) = match by {
        Answerer::Person(v) => (Some(v.id), v.name.clone()),
        Answerer::LinkHolder { .. } => (None, request.recipient_name.clone()),
    };
    let message = store::insert_message(
        &mut tx,
        request.id,
        MessageKind::Answer.code(),
        author_id,
        &author_name,
        text,
        now,
    )
    .await?;
    if request.recipient_id == Some(request.case_customer_id) {
        // SPEC D4: the customer answered; their term runs again when nothing else is awaited.
        super::deadlines::customer_answered(&mut tx, request.case_id, author_id, now).await?;
    }
    let uploaded_by = author_id.unwrap_or(request.asked_by);
    attach_all(&mut tx, request.case_id, message, stored, uploaded_by, now).await?;
    audit::append(
        &mut tx,
        audit::NewEvent {
            case_id: Some(request.case_id),
            actor_id: author_id,
            at: now,
            action: RequestStep::Answer.event(),
            entity: "info_request",
            entity_id: Some(request.id),
            changes: vec![("by".into(), None, Some(author_name.clone()))],
            note: Some(text.to_string()),
            public: false,
        },
    )
    .await?;
    let link = format!(
        "{}#request-{}",
        templates::case_link(&state.config.public_url, &request.case_number),
        request.id
    );
    notify::tell_staff(
        &mut tx,
        Some(request.case_id),
        request.asked_by,
        templates::INFO_REQUEST_ANSWERED,
        &|_| {
            vec![
                ("number", request.case_number.clone()),
                ("person", author_name.clone()),
                ("subject", request.subject.clone()),
                ("link", link.clone()),
            ]
        },
        now,
    )
    .await?;
    tx.commit().await?;
    let people = [Some(request.asked_by), found.case.manager_id, author_id];
    state
        .announce(DeskEvent::for_users(
            RequestStep::Answer.event(),
            Some(&request.case_number),
            people.into_iter().flatten(),
        ))
        .await;
    Ok(())
}

/// SPEC D3: the asker accepts an answer, returns it with a new question (and, if they wish, a
/// new number of days to answer), or withdraws the request.
pub async fn judge(
    state: &AppState,
    viewer: &Viewer,
    request_id: i64,
    step: RequestStep,
    text: &str,
    expiry_days: &str,
) -> Result<String, AppError> {
    let now = state.now_ms();
    let number = {
        let mut conn = state.store.pool().acquire().await?;
        request_for(&mut conn, access::actor(viewer), request_id)
            .await?
            .1
            .case
            .number
    };
    let mut tx = state.store.begin().await?;
    // The write first: on SQLite it takes the lock before any read (`access::case_for_change`).
    cases::touch(&mut tx, &number, now).await?;
    let (request, found) = request_for(&mut tx, access::actor(viewer), request_id).await?;
    let from: RequestState = request.state.parse().map_err(|_| AppError::Conflict)?;
    let expired = rules::is_expired(request.expires_at, now);
    let to = rules::check(from, step, found.who, expired).map_err(refused)?;
    let (question, expires_at) = if step == RequestStep::Return {
        let mut errors = match rules::message_text("text", text) {
            Ok(_) => FieldErrors::default(),
            Err(e) => e,
        };
        let days =
            (!expiry_days.trim().is_empty()).then(|| rules::expiry_days(&mut errors, expiry_days));
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        (
            Some(text.trim().to_string()),
            days.map(|d| now + d * DAY_MS),
        )
    } else {
        (None, None)
    };
    if !store::set_state(&mut tx, request.id, from.code(), to.code(), expires_at, now).await? {
        return Err(AppError::Conflict);
    }
    if request.recipient_id == Some(request.case_customer_id) {
        // SPEC D4: asked again, the customer's term may stop again; a withdrawn request no
        // longer holds it.
        match step {
            RequestStep::Return => {
                super::deadlines::wait_for_customer(&mut tx, request.case_id, Some(viewer.id), now)
                    .await?;
            }
            RequestStep::Revoke => {
                super::deadlines::customer_answered(&mut tx, request.case_id, Some(viewer.id), now)
                    .await?;
            }
            _ => {}
        }
    }
    if let Some(q) = &question {
        store::insert_message(
            &mut tx,
            request.id,
            MessageKind::Returned.code(),
            Some(viewer.id),
            &viewer.name,
            q,
            now,
        )
        .await?;
    }
    let mut changes = vec![(
        "request_state".to_string(),
        Some(from.code().to_string()),
        Some(to.code().to_string()),
    )];
    if let Some(at) = expires_at {
        changes.push(("expires_at".into(), None, Some(at.to_string())));
    }
    audit::append(
        &mut tx,
        audit::NewEvent {
            entity: "info_request",
            entity_id: Some(request.id),
            changes,
            note: question.clone(),
            ..audit::NewEvent::on_case(request.case_id, viewer.id, now, step.event())
        },
    )
    .await?;
    if let Some(q) = &question {
        let request = store::by_id(&mut tx, request.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let cal = calendar_of(&mut tx, state, request.case_id).await?;
        tell_recipient(
            &mut tx,
            state,
            &request,
            templates::INFO_REQUEST_RETURNED,
            q,
            &cal,
            now,
        )
        .await?;
        schedule_reminder(&mut tx, &request, &cal, now).await?;
    }
    tx.commit().await?;
    let people = [
        Some(request.asked_by),
        request.recipient_id,
        found.case.manager_id,
    ];
    state
        .announce(DeskEvent::for_users(
            step.event(),
            Some(&request.case_number),
            people.into_iter().flatten(),
        ))
        .await;
    Ok(request.case_number)
}

/// The business calendar the case's terms count in, else the organisation's.
async fn calendar_of(
    conn: &mut AnyConnection,
    state: &AppState,
    case_id: i64,
) -> Result<crate::domain::calendar::BusinessCalendar, AppError> {
    let code = crate::backend::store::deadlines::clock(conn, case_id)
        .await?
        .and_then(|c| c.calendar_code)
        .unwrap_or_else(|| state.config.calendar.clone());
    super::deadlines::calendar(conn, &code).await
}

/// Queues `event`'s message to the request's recipient: by their own channels for an employee,
/// by e-mail with a link of their own for an outsider.
async fn tell_recipient(
    conn: &mut AnyConnection,
    state: &AppState,
    request: &RequestRow,
    event: &'static str,
    text: &str,
    cal: &crate::domain::calendar::BusinessCalendar,
    now: i64,
) -> Result<(), AppError> {
    let due = super::deadlines::local_text(cal, request.expires_at);
    let values = |link: String| {
        vec![
            ("name", request.recipient_name.clone()),
            ("person", request.asked_by_name.clone()),
            ("subject", request.subject.clone()),
            ("text", text.to_string()),
            ("due", due.clone()),
            ("link", link),
        ]
    };
    let public = state.config.public_url.trim_end_matches('/');
    match (request.recipient_id, &request.recipient_email) {
        (Some(user), _) => {
            // The customer answers on their case's page; an employee on the request's own.
            let link = if user == request.case_customer_id {
                format!(
                    "{}#request-{}",
                    templates::case_link(public, &request.case_number),
                    request.id
                )
            } else {
                format!("{public}{}", request_path(request.id))
            };
            notify::tell_staff(
                conn,
                Some(request.case_id),
                user,
                event,
                &|_| values(link.clone()),
                now,
            )
            .await?;
        }
        (None, Some(email)) => {
            let locale = Locale::from_code(&request.locale).unwrap_or_default();
            let template = templates::event(event)
                .ok_or_else(|| AppError::Internal(format!("no template for {event}")))?;
            let owned = values(format!("{public}/r/{LINK_TOKEN_SLOT}"));
            let pairs: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = notify::render(conn, template, locale, &pairs).await?;
            notify::enqueue(
                conn,
                NewMessage {
                    case_id: Some(request.case_id),
                    channel: "email",
                    recipient: email.clone(),
                    locale: locale.code(),
                    event: template.event,
                    subject: r.subject,
                    body_text: r.text,
                    body_html: Some(r.html),
                    created_at: now,
                    info_request_id: Some(request.id),
                    attachment_id: None,
                    account_user_id: None,
                },
            )
            .await?;
        }
        (None, None) => {}
    }
    Ok(())
}

/// When a recipient who has not answered is reminded: one business day before the expiry, at
/// the same hour; `None` when that moment has passed already.
pub fn reminder_at(
    cal: &crate::domain::calendar::BusinessCalendar,
    expires_at: i64,
    now: i64,
) -> Option<i64> {
    let expiry = cal.time_zone.timestamp_millis_opt(expires_at).single()?;
    let mut day = expiry.date_naive();
    for _ in 0..60 {
        day = day.pred_opt()?;
        if cal.is_business_day(day).unwrap_or(true) {
            let local = day.and_time(expiry.time());
            let at = cal
                .time_zone
                .from_local_datetime(&local)
                .earliest()?
                .timestamp_millis();
            return (at > now).then_some(at);
        }
    }
    // No business day in two months before it: remind a day before.
    let at = (expiry - Duration::days(1)).timestamp_millis();
    (at > now).then_some(at)
}

async fn schedule_reminder(
    conn: &mut AnyConnection,
    request: &RequestRow,
    cal: &crate::domain::calendar::BusinessCalendar,
    now: i64,
) -> Result<(), AppError> {
    if let Some(at) = reminder_at(cal, request.expires_at, now) {
        jobs_store::schedule_for(
            conn,
            JobKind::InfoRequestReminder,
            request.id,
            Some(request.case_id),
            at,
            now,
        )
        .await?;
    }
    Ok(())
}

/// [`JobKind::InfoRequestReminder`]: reminds a recipient who has not answered yet, once, one
/// business day before the request expires. A request answered, closed or moved to a later
/// expiry in between is left alone (a new expiry has its own reminder).
pub struct Reminder;

impl Handler for Reminder {
    fn run<'a>(&'a self, run: &'a mut Run<'_>) -> BoxFuture<'a, Result<Done, Failure>> {
        Box::pin(remind(run))
    }
}

async fn remind(run: &mut Run<'_>) -> Result<Done, Failure> {
    let id = run
        .job
        .ref_id
        .ok_or_else(|| Failure::Permanent("a reminder without a request".into()))?;
    let (state, now) = (run.state, run.now);
    let tx = run.tx().await?;
    let Some(request) = store::by_id(tx, id).await? else {
        return Ok(Done::default());
    };
    let waiting = request.state == RequestState::Waiting.code();
    if !waiting || rules::is_expired(request.expires_at, now) {
        return Ok(Done::default());
    }
    let cal = calendar_of(tx, state, request.case_id).await?;
    if reminder_at(&cal, request.expires_at, now - 1).is_some_and(|at| at > now) {
        // The expiry moved later since this run was planned; the job was moved with it.
        return Ok(Done::default());
    }
    tell_recipient(
        tx,
        state,
        &request,
        templates::INFO_REQUEST_REMINDER,
        "",
        &cal,
        now,
    )
    .await?;
    Ok(Done::default())
}
