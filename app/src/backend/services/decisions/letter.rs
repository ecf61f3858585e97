//! Decision letters (SPEC E3, E4): an effective decision queues its letter; the background
//! queue ([`MakeLetter`]) fills the template of the case type, resolution and customer's
//! language (the built-in letter when there is none), has typst make the PDF on a blocking
//! thread, stores it as a new version with the case and, when the letter is to be sent, mails
//! it to the customer with the PDF attached. Bytes are stored before rows: a run that fails
//! after storing leaves an unreferenced file, never a row without its file.

use crate::backend::display::format_day;
use crate::backend::files::FileStore;
use crate::backend::jobs::{Done, Failure, Handler, Run};
use crate::backend::letters::{self, Letter, Letterhead};
use crate::backend::live::DeskEvent;
use crate::backend::notify::{self, templates};
use crate::backend::store::decisions::{self as store, DecisionRow};
use crate::backend::store::jobs::JobRow;
use crate::backend::store::{audit, cases};
use crate::backend::{AppError, AppState};
use crate::domain::decisions::{LetterState, LetterTemplate};
use crate::domain::messages::{fill, Part};
use crate::i18n::Locale;
use chrono::{Datelike, TimeZone};
use futures::future::BoxFuture;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

/// Queues the next version of decision `decision_id`'s letter, in the customer's language;
/// `send`: mailed to the customer as soon as it is made.
pub async fn queue(
    conn: &mut AnyConnection,
    decision_id: i64,
    case: &cases::CaseRow,
    send: bool,
    requested_by: i64,
    now: i64,
) -> Result<i64, AppError> {
    let locale = notify::user_locale(conn, case.customer_id).await?;
    let id = store::insert_letter(
        conn,
        decision_id,
        case.id,
        locale.code(),
        send,
        requested_by,
        now,
    )
    .await?;
    super::add_letter_job(conn, id, case.id, now).await?;
    Ok(id)
}

/// The letterhead as the admin area keeps it, with the logo's bytes.
pub async fn letterhead(
    conn: &mut AnyConnection,
    files: &FileStore,
) -> Result<Letterhead, AppError> {
    let Some(c) = store::company(conn).await? else {
        return Ok(Letterhead {
            company: "Tramita".into(),
            ..Letterhead::default()
        });
    };
    let logo = match (&c.logo_key, c.logo_type.as_deref()) {
        (Some(key), Some(kind)) => match files.get(key).await {
            Ok(bytes) => Some((bytes, logo_extension(kind))),
            Err(e) => {
                tracing::warn!(error = %e, "the company's logo cannot be read; the letter goes without it");
                None
            }
        },
        _ => None,
    };
    let lines = [c.address, c.tax_id, c.phone, c.email, c.website]
        .into_iter()
        .flat_map(|l| {
            l.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    Ok(Letterhead {
        company: c.name,
        lines,
        logo,
    })
}

/// The file extension typst reads a logo of this content type by.
pub fn logo_extension(content_type: &str) -> &'static str {
    match content_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => "svg",
    }
}

/// The template to fill: the administrators' for this type, resolution and language, else the
/// built-in letter.
async fn template_for(
    conn: &mut AnyConnection,
    case: &cases::CaseRow,
    d: &DecisionRow,
    locale: Locale,
) -> Result<LetterTemplate, AppError> {
    if let Some(t) = case.case_type_id {
        if let Some(row) = store::template(conn, t, d.resolution_id, locale.code()).await? {
            return Ok(LetterTemplate {
                subject: row.subject,
                body: row.body,
            });
        }
    }
    Ok(LetterTemplate::default_for(
        locale,
        d.amount_minor.is_some(),
    ))
}

/// The values of a letter's placeholders, in its language.
fn values(
    state: &AppState,
    case: &cases::CaseRow,
    d: &DecisionRow,
    locale: Locale,
    now: i64,
) -> Vec<(&'static str, String)> {
    let tz = state.config.time_zone;
    vec![
        ("customer_name", case.customer_name.clone()),
        ("case_number", case.number.clone()),
        ("case_subject", case.subject.clone()),
        ("filed_on", format_day(case.created_at, tz, locale)),
        (
            "decided_on",
            format_day(d.settled_at.unwrap_or(d.decided_at), tz, locale),
        ),
        ("resolution", d.resolution_name.clone()),
        (
            "amount",
            super::amount_of(d)
                .map(|m| m.format(locale))
                .unwrap_or_default(),
        ),
        ("reasoning", d.reasoning.clone()),
        ("decider_name", d.decider_name.clone()),
        ("today", format_day(now, tz, locale)),
    ]
}

/// A letter filled with `values`, ready for typst.
pub fn compose(
    template: &LetterTemplate,
    values: &[(&str, String)],
    recipient: (&str, Vec<String>),
    locale: Locale,
    date: String,
) -> Letter {
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let t = locale.decision_texts();
    Letter {
        lang: locale.code(),
        subject: fill(&template.subject, &pairs, Part::Subject)
            .trim()
            .to_string(),
        body: fill(&template.body, &pairs, Part::Text),
        recipient_name: recipient.0.to_string(),
        recipient_lines: recipient.1,
        place_date: date,
        page_word: t.page_word,
        of_word: t.of_word,
    }
}

/// Runs typst on a blocking thread: a letter takes tens of milliseconds of CPU.
pub async fn render(head: Letterhead, letter: Letter) -> Result<Vec<u8>, String> {
    tokio::task::spawn_blocking(move || letters::pdf(&head, &letter))
        .await
        .map_err(|e| format!("the letter's thread failed: {e}"))?
}

/// The file name a letter is offered under, in its language.
fn file_name(locale: Locale, number: &str, version: i64) -> String {
    let word = match locale {
        Locale::Es => "resolucion",
        Locale::En => "decision",
        Locale::Pl => "rozstrzygniecie",
    };
    format!("{word}-{number}-v{version}.pdf")
}

/// Queues the letter's mail to the customer, with the PDF attached, and its audit event.
pub async fn tell_customer(
    conn: &mut AnyConnection,
    state: &AppState,
    case: &cases::CaseRow,
    letter_id: i64,
    attachment_id: i64,
    actor: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    let link = templates::case_link(&state.config.public_url, &case.number);
    notify::tell_with_file(
        conn,
        Some(case.id),
        case.customer_id,
        templates::DECISION_LETTER,
        &|_| {
            vec![
                ("number", case.number.clone()),
                ("subject", case.subject.clone()),
                ("link", link.clone()),
            ]
        },
        Some(attachment_id),
        now,
    )
    .await?;
    audit::append(
        conn,
        audit::NewEvent {
            case_id: Some(case.id),
            actor_id: actor,
            at: now,
            action: "letter_sent",
            entity: "decision_letter",
            entity_id: Some(letter_id),
            changes: Vec::new(),
            note: None,
            public: true,
        },
    )
    .await?;
    Ok(())
}

/// [`crate::backend::store::jobs::JobKind::DecisionLetter`]: makes letter `ref_id`.
pub struct MakeLetter;

impl Handler for MakeLetter {
    fn run<'a>(&'a self, run: &'a mut Run<'_>) -> BoxFuture<'a, Result<Done, Failure>> {
        Box::pin(make(run))
    }

    /// A letter the queue gave up on says so on the case page instead of "being made" for
    /// ever, and the trail records why.
    fn failed<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
        job: &'a JobRow,
        error: &'a str,
        given_up: bool,
    ) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(async move {
            let Some(id) = job.ref_id.filter(|_| given_up) else {
                return Ok(());
            };
            let Some(case_id) = store::letter_failed(conn, id).await? else {
                return Ok(());
            };
            audit::append(
                conn,
                audit::NewEvent {
                    case_id: Some(case_id),
                    actor_id: None,
                    // The hook has no clock; the run was due then and ran at once.
                    at: job.run_at,
                    action: "letter_failed",
                    entity: "decision_letter",
                    entity_id: Some(id),
                    changes: Vec::new(),
                    note: Some(error.chars().take(500).collect()),
                    public: false,
                },
            )
            .await?;
            Ok(())
        })
    }
}

async fn make(run: &mut Run<'_>) -> Result<Done, Failure> {
    let id = run
        .job
        .ref_id
        .ok_or_else(|| Failure::Permanent("a letter job without a letter".into()))?;
    let (state, now) = (run.state, run.now);
    let (l, d, case, template, head) = {
        let mut conn = state.store.pool().acquire().await?;
        let Some(l) = store::letter(&mut conn, id).await? else {
            return Err(Failure::Permanent(format!("letter {id} does not exist")));
        };
        if l.state != LetterState::Queued.code() {
            return Ok(Done::default());
        }
        let d = store::by_id(&mut conn, l.decision_id)
            .await?
            .ok_or_else(|| Failure::Permanent("the letter's decision is gone".into()))?;
        let case = cases::by_id(&mut conn, l.case_id)
            .await?
            .ok_or_else(|| Failure::Permanent("the letter's case is gone".into()))?;
        let locale = Locale::from_code(&l.locale).unwrap_or_default();
        let template = template_for(&mut conn, &case, &d, locale).await?;
        let head = letterhead(&mut conn, &state.files).await?;
        (l, d, case, template, head)
    };
    let locale = Locale::from_code(&l.locale).unwrap_or_default();
    let values = values(state, &case, &d, locale, now);
    let letter = compose(
        &template,
        &values,
        (
            case.customer_name.as_str(),
            vec![case.customer_email.clone()],
        ),
        locale,
        format_day(now, state.config.time_zone, locale),
    );
    // A template that typst cannot set will not get better by trying again.
    let pdf = render(head, letter).await.map_err(Failure::Permanent)?;
    let local = state
        .config
        .time_zone
        .timestamp_millis_opt(now)
        .single()
        .ok_or_else(|| Failure::Permanent("no local time".into()))?;
    let key = FileStore::new_key(local.year(), local.month());
    state
        .files
        .put(&key, &pdf)
        .await
        .map_err(|e| Failure::Retry(format!("cannot store the letter: {e}")))?;
    let conn = run.tx().await?;
    let attachment = cases::insert_attachment(
        conn,
        cases::NewAttachment {
            case_id: case.id,
            document_id: None,
            task_id: None,
            info_message_id: None,
            storage_key: &key,
            file_name: &file_name(locale, &case.number, l.version),
            content_type: "application/pdf",
            size: pdf.len() as i64,
            sha256: &hex::encode(Sha256::digest(&pdf)),
            uploaded_by: l.requested_by,
            created_at: now,
        },
    )
    .await?;
    sqlx::query("UPDATE attachments SET letter_id = $1 WHERE id = $2")
        .bind(id)
        .bind(attachment)
        .execute(&mut *conn)
        .await?;
    let send = l.send != 0;
    store::letter_made(conn, id, attachment, send, now).await?;
    audit::append(
        conn,
        audit::NewEvent {
            case_id: Some(case.id),
            actor_id: Some(l.requested_by),
            at: now,
            action: "letter_made",
            entity: "decision_letter",
            entity_id: Some(id),
            changes: vec![("version".into(), None, Some(l.version.to_string()))],
            note: None,
            public: false,
        },
    )
    .await?;
    if send {
        tell_customer(
            conn,
            state,
            &case,
            id,
            attachment,
            Some(l.requested_by),
            now,
        )
        .await?;
    }
    Ok(Done {
        next_run: None,
        announce: vec![DeskEvent::for_users(
            "letter_made",
            Some(&case.number),
            [l.requested_by, d.decided_by],
        )],
    })
}

/// Sample values for the admin's preview, with the letters of the language.
pub fn sample_values(locale: Locale) -> Vec<(&'static str, String)> {
    let (customer, subject, resolution, reasoning, decider) = match locale {
        Locale::Es => (
            "María Peña Muñoz",
            "Cobro duplicado en la factura de octubre",
            "Reembolso",
            "La factura muestra dos cobros del mismo consumo.",
            "Íñigo Gestor",
        ),
        Locale::En => (
            "Jane Doe",
            "Double charge on the October invoice",
            "Refund",
            "The invoice shows the same usage charged twice.",
            "Sam Manager",
        ),
        Locale::Pl => (
            "Łucja Żółkiewska",
            "Podwójne obciążenie na fakturze za październik",
            "Zwrot",
            "Faktura pokazuje dwukrotne naliczenie tego samego zużycia.",
            "Jędrzej Kierownik",
        ),
    };
    let amount = crate::domain::decisions::Money {
        minor: 1_234_567,
        currency: if locale == Locale::Pl { "PLN" } else { "EUR" }.into(),
    };
    vec![
        ("customer_name", customer.into()),
        ("case_number", "2026-000123".into()),
        ("case_subject", subject.into()),
        ("filed_on", "2026-11-02".into()),
        ("decided_on", "2026-11-20".into()),
        ("resolution", resolution.into()),
        ("amount", amount.format(locale)),
        ("reasoning", reasoning.into()),
        ("decider_name", decider.into()),
        ("today", "2026-12-01".into()),
    ]
}
