//! Drafts (SPEC A2) and required documents (SPEC A7): the agent completes a draft with its
//! classification, extra fields, notes and files, sees whom routing would choose, and opens it;
//! missing documents are asked of the customer, who answers in the portal with the file.

mod channels;

use super::access;
use super::catalogs::folder_entry;
use super::forms::{field_def, type_form};
use super::intake::{attach, check_uploads, put_files, remove_all, FileFor, StoredFile, Upload};
use super::{deadlines, routing};
use crate::backend::live::DeskEvent;
use crate::backend::notify;
use crate::backend::store::routing as routing_store;
use crate::backend::store::{audit, cases, forms};
use crate::backend::{AppError, AppState};
use crate::domain::access::CaseAction;
use crate::domain::case::CaseState;
use crate::domain::catalog::CatalogKind;
use crate::domain::coverage::Day;
use crate::domain::documents::{document_status, open_problems};
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::domain::lifecycle::{self, CaseStep};
use crate::model::{DraftOutcome, Viewer};
use sqlx::AnyConnection;

pub const STORE_NAME_MAX: usize = 120;
pub const NOTE_MAX: usize = 5_000;

/// What the draft editor sends, as typed. Extra field values come by their input names
/// (`field_<id>`), several for a multiple choice.
#[derive(Debug, Clone, Default)]
pub struct DraftForm {
    pub case_type_id: String,
    pub case_group_id: String,
    pub priority_id: String,
    pub store_name: String,
    pub due_day: String,
    pub notes: String,
    /// The channel the case came by, corrected (SPEC A8); empty keeps it.
    pub channel: String,
    pub values: Vec<(String, String)>,
}

impl DraftForm {
    fn raw(&self, name: &str) -> Vec<String> {
        self.values
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// A file sent with the draft, and the required document it stands for (`doc_<id>` inputs).
pub struct DraftUpload {
    pub document_id: Option<i64>,
    pub upload: Upload,
}

/// Saves the draft, and with `open` hands it over: all or nothing. When opening finds
/// something missing, nothing is kept and the problems come back by field.
pub async fn save(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    form: DraftForm,
    uploads: Vec<DraftUpload>,
    open: bool,
) -> Result<DraftOutcome, AppError> {
    let mut errors = FieldErrors::default();
    let (doc_ids, plain): (Vec<Option<i64>>, Vec<Upload>) = uploads
        .into_iter()
        .map(|u| (u.document_id, u.upload))
        .unzip();
    let files = check_uploads(plain, state.config.max_upload_bytes, &mut errors);
    // Files pair with their document ids by position, so any refused file stops the save.
    if !errors.is_empty() {
        return Ok(DraftOutcome::Invalid(errors));
    }
    let now = state.now_ms();
    let stored = put_files(state, files, now).await?;
    let outcome = write(state, viewer, number, &form, &doc_ids, &stored, open, now).await;
    match outcome {
        Ok(DraftOutcome::Invalid(e)) => {
            remove_all(&state.files, &stored).await;
            Ok(DraftOutcome::Invalid(e))
        }
        Ok(done) => Ok(done),
        Err(e) => {
            remove_all(&state.files, &stored).await;
            Err(e)
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn write(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    form: &DraftForm,
    doc_ids: &[Option<i64>],
    stored: &[StoredFile],
    open: bool,
    now: i64,
) -> Result<DraftOutcome, AppError> {
    let mut tx = state.store.begin().await?;
    let seen = access::case_for_change(&mut tx, viewer, number, now, CaseAction::EditDraft).await?;
    let lifecycle_actor = seen.lifecycle_actor();
    let may_open = seen.may(CaseAction::Step(CaseStep::Open));
    let case = seen.case;
    let mut errors = FieldErrors::default();
    let folder = case.folder_id;
    let case_type = folder_entry(
        &mut tx,
        folder,
        CatalogKind::CaseType,
        &form.case_type_id,
        "case_type_id",
        &mut errors,
    )
    .await?;
    let channel = channels::opening_channel(
        &mut tx,
        &case,
        case_type.as_ref().map(|t| t.0),
        &form.channel,
        &mut errors,
    )
    .await?;
    let case_group = folder_entry(
        &mut tx,
        folder,
        CatalogKind::CaseGroup,
        &form.case_group_id,
        "case_group_id",
        &mut errors,
    )
    .await?;
    let priority = folder_entry(
        &mut tx,
        folder,
        CatalogKind::Priority,
        &form.priority_id,
        "priority_id",
        &mut errors,
    )
    .await?;
    let store_name = form.store_name.trim();
    if store_name.chars().count() > STORE_NAME_MAX {
        errors.add(
            "store_name",
            FieldProblem::TooLong {
                max: STORE_NAME_MAX,
            },
        );
    }
    let due_day = match form.due_day.trim() {
        "" => None,
        d => match d.parse::<Day>() {
            Ok(day) => Some(day.to_string()),
            Err(()) => {
                errors.add("due_day", FieldProblem::NotADate);
                None
            }
        },
    };
    let notes = form.notes.trim();
    if notes.chars().count() > NOTE_MAX {
        errors.add("notes", FieldProblem::TooLong { max: NOTE_MAX });
    }

    // The chosen type's fields, checked by the same rules the browser ran.
    let field_rows = match &case_type {
        Some((id, _)) => forms::fields_of(&mut tx, *id).await?,
        None => Vec::new(),
    };
    let mut values: Vec<(i64, String)> = Vec::new();
    for row in field_rows.iter().filter(|r| r.active == 1) {
        let Some(def) = field_def(row) else { continue };
        match def.check(&form.raw(&def.input_name())) {
            Ok(Some(v)) => values.push((def.id, v)),
            Ok(None) => {}
            Err(p) => errors.add(&def.input_name(), p),
        }
    }
    let documents = match &case_type {
        Some((id, _)) => type_form(&mut tx, *id).await?.documents,
        None => Vec::new(),
    };
    for id in doc_ids.iter().flatten() {
        if !documents.iter().any(|d| d.id == *id) {
            errors.add(
                &crate::domain::documents::document_input_name(*id),
                FieldProblem::Invalid,
            );
        }
    }
    if !errors.is_empty() {
        return Ok(DraftOutcome::Invalid(errors));
    }

    let before_values = forms::values_of(&mut tx, case.id).await?;
    cases::update_draft(
        &mut tx,
        case.id,
        cases::DraftUpdate {
            case_type_id: case_type.as_ref().map(|t| t.0),
            case_group_id: case_group.as_ref().map(|g| g.0),
            priority_id: priority.as_ref().map(|p| p.0),
            store_name: (!store_name.is_empty()).then_some(store_name),
            due_day: due_day.as_deref(),
            now,
        },
    )
    .await?;
    if channel.code() != case.channel {
        cases::set_channel(&mut tx, case.id, channel.code()).await?;
    }
    // Values of another type's fields go when the type changes: a draft has no history yet.
    forms::clear_values(&mut tx, case.id).await?;
    for row in &field_rows {
        if let Some((_, v)) = values.iter().find(|(id, _)| *id == row.id) {
            forms::put_value(&mut tx, case.id, row, Some(v)).await?;
        }
    }
    let mut changes: Vec<audit::Change> = Vec::new();
    let mut diff = |field: &str, before: Option<String>, after: Option<String>| {
        if before != after {
            changes.push((field.to_string(), before, after));
        }
    };
    diff(
        "case_type",
        case.case_type_id.map(|i| i.to_string()),
        case_type.as_ref().map(|t| t.1.clone()),
    );
    diff(
        "case_group",
        case.case_group_id.map(|i| i.to_string()),
        case_group.as_ref().map(|t| t.1.clone()),
    );
    diff(
        "priority",
        case.priority_id.map(|i| i.to_string()),
        priority.as_ref().map(|t| t.1.clone()),
    );
    diff(
        "store",
        case.store_name.clone(),
        (!store_name.is_empty()).then(|| store_name.to_string()),
    );
    diff("due_day", case.due_day.clone(), due_day.clone());
    diff(
        "channel",
        Some(case.channel.clone()),
        Some(channel.code().to_string()),
    );
    for row in &field_rows {
        let before = before_values
            .iter()
            .find(|v| v.field_id == row.id)
            .map(|v| v.value.clone());
        let after = values
            .iter()
            .find(|(id, _)| *id == row.id)
            .map(|(_, v)| v.clone());
        diff(&row.label, before, after);
    }
    if !changes.is_empty() || !notes.is_empty() {
        audit::append(
            &mut tx,
            audit::NewEvent {
                case_id: Some(case.id),
                actor_id: Some(viewer.id),
                at: now,
                action: if notes.is_empty() {
                    "draft_saved"
                } else {
                    "note_added"
                },
                entity: "case",
                entity_id: Some(case.id),
                changes,
                note: (!notes.is_empty()).then(|| notes.to_string()),
                public: false,
            },
        )
        .await?;
    }
    for (file, document_id) in stored.iter().zip(doc_ids) {
        attach(
            &mut tx,
            case.id,
            file,
            FileFor {
                document_id: *document_id,
                task_id: None,
                info_message_id: None,
            },
            viewer.id,
            now,
        )
        .await?;
    }

    if !open {
        tx.commit().await?;
        return Ok(DraftOutcome::Saved);
    }
    let attached = forms::attached_documents(&mut tx, case.id).await?;
    let requested: Vec<i64> = forms::requests_of(&mut tx, case.id)
        .await?
        .iter()
        .filter(|r| r.answered_at.is_none())
        .map(|r| r.document_id)
        .collect();
    let checklist: Vec<_> = documents
        .iter()
        .map(|d| (d.id, document_status(d.id, &attached, &requested)))
        .collect();
    let route = match folder {
        Some(f) => match routing_store::settings(&mut tx, f).await? {
            Some(settings) => {
                routing::route_in(
                    &mut tx,
                    &settings,
                    case_type.as_ref().map(|t| t.0),
                    case_group.as_ref().map(|g| g.0),
                    Some(case.customer_id),
                )
                .await?
            }
            None => None,
        },
        None => None,
    };
    let defs: Vec<_> = field_rows.iter().filter_map(field_def).collect();
    let problems = open_problems(
        case_type.is_some(),
        &defs,
        &values,
        &checklist,
        route.is_some(),
    );
    let Some(route) = route.filter(|_| problems.is_empty()) else {
        // Dropping the transaction rolls the save back with it.
        return Ok(DraftOutcome::Invalid(problems));
    };
    // Opening is a step of the life cycle like any other: the one place that decides agrees.
    if !may_open || lifecycle::check(CaseState::Draft, CaseStep::Open, lifecycle_actor, "").is_err()
    {
        return Err(AppError::Forbidden);
    }
    if !cases::open_draft(&mut tx, case.id, route.manager_id, route.reason.code(), now).await? {
        return Err(AppError::Conflict);
    }
    routing::record_route(&mut tx, case.id, &route).await?;
    audit::append(
        &mut tx,
        audit::NewEvent {
            changes: [(
                "state".into(),
                Some(CaseState::Draft.code().into()),
                Some(CaseState::Open.code().into()),
            )]
            .into_iter()
            .chain(routing::route_changes(&route))
            .collect(),
            public: true,
            ..audit::NewEvent::on_case(case.id, viewer.id, now, "case_opened")
        },
    )
    .await?;
    // SPEC G1: the deadlines run from the receipt, set now that the case's type is known.
    deadlines::start_clock(&mut tx, case.id, Some(viewer.id), now).await?;
    // SPEC A6: the customer hears of the case once it is open.
    crate::backend::notify::acknowledge_case(
        &mut tx,
        &state.config.public_url,
        case.id,
        &case.number,
        &case.subject,
        case.customer_id,
        now,
    )
    .await?;
    // SPEC A7, D4: documents asked while it was a draft are asked of the customer now.
    ask_customer_on_opening(&mut tx, state, &case, viewer.id, now).await?;
    // SPEC F1: and its manager of the new case on their desk.
    if route.manager_id != viewer.id {
        crate::backend::notify::tell_manager(
            &mut tx,
            &state.config.public_url,
            case.id,
            &case.number,
            &case.subject,
            route.manager_id,
            &|locale| {
                locale
                    .texts()
                    .route_explained(route.reason, Some(&route.detail))
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    state
        .announce(DeskEvent::for_users(
            "case_opened",
            Some(&case.number),
            [route.manager_id],
        ))
        .await;
    Ok(DraftOutcome::Opened)
}

/// SPEC A7: asks the customer for a required document the case lacks.
pub async fn request_document(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    document_id: i64,
    note: &str,
) -> Result<(), AppError> {
    let note = note.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(AppError::field(
            "note",
            FieldProblem::TooLong { max: NOTE_MAX },
        ));
    }
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let case = access::case_for_change(&mut tx, viewer, number, now, CaseAction::AskForDocument)
        .await?
        .case;
    let document = forms::document(&mut tx, document_id)
        .await?
        .filter(|d| Some(d.case_type_id) == case.case_type_id)
        .ok_or(AppError::NotFound)?;
    let open_request = forms::requests_of(&mut tx, case.id)
        .await?
        .iter()
        .any(|r| r.document_id == document_id && r.answered_at.is_none());
    if open_request {
        return Ok(());
    }
    let id = forms::insert_request(
        &mut tx,
        case.id,
        document_id,
        (!note.is_empty()).then_some(note),
        viewer.id,
        now,
    )
    .await?;
    audit::append(
        &mut tx,
        audit::NewEvent {
            case_id: Some(case.id),
            actor_id: Some(viewer.id),
            at: now,
            action: "document_requested",
            entity: "document_request",
            entity_id: Some(id),
            changes: vec![("document".into(), None, Some(document.name.clone()))],
            note: (!note.is_empty()).then(|| note.to_string()),
            // A request on a draft becomes visible when the draft is opened.
            public: true,
        },
    )
    .await?;
    // A draft has no clock and tells the customer nothing yet: its requests wait for the
    // opening (`ask_customer_on_opening`).
    let mut paused = false;
    if case.state != CaseState::Draft.code() {
        paused = ask_customer(
            &mut tx,
            state,
            &case,
            &document.name,
            note,
            Some(viewer.id),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    if paused {
        state
            .announce(DeskEvent::for_users(
                "deadline_paused",
                Some(&case.number),
                case.manager_id,
            ))
            .await;
    }
    Ok(())
}

/// SPEC D4, A7, F1: the case now waits for the customer: its clock stops when its type says so
/// (`deadlines::wait_for_customer`), and the customer is asked for the document on the channels
/// they chose, told whether their term stands still meanwhile. Returns whether the clock stopped
/// now. Runs in the transaction that records the request (or opens the draft that held it).
async fn ask_customer(
    conn: &mut AnyConnection,
    state: &AppState,
    case: &cases::CaseRow,
    document: &str,
    note: &str,
    actor_id: Option<i64>,
    now: i64,
) -> Result<bool, AppError> {
    let paused = deadlines::wait_for_customer(conn, case.id, actor_id, now).await?;
    let interrupted = paused || deadlines::waiting_for_customer(conn, case.id).await?;
    notify::ask_for_document(
        conn,
        &state.config.public_url,
        case.id,
        &case.number,
        &case.subject,
        case.customer_id,
        document,
        note,
        interrupted,
        now,
    )
    .await?;
    Ok(paused)
}

/// A draft opened with documents asked of the customer while it was a draft: the customer is
/// asked for each now, and the clock, which has just started, stops for them when the type says
/// so. The stop starts at the opening, when the customer is first told, not at the request.
async fn ask_customer_on_opening(
    conn: &mut AnyConnection,
    state: &AppState,
    case: &cases::CaseRow,
    actor_id: i64,
    now: i64,
) -> Result<bool, AppError> {
    let open: Vec<forms::RequestRow> = forms::requests_of(conn, case.id)
        .await?
        .into_iter()
        .filter(|r| r.answered_at.is_none())
        .collect();
    let mut paused = false;
    for r in open {
        let note = r.note.as_deref().unwrap_or_default();
        paused |= ask_customer(
            conn,
            state,
            case,
            &r.document_name,
            note,
            Some(actor_id),
            now,
        )
        .await?;
    }
    Ok(paused)
}

/// The customer answers a document request with the file, from the portal.
pub async fn answer_request(
    state: &AppState,
    viewer: &Viewer,
    request_id: i64,
    upload: Upload,
) -> Result<String, AppError> {
    let (request, case) = {
        let mut conn = state.store.pool().acquire().await?;
        let request = forms::request(&mut conn, request_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let seen = access::case_by_id_for(
            &mut conn,
            viewer,
            request.case_id,
            CaseAction::AnswerDocumentRequest,
        )
        .await?;
        (request, seen.case)
    };
    let mut errors = FieldErrors::default();
    if upload.bytes.is_empty() {
        errors.add("file", FieldProblem::Required);
        return Err(AppError::Invalid(errors));
    }
    let files = check_uploads(vec![upload], state.config.max_upload_bytes, &mut errors);
    if !errors.is_empty() {
        // The problem is reported under the request's own input.
        let problems = errors
            .0
            .into_iter()
            .map(|(_, p)| ("file".to_string(), p))
            .collect();
        return Err(AppError::Invalid(FieldErrors(problems)));
    }
    let now = state.now_ms();
    let stored = put_files(state, files, now).await?;
    let result = async {
        let mut tx = state.store.begin().await?;
        cases::touch(&mut tx, &case.number, now).await?;
        let attachment_id = attach(
            &mut tx,
            case.id,
            &stored[0],
            FileFor {
                document_id: Some(request.document_id),
                task_id: None,
                info_message_id: None,
            },
            viewer.id,
            now,
        )
        .await?;
        if !forms::answer_request(&mut tx, request.id, attachment_id, now).await? {
            // Answered already, by someone else or in another tab.
            return Err(AppError::Conflict);
        }
        audit::append(
            &mut tx,
            audit::NewEvent {
                case_id: Some(case.id),
                actor_id: Some(viewer.id),
                at: now,
                action: "document_provided",
                entity: "document_request",
                entity_id: Some(request.id),
                changes: vec![("document".into(), None, Some(request.document_name.clone()))],
                note: None,
                public: true,
            },
        )
        .await?;
        // SPEC D4: the term runs again once nothing else is awaited from the customer.
        let resumed = deadlines::customer_answered(&mut tx, case.id, Some(viewer.id), now).await?;
        tx.commit().await?;
        Ok::<_, AppError>(resumed)
    }
    .await;
    match result {
        Err(e) => {
            remove_all(&state.files, &stored).await;
            return Err(e);
        }
        Ok(true) => {
            state
                .announce(DeskEvent::for_users(
                    "deadline_resumed",
                    Some(&case.number),
                    case.manager_id,
                ))
                .await;
        }
        Ok(false) => {}
    }
    Ok(case.number)
}
