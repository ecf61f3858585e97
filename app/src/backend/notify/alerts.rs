//! Deadline alerts to staff (SPEC G2, F1, F3): a case at risk, a case overdue and escalated, and
//! the daily reminder of overdue tasks. Queued like every message, inside the transaction of the
//! deadline work that decided them, so an alert exists exactly when its effect does.

use super::templates::{case_link, escape_html, Rendered};
use super::{enqueue, user_locale};
use crate::backend::store::outbox::NewMessage;
use crate::backend::store::users::{self, UserRow};
use crate::backend::AppError;
use crate::domain::people::Role;
use crate::i18n::Locale;
use sqlx::AnyConnection;

/// A staff mail: paragraphs, then a link. Every part is escaped for the HTML.
fn staff_mail(locale: Locale, subject: String, paragraphs: &[String], link: &str) -> Rendered {
    let text = format!("{}\n\n{link}\n\nTramita\n", paragraphs.join("\n"));
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>\n", escape_html(p)))
        .collect();
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><body>\n{body}<p><a href=\"{href}\">{href}</a></p>\n\
         <p>Tramita</p>\n</body></html>\n",
        lang = locale.code(),
        href = escape_html(link),
    );
    Rendered {
        subject,
        text,
        html,
    }
}

/// SPEC G2: the case has used its share of the term; its priority went up.
pub fn at_risk(
    locale: Locale,
    number: &str,
    due: &str,
    priority: Option<&str>,
    url: &str,
) -> Rendered {
    let (subject, line, raised) = match locale {
        Locale::Es => (
            format!("Caso {number} en riesgo de vencer"),
            format!("El caso {number} ha consumido buena parte de su plazo: vence el {due}."),
            priority.map(|p| format!("Su prioridad sube a «{p}».")),
        ),
        Locale::En => (
            format!("Case {number} is at risk of missing its deadline"),
            format!("Case {number} has used most of its term: it is due {due}."),
            priority.map(|p| format!("Its priority was raised to \"{p}\".")),
        ),
        Locale::Pl => (
            format!("Sprawa {number} zagrożona przekroczeniem terminu"),
            format!("Sprawa {number} wykorzystała większość terminu: upływa on {due}."),
            priority.map(|p| format!("Jej priorytet podniesiono do „{p}”.")),
        ),
    };
    let paragraphs: Vec<String> = std::iter::once(line).chain(raised).collect();
    staff_mail(locale, subject, &paragraphs, &case_link(url, number))
}

/// SPEC G2: the deadline passed; the case was escalated one level.
pub fn overdue(locale: Locale, number: &str, due: &str, level: i64, url: &str) -> Rendered {
    let (subject, line) = match locale {
        Locale::Es => (
            format!("Caso {number} vencido y escalado"),
            format!("El caso {number} venció el {due} sin respuesta y sube al nivel de escalamiento {level}."),
        ),
        Locale::En => (
            format!("Case {number} is overdue and escalated"),
            format!("Case {number} was due {due} without an answer and is escalated to level {level}."),
        ),
        Locale::Pl => (
            format!("Sprawa {number} po terminie i eskalowana"),
            format!("Termin sprawy {number} upłynął {due} bez odpowiedzi; sprawa przechodzi na poziom eskalacji {level}."),
        ),
    };
    staff_mail(locale, subject, &[line], &case_link(url, number))
}

/// One overdue task in a reminder: case number, title, maximum day.
pub type OverdueTask = (String, String, String);

/// SPEC F3: the morning's list of the assignee's overdue tasks.
pub fn tasks_overdue_reminder(locale: Locale, tasks: &[OverdueTask], url: &str) -> Rendered {
    let (subject, intro) = match locale {
        Locale::Es => (
            format!("Recordatorio: {} tareas vencidas", tasks.len()),
            "Estas tareas suyas pasaron su fecha máxima:",
        ),
        Locale::En => (
            format!("Reminder: {} overdue tasks", tasks.len()),
            "These tasks of yours are past their maximum date:",
        ),
        Locale::Pl => (
            format!("Przypomnienie: zaległe zadania ({})", tasks.len()),
            "Te zadania minęły swój termin ostateczny:",
        ),
    };
    let paragraphs: Vec<String> = std::iter::once(intro.to_string())
        .chain(
            tasks
                .iter()
                .map(|(number, title, day)| format!("{number} · {title} · {day}")),
        )
        .collect();
    let desk = format!("{}/desk", url.trim_end_matches('/'));
    staff_mail(locale, subject, &paragraphs, &desk)
}

/// The active supervisors: who hears of cases at risk and overdue.
async fn supervisors(conn: &mut AnyConnection) -> Result<Vec<UserRow>, AppError> {
    Ok(users::staff(conn)
        .await?
        .into_iter()
        .filter(|u| u.active == 1 && u.role() == Role::Supervisor)
        .collect())
}

/// Queues one alert per person: the supervisors, and `also` (the case's manager) if given.
/// `render` writes the message in each one's language.
pub async fn alert(
    conn: &mut AnyConnection,
    case_id: i64,
    event: &'static str,
    also: Option<i64>,
    now: i64,
    render: impl Fn(Locale) -> Rendered,
) -> Result<usize, AppError> {
    let mut people = supervisors(conn).await?;
    if let Some(id) = also.filter(|id| !people.iter().any(|p| p.id == *id)) {
        if let Some(u) = users::by_id(conn, id).await?.filter(|u| u.active == 1) {
            people.push(u);
        }
    }
    for person in &people {
        let locale = user_locale(conn, person.id).await?;
        let r = render(locale);
        enqueue(
            conn,
            NewMessage {
                case_id: Some(case_id),
                channel: "email",
                recipient: person.email.clone(),
                locale: locale.code(),
                event,
                subject: r.subject,
                body_text: r.text,
                body_html: Some(r.html),
                created_at: now,
            },
        )
        .await?;
    }
    Ok(people.len())
}

/// SPEC F3: queues one reminder for `assignee_id` listing `tasks`.
pub async fn remind(
    conn: &mut AnyConnection,
    assignee_id: i64,
    tasks: &[OverdueTask],
    url: &str,
    now: i64,
) -> Result<(), AppError> {
    let Some(person) = users::by_id(conn, assignee_id)
        .await?
        .filter(|u| u.active == 1)
    else {
        return Ok(());
    };
    let locale = user_locale(conn, assignee_id).await?;
    let r = tasks_overdue_reminder(locale, tasks, url);
    enqueue(
        conn,
        NewMessage {
            case_id: None,
            channel: "email",
            recipient: person.email,
            locale: locale.code(),
            event: "tasks_overdue_reminder",
            subject: r.subject,
            body_text: r.text,
            body_html: Some(r.html),
            created_at: now,
        },
    )
    .await
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_at_risk_alert_names_the_case_the_date_and_the_new_priority() {
        let r = at_risk(
            Locale::En,
            "2026-000003",
            "2026-12-01 17:00",
            Some("<Alta>"),
            "http://x",
        );
        assert_eq!(
            r.subject,
            "Case 2026-000003 is at risk of missing its deadline"
        );
        assert!(r.text.contains("2026-12-01 17:00"));
        assert!(r.text.contains("\"<Alta>\""));
        assert!(r.html.contains("&lt;Alta&gt;"));
        assert!(r.text.contains("http://x/cases/2026-000003"));
    }

    #[test]
    fn a_reminder_lists_every_task() {
        let tasks = vec![
            (
                "2026-000001".to_string(),
                "Llamar".to_string(),
                "2026-11-20".to_string(),
            ),
            (
                "2026-000002".to_string(),
                "Revisar".to_string(),
                "2026-11-21".to_string(),
            ),
        ];
        let r = tasks_overdue_reminder(Locale::Pl, &tasks, "http://x/");
        assert!(r.subject.contains('2'));
        assert!(r.text.contains("2026-000001 · Llamar · 2026-11-20"));
        assert!(r.text.contains("2026-000002 · Revisar · 2026-11-21"));
        assert!(r.text.contains("http://x/desk"));
    }
}
