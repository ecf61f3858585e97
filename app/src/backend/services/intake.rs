//! Filing a case (SPEC A1, A6): by the customer in the portal or by an agent on the customer's
//! behalf, with its attachments, its number and its first audit events, all or nothing.

use crate::backend::files::FileStore;
use crate::backend::services::coverage;
use crate::backend::store::{audit, cases, users};
use crate::backend::{now_ms, AppError, AppState};
use crate::domain::case::{CaseNumber, CaseState};
use crate::domain::coverage::Day;
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::domain::intake::{
    clean_file_name, content_type_allowed, Filer, IntakeForm, MAX_ATTACHMENTS,
};
use crate::domain::people::Role;
use crate::model::Viewer;
use chrono::{Datelike, TimeZone};
use sha2::{Digest, Sha256};

/// A file as it arrived with the form.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

struct CheckedUpload {
    file_name: String,
    content_type: String,
    bytes: Vec<u8>,
}

fn check_uploads(
    uploads: Vec<Upload>,
    max_bytes: u64,
    errors: &mut FieldErrors,
) -> Vec<CheckedUpload> {
    if uploads.len() > MAX_ATTACHMENTS {
        errors.add(
            "attachments",
            FieldProblem::TooManyFiles {
                max: MAX_ATTACHMENTS,
            },
        );
        return Vec::new();
    }
    let mut checked = Vec::new();
    for u in uploads {
        if u.bytes.len() as u64 > max_bytes {
            errors.add("attachments", FieldProblem::FileTooLarge { max_bytes });
            continue;
        }
        match infer::get(&u.bytes).map(|t| t.mime_type()) {
            Some(mime) if content_type_allowed(mime) => checked.push(CheckedUpload {
                file_name: clean_file_name(&u.file_name),
                content_type: mime.to_string(),
                bytes: u.bytes,
            }),
            _ => errors.add("attachments", FieldProblem::FileTypeNotAllowed),
        }
    }
    checked
}

/// Files a case and returns its number. Field problems come back as `AppError::Invalid`.
pub async fn file_case(
    state: &AppState,
    filer: &Viewer,
    form: IntakeForm,
    uploads: Vec<Upload>,
) -> Result<CaseNumber, AppError> {
    let filer_kind = match filer.role {
        Role::Customer => Filer::Customer,
        Role::Agent | Role::Manager | Role::Supervisor | Role::Admin => Filer::Agent,
    };
    let mut errors = FieldErrors::default();
    let valid = form.validate(filer_kind).map_err(|e| errors.0.extend(e.0));
    let files = check_uploads(uploads, state.config.max_upload_bytes, &mut errors);
    let valid = match valid {
        Ok(v) if errors.is_empty() => v,
        _ => return Err(AppError::Invalid(errors)),
    };

    let now = now_ms();
    let local = state
        .config
        .time_zone
        .timestamp_millis_opt(now)
        .single()
        .expect("a UTC instant maps to one local time");

    // Bytes first, rows second: a crash in between leaves an unreferenced file, never a row
    // pointing at nothing. The files are removed again when the transaction fails.
    let mut stored: Vec<(String, CheckedUpload)> = Vec::new();
    for f in files {
        let key = FileStore::new_key(local.year(), local.month());
        if let Err(e) = state.files.put(&key, &f.bytes).await {
            remove_all(&state.files, &stored).await;
            return Err(e.into());
        }
        stored.push((key, f));
    }

    match write_case(state, filer, valid, &stored, now, local.year()).await {
        Ok(number) => Ok(number),
        Err(e) => {
            remove_all(&state.files, &stored).await;
            Err(e)
        }
    }
}

/// The organisation's calendar day at `now`.
pub fn today(state: &AppState, now: i64) -> Day {
    let local = state
        .config
        .time_zone
        .timestamp_millis_opt(now)
        .single()
        .expect("a UTC instant maps to one local time");
    Day {
        year: local.year(),
        month: local.month(),
        day: local.day(),
    }
}

async fn remove_all(files: &FileStore, stored: &[(String, CheckedUpload)]) {
    for (key, _) in stored {
        if let Err(e) = files.delete(key).await {
            tracing::warn!(%key, error = %e, "could not remove the file of a failed intake");
        }
    }
}

async fn write_case(
    state: &AppState,
    filer: &Viewer,
    valid: crate::domain::intake::ValidIntake,
    stored: &[(String, CheckedUpload)],
    now: i64,
    year: i32,
) -> Result<CaseNumber, AppError> {
    let mut tx = state.store.begin().await?;
    let number = CaseNumber::new(year, cases::next_seq(&mut tx, year).await?);

    let customer_id = match &valid.on_behalf_of {
        None => filer.id,
        Some(who) => match users::by_email(&mut tx, who.email.as_str()).await? {
            Some(u) if u.role() == Role::Customer => u.id,
            Some(_) => {
                // Staff addresses are not customers; filing for one is a typing mistake.
                let mut errors = FieldErrors::default();
                errors.add("customer_email", FieldProblem::Invalid);
                return Err(AppError::Invalid(errors));
            }
            None => {
                // A customer known only by phone gets a record without password; they can be
                // invited to the portal later.
                let id = users::insert(
                    &mut tx,
                    users::NewUser {
                        email: who.email.as_str(),
                        name: &who.name,
                        phone: who.phone.as_deref(),
                        role: Role::Customer,
                        password_hash: None,
                        created_at: now,
                    },
                )
                .await?;
                audit::append(
                    &mut tx,
                    audit::NewEvent {
                        case_id: None,
                        actor_id: Some(filer.id),
                        at: now,
                        action: "customer_created",
                        entity: "user",
                        entity_id: Some(id),
                        changes: vec![("email".into(), None, Some(who.email.to_string()))],
                        note: None,
                        public: false,
                    },
                )
                .await?;
                id
            }
        },
    };

    // SPEC A4: the subject is checked against the registry as of the claim day (today when
    // none was given), and the answer is kept with the case.
    let claim = match &valid.claim_subject {
        None => None,
        Some((identifier, day)) => {
            let day = day.unwrap_or_else(|| today(state, now));
            Some((
                identifier.clone(),
                day,
                coverage::check_on(&mut tx, identifier, day).await?,
            ))
        }
    };
    let number_text = number.to_string();
    let case_id = cases::insert(
        &mut tx,
        cases::NewCase {
            number: &number_text,
            customer_id,
            subject: &valid.subject,
            description: &valid.description,
            class: valid.class.code(),
            channel: valid.channel.code(),
            state: CaseState::Open,
            created_by: filer.id,
            created_at: now,
            subject_identifier: claim.as_ref().map(|c| c.0.as_str()),
            claim_day: claim.as_ref().map(|c| c.1.to_string()),
            coverage: claim.as_ref().map(|c| c.2.code()),
        },
    )
    .await?;
    audit::append(
        &mut tx,
        audit::NewEvent {
            case_id: Some(case_id),
            actor_id: Some(filer.id),
            at: now,
            action: "case_filed",
            entity: "case",
            entity_id: Some(case_id),
            changes: vec![
                ("number".into(), None, Some(number_text.clone())),
                ("subject".into(), None, Some(valid.subject.clone())),
                ("class".into(), None, Some(valid.class.code().into())),
                ("channel".into(), None, Some(valid.channel.code().into())),
                ("state".into(), None, Some(CaseState::Open.code().into())),
            ]
            .into_iter()
            .chain(claim.iter().flat_map(|(identifier, day, coverage)| {
                [
                    (
                        "subject_identifier".to_string(),
                        None,
                        Some(identifier.clone()),
                    ),
                    ("claim_day".to_string(), None, Some(day.to_string())),
                    (
                        "coverage".to_string(),
                        None,
                        Some(coverage.code().to_string()),
                    ),
                ]
            }))
            .collect(),
            note: None,
            public: true,
        },
    )
    .await?;
    for (key, f) in stored {
        let attachment_id = cases::insert_attachment(
            &mut tx,
            cases::NewAttachment {
                case_id,
                storage_key: key,
                file_name: &f.file_name,
                content_type: &f.content_type,
                size: f.bytes.len() as i64,
                sha256: &hex::encode(Sha256::digest(&f.bytes)),
                uploaded_by: filer.id,
                created_at: now,
            },
        )
        .await?;
        audit::append(
            &mut tx,
            audit::NewEvent {
                case_id: Some(case_id),
                actor_id: Some(filer.id),
                at: now,
                action: "attachment_added",
                entity: "attachment",
                entity_id: Some(attachment_id),
                changes: vec![("file".into(), None, Some(f.file_name.clone()))],
                note: None,
                public: true,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(number)
}
