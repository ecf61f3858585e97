//! What the messages say, in the customer's language. Kept as code for now, all in this one
//! module, so that moving them into the database for administrators to edit changes one place.

use crate::i18n::Locale;

/// A message ready to be queued: subject, plain text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The link to a case in the portal.
pub fn case_link(public_url: &str, number: &str) -> String {
    format!("{}/cases/{number}", public_url.trim_end_matches('/'))
}

/// SPEC A6: the customer hears that their case is registered, with its number. The answer-by
/// dates join this message with the deadlines.
pub fn acknowledgement(
    locale: Locale,
    number: &str,
    case_subject: &str,
    public_url: &str,
) -> Rendered {
    let link = case_link(public_url, number);
    let (subject, greeting, body, follow, sign) = match locale {
        Locale::Es => (
            format!("Hemos registrado su caso {number}"),
            "Hola:",
            format!("Hemos registrado su caso {number}: «{case_subject}»."),
            "Puede seguirlo aquí:",
            "Tramita",
        ),
        Locale::En => (
            format!("We have registered your case {number}"),
            "Hello,",
            format!("We have registered your case {number}: \"{case_subject}\"."),
            "You can follow it here:",
            "Tramita",
        ),
        Locale::Pl => (
            format!("Zarejestrowaliśmy Twoją sprawę {number}"),
            "Dzień dobry,",
            format!("Zarejestrowaliśmy Twoją sprawę {number}: „{case_subject}”."),
            "Możesz ją śledzić tutaj:",
            "Tramita",
        ),
    };
    let text = format!("{greeting}\n\n{body}\n\n{follow}\n{link}\n\n{sign}\n");
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><body>\n<p>{greeting}</p>\n<p>{body}</p>\n\
         <p>{follow} <a href=\"{href}\">{link_text}</a></p>\n<p>{sign}</p>\n</body></html>\n",
        lang = locale.code(),
        greeting = escape_html(greeting),
        body = escape_html(&body),
        follow = escape_html(follow),
        href = escape_html(&link),
        link_text = escape_html(&link),
        sign = escape_html(sign),
    );
    Rendered {
        subject,
        text,
        html,
    }
}

/// SPEC F1, staff: new work on the employee's desk, a task given to them on a case.
pub fn task_assigned(
    locale: Locale,
    number: &str,
    task_title: &str,
    max_day: &str,
    public_url: &str,
) -> Rendered {
    let link = case_link(public_url, number);
    let (subject, body, due, follow) = match locale {
        Locale::Es => (
            format!("Nueva tarea en el caso {number}: {task_title}"),
            format!("Le han asignado la tarea «{task_title}» del caso {number}."),
            format!("Fecha máxima: {max_day}."),
            "Está en su escritorio y aquí:",
        ),
        Locale::En => (
            format!("New task on case {number}: {task_title}"),
            format!("You have been given the task \"{task_title}\" on case {number}."),
            format!("Maximum date: {max_day}."),
            "It is on your desk and here:",
        ),
        Locale::Pl => (
            format!("Nowe zadanie w sprawie {number}: {task_title}"),
            format!("Przydzielono Ci zadanie „{task_title}” w sprawie {number}."),
            format!("Termin ostateczny: {max_day}."),
            "Znajdziesz je na swoim biurku i tutaj:",
        ),
    };
    let text = format!("{body}\n{due}\n\n{follow}\n{link}\n\nTramita\n");
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><body>\n<p>{body}</p>\n<p>{due}</p>\n\
         <p>{follow} <a href=\"{href}\">{link_text}</a></p>\n<p>Tramita</p>\n</body></html>\n",
        lang = locale.code(),
        body = escape_html(&body),
        due = escape_html(&due),
        follow = escape_html(follow),
        href = escape_html(&link),
        link_text = escape_html(&link),
    );
    Rendered {
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
