//! Deadline alerts to staff (SPEC G2, F1, F3): a case at risk, a case overdue and escalated, and
//! the daily reminder of overdue tasks. Their texts are entries of [`super::templates::EVENTS`],
//! so administrators edit them and choose their channels like any other message; they are
//! queued inside the transaction of the deadline work that decided them, so an alert exists
//! exactly when its effect does.

use super::tell;
use super::templates::{self, case_link};
use crate::backend::store::users::{self, UserRow};
use crate::backend::AppError;
use crate::domain::people::Role;
use crate::i18n::Locale;
use sqlx::AnyConnection;

/// The active supervisors: who hears of cases at risk and overdue.
async fn supervisors(conn: &mut AnyConnection) -> Result<Vec<UserRow>, AppError> {
    Ok(users::staff(conn)
        .await?
        .into_iter()
        .filter(|u| u.active == 1 && u.role() == Role::Supervisor)
        .collect())
}

/// The supervisors, and `also` (the case's manager) when given and active.
async fn alerted(conn: &mut AnyConnection, also: Option<i64>) -> Result<Vec<i64>, AppError> {
    let mut people: Vec<i64> = supervisors(conn).await?.iter().map(|u| u.id).collect();
    if let Some(id) = also.filter(|id| !people.contains(id)) {
        if users::by_id(conn, id).await?.is_some_and(|u| u.active == 1) {
            people.push(id);
        }
    }
    Ok(people)
}

/// What an alert is about.
pub struct CaseAlert<'a> {
    pub case_id: i64,
    pub number: &'a str,
    pub subject: &'a str,
    /// The resolution deadline as people read it.
    pub due: &'a str,
    pub public_url: &'a str,
}

/// SPEC G2: tells the supervisors that the case is at risk; `raised_to` is the priority it was
/// raised to, if any. Returns how many people were told.
pub async fn at_risk(
    conn: &mut AnyConnection,
    alert: &CaseAlert<'_>,
    raised_to: Option<&str>,
    now: i64,
) -> Result<usize, AppError> {
    let link = case_link(alert.public_url, alert.number);
    let raised = |locale: Locale| match (raised_to, locale) {
        (None, _) => String::new(),
        (Some(p), Locale::Es) => format!("Su prioridad sube a «{p}»."),
        (Some(p), Locale::En) => format!("Its priority was raised to \"{p}\"."),
        (Some(p), Locale::Pl) => format!("Jej priorytet podniesiono do „{p}”."),
    };
    let people = alerted(conn, None).await?;
    for id in &people {
        tell(
            conn,
            Some(alert.case_id),
            *id,
            templates::CASE_AT_RISK,
            &|locale| {
                vec![
                    ("number", alert.number.to_string()),
                    ("subject", alert.subject.to_string()),
                    ("due", alert.due.to_string()),
                    ("raised", raised(locale)),
                    ("link", link.clone()),
                ]
            },
            now,
        )
        .await?;
    }
    Ok(people.len())
}

/// SPEC G2: tells the supervisors and the case's manager that the case is overdue and now at
/// escalation `level`.
pub async fn overdue(
    conn: &mut AnyConnection,
    alert: &CaseAlert<'_>,
    manager: Option<i64>,
    level: i64,
    now: i64,
) -> Result<usize, AppError> {
    let link = case_link(alert.public_url, alert.number);
    let people = alerted(conn, manager).await?;
    for id in &people {
        tell(
            conn,
            Some(alert.case_id),
            *id,
            templates::CASE_OVERDUE,
            &|_| {
                vec![
                    ("number", alert.number.to_string()),
                    ("subject", alert.subject.to_string()),
                    ("due", alert.due.to_string()),
                    ("level", level.to_string()),
                    ("link", link.clone()),
                ]
            },
            now,
        )
        .await?;
    }
    Ok(people.len())
}

/// One overdue task in a reminder: case number, title, maximum day.
pub type OverdueTask = (String, String, String);

/// SPEC F3: one reminder for `assignee_id` listing `tasks`, one line each.
pub async fn remind(
    conn: &mut AnyConnection,
    assignee_id: i64,
    tasks: &[OverdueTask],
    public_url: &str,
    now: i64,
) -> Result<(), AppError> {
    if users::by_id(conn, assignee_id)
        .await?
        .is_none_or(|u| u.active != 1)
    {
        return Ok(());
    }
    let lines: String = tasks
        .iter()
        .map(|(number, title, day)| format!("- {number} · {title} · {day}"))
        .collect::<Vec<_>>()
        .join("\n");
    let desk = format!("{}/desk", public_url.trim_end_matches('/'));
    tell(
        conn,
        None,
        assignee_id,
        templates::TASKS_OVERDUE_REMINDER,
        &|_| {
            vec![
                ("count", tasks.len().to_string()),
                ("tasks", lines.clone()),
                ("link", desk.clone()),
            ]
        },
        now,
    )
    .await
    .map(|_| ())
}
