//! Filing a case (SPEC A1, A6): by the customer in the portal or by an agent on the customer's
//! behalf, with its attachments, its number and its first audit events, all or nothing.

use crate::backend::files::FileStore;
use crate::backend::live::DeskEvent;
use crate::backend::services::{coverage, routing};
use crate::backend::store::routing as routing_store;
use crate::backend::store::{audit, cases, users};
use crate::backend::{AppError, AppState};
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

/// An upload whose size and sniffed type passed.
pub(crate) struct CheckedUpload {
    pub(crate) file_name: String,
    pub(crate) content_type: String,
    pub(crate) bytes: Vec<u8>,
}

/// A checked upload whose bytes are in the file store under `key`.
pub(crate) struct StoredFile {
    pub(crate) key: String,
    pub(crate) file: CheckedUpload,
}

pub(crate) fn check_uploads(
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
    let filer_kind = if filer.role == Role::Customer {
        Filer::Customer
    } else if crate::domain::access::may_record_cases(filer.role) {
        Filer::Agent
    } else {
        return Err(AppError::Forbidden);
    };
    let mut errors = FieldErrors::default();
    let valid = form.validate(filer_kind).map_err(|e| errors.0.extend(e.0));
    let files = check_uploads(uploads, state.config.max_upload_bytes, &mut errors);
    let valid = match valid {
        Ok(v) if errors.is_empty() => v,
        _ => return Err(AppError::Invalid(errors)),
    };

    let now = state.now_ms();
    let local = state
        .config
        .time_zone
        .timestamp_millis_opt(now)
        .single()
        .expect("a UTC instant maps to one local time");

    let stored = put_files(state, files, now).await?;
    match write_case(
        state,
        filer,
        valid,
        form.folder_id,
        &stored,
        now,
        local.year(),
    )
    .await
    {
        Ok(number) => Ok(number),
        Err(e) => {
            remove_all(&state.files, &stored).await;
            Err(e)
        }
    }
}

/// SPEC A9: the kinds of request a customer may file from the portal, those of the folder
/// their cases go to.
pub async fn request_kinds(
    state: &AppState,
    viewer: &Viewer,
) -> Result<Vec<crate::model::Choice>, AppError> {
    if !crate::domain::access::files_from_portal(viewer.role) {
        return Err(AppError::Forbidden);
    }
    let mut conn = state.store.pool().acquire().await?;
    Ok(portal_kinds(&mut conn)
        .await?
        .into_iter()
        .map(|(id, name)| crate::model::Choice { id, name })
        .collect())
}

/// The kinds of request of the folder portal cases go to (the first active one): (id, name).
async fn portal_kinds(conn: &mut sqlx::AnyConnection) -> Result<Vec<(i64, String)>, AppError> {
    let folder = routing_store::active_folders(conn)
        .await?
        .into_iter()
        .next();
    Ok(match folder {
        Some(f) => crate::backend::store::decisions::request_kinds(conn, f.id).await?,
        None => Vec::new(),
    })
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

/// Writes the bytes of checked uploads to the file store. Bytes go first and rows second: a
/// crash in between leaves an unreferenced file, never a row pointing at nothing. The caller
/// removes the files again with [`remove_all`] when its transaction fails.
pub(crate) async fn put_files(
    state: &AppState,
    files: Vec<CheckedUpload>,
    now: i64,
) -> Result<Vec<StoredFile>, AppError> {
    let local = state
        .config
        .time_zone
        .timestamp_millis_opt(now)
        .single()
        .expect("a UTC instant maps to one local time");
    let mut stored: Vec<StoredFile> = Vec::new();
    for file in files {
        let key = FileStore::new_key(local.year(), local.month());
        if let Err(e) = state.files.put(&key, &file.bytes).await {
            remove_all(&state.files, &stored).await;
            return Err(e.into());
        }
        stored.push(StoredFile { key, file });
    }
    Ok(stored)
}

pub(crate) async fn remove_all(files: &FileStore, stored: &[StoredFile]) {
    for f in stored {
        if let Err(e) = files.delete(&f.key).await {
            tracing::warn!(key = %f.key, error = %e, "could not remove the file of a failed change");
        }
    }
}

/// Where a stored file belongs on its case: a required document, a task's answer or a message
/// of an information request (internal work the customer does not see), or the case itself.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FileFor {
    pub(crate) document_id: Option<i64>,
    pub(crate) task_id: Option<i64>,
    pub(crate) info_message_id: Option<i64>,
}

/// Records a stored file on a case, with its audit event.
pub(crate) async fn attach(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
    stored: &StoredFile,
    to: FileFor,
    actor: i64,
    now: i64,
) -> Result<i64, AppError> {
    let f = &stored.file;
    let attachment_id = cases::insert_attachment(
        conn,
        cases::NewAttachment {
            case_id,
            document_id: to.document_id,
            task_id: to.task_id,
            info_message_id: to.info_message_id,
            storage_key: &stored.key,
            file_name: &f.file_name,
            content_type: &f.content_type,
            size: f.bytes.len() as i64,
            sha256: &hex::encode(Sha256::digest(&f.bytes)),
            uploaded_by: actor,
            created_at: now,
        },
    )
    .await?;
    audit::append(
        conn,
        audit::NewEvent {
            case_id: Some(case_id),
            actor_id: Some(actor),
            at: now,
            action: "attachment_added",
            entity: "attachment",
            entity_id: Some(attachment_id),
            changes: vec![("file".into(), None, Some(f.file_name.clone()))],
            note: None,
            public: to.task_id.is_none() && to.info_message_id.is_none(),
        },
    )
    .await?;
    Ok(attachment_id)
}

/// The case type (id and name) of a kind of request a customer chose: one of the first active
/// folder's kinds customers file, or a field problem on `request_kind`.
async fn customer_request_kind(state: &AppState, kind: i64) -> Result<(i64, String), AppError> {
    let mut conn = state.store.pool().acquire().await?;
    portal_kinds(&mut conn)
        .await?
        .into_iter()
        .find(|(id, _)| *id == kind)
        .ok_or_else(|| AppError::field("request_kind", FieldProblem::NotAChoice))
}

async fn write_case(
    state: &AppState,
    filer: &Viewer,
    valid: crate::domain::intake::ValidIntake,
    folder_id: Option<i64>,
    stored: &[StoredFile],
    now: i64,
    year: i32,
) -> Result<CaseNumber, AppError> {
    // SPEC A9: the kind of request is one of the folder's kinds customers file, read before the
    // transaction (SQLite takes its write lock at the transaction's first write).
    let request_kind = match valid.request_kind {
        None => None,
        Some(kind) => Some(customer_request_kind(state, kind).await?),
    };
    let mut tx = state.store.begin().await?;
    let number = CaseNumber::new(year, cases::next_seq(&mut tx, year).await?);

    // SPEC A2: an agent's case starts as a draft in a folder the agent may start cases in; a
    // customer's is open at once, in the first folder, with the manager routing gives it.
    let (case_state, folder, route) = if filer.role == Role::Customer {
        let folder = routing_store::active_folders(&mut tx)
            .await?
            .into_iter()
            .next();
        let route = match &folder {
            Some(f) => {
                let kind = request_kind.as_ref().map(|k| k.0);
                routing::route_in(&mut tx, f, kind, None, Some(filer.id)).await?
            }
            None => None,
        };
        (CaseState::Open, folder, route)
    } else {
        let folders = routing::folders_for_initiator(&mut tx, filer).await?;
        let folder = match folder_id {
            None => folders.into_iter().next(),
            Some(id) => match folders.into_iter().find(|f| f.id == id) {
                Some(f) => Some(f),
                None => {
                    let mut errors = FieldErrors::default();
                    errors.add("folder_id", FieldProblem::Invalid);
                    return Err(AppError::Invalid(errors));
                }
            },
        };
        (CaseState::Draft, folder, None)
    };

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
                        // Typed by an agent: the person proves it when they first sign up.
                        email_verified_at: None,
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
            state: case_state,
            created_by: filer.id,
            created_at: now,
            subject_identifier: claim.as_ref().map(|c| c.0.as_str()),
            claim_day: claim.as_ref().map(|c| c.1.to_string()),
            coverage: claim.as_ref().map(|c| c.2.code()),
            folder_id: folder.as_ref().map(|f| f.id),
            case_type_id: request_kind.as_ref().map(|k| k.0),
            manager_id: route.as_ref().map(|r| r.manager_id),
            route_reason: route.as_ref().map(|r| r.reason.code()),
            filed_month: crate::domain::calendar::month_key(now, state.config.time_zone),
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
                ("state".into(), None, Some(case_state.code().into())),
            ]
            .into_iter()
            .chain(
                request_kind
                    .as_ref()
                    .map(|k| ("case_type".to_string(), None, Some(k.1.clone()))),
            )
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
            // A draft's history is the agent's until the draft is opened.
            public: case_state != CaseState::Draft,
        },
    )
    .await?;
    if let Some(r) = &route {
        routing::record_route(&mut tx, case_id, r).await?;
        audit::append(
            &mut tx,
            audit::NewEvent {
                case_id: Some(case_id),
                actor_id: Some(filer.id),
                at: now,
                action: "case_routed",
                entity: "case",
                entity_id: Some(case_id),
                changes: routing::route_changes(r),
                note: None,
                public: false,
            },
        )
        .await?;
    }
    for f in stored {
        attach(&mut tx, case_id, f, FileFor::default(), filer.id, now).await?;
    }
    // SPEC A6: an open case is acknowledged to its customer; a draft is, when it is opened.
    if case_state != CaseState::Draft {
        // SPEC G1: its deadlines start now, counted from its receipt.
        super::deadlines::start_clock(&mut tx, case_id, Some(filer.id), now).await?;
        crate::backend::notify::acknowledge_case(
            &mut tx,
            &state.config.public_url,
            case_id,
            &number_text,
            &valid.subject,
            customer_id,
            now,
        )
        .await?;
    }
    // SPEC F1: the manager routing chose hears of the new case on their desk.
    if let Some(r) = route.as_ref().filter(|r| r.manager_id != filer.id) {
        crate::backend::notify::tell_manager(
            &mut tx,
            &state.config.public_url,
            case_id,
            &number_text,
            &valid.subject,
            r.manager_id,
            &|locale| locale.texts().route_explained(r.reason, Some(&r.detail)),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    // A customer's case is open at once: it is on its manager's desk now.
    if let Some(r) = route {
        state
            .announce(DeskEvent::for_users(
                "case_filed",
                Some(&number_text),
                [r.manager_id],
            ))
            .await;
    }
    Ok(number)
}
