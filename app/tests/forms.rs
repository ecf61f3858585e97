//! Per-type forms, required documents, routing and drafts (SPEC A2, A7, B2, B3), on SQLite and
//! PostgreSQL alike.

use app::backend::services::drafts::{self, DraftForm, DraftUpload};
use app::backend::services::forms::{self, FieldForm};
use app::backend::services::{cases, intake, routing};
use app::backend::store::forms::FormTable;
use app::backend::testing::{CaseFolder, TestDb};
use app::backend::AppError;
use app::domain::case::CaseState;
use app::domain::documents::DocumentStatus;
use app::domain::form::FieldProblem;
use app::domain::intake::IntakeForm;
use app::domain::people::Role;
use app::domain::routing::RouteReason;
use app::i18n::Locale;
use app::model::{DeskFilter, DraftOutcome, Viewer};
use app::on_both_backends;

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn field(label: &str, kind: &str, required: bool) -> FieldForm {
    FieldForm {
        label: label.into(),
        kind: kind.into(),
        required,
        help: String::new(),
        options: "Tienda\nDomicilio".into(),
        currency: "COP".into(),
    }
}

/// The case type of `folder` with a required text field, an optional amount, a choice and a
/// required invoice. Returns the field ids and the document id.
async fn warranty_form(db: &TestDb, admin: &Viewer, folder: &CaseFolder) -> ([i64; 3], i64) {
    let t = folder.case_type;
    let serial = forms::add_field(&db.state, admin, t, field("Número de serie", "text", true))
        .await
        .unwrap();
    let amount = forms::add_field(&db.state, admin, t, field("Importe", "money", false))
        .await
        .unwrap();
    let place = forms::add_field(&db.state, admin, t, field("Lugar", "single_choice", false))
        .await
        .unwrap();
    let invoice = forms::add_document(&db.state, admin, t, "Factura de compra")
        .await
        .unwrap();
    ([serial, amount, place], invoice)
}

fn phone_case() -> IntakeForm {
    IntakeForm {
        subject: "Lavadora sin garantía".into(),
        description: "El cliente llama porque la lavadora dejó de centrifugar.".into(),
        class: "claim".into(),
        channel: "phone".into(),
        customer_email: Some("ana@example.com".into()),
        customer_name: Some("Ana".into()),
        ..Default::default()
    }
}

fn draft_form(folder: &CaseFolder, values: &[(i64, &str)]) -> DraftForm {
    DraftForm {
        case_type_id: folder.case_type.to_string(),
        case_group_id: folder.case_group.to_string(),
        values: values
            .iter()
            .map(|(id, v)| (format!("field_{id}"), v.to_string()))
            .collect(),
        ..Default::default()
    }
}

fn invoice_file(document_id: i64) -> DraftUpload {
    DraftUpload {
        document_id: Some(document_id),
        upload: intake::Upload {
            file_name: "factura.pdf".into(),
            bytes: PDF.to_vec(),
        },
    }
}

async fn admins_define_fields_and_documents_and_nobody_else_does(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let ([serial, amount, place], invoice) = warranty_form(db, &admin, &folder).await;

    let setup = forms::setup(&db.state, &admin, folder.case_type)
        .await
        .unwrap();
    let labels: Vec<_> = setup.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["Número de serie", "Importe", "Lugar"]);
    assert!(setup.fields[0].required && !setup.fields[1].required);
    assert_eq!(setup.fields[1].currency.as_deref(), Some("COP"));
    assert_eq!(setup.fields[2].options, ["Tienda", "Domicilio"]);
    assert_eq!(setup.documents[0].id, invoice);

    // Reordering swaps neighbours; deactivating hides a field from new forms only.
    forms::move_item(&db.state, &admin, FormTable::Fields, place, true)
        .await
        .unwrap();
    forms::set_active(&db.state, &admin, FormTable::Fields, amount, false)
        .await
        .unwrap();
    let form = forms::form_for_staff(&db.state, &agent, folder.case_type)
        .await
        .unwrap();
    let ids: Vec<_> = form.fields.iter().map(|f| f.id).collect();
    assert_eq!(ids, [serial, place]);

    // A definition that breaks the rules is refused with the field to fix.
    let bad = forms::add_field(
        &db.state,
        &admin,
        folder.case_type,
        field("Color", "multi_choice", false),
    )
    .await;
    assert!(bad.is_ok(), "two options are enough");
    let mut one_option = field("Color", "single_choice", false);
    one_option.options = "Rojo".into();
    match forms::add_field(&db.state, &admin, folder.case_type, one_option).await {
        Err(AppError::Invalid(e)) => {
            assert_eq!(e.get("options"), Some(&FieldProblem::TooShort { min: 2 }))
        }
        other => panic!("expected a field problem, got {other:?}"),
    }
    assert!(matches!(
        forms::add_field(
            &db.state,
            &agent,
            folder.case_type,
            field("X", "text", false)
        )
        .await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        forms::add_document(&db.state, &agent, folder.case_type, "X").await,
        Err(AppError::Forbidden)
    ));

    // Every change is in the audit trail.
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_events WHERE entity IN ('form_field', 'required_document') ORDER BY seq",
    )
    .fetch_all(db.state.store.pool())
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            "form_field_added",
            "form_field_added",
            "form_field_added",
            "required_document_added",
            "form_item_moved",
            "form_item_deactivated",
            "form_field_added",
        ]
    );
}

async fn a_draft_opens_only_complete_and_goes_to_the_routed_manager(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let ([serial, amount, _], invoice) = warranty_form(db, &admin, &folder).await;
    let number = intake::file_case(&db.state, &agent, phone_case(), vec![])
        .await
        .unwrap()
        .to_string();

    // The draft shows whom routing would choose before it is opened.
    let preview = routing::preview(
        &db.state,
        &agent,
        folder.id,
        Some(folder.case_type),
        Some(folder.case_group),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        (preview.manager.as_str(), preview.reason),
        (folder.manager.name.as_str(), RouteReason::TypeGroup)
    );

    // A value the rules refuse is reported whatever the button.
    let bad = draft_form(&folder, &[(amount, "doce")]);
    let outcome = drafts::save(&db.state, &agent, &number, bad, vec![], false)
        .await
        .unwrap();
    let DraftOutcome::Invalid(e) = outcome else {
        panic!("expected problems, got {outcome:?}")
    };
    assert_eq!(
        e.get(&format!("field_{amount}")),
        Some(&FieldProblem::NotANumber)
    );

    // Opening asks for the required field and the missing document, and keeps nothing.
    let incomplete = draft_form(&folder, &[(amount, "12,5")]);
    let outcome = drafts::save(&db.state, &agent, &number, incomplete, vec![], true)
        .await
        .unwrap();
    let DraftOutcome::Invalid(e) = outcome else {
        panic!("expected problems, got {outcome:?}")
    };
    assert_eq!(
        e.get(&format!("field_{serial}")),
        Some(&FieldProblem::Required)
    );
    assert_eq!(
        e.get(&format!("doc_{invoice}")),
        Some(&FieldProblem::DocumentMissing)
    );
    let view = cases::case_view(&db.state, &agent, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(view.summary.state, CaseState::Draft);
    assert!(view.values.is_empty(), "a refused open saves nothing");
    assert!(view.attachments.is_empty());

    // Saving keeps what is there so far; the complete draft opens and is handed over.
    let partial = draft_form(&folder, &[(amount, "12,5")]);
    assert_eq!(
        drafts::save(&db.state, &agent, &number, partial, vec![], false)
            .await
            .unwrap(),
        DraftOutcome::Saved
    );
    let complete = draft_form(&folder, &[(serial, "LV-99812"), (amount, "12,5")]);
    let outcome = drafts::save(
        &db.state,
        &agent,
        &number,
        complete,
        vec![invoice_file(invoice)],
        true,
    )
    .await
    .unwrap();
    assert_eq!(outcome, DraftOutcome::Opened);
    let view = cases::case_view(&db.state, &agent, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(view.summary.state, CaseState::Open);
    assert_eq!(
        view.setup.manager.as_deref(),
        Some(folder.manager.name.as_str())
    );
    assert_eq!(view.setup.route_reason, Some(RouteReason::TypeGroup));
    assert_eq!(view.setup.case_type.as_deref(), Some("Clientes"));
    let values: Vec<_> = view
        .values
        .iter()
        .map(|v| (v.label.as_str(), v.display.as_str()))
        .collect();
    assert_eq!(
        values,
        [("Número de serie", "LV-99812"), ("Importe", "12.50 COP")]
    );
    assert_eq!(view.checklist[0].status, DocumentStatus::Present);
    assert!(view.timeline.iter().any(|e| e.action == "case_opened"));

    // The manager finds it among the cases handed to them; an opened case is no draft.
    let mine = cases::desk(
        &db.state,
        &folder.manager,
        &DeskFilter {
            manager_id: Some(folder.manager.id),
            ..Default::default()
        },
        None,
        Locale::Es,
    )
    .await
    .unwrap();
    assert_eq!(mine.cases.len(), 1);
    assert_eq!(mine.cases[0].number, number);
    let again = drafts::save(
        &db.state,
        &agent,
        &number,
        DraftForm::default(),
        vec![],
        true,
    )
    .await;
    assert!(matches!(again, Err(AppError::Forbidden)));

    // Changing the form later leaves the case readable as it was filled in.
    forms::set_active(&db.state, &admin, FormTable::Fields, serial, false)
        .await
        .unwrap();
    forms::add_field(
        &db.state,
        &admin,
        folder.case_type,
        field("Modelo", "text", true),
    )
    .await
    .unwrap();
    let view = cases::case_view(&db.state, &agent, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(view.values[0].label, "Número de serie");
    assert_eq!(view.values[0].display, "LV-99812");
}

async fn a_missing_document_is_asked_of_the_customer_and_answered_in_the_portal(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let invoice = forms::add_document(&db.state, &admin, folder.case_type, "Factura")
        .await
        .unwrap();
    let number = intake::file_case(&db.state, &agent, phone_case(), vec![])
        .await
        .unwrap()
        .to_string();
    // Asked of the customer, the document no longer stops the draft from opening.
    drafts::save(
        &db.state,
        &agent,
        &number,
        draft_form(&folder, &[]),
        vec![],
        false,
    )
    .await
    .unwrap();
    drafts::request_document(
        &db.state,
        &agent,
        &number,
        invoice,
        "Foto legible, por favor",
    )
    .await
    .unwrap();
    assert_eq!(
        drafts::save(
            &db.state,
            &agent,
            &number,
            draft_form(&folder, &[]),
            vec![],
            true
        )
        .await
        .unwrap(),
        DraftOutcome::Opened
    );

    let ana = db.existing("ana@example.com").await;
    let seen = cases::public_case(&db.state, &ana, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(seen.requests.len(), 1);
    assert_eq!(
        seen.requests[0].note.as_deref(),
        Some("Foto legible, por favor")
    );
    assert!(!seen.requests[0].answered);
    let request = seen.requests[0].id;

    // Nobody else answers it; an empty answer is refused by field.
    let other = db.person("otro@example.com", Role::Customer).await;
    let pdf = || intake::Upload {
        file_name: "factura.pdf".into(),
        bytes: PDF.to_vec(),
    };
    assert!(matches!(
        drafts::answer_request(&db.state, &other, request, pdf()).await,
        Err(AppError::NotFound)
    ));
    let empty = intake::Upload {
        file_name: String::new(),
        bytes: Vec::new(),
    };
    match drafts::answer_request(&db.state, &ana, request, empty).await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("file"), Some(&FieldProblem::Required)),
        other => panic!("expected a field problem, got {other:?}"),
    }
    drafts::answer_request(&db.state, &ana, request, pdf())
        .await
        .unwrap();
    assert!(
        drafts::answer_request(&db.state, &ana, request, pdf())
            .await
            .is_err(),
        "a request is answered once"
    );

    let staff_view = cases::case_view(&db.state, &agent, &number, Locale::Es)
        .await
        .unwrap();
    assert_eq!(staff_view.checklist[0].status, DocumentStatus::Present);
    assert_eq!(staff_view.attachments.len(), 1);
    let seen = cases::public_case(&db.state, &ana, &number, Locale::Es)
        .await
        .unwrap();
    assert!(seen.requests[0].answered);
    assert!(seen
        .timeline
        .iter()
        .any(|e| e.action == "document_provided"));
}

async fn routing_falls_back_and_folders_limit_who_starts_cases(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let agent = db.person("agente@example.com", Role::Agent).await;
    let folder = db.case_folder().await;
    let other_group = app::backend::services::catalogs::add_entry(
        &db.state,
        &admin,
        app::backend::services::catalogs::EntryForm {
            folder_id: folder.id,
            kind: "case_group".into(),
            name: "Distribuidores".into(),
            binding: "distributors".into(),
            parent_id: None,
        },
    )
    .await
    .unwrap();
    let preview = routing::preview(
        &db.state,
        &agent,
        folder.id,
        Some(folder.case_type),
        Some(other_group),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(preview.reason, RouteReason::Fallback);

    // Without a fallback, a case the table does not cover cannot be handed over.
    let settings = |roles: &[&str], fallback: Option<i64>| routing::SettingsForm {
        initiator_roles: roles.iter().map(|r| r.to_string()).collect(),
        closer_role: "agent".into(),
        fallback_manager_id: fallback,
    };
    routing::save_settings(&db.state, &admin, folder.id, settings(&["agent"], None))
        .await
        .unwrap();
    let number = intake::file_case(&db.state, &agent, phone_case(), vec![])
        .await
        .unwrap()
        .to_string();
    let mut form = draft_form(&folder, &[]);
    form.case_group_id = other_group.to_string();
    let outcome = drafts::save(&db.state, &agent, &number, form, vec![], true)
        .await
        .unwrap();
    let DraftOutcome::Invalid(e) = outcome else {
        panic!("expected problems, got {outcome:?}")
    };
    assert_eq!(e.get("manager"), Some(&FieldProblem::NoManager));

    // Only the folder's initiators start cases in it; staff settings are checked.
    routing::save_settings(&db.state, &admin, folder.id, settings(&["manager"], None))
        .await
        .unwrap();
    let mut in_folder = phone_case();
    in_folder.folder_id = Some(folder.id);
    match intake::file_case(&db.state, &agent, in_folder, vec![]).await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("folder_id"), Some(&FieldProblem::Invalid)),
        other => panic!("expected a field problem, got {other:?}"),
    }
    match routing::save_settings(
        &db.state,
        &admin,
        folder.id,
        settings(&["customer"], Some(agent.id)),
    )
    .await
    {
        Err(AppError::Invalid(e)) => {
            assert!(e.get("initiator_roles").is_some());
            assert_eq!(e.get("fallback_manager_id"), Some(&FieldProblem::Invalid));
        }
        other => panic!("expected field problems, got {other:?}"),
    }
    assert!(matches!(
        routing::save_settings(&db.state, &agent, folder.id, settings(&["agent"], None)).await,
        Err(AppError::Forbidden)
    ));
    let setup = routing::setup(&db.state, &admin, folder.id).await.unwrap();
    assert_eq!(setup.initiator_roles, [Role::Manager]);
    assert_eq!(setup.rules.len(), 1);
    assert_eq!(setup.rules[0].manager, folder.manager.name);
}

on_both_backends!(
    admins_define_fields_and_documents_and_nobody_else_does,
    a_draft_opens_only_complete_and_goes_to_the_routed_manager,
    a_missing_document_is_asked_of_the_customer_and_answered_in_the_portal,
    routing_falls_back_and_folders_limit_who_starts_cases,
);
