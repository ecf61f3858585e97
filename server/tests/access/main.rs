//! Who may do what to a case, over HTTP (issue 11, item 5): every server function and plain
//! route that touches a case or one of its parts, tried as each kind of person, against the role
//! table of `docs/decisions.md`. No session: 401. No scope on the case (or on the part asked
//! for): 404. Sees the case but the action is not theirs: 403. Allowed: 200. A 200 whose body is
//! an `Invalid` outcome counts as 422, so an allowed call with a wrong fixture shows up too.
//! Listings carry `+` (the case is listed) or `-` (it is not).
//!
//! A second test enumerates the registered server functions: one that is neither in the table
//! nor in the short list of those that touch no case makes it fail, by name.
//!
//! Fixtures: each row gets a case of its own, and a row that changes the case gets a fresh one
//! after every call that succeeded (a refused call changes nothing). So every call meets the
//! case as the fixture made it, whatever the order; refusals are still tried first. Cases are
//! cheap to make through the services, much cheaper than a database (and eight logins) per row.
//! They are made in `fixtures.rs`; this file holds the table and the tests.

use app::api::analysis::{
    ActionEffect, AnalysisChart, AnalysisGrid, AnalysisPivot, CreateImprovement, DeleteGridView,
    ExportProgress, ImprovementPlan, SaveGridView, SetImprovementState, StartExport,
};
use app::api::cases::{
    AddCaseLink, AnswerDocumentRequest, CaseDetail, CasesLinkedTo, DeskCases, EscalateCase,
    FileCase, MyCases, PreviewRouting, QualifyCase, ReassignCase, RequestDocument, SaveDraft,
    TakeCaseStep,
};
use app::api::deadlines::{CaseDeadlines, ExtendTerm, PauseClock, ResumeClock};
use app::api::decisions::{
    CaseDecisions, CaseLetters, CompanyProfile, DecisionSetup, LoadLetterTemplate, PreviewLetter,
    PutApprovalThreshold, RecordDecision, RegenerateLetter, RemoveApprovalThreshold,
    SaveCompanyProfile, SaveLetterTemplate, SendLetterVersion, SetResolutionSettings, SetTypeRules,
    SettleDecision,
};
use app::api::info_requests::{
    AnswerInfoRequest, AskForInformation, InfoRequest, JudgeInfoRequest,
};
use app::api::tasks::{AssignTask, DeskWork, TakeTaskStep};
use app::api::{admin, auth, cases as api_cases, deadlines as api_deadlines, messages};
use app::backend::testing::{CaseFolder, TestDb};
use app::model::{DeskFilter, Viewer};
use app::on_both_backends;
use leptos::server_fn::ServerFn;
use reqwest::multipart::{Form, Part};
use std::collections::BTreeSet;

mod fixtures;
use fixtures::{new_case, world};

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// The people of the table, in the order of its columns, with the e-mail they log in with.
const ACTORS: [(&str, Option<&str>); 9] = [
    ("owner", Some("ana@example.com")),
    ("other customer", Some("bruno@example.com")),
    ("employee with the task", Some("almacen@example.com")),
    ("employee without work", Some("calidad@example.com")),
    ("agent", Some("agente@example.com")),
    ("manager of the case", Some("gestor.prueba@example.com")),
    ("supervisor", Some("supervisor@example.com")),
    ("admin", Some("admin@example.com")),
    ("no session", None),
];

/// What a row does to its case.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Leaves it as it was (reads, or makes something else).
    Keeps,
    /// May change it: after a success the next person gets a fresh case.
    Changes,
    /// As `Changes`, on a case whose clock is stopped.
    ChangesPaused,
}
use Kind::*;

/// A case made for one row, with its parts and the ids its calls need: a draft the agent
/// recorded for the same customer, the file attached when the agent recorded the case, the file
/// handed in with task `submitted` (internal work), a task given to the employee and not started,
/// one handed in and waiting for acceptance, an information request to the employee without
/// work (sharing the case's file) waiting for their answer, the
/// unanswered request for the required document, and the folder's entries.
struct Case {
    number: String,
    draft: String,
    file: i64,
    task_file: i64,
    task: i64,
    submitted: i64,
    info_request: i64,
    request: i64,
    folder: i64,
    case_type: i64,
    case_group: i64,
    document: i64,
    /// Qualification, cause and severity.
    qualify: [i64; 3],
    /// A resolution of the folder, without an amount.
    resolution: i64,
    worker: i64,
    idle: i64,
    other_manager: i64,
}

enum Body {
    Get,
    Form(Vec<(&'static str, String)>),
    Json(serde_json::Value),
    /// Text fields, and the name of a field carrying a PNG, if any.
    Multipart(Vec<(&'static str, String)>, Option<&'static str>),
}

/// A request: path and body.
struct Call(String, Body);

fn s(x: impl ToString) -> String {
    x.to_string()
}
fn form<const N: usize>(path: &str, args: [(&'static str, String); N]) -> Call {
    Call(path.into(), Body::Form(args.into()))
}
fn multipart<const N: usize>(
    path: &str,
    args: [(&'static str, String); N],
    file: Option<&'static str>,
) -> Call {
    Call(path.into(), Body::Multipart(args.into(), file))
}
fn get(path: String) -> Call {
    Call(path, Body::Get)
}

struct Row {
    name: &'static str,
    /// The server function's path; `None` for a plain route.
    server_fn: Option<&'static str>,
    kind: Kind,
    call: fn(&Case) -> Call,
    /// One answer per person, in the order of [`ACTORS`].
    expect: &'static str,
}

fn row(
    name: &'static str,
    server_fn: Option<&'static str>,
    kind: Kind,
    call: fn(&Case) -> Call,
    expect: &'static str,
) -> Row {
    Row {
        name,
        server_fn,
        kind,
        call,
        expect,
    }
}

/// The access table. Columns: owner, other customer, employee with the task, employee without
/// work, agent, manager of the case, supervisor, admin, no session. The case is opened in a
/// folder whose agents record and close cases, routed to its manager, not started yet.
#[rustfmt::skip]
fn table() -> Vec<Row> {
    let sf = |path: &'static str| Some(path);
    vec![
        // Listings first, while the desk lists are short.                own  oth  wrk  idl  agt  mgr  sup  adm  anon
        row("my_cases", sf(MyCases::PATH), Keeps,
            |_| form(MyCases::PATH, []),                                 "200+ 200- 200- 200- 200- 200- 200- 200- 401"),
        row("desk_cases", sf(DeskCases::PATH), Keeps,
            |_| Call(s(DeskCases::PATH), Body::Json(
                serde_json::json!({ "filter": DeskFilter::default(), "cursor": null }))),
                                                                         "403  403  200+ 200- 200+ 200+ 200+ 200+ 401"),
        row("desk_work", sf(DeskWork::PATH), Keeps,
            |_| form(DeskWork::PATH, []),                                "403  403  200+ 200- 200- 200+ 200- 200- 401"),
        // An employee's work shows no links: finding the case by one would show it.
        row("cases_linked_to", sf(CasesLinkedTo::PATH), Keeps,
            |c| form(CasesLinkedTo::PATH, [("external_id", format!("PED-{}", c.number))]),
                                                                         "403  403  200- 200- 200+ 200+ 200+ 200+ 401"),
        // Reading the case and its files.
        row("case_detail", sf(CaseDetail::PATH), Keeps,
            |c| form(CaseDetail::PATH, [("number", s(&c.number))]),      "200  404  200  404  200  200  200  200  401"),
        // Deadlines are not among the parts an employee's work needs.
        row("case_deadlines", sf(CaseDeadlines::PATH), Keeps,
            |c| form(CaseDeadlines::PATH, [("number", s(&c.number))]),   "200  404  403  404  200  200  200  200  401"),
        row("GET /cases/{number}", None, Keeps,
            |c| get(format!("/cases/{}", c.number)),                     "200  404  200  404  200  200  200  200  401"),
        row("GET /files/{case file}", None, Keeps,
            |c| get(format!("/files/{}", c.file)),                       "200  404  200  404  200  200  200  200  401"),
        row("GET /files/{task file}", None, Keeps,
            |c| get(format!("/files/{}", c.task_file)),                  "404  404  200  404  200  200  200  200  401"),
        // Recording: a new case, so nothing of this one changes.
        row("file_case", sf(FileCase::PATH), Keeps,
            |c| multipart(FileCase::PATH, [("class", s("complaint")), ("subject", s("Otra caja rota")),
                ("description", s("Llegó otra caja rota, la segunda.")), ("channel", s("phone")),
                ("customer_email", s("ana@example.com")), ("customer_name", s("Ana")),
                ("folder_id", s(c.folder))], None),                      "200  200  403  403  200  200  200  200  401"),
        row("request_kinds", sf(api_cases::RequestKinds::PATH), Keeps,
            |_| form(api_cases::RequestKinds::PATH, []),                 "200  200  403  403  403  403  403  403  401"),
        // The draft editor.
        row("save_draft (a draft)", sf(SaveDraft::PATH), Changes,
            |c| multipart(SaveDraft::PATH, [("number", s(&c.draft)), ("intent", s("save")),
                ("case_type_id", s(c.case_type)), ("case_group_id", s(c.case_group)),
                ("notes", s("Volvió a llamar."))], None),                "404  404  404  404  200  200  200  200  401"),
        row("save_draft (an opened case)", sf(SaveDraft::PATH), Changes,
            |c| multipart(SaveDraft::PATH, [("number", s(&c.number)), ("intent", s("save")),
                ("case_type_id", s(c.case_type)), ("case_group_id", s(c.case_group))], None),
                                                                         "403  404  403  404  403  403  403  403  401"),
        row("preview_routing (a draft)", sf(PreviewRouting::PATH), Keeps,
            |c| form(PreviewRouting::PATH, [("folder_id", s(c.folder)), ("case_type_id", s(c.case_type)),
                ("case_group_id", s(c.case_group)), ("number", s(&c.draft))]),
                                                                         "404  404  404  404  200  200  200  200  401"),
        // Documents asked of the customer (asking again for one asked already is a no-op).
        row("request_document", sf(RequestDocument::PATH), Changes,
            |c| form(RequestDocument::PATH, [("number", s(&c.number)), ("document_id", s(c.document))]),
                                                                         "403  404  403  404  200  200  200  403  401"),
        row("answer_document_request", sf(AnswerDocumentRequest::PATH), Changes,
            |c| multipart(AnswerDocumentRequest::PATH, [("request_id", s(c.request))], Some("file")),
                                                                         "200  404  403  404  200  200  200  200  401"),
        row("add_case_link", sf(AddCaseLink::PATH), Changes,
            |c| form(AddCaseLink::PATH, [("number", s(&c.number)), ("kind", s("invoice")),
                ("external_id", s("FAC-1"))]),                           "403  404  403  404  200  200  200  200  401"),
        // The life cycle and the manager's work.
        row("take_case_step (start)", sf(TakeCaseStep::PATH), Changes,
            |c| form(TakeCaseStep::PATH, [("number", s(&c.number)), ("step", s("start"))]),
                                                                         "403  404  403  404  403  200  200  403  401"),
        row("reassign_case", sf(ReassignCase::PATH), Changes,
            |c| form(ReassignCase::PATH, [("number", s(&c.number)), ("manager_id", s(c.other_manager)),
                ("reason", s("Se va de vacaciones."))]),                 "403  404  403  404  403  200  200  403  401"),
        row("qualify_case", sf(QualifyCase::PATH), Changes,
            |c| form(QualifyCase::PATH, [("number", s(&c.number)), ("qualification_id", s(c.qualify[0])),
                ("cause_id", s(c.qualify[1])), ("severity_id", s(c.qualify[2]))]),
                                                                         "403  404  403  404  403  200  200  403  401"),
        row("escalate_case", sf(EscalateCase::PATH), Changes,
            |c| form(EscalateCase::PATH, [("number", s(&c.number)), ("reason", s("El cliente insiste."))]),
                                                                         "403  404  403  404  200  200  200  403  401"),
        row("assign_task", sf(AssignTask::PATH), Changes,
            |c| form(AssignTask::PATH, [("number", s(&c.number)), ("title", s("Llamar al transportista")),
                ("assignee_id", s(c.worker)), ("max_day", s("2099-01-10"))]),
                                                                         "403  404  403  404  403  200  200  403  401"),
        // Information requests: whoever works the case whole asks; the recipient reads only the
        // request's page and what it shares; the asker (or the case's manager, a supervisor) judges.
        row("ask_for_information", sf(AskForInformation::PATH), Changes,
            |c| multipart(AskForInformation::PATH, [("number", s(&c.number)), ("recipient_kind", s("employee")),
                ("employee_id", s(c.idle)), ("subject", s("Lote")), ("text", s("¿Quedan cajas del lote?"))], None),
                                                                         "403  404  403  404  200  200  200  200  401"),
        row("info_request", sf(InfoRequest::PATH), Keeps,
            |c| form(InfoRequest::PATH, [("id", s(c.info_request))]),    "404  404  404  200  200  200  200  200  401"),
        row("GET /requests/{id}/files/{shared file}", None, Keeps,
            |c| get(format!("/requests/{}/files/{}", c.info_request, c.file)),
                                                                         "404  404  404  200  200  200  200  200  401"),
        row("GET /requests/{id}/files/{task file}", None, Keeps,
            |c| get(format!("/requests/{}/files/{}", c.info_request, c.task_file)),
                                                                         "404  404  404  404  404  404  404  404  401"),
        row("answer_info_request", sf(AnswerInfoRequest::PATH), Changes,
            |c| multipart(AnswerInfoRequest::PATH, [("request_id", s(c.info_request)), ("answer", s("Quedan dos."))], None),
                                                                         "404  404  404  200  403  403  403  403  401"),
        row("judge_info_request (revoke)", sf(JudgeInfoRequest::PATH), Changes,
            |c| form(JudgeInfoRequest::PATH, [("request_id", s(c.info_request)), ("step", s("revoke"))]),
                                                                         "404  404  404  403  403  200  200  403  401"),
        row("pause_clock", sf(PauseClock::PATH), Changes,
            |c| form(PauseClock::PATH, [("number", s(&c.number)), ("reason", s("Esperamos la factura."))]),
                                                                         "403  404  403  404  403  200  200  403  401"),
        row("resume_clock (paused)", sf(ResumeClock::PATH), ChangesPaused,
            |c| form(ResumeClock::PATH, [("number", s(&c.number))]),     "403  404  403  404  403  200  200  403  401"),
        row("extend_term", sf(ExtendTerm::PATH), Changes,
            |c| form(ExtendTerm::PATH, [("number", s(&c.number)), ("amount", s("1")),
                ("reason", s("Falta el informe del proveedor."))]),     "403  404  403  404  403  200  200  403  401"),
        // Work given to the employee: a task's own steps, the judge's, a question.
        // A customer sees neither tasks nor questions: for them these do not exist (404).
        row("take_task_step (start)", sf(TakeTaskStep::PATH), Changes,
            |c| multipart(TakeTaskStep::PATH, [("task_id", s(c.task)), ("step", s("start"))], None),
                                                                         "404  404  200  404  403  403  403  403  401"),
        row("take_task_step (accept)", sf(TakeTaskStep::PATH), Changes,
            |c| multipart(TakeTaskStep::PATH, [("task_id", s(c.submitted)), ("step", s("accept"))], None),
                                                                         "404  404  403  404  403  200  200  403  401"),
        // Analysis (SPEC J1-J5): counts and lists over the folders one sees whole; staff who
        // work cases only, never an employee or a customer. Someone else's saved view, export or
        // an action of another folder does not exist for them (404).
        row("analysis_pivot", sf(AnalysisPivot::PATH), Keeps,
            |_| form(AnalysisPivot::PATH, [("search", s("rows=state&cols=channel&measure=median_days"))]),
                                                                         "403  403  403  403  200  200  200  200  401"),
        row("analysis_chart", sf(AnalysisChart::PATH), Keeps,
            |_| form(AnalysisChart::PATH, [("search", s("")), ("kind", s("bars")), ("axis", s("state"))]),
                                                                         "403  403  403  403  200  200  200  200  401"),
        row("analysis_grid", sf(AnalysisGrid::PATH), Keeps,
            |_| form(AnalysisGrid::PATH, [("search", s("cols=number,subject,cause"))]),
                                                                         "403  403  403  403  200+ 200+ 200+ 200+ 401"),
        row("GET /analysis/grid", None, Keeps,
            |_| get(s("/analysis/grid")),                                "403  403  403  403  200  200  200  200  401"),
        row("save_grid_view", sf(SaveGridView::PATH), Keeps,
            |_| form(SaveGridView::PATH, [("search", s("f.channel=phone")), ("name", s("Teléfono"))]),
                                                                         "403  403  403  403  200  200  200  200  401"),
        row("delete_grid_view (not theirs)", sf(DeleteGridView::PATH), Keeps,
            |_| form(DeleteGridView::PATH, [("id", s(999_999))]),        "403  403  403  403  404  404  404  404  401"),
        row("start_export", sf(StartExport::PATH), Keeps,
            |_| form(StartExport::PATH, [("search", s("f.channel=phone")), ("format", s("csv"))]),
                                                                         "403  403  403  403  200  200  200  200  401"),
        row("export_progress (not theirs)", sf(ExportProgress::PATH), Keeps,
            |_| form(ExportProgress::PATH, [("id", s(999_999))]),        "403  403  403  403  404  404  404  404  401"),
        row("GET /analysis/exports/{id}/file (not theirs)", None, Keeps,
            |_| get(s("/analysis/exports/999999/file")),                 "404  404  404  404  404  404  404  404  401"),
        row("improvement_plan", sf(ImprovementPlan::PATH), Keeps,
            |_| form(ImprovementPlan::PATH, []),                         "403  403  403  403  200  200  200  200  401"),
        row("create_improvement", sf(CreateImprovement::PATH), Keeps,
            |c| multipart(CreateImprovement::PATH, [("folder_id", s(c.folder)), ("title", s("Revisar embalajes")),
                ("kind", s("corrective")), ("owner_id", s(c.other_manager)), ("due_day", s("2099-01-31")),
                ("cause_ids", s(c.qualify[1]))], None),                  "403  403  403  403  403  200  200  200  401"),
        row("set_improvement_state (unknown)", sf(SetImprovementState::PATH), Keeps,
            |_| form(SetImprovementState::PATH, [("id", s(999_999)), ("state", s("done"))]),
                                                                         "403  403  403  403  404  404  404  404  401"),
        // Decisions (SPEC E1-E4): staff who see the case whole read them; its manager or a
        // supervisor decides while it is worked; the customer gets the letters sent to them.
        // Approving, making a letter again and sending one need a decision or letter that is
        // theirs to touch: unknown ones do not exist for anybody.
        row("case_decisions", sf(CaseDecisions::PATH), Keeps,
            |c| form(CaseDecisions::PATH, [("number", s(&c.number))]),   "403  404  403  404  200  200  200  200  401"),
        row("case_letters", sf(CaseLetters::PATH), Keeps,
            |c| form(CaseLetters::PATH, [("number", s(&c.number))]),     "200  404  200  404  200  200  200  200  401"),
        row("record_decision", sf(RecordDecision::PATH), Changes,
            |c| form(RecordDecision::PATH, [("number", s(&c.number)), ("resolution_id", s(c.resolution)),
                ("reasoning", s("Se repara el equipo en garantía."))]), "403  404  403  404  403  200  200  403  401"),
        row("settle_decision (unknown)", sf(SettleDecision::PATH), Keeps,
            |_| form(SettleDecision::PATH, [("decision_id", s(999_999)), ("step", s("approve"))]),
                                                                         "404  404  404  404  404  404  404  404  401"),
        row("regenerate_letter (unknown)", sf(RegenerateLetter::PATH), Keeps,
            |_| form(RegenerateLetter::PATH, [("decision_id", s(999_999))]),
                                                                         "404  404  404  404  404  404  404  404  401"),
        row("send_letter_version (unknown)", sf(SendLetterVersion::PATH), Keeps,
            |_| form(SendLetterVersion::PATH, [("letter_id", s(999_999))]),
                                                                         "404  404  404  404  404  404  404  404  401"),
        // Their settings: administrators only.
        row("decision_setup", sf(DecisionSetup::PATH), Keeps,
            |c| form(DecisionSetup::PATH, [("type_id", s(c.case_type))]), "403  403  403  403  403  403  403  200  401"),
        row("set_resolution_settings", sf(SetResolutionSettings::PATH), Keeps,
            |c| form(SetResolutionSettings::PATH, [("type_id", s(c.case_type)), ("resolution_id", s(c.resolution)),
                ("fits", s("on")), ("decided_by", s("manager"))]),       "403  403  403  403  403  403  403  200  401"),
        row("put_approval_threshold", sf(PutApprovalThreshold::PATH), Keeps,
            |c| form(PutApprovalThreshold::PATH, [("type_id", s(c.case_type)), ("amount", s("1000")),
                ("currency", s("EUR"))]),                                "403  403  403  403  403  403  403  200  401"),
        row("remove_approval_threshold", sf(RemoveApprovalThreshold::PATH), Keeps,
            |c| form(RemoveApprovalThreshold::PATH, [("type_id", s(c.case_type)), ("currency", s("PLN"))]),
                                                                         "403  403  403  403  403  403  403  200  401"),
        row("set_type_rules", sf(SetTypeRules::PATH), Keeps,
            |c| multipart(SetTypeRules::PATH, [("type_id", s(c.case_type)), ("approver_id", s(""))], None),
                                                                         "403  403  403  403  403  403  403  200  401"),
        row("load_letter_template", sf(LoadLetterTemplate::PATH), Keeps,
            |c| form(LoadLetterTemplate::PATH, [("type_id", s(c.case_type)), ("resolution_id", s(c.resolution)),
                ("locale", s("pl"))]),                                   "403  403  403  403  403  403  403  200  401"),
        row("save_letter_template", sf(SaveLetterTemplate::PATH), Keeps,
            |c| form(SaveLetterTemplate::PATH, [("type_id", s(c.case_type)), ("resolution_id", s(c.resolution)),
                ("locale", s("es")), ("subject", s("Caso {{case_number}}")), ("body", s("Hola {{customer_name}}"))]),
                                                                         "403  403  403  403  403  403  403  200  401"),
        row("preview_letter", sf(PreviewLetter::PATH), Keeps,
            |_| form(PreviewLetter::PATH, [("locale", s("pl")), ("subject", s("Sprawa")), ("body", s("Łąka"))]),
                                                                         "403  403  403  403  403  403  403  200  401"),
        row("company_profile", sf(CompanyProfile::PATH), Keeps,
            |_| form(CompanyProfile::PATH, []),                          "403  403  403  403  403  403  403  200  401"),
        row("save_company_profile", sf(SaveCompanyProfile::PATH), Keeps,
            |_| multipart(SaveCompanyProfile::PATH, [("name", s("Compañía")), ("address", s("Calle 1"))], None),
                                                                         "403  403  403  403  403  403  403  200  401"),
        row("action_effect (unknown)", sf(ActionEffect::PATH), Keeps,
            |_| form(ActionEffect::PATH, [("id", s(999_999))]),          "403  403  403  403  404  404  404  404  401"),
    ]
}

/// Server functions that touch no case or part of one, each with why.
macro_rules! paths {
    ($($reason:literal: $($f:ty),+;)+) => { vec![$($((<$f as ServerFn>::PATH, $reason)),+),+] };
}
fn no_case() -> Vec<(&'static str, &'static str)> {
    use admin::*;
    paths! {
        "session": auth::WhoAmI, auth::SignUp, auth::LogIn, auth::LogOut, auth::MySessions,
            auth::LogOutElsewhere, auth::ChangePassword, auth::AskNewPassword,
            auth::ResetLinkWorks, auth::ResetPassword, auth::ConfirmEmail,
            auth::MyUnconfirmedAddress, auth::MailConfirmationAgain;
        "profile": messages::MyContactPreferences, messages::SaveContactPreferences,
            messages::MyUnconfirmedPhone, messages::ConfirmPhone, messages::SendPhoneCode;
        "config": messages::MessageTemplates, messages::MessageTemplate, messages::SaveMessageTemplate,
            messages::ResetMessageTemplate, messages::ChannelRules, messages::SaveChannelRules;
        "config": StaffList, CreateStaff, LoadStaffMember, UpdateStaff, Folders, CreateFolder,
            Folder, AddCatalogEntry,
            RenameCatalogEntry, MoveCatalogEntry, SetCatalogEntryActive, ImportCoverage,
            LoadCaseTypeSetup, AddFormField, AddRequiredDocument, SetFormItemActive, MoveFormItem,
            SetCaseTypePause,
            LoadRoutingSetup, SaveRoutingSettings, PutRoutingRule, DeleteRoutingRule,
            AddRoutingCandidate, RemoveRoutingCandidate, SaveRoutingWeights, SetCustomerTerms;
        "config": api_deadlines::LoadSlaSetup, api_deadlines::SaveSlaPolicy,
            api_deadlines::LoadCalendars, api_deadlines::CreateCalendar,
            api_deadlines::SetCalendarDay, api_deadlines::RemoveCalendarDay;
        "config": api_cases::LoadCaseTypeForm, api_cases::IntakeFolders;
        "registry": api_cases::CheckCoverage;
    }
}

const TOKENS: [&str; 8] = ["200", "200+", "200-", "401", "403", "404", "409", "422"];

#[test]
fn every_server_function_is_in_the_access_table_or_touches_no_case() {
    let registered: BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    let rows = table();
    for r in &rows {
        let tokens: Vec<&str> = r.expect.split_whitespace().collect();
        assert_eq!(
            tokens.len(),
            ACTORS.len(),
            "{}: one answer per person",
            r.name
        );
        assert!(
            tokens.iter().all(|t| TOKENS.contains(t)),
            "{}: {}",
            r.name,
            r.expect
        );
    }
    let tabled: BTreeSet<&str> = rows.iter().filter_map(|r| r.server_fn).collect();
    let exempt = no_case();
    let mut problems = Vec::new();
    for path in &registered {
        if !tabled.contains(path) && !exempt.iter().any(|(p, _)| p == path) {
            problems.push(format!(
                "{path}: neither in the access table nor listed as touching no case"
            ));
        }
    }
    for (path, _) in &exempt {
        if tabled.contains(path) {
            problems.push(format!(
                "{path}: both in the table and listed as touching no case"
            ));
        }
    }
    for path in tabled.iter().chain(exempt.iter().map(|(p, _)| p)) {
        if !registered.contains(path) {
            problems.push(format!("{path}: not a registered server function"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

async fn send(client: &reqwest::Client, base: &str, call: &Call) -> (u16, String) {
    let url = format!("{base}{}", call.0);
    let request = match &call.1 {
        Body::Get => client.get(url),
        Body::Form(args) => client.post(url).header("Origin", base).form(args),
        Body::Json(value) => client.post(url).header("Origin", base).json(value),
        Body::Multipart(args, file) => {
            let mut parts = Form::new();
            for (name, value) in args {
                parts = parts.text(*name, value.clone());
            }
            if let Some(name) = file {
                let png = Part::bytes(PNG.to_vec()).file_name("doc.png");
                parts = parts.part(*name, png.mime_str("image/png").unwrap());
            }
            client.post(url).header("Origin", base).multipart(parts)
        }
    };
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// The answer as the table writes it: an `Invalid` outcome is 422, and where the table asks
/// whether the case is listed, `+` or `-`.
fn observed(status: u16, body: &str, expected: &str, number: &str) -> String {
    if status == 200 && body.starts_with("{\"Invalid\"") {
        return s(422);
    }
    match status {
        200 if expected.len() == 4 => {
            let listed = body.contains(&format!("\"{number}\""));
            format!("200{}", if listed { '+' } else { '-' })
        }
        _ => s(status),
    }
}

/// Everyone of the table, the folder and what the cases need from it.
struct World {
    base: String,
    clients: Vec<reqwest::Client>,
    folder: CaseFolder,
    agent: Viewer,
    worker: Viewer,
    idle: Viewer,
    supervisor: Viewer,
    other_manager: Viewer,
    document: i64,
    qualify: [i64; 3],
    resolution: i64,
}

async fn every_case_function_answers_each_person_as_the_rules_say(db: &TestDb) {
    // A 500 in the table says nothing of its cause; the server's error lines do.
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::ERROR)
        .with_test_writer()
        .try_init();
    let w = world(db).await;
    let mut wrong = Vec::new();
    let mut answers = String::new();
    for r in table() {
        let paused = r.kind == ChangesPaused;
        let mut case = new_case(db, &w, paused).await;
        let expected: Vec<&str> = r.expect.split_whitespace().collect();
        let mut order: Vec<usize> = (0..ACTORS.len()).collect();
        order.sort_by_key(|i| expected[*i].starts_with('2'));
        let mut got = vec![String::new(); ACTORS.len()];
        for i in order {
            let (status, body) = send(&w.clients[i], &w.base, &(r.call)(&case)).await;
            got[i] = observed(status, &body, expected[i], &case.number);
            if got[i] != expected[i] {
                let excerpt: String = body.chars().filter(|c| !c.is_control()).take(100).collect();
                let who = ACTORS[i].0;
                wrong.push(format!(
                    "{:<30} {who:<23} expected {:<4} got {:<4} {excerpt}",
                    r.name, expected[i], got[i]
                ));
            }
            if r.kind != Keeps && (200..300).contains(&status) {
                case = new_case(db, &w, paused).await;
            }
        }
        let cells: Vec<String> = got.iter().map(|g| format!("{g:<4}")).collect();
        answers.push_str(&format!("{:<30} {}\n", r.name, cells.join(" ")));
    }
    println!("answers ({}):\n{answers}", ACTORS.map(|a| a.0).join(", "));
    assert!(
        wrong.is_empty(),
        "{} answers differ from the role table:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

on_both_backends!(every_case_function_answers_each_person_as_the_rules_say);
