//! What the messages say: one template per event and language, with a subject, a plain-text
//! part and an HTML part, written with `{{placeholder}}`s (`domain::messages::fill`).
//!
//! [`EVENTS`] is the one place an event's message is declared: its code, who reads it, the
//! placeholders it offers and its default subject and text in Spanish, English and Polish. The
//! default HTML part is made from the default text (paragraphs, the link as a link).
//! Administrators may override any of them (`message_templates`, edited at `/admin/messages`);
//! [`super::render`] picks the override when there is one.
//!
//! Adding an event, for example `case_at_risk` to supervisors:
//!
//! 1. an entry in [`EVENTS`]: `EventTemplate { event: "case_at_risk", audience: Audience::Staff,
//!    placeholders: &["number", "subject", "due", "link"], defaults: [(es subject, es text),
//!    (en ..), (pl ..)] }` (the unit test below checks every default against its placeholders);
//! 2. in the service, inside the change's transaction: `notify::tell(conn, Some(case_id),
//!    user_id, "case_at_risk", &|locale| vec![("number", ..), ("due", ..), ("link", ..)], now)`,
//!    which picks the channels (the administrators' rule for the person's role, else the
//!    person's own choice) and the administrators' version of the text;
//! 3. optionally its name in `i18n::Texts::message_event` for the admin screen.
//!
//! A function returning [`Rendered`] built with `format!` and queued with `notify::enqueue`
//! (the earlier pattern) still works, but is not editable by administrators and always goes
//! by e-mail; turning it into an entry is moving its texts into `defaults` with placeholders.

pub use crate::domain::messages::escape_html;
use crate::domain::messages::{fill, Part};
use crate::i18n::Locale;

/// A message ready to be queued: subject, plain text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

mod accounts;
pub use accounts::{ACCOUNT_CONFIRM_EMAIL, ACCOUNT_RESET_PASSWORD};
mod decisions;
pub use decisions::{DECISION_LETTER, DECISION_NEEDS_APPROVAL, DECISION_REJECTED};
mod info_requests;
pub use info_requests::{
    INFO_REQUEST_ANSWERED, INFO_REQUEST_RECEIVED, INFO_REQUEST_REMINDER, INFO_REQUEST_RETURNED,
};

/// Who reads an event's message. Customers choose e-mail, SMS or both; staff get e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Customer,
    Staff,
    /// An information request's recipient: an employee, or someone outside the company, who
    /// has no account and gets e-mail only.
    Recipient,
}

/// An event that sends a message, and its default template.
#[derive(Debug)]
pub struct EventTemplate {
    /// The stable code stored with each message (`outbox_messages.event`).
    pub event: &'static str,
    pub audience: Audience,
    /// The placeholders a template of this event may use. The sender gives a value for each.
    pub placeholders: &'static [&'static str],
    /// Subject and plain text in Spanish, English and Polish, the order of `Locale::ALL`.
    pub defaults: [(&'static str, &'static str); 3],
}

/// A template as administrators edit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub const CASE_ACKNOWLEDGED: &str = "case_acknowledged";
pub const TASK_ASSIGNED: &str = "task_assigned";
pub const TASK_SUBMITTED: &str = "task_submitted";
pub const CASE_STATE_CHANGED: &str = "case_state_changed";
pub const CASE_ESCALATED: &str = "case_escalated";
pub const CASE_ASSIGNED: &str = "case_assigned";
pub const CASE_AT_RISK: &str = "case_at_risk";
pub const CASE_OVERDUE: &str = "case_overdue";
pub const TASKS_OVERDUE_REMINDER: &str = "tasks_overdue_reminder";
pub const DOCUMENT_REQUESTED: &str = "document_requested";

/// Every event that sends a message.
pub const EVENTS: &[EventTemplate] = &[
    // SPEC A6: the customer hears that their case is registered, with its number. The
    // answer-by dates join this message with the deadlines.
    EventTemplate {
        event: CASE_ACKNOWLEDGED,
        audience: Audience::Customer,
        placeholders: &["number", "subject", "dates", "link"],
        defaults: [
            (
                "Hemos registrado su caso {{number}}",
                "Hola:\n\nHemos registrado su caso {{number}}: «{{subject}}». {{dates}}\n\n\
                 Puede seguirlo aquí:\n{{link}}\n\nTramita\n",
            ),
            (
                "We have registered your case {{number}}",
                "Hello,\n\nWe have registered your case {{number}}: \"{{subject}}\". {{dates}}\n\n\
                 You can follow it here:\n{{link}}\n\nTramita\n",
            ),
            (
                "Zarejestrowaliśmy Twoją sprawę {{number}}",
                "Dzień dobry,\n\nZarejestrowaliśmy Twoją sprawę {{number}}: „{{subject}}”. {{dates}}\n\n\
                 Możesz ją śledzić tutaj:\n{{link}}\n\nTramita\n",
            ),
        ],
    },
    // SPEC F1, customers: their case moved to a state the portal shows.
    EventTemplate {
        event: CASE_STATE_CHANGED,
        audience: Audience::Customer,
        placeholders: &["number", "subject", "state", "link"],
        defaults: [
            (
                "Su caso {{number}} está ahora: {{state}}",
                "Hola:\n\nSu caso {{number}} («{{subject}}») está ahora: {{state}}.\n\n\
                 Puede ver los detalles aquí:\n{{link}}\n\nTramita\n",
            ),
            (
                "Your case {{number}} is now: {{state}}",
                "Hello,\n\nYour case {{number}} (\"{{subject}}\") is now: {{state}}.\n\n\
                 You can see the details here:\n{{link}}\n\nTramita\n",
            ),
            (
                "Twoja sprawa {{number}} ma teraz status: {{state}}",
                "Dzień dobry,\n\nTwoja sprawa {{number}} („{{subject}}”) ma teraz status: \
                 {{state}}.\n\nSzczegóły znajdziesz tutaj:\n{{link}}\n\nTramita\n",
            ),
        ],
    },
    // SPEC A7, F1, D4: a required document is asked of the customer; `note` is what staff
    // wrote with the request (may be empty), `term` says whether the term stands still meanwhile.
    EventTemplate {
        event: DOCUMENT_REQUESTED,
        audience: Audience::Customer,
        placeholders: &["number", "subject", "document", "note", "term", "link"],
        defaults: [
            (
                "Necesitamos un documento para su caso {{number}}",
                "Hola:\n\nPara seguir con su caso {{number}} («{{subject}}») necesitamos este \
                 documento: {{document}}. {{note}}\n\n{{term}}\n\nPuede enviarlo desde su caso:\n\
                 {{link}}\n\nTramita\n",
            ),
            (
                "We need a document for your case {{number}}",
                "Hello,\n\nTo go on with your case {{number}} (\"{{subject}}\") we need this \
                 document: {{document}}. {{note}}\n\n{{term}}\n\nYou can send it from your case:\n\
                 {{link}}\n\nTramita\n",
            ),
            (
                "Potrzebujemy dokumentu do Twojej sprawy {{number}}",
                "Dzień dobry,\n\nAby kontynuować Twoją sprawę {{number}} („{{subject}}”), \
                 potrzebujemy dokumentu: {{document}}. {{note}}\n\n{{term}}\n\nMożesz go wysłać \
                 ze swojej sprawy:\n{{link}}\n\nTramita\n",
            ),
        ],
    },
    // SPEC F1, staff: new work on the employee's desk, a task given to them on a case.
    EventTemplate {
        event: TASK_ASSIGNED,
        audience: Audience::Staff,
        placeholders: &["number", "task", "max_day", "link"],
        defaults: [
            (
                "Nueva tarea en el caso {{number}}: {{task}}",
                "Le han asignado la tarea «{{task}}» del caso {{number}}.\n\
                 Fecha máxima: {{max_day}}.\n\nEstá en su escritorio y aquí:\n{{link}}\n\nTramita\n",
            ),
            (
                "New task on case {{number}}: {{task}}",
                "You have been given the task \"{{task}}\" on case {{number}}.\n\
                 Maximum date: {{max_day}}.\n\nIt is on your desk and here:\n{{link}}\n\nTramita\n",
            ),
            (
                "Nowe zadanie w sprawie {{number}}: {{task}}",
                "Przydzielono Ci zadanie „{{task}}” w sprawie {{number}}.\n\
                 Termin ostateczny: {{max_day}}.\n\nZnajdziesz je na swoim biurku i tutaj:\n\
                 {{link}}\n\nTramita\n",
            ),
        ],
    },
    // SPEC F1, staff: a case arrived on the manager's desk (routed or handed over).
    EventTemplate {
        event: CASE_ASSIGNED,
        audience: Audience::Staff,
        placeholders: &["number", "subject", "reason", "link"],
        defaults: [
            (
                "Nuevo caso en su escritorio: {{number}}",
                "El caso {{number}} («{{subject}}») está ahora a su cargo.\n\
                 Motivo: {{reason}}\n\nEstá en su escritorio y aquí:\n{{link}}\n\nTramita\n",
            ),
            (
                "New case on your desk: {{number}}",
                "Case {{number}} (\"{{subject}}\") is now yours to manage.\n\
                 Reason: {{reason}}\n\nIt is on your desk and here:\n{{link}}\n\nTramita\n",
            ),
            (
                "Nowa sprawa na Twoim biurku: {{number}}",
                "Sprawa {{number}} („{{subject}}”) została przekazana Tobie.\n\
                 Powód: {{reason}}\n\nZnajdziesz ją na swoim biurku i tutaj:\n{{link}}\n\n\
                 Tramita\n",
            ),
        ],
    },
    // SPEC C7, F1: a case was escalated; the supervisors are told.
    EventTemplate {
        event: CASE_ESCALATED,
        audience: Audience::Staff,
        placeholders: &["number", "subject", "level", "reason", "link"],
        defaults: [
            (
                "Caso escalado al nivel {{level}}: {{number}}",
                "El caso {{number}} («{{subject}}») se ha escalado al nivel {{level}}.\n\
                 Motivo: {{reason}}\n\nPuede verlo aquí:\n{{link}}\n\nTramita\n",
            ),
            (
                "Case escalated to level {{level}}: {{number}}",
                "Case {{number}} (\"{{subject}}\") has been escalated to level {{level}}.\n\
                 Reason: {{reason}}\n\nYou can see it here:\n{{link}}\n\nTramita\n",
            ),
            (
                "Sprawa eskalowana do poziomu {{level}}: {{number}}",
                "Sprawa {{number}} („{{subject}}”) została eskalowana do poziomu {{level}}.\n\
                 Powód: {{reason}}\n\nMożesz ją zobaczyć tutaj:\n{{link}}\n\nTramita\n",
            ),
        ],
    },
    // SPEC G2: the case has used its share of the term; `raised` says the new priority.
    EventTemplate {
        event: CASE_AT_RISK,
        audience: Audience::Staff,
        placeholders: &["number", "subject", "due", "raised", "link"],
        defaults: [
            (
                "Caso {{number}} en riesgo de vencer",
                "El caso {{number}} («{{subject}}») ha consumido buena parte de su plazo: vence el \
                 {{due}}.\n{{raised}}\n\nPuede verlo aquí:\n{{link}}\n\nTramita\n",
            ),
            (
                "Case {{number}} is at risk of missing its deadline",
                "Case {{number}} (\"{{subject}}\") has used most of its term: it is due {{due}}.\n\
                 {{raised}}\n\nYou can see it here:\n{{link}}\n\nTramita\n",
            ),
            (
                "Sprawa {{number}} zagrożona przekroczeniem terminu",
                "Sprawa {{number}} („{{subject}}”) wykorzystała większość terminu: upływa on \
                 {{due}}.\n{{raised}}\n\nMożesz ją zobaczyć tutaj:\n{{link}}\n\nTramita\n",
            ),
        ],
    },
    // SPEC G2: the deadline passed without an answer; the case went up one escalation level.
    EventTemplate {
        event: CASE_OVERDUE,
        audience: Audience::Staff,
        placeholders: &["number", "subject", "due", "level", "link"],
        defaults: [
            (
                "Caso {{number}} vencido y escalado",
                "El caso {{number}} («{{subject}}») venció el {{due}} sin respuesta y sube al \
                 nivel de escalamiento {{level}}.\n\nPuede verlo aquí:\n{{link}}\n\nTramita\n",
            ),
            (
                "Case {{number}} is overdue and escalated",
                "Case {{number}} (\"{{subject}}\") was due {{due}} without an answer and is \
                 escalated to level {{level}}.\n\nYou can see it here:\n{{link}}\n\nTramita\n",
            ),
            (
                "Sprawa {{number}} po terminie i eskalowana",
                "Termin sprawy {{number}} („{{subject}}”) upłynął {{due}} bez odpowiedzi; sprawa \
                 przechodzi na poziom eskalacji {{level}}.\n\nMożesz ją zobaczyć tutaj:\n\
                 {{link}}\n\nTramita\n",
            ),
        ],
    },
    // SPEC F3: the morning's list of an assignee's overdue tasks, one line each.
    EventTemplate {
        event: TASKS_OVERDUE_REMINDER,
        audience: Audience::Staff,
        placeholders: &["count", "tasks", "link"],
        defaults: [
            (
                "Recordatorio: {{count}} tareas vencidas",
                "Estas tareas suyas pasaron su fecha máxima:\n{{tasks}}\n\nSu escritorio:\n\
                 {{link}}\n\nTramita\n",
            ),
            (
                "Reminder: {{count}} overdue tasks",
                "These tasks of yours are past their maximum date:\n{{tasks}}\n\nYour desk:\n\
                 {{link}}\n\nTramita\n",
            ),
            (
                "Przypomnienie: zaległe zadania ({{count}})",
                "Te zadania minęły swój termin ostateczny:\n{{tasks}}\n\nTwoje biurko:\n\
                 {{link}}\n\nTramita\n",
            ),
        ],
    },
    // SPEC C6, F1: an answer waits for acceptance: the assignee handed the task in.
    EventTemplate {
        event: TASK_SUBMITTED,
        audience: Audience::Staff,
        placeholders: &["number", "task", "person", "link"],
        defaults: [
            (
                "Tarea entregada en el caso {{number}}: {{task}}",
                "{{person}} entregó la tarea «{{task}}» del caso {{number}}. Espera que usted la \
                 acepte o la devuelva.\n\nPuede revisarla aquí:\n{{link}}\n\nTramita\n",
            ),
            (
                "Task handed in on case {{number}}: {{task}}",
                "{{person}} handed in the task \"{{task}}\" on case {{number}}. It waits for you to \
                 accept it or send it back.\n\nYou can review it here:\n{{link}}\n\nTramita\n",
            ),
            (
                "Zadanie oddane w sprawie {{number}}: {{task}}",
                "{{person}} oddał(a) zadanie „{{task}}” w sprawie {{number}}. Czeka na Twoją \
                 akceptację lub zwrot.\n\nMożesz je sprawdzić tutaj:\n{{link}}\n\nTramita\n",
            ),
        ],
    },
    info_requests::RECEIVED,
    info_requests::ANSWERED,
    info_requests::RETURNED,
    info_requests::REMINDER,
    decisions::NEEDS_APPROVAL,
    decisions::REJECTED,
    decisions::LETTER,
    accounts::CONFIRM_EMAIL,
    accounts::RESET_PASSWORD,
];

/// The event `code`, when it sends messages.
pub fn event(code: &str) -> Option<&'static EventTemplate> {
    EVENTS.iter().find(|e| e.event == code)
}

impl EventTemplate {
    /// The template used when administrators have not changed it.
    pub fn default_template(&self, locale: Locale) -> Template {
        let i = Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0);
        let (subject, text) = self.defaults[i];
        Template {
            subject: subject.into(),
            text: text.into(),
            html: html_of_text(text),
        }
    }
}

/// The HTML part of a default template, made from its text: blank lines part paragraphs, line
/// breaks stay line breaks, and `{{link}}` becomes a link to itself. Escaping the text leaves
/// placeholders alone (it changes no brace or letter), and their values are escaped when filled.
pub fn html_of_text(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|para| {
            let lines: Vec<String> = para.lines().map(|l| escape_html(l.trim_end())).collect();
            format!("<p>{}</p>", lines.join("<br>\n"))
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replace("{{link}}", "<a href=\"{{link}}\">{{link}}</a>")
}

impl Template {
    /// Fills the three parts with `values`: raw in the subject (on one line) and the text,
    /// escaped in the HTML part, which is wrapped into a document in `locale`'s language.
    pub fn render(&self, locale: Locale, values: &[(&str, &str)]) -> Rendered {
        Rendered {
            subject: fill(&self.subject, values, Part::Subject)
                .trim()
                .to_string(),
            text: fill(&self.text, values, Part::Text),
            html: format!(
                "<!DOCTYPE html>\n<html lang=\"{}\"><body>\n{}\n</body></html>\n",
                locale.code(),
                fill(&self.html, values, Part::Html).trim()
            ),
        }
    }
}

/// `event`'s default message in `locale`, without looking for an administrator's version.
/// Panics on an event missing from [`EVENTS`]: a programming error the tests catch.
pub fn render_default(event_code: &str, locale: Locale, values: &[(&str, &str)]) -> Rendered {
    event(event_code)
        .unwrap_or_else(|| panic!("no template for the event {event_code}"))
        .default_template(locale)
        .render(locale, values)
}

/// The link to a case in the portal.
pub fn case_link(public_url: &str, number: &str) -> String {
    format!("{}/cases/{number}", public_url.trim_end_matches('/'))
}

/// SPEC A6: the customer's acknowledgement, as the defaults say it.
pub fn acknowledgement(
    locale: Locale,
    number: &str,
    case_subject: &str,
    public_url: &str,
) -> Rendered {
    let link = case_link(public_url, number);
    render_default(
        CASE_ACKNOWLEDGED,
        locale,
        &[
            ("number", number),
            ("subject", case_subject),
            ("link", &link),
        ],
    )
}

/// SPEC F1, staff: a task given to an employee, as the defaults say it.
pub fn task_assigned(
    locale: Locale,
    number: &str,
    task_title: &str,
    max_day: &str,
    public_url: &str,
) -> Rendered {
    let link = case_link(public_url, number);
    render_default(
        TASK_ASSIGNED,
        locale,
        &[
            ("number", number),
            ("task", task_title),
            ("max_day", max_day),
            ("link", &link),
        ],
    )
}

/// A text message: short, the subject line and the link.
pub fn sms_text(subject: &str, link: &str) -> String {
    format!("{subject}\n{link}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::messages::check;

    #[test]
    fn the_html_part_escapes_what_the_customer_wrote() {
        let r = acknowledgement(
            Locale::En,
            "2026-000001",
            "<b>broken</b> & late",
            "http://x/",
        );
        assert!(r.html.contains("&lt;b&gt;broken&lt;/b&gt; &amp; late"));
        assert!(!r.html.contains("<b>broken"));
        assert!(r.html.contains("<a href=\"http://x/cases/2026-000001\">"));
        assert!(r.html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(r.text.contains("<b>broken</b> & late"));
        assert!(r.text.contains("http://x/cases/2026-000001"));
    }

    #[test]
    fn a_task_mail_names_the_task_its_date_and_the_case() {
        let r = task_assigned(
            Locale::Es,
            "2026-000007",
            "Revisar <lote>",
            "2026-12-01",
            "http://x",
        );
        assert_eq!(
            r.subject,
            "Nueva tarea en el caso 2026-000007: Revisar <lote>"
        );
        assert!(r.text.contains("2026-12-01"));
        assert!(r.text.contains("http://x/cases/2026-000007"));
        assert!(r.html.contains("Revisar &lt;lote&gt;"));
    }

    #[test]
    fn each_language_has_its_own_subject() {
        let subjects: Vec<_> = Locale::ALL
            .into_iter()
            .map(|l| acknowledgement(l, "N", "s", "u").subject)
            .collect();
        assert_eq!(subjects.len(), 3);
        assert!(subjects[0] != subjects[1] && subjects[1] != subjects[2]);
    }

    #[test]
    fn every_default_uses_only_its_own_placeholders_and_offers_a_link() {
        let mut codes: Vec<_> = EVENTS.iter().map(|e| e.event).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), EVENTS.len(), "an event is declared twice");
        for e in EVENTS {
            for locale in Locale::ALL {
                let t = e.default_template(locale);
                for part in [&t.subject, &t.text, &t.html] {
                    assert_eq!(
                        check(part, e.placeholders),
                        Ok(()),
                        "{} {locale:?}",
                        e.event
                    );
                }
                assert!(t.text.contains("{{link}}"), "{} {locale:?}", e.event);
            }
        }
    }
}
