//! The interface in Spanish (default), English and Polish.
//!
//! Every text is a field of [`Texts`], declared once below with its three translations side by
//! side, so a missing translation is a compile error rather than a blank on screen. The locale is
//! chosen per request (cookie, then the browser's Accept-Language) and written into `<html lang>`,
//! which is where the browser reads it back when it hydrates.

use crate::domain::case::{CaseState, Channel, DocumentClass};
use crate::domain::catalog::{Binding, CatalogKind};
use crate::domain::coverage::{Coverage, RowProblem};
use crate::domain::documents::DocumentStatus;
use crate::domain::fields::FieldKind;
use crate::domain::form::FieldProblem;
use crate::domain::lifecycle::CaseStep;
use crate::domain::links::LinkKind;
use crate::domain::people::Role;
use crate::domain::routing::{CustomerTier, RouteDetail, RouteReason};
use crate::domain::sla::{DeadlineStanding, TermUnit};
use crate::domain::tasks::{TaskState, TaskStep};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Es,
    En,
    Pl,
}

/// The cookie that remembers a choice made with the language switch.
pub const LOCALE_COOKIE: &str = "tramita_lang";

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Es, Locale::En, Locale::Pl];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Es => "es",
            Locale::En => "en",
            Locale::Pl => "pl",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The first language of an `Accept-Language` header that we speak, by the header's weights.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut choices: Vec<(f32, Locale)> = header
            .split(',')
            .filter_map(|part| {
                let mut bits = part.split(';');
                let locale = Locale::from_code(bits.next()?)?;
                let q = bits
                    .find_map(|b| b.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
                    .unwrap_or(1.0);
                Some((q, locale))
            })
            .collect();
        choices.sort_by(|a, b| b.0.total_cmp(&a.0));
        choices.first().map(|c| c.1)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::Es => &ES,
            Locale::En => &EN,
            Locale::Pl => &PL,
        }
    }

    /// Own name of the language, for the switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::Es => "Español",
            Locale::En => "English",
            Locale::Pl => "Polski",
        }
    }
}

/// The locale of the page being rendered or hydrated.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

pub fn use_texts() -> &'static Texts {
    use_locale().texts()
}

macro_rules! texts {
    ($($key:ident: $es:literal, $en:literal, $pl:literal;)+) => {
        pub struct Texts { $(pub $key: &'static str,)+ }
        static ES: Texts = Texts { $($key: $es,)+ };
        static EN: Texts = Texts { $($key: $en,)+ };
        static PL: Texts = Texts { $($key: $pl,)+ };
    };
}

texts! {
    tagline: "Peticiones, quejas y reclamos", "Complaints and claims", "Skargi i reklamacje";
    nav_my_cases: "Mis casos", "My cases", "Moje sprawy";
    nav_new_complaint: "Presentar un caso", "File a case", "Zgłoś sprawę";
    nav_desk: "Escritorio", "Desk", "Biurko";
    nav_record_case: "Registrar un caso", "Record a case", "Zarejestruj sprawę";
    nav_admin: "Administración", "Administration", "Administracja";
    nav_login: "Entrar", "Log in", "Zaloguj się";
    nav_signup: "Crear cuenta", "Sign up", "Załóż konto";
    nav_logout: "Salir", "Log out", "Wyloguj się";
    language: "Idioma", "Language", "Język";
    loading: "Cargando…", "Loading…", "Wczytywanie…";
    error_generic: "Algo salió mal. Inténtelo de nuevo.", "Something went wrong. Please try again.", "Coś poszło nie tak. Spróbuj ponownie.";
    not_found: "No encontramos esta página o no tiene acceso a ella.", "We could not find this page, or you may not see it.", "Nie znaleziono tej strony albo nie masz do niej dostępu.";
    customer_sees: "El cliente verá este texto en su caso.", "The customer will read this text on their case.", "Klient zobaczy ten tekst w swojej sprawie.";
    note_for_customer: "Nota para el cliente", "Note for the customer", "Notatka dla klienta";
    forbidden: "Usted no puede hacer esto en este caso.", "You may not do this here.", "Nie możesz tego tutaj zrobić.";
    invalid_input: "Revise los datos marcados.", "Please check the marked fields.", "Sprawdź zaznaczone pola.";
    conflict: "Alguien cambió esto antes que usted. Recargue la página e inténtelo de nuevo.", "Someone changed this before you. Reload the page and try again.", "Ktoś zmienił to przed tobą. Odśwież stronę i spróbuj ponownie.";
    login_required: "Entre con su cuenta para continuar.", "Log in to continue.", "Zaloguj się, aby kontynuować.";
    welcome_title: "Presente y siga sus casos", "File and follow your cases", "Zgłaszaj i śledź swoje sprawy";
    welcome_text: "Presente una queja, un reclamo o una petición y siga su estado en todo momento, sea cual sea el canal por el que nos contactó.", "File a complaint, a claim or a request and follow its progress at any time, whatever channel you used to reach us.", "Złóż skargę, reklamację lub wniosek i śledź jej stan w każdej chwili, niezależnie od kanału kontaktu.";
    email: "Correo electrónico", "E-mail", "E-mail";
    password: "Contraseña", "Password", "Hasło";
    full_name: "Nombre completo", "Full name", "Imię i nazwisko";
    phone: "Teléfono", "Phone", "Telefon";
    role: "Rol", "Role", "Rola";
    login_title: "Entrar", "Log in", "Logowanie";
    login_submit: "Entrar", "Log in", "Zaloguj się";
    signup_title: "Crear una cuenta", "Create an account", "Załóż konto";
    signup_submit: "Crear cuenta", "Sign up", "Załóż konto";
    no_account: "¿No tiene cuenta?", "No account yet?", "Nie masz konta?";
    have_account: "¿Ya tiene cuenta?", "Already have an account?", "Masz już konto?";
    my_cases_title: "Mis casos", "My cases", "Moje sprawy";
    my_cases_empty: "Aún no ha presentado ningún caso.", "You have not filed any case yet.", "Nie zgłosiłeś jeszcze żadnej sprawy.";
    new_case_title: "Presentar un caso", "File a case", "Zgłoś sprawę";
    record_case_title: "Registrar un caso de un cliente", "Record a customer's case", "Zarejestruj sprawę klienta";
    subject: "Asunto", "Subject", "Temat";
    description: "Descripción", "Description", "Opis";
    class: "Tipo", "Type", "Rodzaj";
    channel: "Canal", "Channel", "Kanał";
    state: "Estado", "State", "Stan";
    customer: "Cliente", "Customer", "Klient";
    customer_email: "Correo del cliente", "Customer's e-mail", "E-mail klienta";
    customer_name: "Nombre del cliente", "Customer's name", "Imię i nazwisko klienta";
    customer_phone: "Teléfono del cliente", "Customer's phone", "Telefon klienta";
    attachments: "Adjuntos", "Attachments", "Załączniki";
    attachments_help: "Fotos, PDF o documentos de Office.", "Photos, PDF or Office documents.", "Zdjęcia, PDF lub dokumenty Office.";
    choose: "Elija…", "Choose…", "Wybierz…";
    any: "Todos", "Any", "Wszystkie";
    submit_case: "Enviar", "Submit", "Wyślij";
    record_submit: "Registrar", "Record", "Zarejestruj";
    sending: "Enviando…", "Sending…", "Wysyłanie…";
    form_has_errors: "Revise los campos marcados.", "Please check the marked fields.", "Popraw zaznaczone pola.";
    ack_title: "Hemos recibido su caso", "We have received your case", "Otrzymaliśmy Twoją sprawę";
    ack_text: "Guarde este número para consultar su caso:", "Keep this number to follow your case:", "Zachowaj ten numer, aby śledzić sprawę:";
    ack_recorded: "Caso registrado con el número", "Case recorded with number", "Sprawa zarejestrowana pod numerem";
    open_case: "Ver el caso", "Open the case", "Otwórz sprawę";
    number: "Número", "Number", "Numer";
    created: "Fecha", "Date", "Data";
    timeline: "Historial", "History", "Historia";
    filed_by: "Registrado por", "Recorded by", "Zarejestrował(a)";
    desk_title: "Casos abiertos", "Open cases", "Otwarte sprawy";
    desk_empty: "No hay casos con estos filtros.", "No cases match these filters.", "Brak spraw dla tych filtrów.";
    filter: "Filtrar", "Filter", "Filtruj";
    next_page: "Siguientes", "Next", "Następne";
    first_page: "Primera página", "First page", "Pierwsza strona";
    admin_users_title: "Personal", "Staff", "Pracownicy";
    create_user: "Crear usuario", "Create user", "Utwórz użytkownika";
    user_created: "Usuario creado.", "User created.", "Utworzono użytkownika.";
    folders_title: "Carpetas de casos", "Case folders", "Foldery spraw";
    folders_empty: "Aún no hay carpetas.", "No folders yet.", "Brak folderów.";
    create_folder: "Crear carpeta", "Create folder", "Utwórz folder";
    name: "Nombre", "Name", "Nazwa";
    rename: "Renombrar", "Rename", "Zmień nazwę";
    move_up: "Subir", "Move up", "W górę";
    move_down: "Bajar", "Move down", "W dół";
    deactivate: "Desactivar", "Deactivate", "Dezaktywuj";
    activate: "Activar", "Activate", "Aktywuj";
    inactive: "Inactivo", "Inactive", "Nieaktywny";
    add: "Añadir", "Add", "Dodaj";
    bound_to: "Vinculado a", "Bound to", "Powiązany z";
    parent_category: "Categoría superior", "Parent category", "Kategoria nadrzędna";
    none: "(ninguna)", "(none)", "(brak)";
    back_to_admin: "Volver a administración", "Back to administration", "Powrót do administracji";
    ck_qualification: "Calificaciones", "Qualifications", "Kwalifikacje";
    ck_cause: "Causas", "Causes", "Przyczyny";
    ck_severity: "Gravedades", "Severities", "Istotność";
    ck_priority: "Prioridades", "Priorities", "Priorytety";
    ck_case_type: "Tipos de caso", "Case types", "Typy spraw";
    ck_case_group: "Grupos de caso", "Case groups", "Grupy spraw";
    ck_category: "Categorías", "Categories", "Kategorie";
    ck_area: "Áreas responsables", "Responsible areas", "Obszary odpowiedzialne";
    bd_customers: "Clientes", "Customers", "Klienci";
    bd_partners: "Socios", "Partners", "Partnerzy";
    bd_own_stores: "Tiendas propias", "Own stores", "Sklepy własne";
    bd_distributors: "Distribuidores", "Distributors", "Dystrybutorzy";
    coverage_title: "Registro de coberturas", "Coverage registry", "Rejestr ochrony";
    coverage_help: "CSV con las columnas identifier, product, customer, valid_from, valid_to (fechas AAAA-MM-DD).", "CSV with the columns identifier, product, customer, valid_from, valid_to (dates YYYY-MM-DD).", "CSV z kolumnami identifier, product, customer, valid_from, valid_to (daty RRRR-MM-DD).";
    coverage_bad_header: "La primera línea debe ser: identifier,product,customer,valid_from,valid_to", "The first line must be: identifier,product,customer,valid_from,valid_to", "Pierwszy wiersz musi brzmieć: identifier,product,customer,valid_from,valid_to";
    import: "Importar", "Import", "Importuj";
    imported_rows: "Filas importadas:", "Rows imported:", "Zaimportowane wiersze:";
    rejected_rows: "Filas rechazadas:", "Rows rejected:", "Odrzucone wiersze:";
    line: "Línea", "Line", "Wiersz";
    rp_missing_identifier: "falta el identificador", "the identifier is missing", "brak identyfikatora";
    rp_bad_date: "fecha no válida en", "not a valid date in", "nieprawidłowa data w kolumnie";
    rp_ends_before: "termina antes de empezar", "ends before it starts", "kończy się przed rozpoczęciem";
    rp_wrong_columns: "número de columnas incorrecto", "wrong number of columns", "nieprawidłowa liczba kolumn";
    claim_subject: "Objeto del reclamo", "Subject of the claim", "Przedmiot zgłoszenia";
    subject_identifier: "N.º de serie o de póliza", "Serial or policy number", "Numer seryjny lub numer polisy";
    claim_day: "Fecha del reclamo", "Date of the claim", "Data zgłoszenia";
    check_coverage: "Comprobar cobertura", "Check coverage", "Sprawdź ochronę";
    coverage: "Cobertura", "Coverage", "Ochrona";
    cov_covered: "Cubierto", "Covered", "Objęty ochroną";
    cov_not_covered: "No cubierto", "Not covered", "Nieobjęty ochroną";
    cov_unknown: "Desconocido en el registro", "Unknown to the registry", "Nieznany w rejestrze";
    links_title: "Objetos vinculados", "Linked objects", "Powiązane obiekty";
    link_kind: "Tipo de objeto", "Object type", "Typ obiektu";
    external_id: "Id. externo", "External id", "Identyfikator zewnętrzny";
    link_url: "Dirección (opcional)", "Address (optional)", "Adres (opcjonalnie)";
    add_link: "Vincular", "Link", "Powiąż";
    search_by_ref: "Buscar por id. externo", "Search by external id", "Szukaj po identyfikatorze zewnętrznym";
    search: "Buscar", "Search", "Szukaj";
    linked_cases: "Casos vinculados a", "Cases linked to", "Sprawy powiązane z";
    no_linked_cases: "Ningún caso está vinculado a este id.", "No case is linked to this id.", "Żadna sprawa nie jest powiązana z tym identyfikatorem.";
    lk_order: "Pedido", "Order", "Zamówienie";
    lk_transaction: "Transacción", "Transaction", "Transakcja";
    lk_invoice: "Factura", "Invoice", "Faktura";
    lk_policy: "Póliza", "Policy", "Polisa";
    lk_collection_action: "Gestión de cobranza", "Collection action", "Działanie windykacyjne";
    folder: "Carpeta", "Folder", "Teczka";
    case_type: "Tipo de caso", "Case type", "Typ sprawy";
    case_group: "Grupo", "Group", "Grupa";
    priority: "Prioridad", "Priority", "Priorytet";
    store_name: "Tienda o distribuidor", "Store or distributor", "Sklep lub dystrybutor";
    due_day: "Fecha máxima", "Maximum date", "Termin maksymalny";
    manager: "Gestor", "Manager", "Opiekun";
    routed_to: "Lo recibirá:", "It will go to:", "Otrzyma ją:";
    rr_type_group: "según la tabla tipo × grupo", "by the type × group table", "według tabeli typ × grupa";
    rr_fallback: "gestor de respaldo", "fallback manager", "opiekun zastępczy";
    rr_reassigned: "reasignado", "reassigned", "przekazana ręcznie";
    workflow: "Trámite", "Handling", "Obsługa";
    step_note: "Nota para el gestor", "Note for the manager", "Notatka dla opiekuna";
    cs_open: "Abrir", "Open", "Otwórz";
    cs_start: "Iniciar la gestión", "Start handling", "Rozpocznij obsługę";
    cs_request_closure: "Enviar a cierre", "Send for closure", "Przekaż do zamknięcia";
    cs_close: "Cerrar el caso", "Close the case", "Zamknij sprawę";
    cs_return_to_manager: "Devolver al gestor", "Return to the manager", "Zwróć opiekunowi";
    cs_reopen: "Reabrir", "Reopen", "Otwórz ponownie";
    reassign: "Reasignar", "Reassign", "Przekaż";
    satisfaction: "Satisfacción del cliente", "Customer satisfaction", "Zadowolenie klienta";
    customer_comment: "Comentario del cliente", "Customer's comment", "Komentarz klienta";
    sat_1: "muy insatisfecho", "very unhappy", "bardzo niezadowolony";
    sat_2: "insatisfecho", "unhappy", "niezadowolony";
    sat_3: "neutral", "neutral", "obojętny";
    sat_4: "satisfecho", "satisfied", "zadowolony";
    sat_5: "muy satisfecho", "very satisfied", "bardzo zadowolony";
    escalate: "Escalar", "Escalate", "Eskaluj";
    escalation_level: "Nivel de escalamiento", "Escalation level", "Poziom eskalacji";
    escalated_only: "Sólo escalados", "Escalated only", "Tylko eskalowane";
    ev_case_escalated: "Caso escalado", "Case escalated", "Sprawę eskalowano";
    ev_deadlines_set: "Plazos fijados", "Deadlines set", "Ustalono terminy";
    ev_first_response_recorded: "Primera respuesta registrada", "First response recorded", "Zapisano pierwszą odpowiedź";
    ev_case_at_risk: "Caso en riesgo de vencer", "Case at risk", "Sprawa zagrożona terminem";
    ev_case_overdue: "Caso vencido", "Case overdue", "Sprawa po terminie";
    ev_deadline_paused: "Términos interrumpidos: esperando al cliente", "Clock stopped: waiting for the customer", "Bieg terminu wstrzymany: czekamy na klienta";
    ev_deadline_resumed: "Términos reanudados", "Clock resumed", "Bieg terminu wznowiony";
    ev_deadline_extended: "Plazo prorrogado", "Deadline extended", "Termin przedłużony";
    deadlines_title: "Plazos", "Deadlines", "Terminy";
    first_response_due: "Primera respuesta a más tardar", "First response by", "Pierwsza odpowiedź do";
    resolution_due: "Respuesta de fondo a más tardar", "Resolution by", "Rozstrzygnięcie do";
    first_response_label: "Primera respuesta", "First response", "Pierwsza odpowiedź";
    answered_in_time: "A tiempo", "In time", "W terminie";
    answered_late: "Tarde", "Late", "Po terminie";
    not_answered_yet: "Pendiente", "Not yet", "Jeszcze nie";
    standing_label: "Estado del plazo", "Deadline status", "Stan terminu";
    st_on_time: "En plazo", "On time", "W terminie";
    st_at_risk: "En riesgo", "At risk", "Zagrożony";
    st_overdue: "Vencido", "Overdue", "Po terminie";
    st_paused: "Interrumpido", "Paused", "Wstrzymany";
    st_answered_in_time: "Respondido a tiempo", "Answered in time", "Rozpatrzono w terminie";
    st_answered_late: "Respondido tarde", "Answered late", "Rozpatrzono po terminie";
    paused_since: "Interrumpido desde", "Paused since", "Wstrzymany od";
    calendar_label: "Calendario", "Calendar", "Kalendarz";
    pause_clock: "Interrumpir términos", "Stop the clock", "Wstrzymaj bieg terminu";
    resume_clock: "Reanudar términos", "Resume the clock", "Wznów bieg terminu";
    extend_term: "Prorrogar el plazo", "Extend the deadline", "Przedłuż termin";
    extension_amount: "Prórroga", "Extension", "Przedłużenie";
    extended_once: "Prorrogado", "Extended", "Przedłużono";
    sla_title: "Plazos (SLA)", "Deadlines (SLA)", "Terminy (SLA)";
    sla_empty: "Sin políticas: los casos de esta carpeta no tienen plazos.", "No policies: cases of this folder get no deadlines.", "Brak zasad: sprawy w tym folderze nie mają terminów.";
    sla_every_type: "Todos los tipos", "Every type", "Każdy typ";
    sla_every_channel: "Todos los canales", "Every channel", "Każdy kanał";
    sla_first_response: "Primera respuesta", "First response", "Pierwsza odpowiedź";
    sla_resolution: "Resolución", "Resolution", "Rozstrzygnięcie";
    sla_at_risk: "En riesgo al (%)", "At risk at (%)", "Zagrożenie przy (%)";
    sla_save: "Guardar política", "Save policy", "Zapisz zasadę";
    unit_business_days: "días hábiles", "business days", "dni robocze";
    unit_business_hours: "horas hábiles", "business hours", "godziny robocze";
    unit_hours: "horas", "hours", "godziny";
    unit_calendar_days: "días calendario", "calendar days", "dni kalendarzowe";
    msg_ev_task_submitted: "Tarea entregada, espera aceptación", "Task handed in, waiting for acceptance", "Zadanie oddane, czeka na akceptację";
    msg_ev_tasks_overdue_reminder: "Recordatorio diario de tareas vencidas", "Daily reminder of overdue tasks", "Codzienne przypomnienie o zaległych zadaniach";
    calendars_title: "Calendarios de la empresa", "Company calendars", "Kalendarze firmy";
    calendars_hint: "Los calendarios nacionales (CO, CL, ES, PL, MX, PE) vienen con sus festivos. Aquí se añaden los propios: su zona horaria, su horario y los días que la empresa trabaja o cierra.", "The national calendars (CO, CL, ES, PL, MX, PE) come with their holidays. Add your own here: their time zone, hours and the days the company works or closes.", "Kalendarze krajowe (CO, CL, ES, PL, MX, PE) mają swoje święta. Tutaj dodaje się własne: strefę czasową, godziny pracy i dni, w które firma pracuje lub jest zamknięta.";
    calendar_day_open: "Se trabaja", "Worked", "Dzień pracujący";
    calendar_day_closed: "Cerrado", "Closed", "Dzień wolny";
    calendar_day_kind: "Tipo de día", "Kind of day", "Rodzaj dnia";
    calendar_day_label: "Día", "Day", "Dzień";
    calendar_note: "Nota", "Note", "Uwaga";
    calendar_add_day: "Añadir día", "Add day", "Dodaj dzień";
    calendar_new: "Nuevo calendario", "New calendar", "Nowy kalendarz";
    calendar_code: "Código", "Code", "Kod";
    calendar_name: "Nombre", "Name", "Nazwa";
    calendar_country: "Festivos de", "Holidays of", "Święta kraju";
    calendar_no_country: "Sin festivos nacionales", "No national holidays", "Bez świąt krajowych";
    calendar_time_zone: "Zona horaria", "Time zone", "Strefa czasowa";
    calendar_opening: "Apertura", "Opening", "Otwarcie";
    calendar_closing: "Cierre", "Closing", "Zamknięcie";
    calendar_create: "Crear calendario", "Create calendar", "Utwórz kalendarz";
    qualify_title: "Calificación del caso", "Qualification of the case", "Kwalifikacja sprawy";
    qualify: "Calificar", "Qualify", "Zakwalifikuj";
    qualification: "Calificación", "Qualification", "Kwalifikacja";
    cause: "Causa", "Cause", "Przyczyna";
    severity: "Gravedad", "Severity", "Istotność";
    ev_case_qualified: "Caso calificado", "Case qualified", "Sprawę zakwalifikowano";
    reassign_to: "Nuevo gestor", "New manager", "Nowy opiekun";
    reason: "Motivo", "Reason", "Powód";
    ev_case_started: "Gestión iniciada", "Handling started", "Rozpoczęto obsługę";
    ev_case_closure_requested: "Enviado a cierre", "Sent for closure", "Przekazano do zamknięcia";
    ev_case_closed: "Caso cerrado", "Case closed", "Sprawa zamknięta";
    ev_case_returned: "Devuelto al gestor", "Returned to the manager", "Zwrócono opiekunowi";
    ev_case_reopened: "Caso reabierto", "Case reopened", "Sprawa ponownie otwarta";
    ev_case_reassigned: "Caso reasignado", "Case reassigned", "Sprawę przekazano";
    no_route: "Nadie lo recibiría todavía: elija tipo y grupo o configure un gestor de respaldo.", "Nobody would receive it yet: choose type and group or set a fallback manager.", "Nikt by jej jeszcze nie otrzymał: wybierz typ i grupę lub ustaw opiekuna zastępczego.";
    draft_title: "Completar el borrador", "Complete the draft", "Uzupełnij szkic";
    draft_help: "El borrador sólo lo ve el personal. Al abrirlo se entrega al gestor indicado.", "Only staff see a draft. Opening it hands it to the manager shown.", "Szkic widzą tylko pracownicy. Otwarcie przekazuje go wskazanemu opiekunowi.";
    save_draft: "Guardar borrador", "Save draft", "Zapisz szkic";
    open_draft: "Abrir el caso", "Open the case", "Otwórz sprawę";
    draft_saved: "Borrador guardado.", "Draft saved.", "Szkic zapisany.";
    notes: "Notas internas", "Internal notes", "Notatki wewnętrzne";
    case_details: "Datos del caso", "Case details", "Dane sprawy";
    required_documents: "Documentos requeridos", "Required documents", "Wymagane dokumenty";
    doc_present: "Presente", "Present", "Dołączony";
    doc_requested: "Pedido al cliente", "Asked of the customer", "Wysłano prośbę do klienta";
    doc_missing: "Falta", "Missing", "Brak";
    request_from_customer: "Pedir al cliente", "Ask the customer", "Poproś klienta";
    requests_title: "Documentos que le pedimos", "Documents we asked you for", "Dokumenty, o które prosimy";
    send_document: "Enviar documento", "Send document", "Wyślij dokument";
    document_sent: "Enviado", "Sent", "Wysłano";
    ack_draft: "Borrador creado con el número", "Draft created with number", "Utworzono szkic o numerze";
    complete_draft: "Completar el borrador", "Complete the draft", "Uzupełnij szkic";
    yes: "Sí", "Yes", "Tak";
    no: "No", "No", "Nie";
    assigned_to_me: "Asignados a mí", "Assigned to me", "Przypisane do mnie";
    form_and_documents: "Formulario y documentos", "Form and documents", "Formularz i dokumenty";
    extra_fields: "Campos adicionales", "Extra fields", "Pola dodatkowe";
    field_label: "Etiqueta", "Label", "Etykieta";
    field_kind: "Clase de dato", "Kind of value", "Rodzaj wartości";
    required_mark: "Obligatorio", "Required", "Wymagane";
    help_text: "Ayuda", "Help", "Pomoc";
    options_label: "Opciones (una por línea)", "Options (one per line)", "Opcje (po jednej w wierszu)";
    currency: "Moneda (ISO, p. ej. COP)", "Currency (ISO, e.g. COP)", "Waluta (ISO, np. PLN)";
    add_field: "Añadir campo", "Add field", "Dodaj pole";
    add_document: "Añadir documento", "Add document", "Dodaj dokument";
    routing_title: "Asignación de casos", "Case hand-over", "Przekazywanie spraw";
    initiators: "Quién puede iniciar casos", "Who may start cases", "Kto może rozpoczynać sprawy";
    closer: "Quién cierra los casos", "Who closes cases", "Kto zamyka sprawy";
    fallback_manager: "Gestor de respaldo", "Fallback manager", "Opiekun zastępczy";
    routing_table: "Tabla tipo × grupo → gestor", "Type × group → manager table", "Tabela typ × grupa → opiekun";
    save: "Guardar", "Save", "Zapisz";
    saved: "Guardado.", "Saved.", "Zapisano.";
    remove: "Quitar", "Remove", "Usuń";
    set_rule: "Asignar", "Assign", "Przypisz";
    fk_text: "Texto", "Text", "Tekst";
    fk_long_text: "Texto largo", "Long text", "Długi tekst";
    fk_number: "Número", "Number", "Liczba";
    fk_money: "Importe", "Amount of money", "Kwota";
    fk_date: "Fecha", "Date", "Data";
    fk_single_choice: "Una opción", "Single choice", "Jedna opcja";
    fk_multi_choice: "Varias opciones", "Multiple choice", "Wiele opcji";
    fk_yes_no: "Sí / no", "Yes / no", "Tak / nie";
    ev_case_opened: "Caso abierto", "Case opened", "Sprawa otwarta";
    ev_draft_saved: "Borrador actualizado", "Draft updated", "Zaktualizowano szkic";
    ev_note_added: "Nota", "Note", "Notatka";
    ev_document_requested: "Documento pedido", "Document requested", "Poproszono o dokument";
    ev_document_provided: "Documento recibido", "Document received", "Otrzymano dokument";
    ev_case_routed: "Caso asignado", "Case assigned", "Sprawa przypisana";
    ev_link_added: "Objeto vinculado", "Object linked", "Powiązano obiekt";
    ev_case_filed: "Caso presentado", "Case filed", "Sprawa zgłoszona";
    ev_attachment_added: "Adjunto añadido", "Attachment added", "Dodano załącznik";
    ev_customer_created: "Cliente registrado", "Customer registered", "Zarejestrowano klienta";
    st_draft: "Borrador", "Draft", "Szkic";
    st_open: "Abierto", "Open", "Otwarta";
    st_in_progress: "En gestión", "In progress", "W toku";
    st_pending_closure: "Pendiente de cierre", "Pending closure", "Do zamknięcia";
    st_closed: "Cerrado", "Closed", "Zamknięta";
    ch_web: "Portal web", "Web portal", "Portal WWW";
    ch_phone: "Teléfono", "Phone", "Telefon";
    ch_email: "Correo electrónico", "E-mail", "E-mail";
    ch_chat: "Chat", "Chat", "Czat";
    ch_whatsapp: "WhatsApp", "WhatsApp", "WhatsApp";
    ch_social_media: "Redes sociales", "Social media", "Media społecznościowe";
    ch_in_person: "Presencial", "In person", "Osobiście";
    ch_letter: "Carta", "Letter", "List";
    ch_regulator: "Entidad de control", "Regulator", "Organ nadzoru";
    dc_complaint: "Queja", "Complaint", "Skarga";
    dc_claim: "Reclamo", "Claim", "Reklamacja";
    dc_request: "Petición", "Request", "Wniosek";
    dc_incident: "Incidencia", "Incident", "Incydent";
    dc_question: "Consulta", "Question", "Pytanie";
    ro_customer: "Cliente", "Customer", "Klient";
    ro_agent: "Agente", "Agent", "Konsultant";
    ro_manager: "Gestor", "Case manager", "Opiekun sprawy";
    ro_supervisor: "Supervisor", "Supervisor", "Przełożony";
    ro_admin: "Administrador", "Administrator", "Administrator";
    fe_required: "Este campo es obligatorio.", "This field is required.", "To pole jest wymagane.";
    fe_too_short: "Demasiado corto; mínimo de caracteres:", "Too short; minimum characters:", "Za krótkie; minimalna liczba znaków:";
    fe_too_long: "Demasiado largo; máximo de caracteres:", "Too long; maximum characters:", "Za długie; maksymalna liczba znaków:";
    fe_invalid: "El valor no es válido.", "This value is not valid.", "Nieprawidłowa wartość.";
    fe_email_taken: "Ya existe una cuenta con este correo.", "An account with this e-mail already exists.", "Konto z tym adresem e-mail już istnieje.";
    fe_taken: "Ya existe uno con este nombre.", "One with this name already exists.", "Już istnieje element o tej nazwie.";
    fe_wrong_credentials: "Correo o contraseña incorrectos.", "Wrong e-mail or password.", "Nieprawidłowy e-mail lub hasło.";
    fe_file_too_large: "El archivo supera el tamaño máximo (MB):", "The file is larger than the limit (MB):", "Plik przekracza limit (MB):";
    fe_file_type: "Tipo de archivo no admitido: use fotos, PDF o documentos de Office.", "File type not allowed: use photos, PDF or Office documents.", "Niedozwolony typ pliku: użyj zdjęć, PDF lub dokumentów Office.";
    fe_too_many_files: "Demasiados archivos; máximo:", "Too many files; maximum:", "Za dużo plików; maksymalnie:";
    fe_not_a_number: "Escriba un número, por ejemplo 1500 o 12,50.", "Enter a number, for example 1500 or 12.50.", "Wpisz liczbę, na przykład 1500 lub 12,50.";
    fe_not_a_date: "Escriba una fecha válida (AAAA-MM-DD).", "Enter a valid date (YYYY-MM-DD).", "Wpisz poprawną datę (RRRR-MM-DD).";
    fe_not_a_choice: "Elija una de las opciones.", "Choose one of the options.", "Wybierz jedną z opcji.";
    fe_document_missing: "Falta este documento: adjúntelo o pídalo al cliente.", "This document is missing: attach it or ask the customer for it.", "Brakuje tego dokumentu: dołącz go lub poproś o niego klienta.";
    fe_no_manager: "Ninguna regla asigna un gestor y la carpeta no tiene gestor de respaldo.", "No rule assigns a manager and the folder has no fallback manager.", "Żadna reguła nie przypisuje opiekuna, a teczka nie ma opiekuna zastępczego.";
    // tasks, consultations, my work
    ro_employee: "Empleado", "Employee", "Pracownik";
    tasks_title: "Tareas", "Tasks", "Zadania";
    task_new: "Nueva tarea", "New task", "Nowe zadanie";
    task_title: "Título de la tarea", "Task title", "Tytuł zadania";
    task_instructions: "Instrucciones", "Instructions", "Instrukcje";
    task_assignee: "Responsable", "Assignee", "Wykonawca";
    task_planned_day: "Fecha planificada", "Planned date", "Planowana data";
    task_max_day: "Fecha máxima", "Maximum date", "Termin ostateczny";
    task_assign: "Asignar la tarea", "Assign the task", "Przydziel zadanie";
    task_assigned_by: "Asignada por", "Assigned by", "Przydzielone przez";
    task_overdue: "Vencida", "Overdue", "Po terminie";
    task_returned: "Devuelta", "Returned", "Zwrócone";
    task_submit_note: "Lo que se hizo", "What was done", "Co zostało zrobione";
    task_return_note: "Qué falta", "What is missing", "Czego brakuje";
    task_files: "Archivos", "Files", "Pliki";
    tasks_empty: "Este caso no tiene tareas.", "This case has no tasks.", "Ta sprawa nie ma zadań.";
    ts_pending: "Pendiente", "Pending", "Oczekuje";
    ts_in_progress: "En curso", "In progress", "W toku";
    ts_pending_acceptance: "Pendiente de aceptación", "Pending acceptance", "Do akceptacji";
    ts_accepted: "Aceptada", "Accepted", "Zaakceptowane";
    tk_start: "Empezar", "Start", "Rozpocznij";
    tk_submit: "Enviar a aceptación", "Send for acceptance", "Wyślij do akceptacji";
    tk_accept: "Aceptar", "Accept", "Zaakceptuj";
    tk_return: "Devolver", "Return", "Zwróć";
    consult_title: "Consultas", "Consultations", "Konsultacje";
    consult_with: "Consultar a", "Consult", "Skonsultuj z";
    consult_question: "Pregunta", "Question", "Pytanie";
    consult_submit: "Enviar la consulta", "Send the question", "Wyślij pytanie";
    consult_answer: "Respuesta", "Answer", "Odpowiedź";
    consult_answer_submit: "Responder", "Answer", "Odpowiedz";
    consult_waiting: "Sin respuesta todavía", "Not answered yet", "Jeszcze bez odpowiedzi";
    my_work_title: "Mi trabajo", "My work", "Moja praca";
    work_cases: "Casos a mi cargo", "Cases I manage", "Moje sprawy";
    work_tasks: "Mis tareas", "My tasks", "Moje zadania";
    work_to_accept: "Tareas por aceptar", "Tasks to accept", "Zadania do akceptacji";
    work_consultations: "Consultas recibidas", "Questions for me", "Pytania do mnie";
    work_to_close: "Casos por cerrar", "Cases to close", "Sprawy do zamknięcia";
    work_empty: "Nada pendiente.", "Nothing waiting.", "Nic nie czeka.";
    work_due: "Vence", "Due", "Termin";
    work_from: "De", "From", "Od";
    work_escalated: "Casos escalados", "Escalated cases", "Sprawy eskalowane";
    work_tasks_done: "Todas las tareas aceptadas", "All tasks accepted", "Wszystkie zadania zaakceptowane";
    ev_task_assigned: "Tarea asignada", "Task assigned", "Przydzielono zadanie";
    ev_task_started: "Tarea empezada", "Task started", "Rozpoczęto zadanie";
    ev_task_submitted: "Tarea enviada a aceptación", "Task sent for acceptance", "Zadanie wysłane do akceptacji";
    ev_task_accepted: "Tarea aceptada", "Task accepted", "Zadanie zaakceptowane";
    ev_task_returned: "Tarea devuelta", "Task returned", "Zadanie zwrócone";
    ev_tasks_all_accepted: "Todas las tareas aceptadas", "All tasks accepted", "Wszystkie zadania zaakceptowane";
    ev_consultation_asked: "Consulta enviada", "Question sent", "Wysłano pytanie";
    ev_consultation_answered: "Consulta respondida", "Question answered", "Udzielono odpowiedzi";
    // routing engine
    rr_customer_tier: "según el nivel del cliente", "by the customer's tier", "według poziomu klienta";
    rr_sla_class: "según la clase de SLA del cliente", "by the customer's SLA class", "według klasy SLA klienta";
    tier_standard: "estándar", "standard", "standardowy";
    tier_vip: "VIP", "VIP", "VIP";
    route_least_work: "el de menos trabajo abierto entre", "least open work among", "najmniej otwartej pracy spośród";
    routing_pools: "Reglas por nivel del cliente y clase de SLA", "Customer tier and SLA class rules", "Reguły według poziomu klienta i klasy SLA";
    routing_pools_help: "Cuando la tabla no cubre el caso se mira, en este orden, el nivel del cliente y luego su clase de SLA; si nada coincide, lo recibe el gestor de respaldo. Entre varios candidatos lo recibe quien tenga menos trabajo abierto.", "When the table does not cover a case, the customer's tier is looked at, then their SLA class; when nothing matches, the fallback manager gets it. Among several candidates, the one with the least open work gets it.", "Gdy tabela nie obejmuje sprawy, brany jest pod uwagę poziom klienta, potem jego klasa SLA; gdy nic nie pasuje, sprawę otrzymuje opiekun zastępczy. Spośród kilku kandydatów otrzymuje ją ten, kto ma najmniej otwartej pracy.";
    rule_kind: "Regla", "Rule", "Reguła";
    rule_value: "Nivel o clase", "Tier or class", "Poziom lub klasa";
    customer_tier: "Nivel del cliente", "Customer tier", "Poziom klienta";
    sla_class: "Clase de SLA o contrato", "SLA or contract class", "Klasa SLA lub umowy";
    candidates: "Candidatos", "Candidates", "Kandydaci";
    add_candidate: "Añadir candidato", "Add candidate", "Dodaj kandydata";
    work_weights: "Cómo se mide el trabajo abierto", "How open work is weighed", "Jak liczona jest otwarta praca";
    case_weight: "Peso de cada caso abierto", "Weight of each open case", "Waga każdej otwartej sprawy";
    task_weight: "Peso de cada tarea abierta", "Weight of each open task", "Waga każdego otwartego zadania";
    customer_terms: "Nivel y SLA de los clientes", "Customers' tier and SLA class", "Poziom i SLA klientów";
    customer_terms_help: "Valen en todas las carpetas. Deje la clase vacía para quitarla.", "They apply in every folder. Leave the class empty to remove it.", "Obowiązują we wszystkich teczkach. Zostaw klasę pustą, aby ją usunąć.";
    set_terms: "Guardar nivel y SLA", "Save tier and SLA", "Zapisz poziom i SLA";
    no_sla_class: "sin clase de SLA", "no SLA class", "bez klasy SLA";
    // live desk
    live_on: "En vivo", "Live", "Na żywo";
    live_hint: "La lista se actualiza sola cuando cambian sus casos.", "The list updates by itself when your cases change.", "Lista odświeża się sama, gdy zmieniają się Twoje sprawy.";
    // notifications
    messages_title: "Mensajes sobre el caso", "Messages about this case", "Wiadomości w sprawie";
    message_recipient: "Destinatario", "Recipient", "Odbiorca";
    message_status: "Estado", "Status", "Status";
    message_attempts: "Intentos", "Attempts", "Próby";
    message_pending: "Pendiente", "Pending", "Oczekuje";
    message_sent: "Enviado", "Sent", "Wysłano";
    message_failed: "Fallido", "Failed", "Nieudane";
    prefs_title: "Cómo le avisamos", "How we tell you", "Jak Cię powiadamiamy";
    prefs_intro: "Le escribimos cuando hay novedades en sus casos o en su trabajo.", "We write to you when there is news about your cases or your work.", "Piszemy do Ciebie, gdy pojawiają się nowości w Twoich sprawach lub Twojej pracy.";
    notify_by: "Avisarme", "Tell me", "Powiadamiaj mnie";
    notify_email: "Por correo electrónico", "By e-mail", "E-mailem";
    notify_sms: "Por SMS", "By text message (SMS)", "SMS-em";
    notify_both: "Por correo electrónico y por SMS", "By e-mail and text message", "E-mailem i SMS-em";
    mobile_phone: "Teléfono móvil, con el prefijo del país (p. ej. +57 300 123 4567)", "Mobile phone, with the country code (e.g. +44 7700 900123)", "Telefon komórkowy z kodem kraju (np. +48 600 123 456)";
    fe_unknown_placeholder: "Este mensaje no tiene el marcador", "This message has no placeholder", "Ta wiadomość nie ma znacznika";
    fe_malformed_placeholder: "Un marcador está mal escrito: use {{nombre}} con letras minúsculas.", "A placeholder is malformed: write {{name}} in lower-case letters.", "Znacznik jest źle zapisany: użyj {{nazwa}} małymi literami.";
    fe_phone_needed_for_sms: "Para recibir SMS, escriba su número de móvil.", "To get text messages, enter your mobile number.", "Aby otrzymywać SMS-y, wpisz numer telefonu komórkowego.";
    fe_not_a_phone: "Escriba el número con + y el prefijo del país, p. ej. +57 300 123 4567.", "Enter the number with + and the country code, e.g. +44 7700 900123.", "Wpisz numer z + i kodem kraju, np. +48 600 123 456.";
    nav_messages: "Mensajes y plantillas", "Messages and templates", "Wiadomości i szablony";
    msg_templates_title: "Mensajes que enviamos", "Messages we send", "Wysyłane wiadomości";
    msg_templates_intro: "Cada evento tiene un mensaje por idioma. Cambie el texto aquí; los marcadores como {{number}} se rellenan al enviar.", "Each event has one message per language. Change the text here; placeholders such as {{number}} are filled in when it is sent.", "Każde zdarzenie ma jedną wiadomość w każdym języku. Zmień tu treść; znaczniki, np. {{number}}, są uzupełniane przy wysyłce.";
    msg_event: "Evento", "Event", "Zdarzenie";
    msg_audience: "Para", "For", "Dla";
    msg_for_customer: "Cliente", "Customer", "Klient";
    msg_for_staff: "Personal", "Staff", "Pracownicy";
    msg_customised: "Modificado", "Changed", "Zmieniony";
    msg_default: "Por defecto", "Default", "Domyślny";
    msg_edit: "Editar", "Edit", "Edytuj";
    msg_placeholders: "Marcadores disponibles", "Placeholders you can use", "Dostępne znaczniki";
    msg_text_part: "Texto sin formato", "Plain text", "Zwykły tekst";
    msg_html_part: "HTML", "HTML", "HTML";
    msg_html_hint: "Los valores se escapan en el HTML; escriba solo el contenido del cuerpo.", "Values are escaped in the HTML; write the body's content only.", "Wartości są w HTML zabezpieczane; wpisz tylko zawartość treści.";
    msg_reset: "Volver al texto por defecto", "Back to the default", "Przywróć domyślny";
    msg_channels_title: "Canales por evento y rol", "Channels per event and role", "Kanały według zdarzenia i roli";
    msg_channels_intro: "Por defecto cada persona recibe los mensajes como lo eligió (correo, SMS o ambos). Aquí puede decidirlo para todo un rol.", "By default everyone gets messages the way they chose (e-mail, SMS or both). Here you can decide it for a whole role.", "Domyślnie każdy otrzymuje wiadomości tak, jak wybrał (e-mail, SMS lub oba). Tutaj możesz zdecydować za całą rolę.";
    rule_choice: "Lo que elija cada persona", "Each person's choice", "Wybór każdej osoby";
    rule_off: "No enviar", "Do not send", "Nie wysyłaj";
    msg_ev_case_acknowledged: "Caso registrado (acuse de recibo)", "Case registered (acknowledgement)", "Sprawa zarejestrowana (potwierdzenie)";
    msg_ev_case_state_changed: "Cambio de estado del caso", "Case state changed", "Zmiana statusu sprawy";
    msg_ev_case_assigned: "Caso nuevo en el escritorio del gestor", "New case on the manager's desk", "Nowa sprawa na biurku opiekuna";
    msg_ev_case_escalated: "Caso escalado (a supervisores)", "Case escalated (to supervisors)", "Sprawa eskalowana (do przełożonych)";
    msg_ev_task_assigned: "Tarea asignada", "Task assigned", "Zadanie przydzielone";
}

impl Texts {
    pub fn state(&self, s: CaseState) -> &'static str {
        match s {
            CaseState::Draft => self.st_draft,
            CaseState::Open => self.st_open,
            CaseState::InProgress => self.st_in_progress,
            CaseState::PendingClosure => self.st_pending_closure,
            CaseState::Closed => self.st_closed,
        }
    }

    pub fn channel(&self, c: Channel) -> &'static str {
        match c {
            Channel::Web => self.ch_web,
            Channel::Phone => self.ch_phone,
            Channel::Email => self.ch_email,
            Channel::Chat => self.ch_chat,
            Channel::WhatsApp => self.ch_whatsapp,
            Channel::SocialMedia => self.ch_social_media,
            Channel::InPerson => self.ch_in_person,
            Channel::Letter => self.ch_letter,
            Channel::Regulator => self.ch_regulator,
        }
    }

    pub fn class(&self, c: DocumentClass) -> &'static str {
        match c {
            DocumentClass::Complaint => self.dc_complaint,
            DocumentClass::Claim => self.dc_claim,
            DocumentClass::Request => self.dc_request,
            DocumentClass::Incident => self.dc_incident,
            DocumentClass::Question => self.dc_question,
        }
    }

    pub fn catalog(&self, k: CatalogKind) -> &'static str {
        match k {
            CatalogKind::Qualification => self.ck_qualification,
            CatalogKind::Cause => self.ck_cause,
            CatalogKind::Severity => self.ck_severity,
            CatalogKind::Priority => self.ck_priority,
            CatalogKind::CaseType => self.ck_case_type,
            CatalogKind::CaseGroup => self.ck_case_group,
            CatalogKind::Category => self.ck_category,
            CatalogKind::Area => self.ck_area,
        }
    }

    pub fn binding(&self, b: Binding) -> &'static str {
        match b {
            Binding::Customers => self.bd_customers,
            Binding::Partners => self.bd_partners,
            Binding::OwnStores => self.bd_own_stores,
            Binding::Distributors => self.bd_distributors,
        }
    }

    pub fn coverage(&self, c: Coverage) -> &'static str {
        match c {
            Coverage::Covered => self.cov_covered,
            Coverage::NotCovered => self.cov_not_covered,
            Coverage::Unknown => self.cov_unknown,
        }
    }

    pub fn row_problem(&self, p: &RowProblem) -> String {
        match p {
            RowProblem::MissingIdentifier => self.rp_missing_identifier.to_string(),
            RowProblem::BadDate { column } => format!("{} {column}", self.rp_bad_date),
            RowProblem::EndsBeforeItStarts => self.rp_ends_before.to_string(),
            RowProblem::WrongColumnCount { .. } => self.rp_wrong_columns.to_string(),
        }
    }

    pub fn link_kind(&self, k: LinkKind) -> &'static str {
        match k {
            LinkKind::Order => self.lk_order,
            LinkKind::Transaction => self.lk_transaction,
            LinkKind::Invoice => self.lk_invoice,
            LinkKind::Policy => self.lk_policy,
            LinkKind::CollectionAction => self.lk_collection_action,
        }
    }

    pub fn role(&self, r: Role) -> &'static str {
        match r {
            Role::Customer => self.ro_customer,
            Role::Employee => self.ro_employee,
            Role::Agent => self.ro_agent,
            Role::Manager => self.ro_manager,
            Role::Supervisor => self.ro_supervisor,
            Role::Admin => self.ro_admin,
        }
    }

    pub fn field_kind(&self, k: FieldKind) -> &'static str {
        match k {
            FieldKind::Text => self.fk_text,
            FieldKind::LongText => self.fk_long_text,
            FieldKind::Number => self.fk_number,
            FieldKind::Money => self.fk_money,
            FieldKind::Date => self.fk_date,
            FieldKind::SingleChoice => self.fk_single_choice,
            FieldKind::MultiChoice => self.fk_multi_choice,
            FieldKind::YesNo => self.fk_yes_no,
        }
    }

    pub fn satisfaction_level(&self, n: u8) -> &'static str {
        match n {
            1 => self.sat_1,
            2 => self.sat_2,
            3 => self.sat_3,
            4 => self.sat_4,
            _ => self.sat_5,
        }
    }

    pub fn case_step(&self, s: CaseStep) -> &'static str {
        match s {
            CaseStep::Open => self.cs_open,
            CaseStep::Start => self.cs_start,
            CaseStep::RequestClosure => self.cs_request_closure,
            CaseStep::Close => self.cs_close,
            CaseStep::ReturnToManager => self.cs_return_to_manager,
            CaseStep::Reopen => self.cs_reopen,
        }
    }

    pub fn task_state(&self, s: TaskState) -> &'static str {
        match s {
            TaskState::Pending => self.ts_pending,
            TaskState::InProgress => self.ts_in_progress,
            TaskState::PendingAcceptance => self.ts_pending_acceptance,
            TaskState::Accepted => self.ts_accepted,
        }
    }

    pub fn task_step(&self, s: TaskStep) -> &'static str {
        match s {
            TaskStep::Start => self.tk_start,
            TaskStep::Submit => self.tk_submit,
            TaskStep::Accept => self.tk_accept,
            TaskStep::Return => self.tk_return,
        }
    }

    pub fn route_reason(&self, r: RouteReason) -> &'static str {
        match r {
            RouteReason::TypeGroup => self.rr_type_group,
            RouteReason::Fallback => self.rr_fallback,
            RouteReason::Reassigned => self.rr_reassigned,
            RouteReason::CustomerTier => self.rr_customer_tier,
            RouteReason::SlaClass => self.rr_sla_class,
        }
    }

    pub fn tier(&self, t: CustomerTier) -> &'static str {
        match t {
            CustomerTier::Standard => self.tier_standard,
            CustomerTier::Vip => self.tier_vip,
        }
    }

    /// Why a case went to its manager, in full: the reason, the tier or class the rule matched,
    /// and, when a pool offered several people, that the least loaded was chosen.
    pub fn route_explained(&self, r: RouteReason, detail: Option<&RouteDetail>) -> String {
        let mut text = self.route_reason(r).to_string();
        // A case handed over by hand keeps the detail of its first routing; it no longer explains.
        let pooled = matches!(r, RouteReason::CustomerTier | RouteReason::SlaClass);
        let Some(d) = detail.filter(|_| pooled) else {
            return text;
        };
        if let Some(m) = &d.matched {
            let shown = match (r, m.parse::<CustomerTier>()) {
                (RouteReason::CustomerTier, Ok(t)) => self.tier(t),
                _ => m.as_str(),
            };
            text = format!("{text} {shown}");
        }
        if d.candidates > 1 {
            text = format!("{text} · {} {}", self.route_least_work, d.candidates);
        }
        text
    }

    pub fn document_status(&self, s: DocumentStatus) -> &'static str {
        match s {
            DocumentStatus::Present => self.doc_present,
            DocumentStatus::Requested => self.doc_requested,
            DocumentStatus::Missing => self.doc_missing,
        }
    }

    /// A stored extra value for reading: yes/no translated, the rest as stored.
    pub fn field_value(&self, kind: Option<FieldKind>, display: &str) -> String {
        match (kind, display) {
            (Some(FieldKind::YesNo), "yes") => self.yes.to_string(),
            (Some(FieldKind::YesNo), "no") => self.no.to_string(),
            _ => display.to_string(),
        }
    }

    pub fn standing(&self, s: DeadlineStanding) -> &'static str {
        match s {
            DeadlineStanding::OnTime => self.st_on_time,
            DeadlineStanding::AtRisk => self.st_at_risk,
            DeadlineStanding::Overdue => self.st_overdue,
            DeadlineStanding::Paused => self.st_paused,
            DeadlineStanding::AnsweredInTime => self.st_answered_in_time,
            DeadlineStanding::AnsweredLate => self.st_answered_late,
        }
    }

    pub fn unit(&self, u: TermUnit) -> &'static str {
        match u {
            TermUnit::BusinessDays => self.unit_business_days,
            TermUnit::BusinessHours => self.unit_business_hours,
            TermUnit::Hours => self.unit_hours,
            TermUnit::CalendarDays => self.unit_calendar_days,
        }
    }

    /// The name of an event that sends a message; the code itself for one added without a name.
    pub fn message_event(&self, code: &str) -> String {
        match code {
            "case_acknowledged" => self.msg_ev_case_acknowledged.to_string(),
            "case_state_changed" => self.msg_ev_case_state_changed.to_string(),
            "case_assigned" => self.msg_ev_case_assigned.to_string(),
            "case_escalated" => self.msg_ev_case_escalated.to_string(),
            "task_assigned" => self.msg_ev_task_assigned.to_string(),
            "task_submitted" => self.msg_ev_task_submitted.to_string(),
            "case_at_risk" => self.ev_case_at_risk.to_string(),
            "case_overdue" => self.ev_case_overdue.to_string(),
            "tasks_overdue_reminder" => self.msg_ev_tasks_overdue_reminder.to_string(),
            other => other.replace('_', " "),
        }
    }

    pub fn channel_rule(&self, rule: crate::domain::messages::ChannelRule) -> &'static str {
        use crate::domain::messages::ChannelRule;
        match rule {
            ChannelRule::Choice => self.rule_choice,
            ChannelRule::Off => self.rule_off,
            ChannelRule::Email => self.notify_email,
            ChannelRule::Sms => self.notify_sms,
            ChannelRule::Both => self.notify_both,
        }
    }

    pub fn notify_by(&self, by: crate::domain::messages::NotifyBy) -> &'static str {
        use crate::domain::messages::NotifyBy;
        match by {
            NotifyBy::Email => self.notify_email,
            NotifyBy::Sms => self.notify_sms,
            NotifyBy::Both => self.notify_both,
        }
    }

    /// The name of a timeline action code.
    pub fn event(&self, action: &str) -> String {
        match action {
            "case_filed" => self.ev_case_filed.to_string(),
            "attachment_added" => self.ev_attachment_added.to_string(),
            "customer_created" => self.ev_customer_created.to_string(),
            "link_added" => self.ev_link_added.to_string(),
            "case_opened" => self.ev_case_opened.to_string(),
            "draft_saved" => self.ev_draft_saved.to_string(),
            "note_added" => self.ev_note_added.to_string(),
            "document_requested" => self.ev_document_requested.to_string(),
            "document_provided" => self.ev_document_provided.to_string(),
            "case_routed" => self.ev_case_routed.to_string(),
            "case_started" => self.ev_case_started.to_string(),
            "case_closure_requested" => self.ev_case_closure_requested.to_string(),
            "case_closed" => self.ev_case_closed.to_string(),
            "case_returned" => self.ev_case_returned.to_string(),
            "case_reopened" => self.ev_case_reopened.to_string(),
            "case_reassigned" => self.ev_case_reassigned.to_string(),
            "case_qualified" => self.ev_case_qualified.to_string(),
            "case_escalated" => self.ev_case_escalated.to_string(),
            "deadlines_set" => self.ev_deadlines_set.to_string(),
            "first_response_recorded" => self.ev_first_response_recorded.to_string(),
            "case_at_risk" => self.ev_case_at_risk.to_string(),
            "case_overdue" => self.ev_case_overdue.to_string(),
            "deadline_paused" => self.ev_deadline_paused.to_string(),
            "deadline_resumed" => self.ev_deadline_resumed.to_string(),
            "deadline_extended" => self.ev_deadline_extended.to_string(),
            "task_assigned" => self.ev_task_assigned.to_string(),
            "task_started" => self.ev_task_started.to_string(),
            "task_submitted" => self.ev_task_submitted.to_string(),
            "task_accepted" => self.ev_task_accepted.to_string(),
            "task_returned" => self.ev_task_returned.to_string(),
            "tasks_all_accepted" => self.ev_tasks_all_accepted.to_string(),
            "consultation_asked" => self.ev_consultation_asked.to_string(),
            "consultation_answered" => self.ev_consultation_answered.to_string(),
            other => other.replace('_', " "),
        }
    }

    pub fn problem(&self, p: &FieldProblem) -> String {
        match p {
            FieldProblem::Required => self.fe_required.to_string(),
            FieldProblem::TooShort { min } => format!("{} {min}", self.fe_too_short),
            FieldProblem::TooLong { max } => format!("{} {max}", self.fe_too_long),
            FieldProblem::Invalid => self.fe_invalid.to_string(),
            FieldProblem::EmailTaken => self.fe_email_taken.to_string(),
            FieldProblem::Taken => self.fe_taken.to_string(),
            FieldProblem::WrongCredentials => self.fe_wrong_credentials.to_string(),
            FieldProblem::FileTooLarge { max_bytes } => {
                format!("{} {}", self.fe_file_too_large, max_bytes / (1024 * 1024))
            }
            FieldProblem::FileTypeNotAllowed => self.fe_file_type.to_string(),
            FieldProblem::TooManyFiles { max } => format!("{} {max}", self.fe_too_many_files),
            FieldProblem::NotANumber => self.fe_not_a_number.to_string(),
            FieldProblem::NotADate => self.fe_not_a_date.to_string(),
            FieldProblem::NotAChoice => self.fe_not_a_choice.to_string(),
            FieldProblem::DocumentMissing => self.fe_document_missing.to_string(),
            FieldProblem::NoManager => self.fe_no_manager.to_string(),
            FieldProblem::UnknownPlaceholder { name } => {
                format!("{} {{{{{name}}}}}.", self.fe_unknown_placeholder)
            }
            FieldProblem::MalformedPlaceholder => self.fe_malformed_placeholder.to_string(),
            FieldProblem::PhoneNeededForSms => self.fe_phone_needed_for_sms.to_string(),
            FieldProblem::NotAPhone => self.fe_not_a_phone.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_language_we_speak() {
        assert_eq!(
            Locale::from_accept_language("pl-PL,pl;q=0.9,en;q=0.8"),
            Some(Locale::Pl)
        );
        assert_eq!(
            Locale::from_accept_language("de-DE,en-US;q=0.7,es;q=0.9"),
            Some(Locale::Es)
        );
        assert_eq!(Locale::from_accept_language("de,fr"), None);
        assert_eq!(Locale::from_accept_language(""), None);
    }

    #[test]
    fn every_locale_has_its_own_texts() {
        assert_eq!(Locale::Es.texts().nav_login, "Entrar");
        assert_eq!(Locale::En.texts().nav_login, "Log in");
        assert_eq!(Locale::Pl.texts().nav_login, "Zaloguj się");
    }
}
