//! The people's side of notifications (issue 5): each person chooses how they hear from us
//! (e-mail, SMS or both, SPEC F1); administrators edit what each event's message says in each
//! language (templates with placeholders) or put back the default, and may decide the channels
//! of an event's message per role, over people's own choice.

use super::catalogs::{record, require_admin};
use crate::backend::notify::templates::{self, Audience, EventTemplate};
use crate::backend::store::{message_templates, users};
use crate::backend::{AppError, AppState};
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::domain::messages::{check, ChannelRule, NotifyBy, Phone, TemplateProblem};
use crate::domain::people::Role;
use crate::i18n::Locale;
use crate::model::{
    ChannelRulesView, ContactPreferences, MessageTemplateSummary, MessageTemplateView, Viewer,
};

/// The longest subject and body an administrator may write.
pub const SUBJECT_MAX: usize = 300;
pub const BODY_MAX: usize = 20_000;

/// The person's own choice and phone number. Customers set theirs on the portal, staff on their
/// home page; administrators' rules per event and role may override it.
pub async fn preferences(
    state: &AppState,
    viewer: &Viewer,
) -> Result<ContactPreferences, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let contact = users::contact(&mut conn, viewer.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ContactPreferences {
        notify_by: contact.notify_by.parse().unwrap_or(NotifyBy::Email),
        phone: contact.phone.unwrap_or_default(),
    })
}

/// Saves how the customer wants to hear from us. SMS (alone or with e-mail) needs a phone number
/// in international form; a number given with e-mail only is checked and kept too. A new number
/// gets a code by text message and is used once the code is typed back
/// (`phone_confirmation`). The change is in the audit trail.
pub async fn save_preferences(
    state: &AppState,
    viewer: &Viewer,
    notify_by: &str,
    phone: &str,
    locale: Locale,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let by: Option<NotifyBy> = notify_by.parse().ok();
    if by.is_none() {
        errors.add("notify_by", FieldProblem::NotAChoice);
    }
    let phone = match phone.trim() {
        "" => None,
        raw => match Phone::parse(raw) {
            Ok(p) => Some(p),
            Err(_) => {
                errors.add("phone", FieldProblem::NotAPhone);
                None
            }
        },
    };
    if by.is_some_and(NotifyBy::sms) && phone.is_none() && errors.get("phone").is_none() {
        errors.add("phone", FieldProblem::PhoneNeededForSms);
    }
    let Some(by) = by.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let phone = phone.map(|p| p.to_string());
    // Read before the transaction, whose first statement must be a write (see `store`); the
    // values before only feed the audit event.
    let before = {
        let mut conn = state.store.pool().acquire().await?;
        users::contact(&mut conn, viewer.id)
            .await?
            .ok_or(AppError::NotFound)?
    };
    let (old_by, old_phone) = (before.notify_by, before.phone);
    // A new number gets its code; one already proved keeps its proof (issue 15).
    let needs_code = phone.is_some()
        && (phone != old_phone || (before.phone_confirmed_at.is_none() && by.sms()));
    if needs_code {
        super::phone_confirmation::may_send_code(state, viewer)?;
    }
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    users::set_contact(&mut tx, viewer.id, by.code(), phone.as_deref()).await?;
    if let (true, Some(number)) = (needs_code, phone.as_deref()) {
        super::phone_confirmation::send_code(&mut tx, viewer.id, number, locale, now).await?;
    }
    record(
        &mut tx,
        Some(viewer.id),
        "contact_preferences_changed",
        "user",
        viewer.id,
        vec![
            ("notify_by".into(), Some(old_by), Some(by.code().into())),
            ("phone".into(), old_phone, phone),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn summary_of(e: &EventTemplate) -> bool {
    e.audience == Audience::Customer
}

/// Every event in every language, and whether an administrator changed it.
pub async fn templates_overview(
    state: &AppState,
    viewer: &Viewer,
) -> Result<Vec<MessageTemplateSummary>, AppError> {
    require_admin(viewer)?;
    let mut conn = state.store.pool().acquire().await?;
    let changed = message_templates::all(&mut conn).await?;
    Ok(templates::EVENTS
        .iter()
        .flat_map(|e| {
            let changed = &changed;
            Locale::ALL
                .into_iter()
                .map(move |locale| MessageTemplateSummary {
                    event: e.event.into(),
                    for_customer: summary_of(e),
                    locale,
                    customised: changed
                        .iter()
                        .any(|r| r.event == e.event && r.locale == locale.code()),
                })
        })
        .collect())
}

fn event_and_locale(
    event: &str,
    locale: &str,
) -> Result<(&'static EventTemplate, Locale), AppError> {
    let e = templates::event(event).ok_or(AppError::NotFound)?;
    let l = Locale::ALL
        .into_iter()
        .find(|l| l.code() == locale)
        .ok_or(AppError::NotFound)?;
    Ok((e, l))
}

/// One event's message in one language as it is now: the administrators' version or the default.
pub async fn template(
    state: &AppState,
    viewer: &Viewer,
    event: &str,
    locale: &str,
) -> Result<MessageTemplateView, AppError> {
    require_admin(viewer)?;
    let (e, l) = event_and_locale(event, locale)?;
    let mut conn = state.store.pool().acquire().await?;
    let row = message_templates::get(&mut conn, e.event, l.code()).await?;
    let customised = row.is_some();
    let t = match row {
        Some(r) => templates::Template {
            subject: r.subject,
            text: r.body_text,
            html: r.body_html,
        },
        None => e.default_template(l),
    };
    Ok(MessageTemplateView {
        event: e.event.into(),
        for_customer: summary_of(e),
        locale: l,
        placeholders: e.placeholders.iter().map(|p| p.to_string()).collect(),
        subject: t.subject,
        text: t.text,
        html: t.html,
        customised,
    })
}

/// What the template editor sends.
#[derive(Debug, Clone, Default)]
pub struct TemplateForm {
    pub event: String,
    pub locale: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn checked_part(
    errors: &mut FieldErrors,
    field: &str,
    raw: &str,
    max: usize,
    allowed: &[&str],
) -> String {
    let value = raw.replace("\r\n", "\n");
    let value = if field == "subject" {
        value.trim().to_string()
    } else {
        value
    };
    let len = value.chars().count();
    if value.trim().is_empty() {
        errors.add(field, FieldProblem::Required);
    } else if len > max {
        errors.add(field, FieldProblem::TooLong { max });
    } else if field == "subject" && value.contains('\n') {
        errors.add(field, FieldProblem::Invalid);
    } else {
        match check(&value, allowed) {
            Ok(()) => {}
            Err(TemplateProblem::Unknown(name)) => {
                errors.add(field, FieldProblem::UnknownPlaceholder { name })
            }
            Err(TemplateProblem::Malformed) => {
                errors.add(field, FieldProblem::MalformedPlaceholder)
            }
        }
    }
    value
}

/// Saves an administrator's version of one event's message in one language. Each part is
/// required and may use only the event's placeholders; the first unknown one is named. The
/// change is in the audit trail.
pub async fn save_template(
    state: &AppState,
    viewer: &Viewer,
    form: TemplateForm,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let (e, l) = event_and_locale(&form.event, &form.locale)?;
    let mut errors = FieldErrors::default();
    let subject = checked_part(
        &mut errors,
        "subject",
        &form.subject,
        SUBJECT_MAX,
        e.placeholders,
    );
    let text = checked_part(&mut errors, "text", &form.text, BODY_MAX, e.placeholders);
    let html = checked_part(&mut errors, "html", &form.html, BODY_MAX, e.placeholders);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let id = message_templates::put(
        &mut tx,
        &message_templates::TemplateRow {
            event: e.event.into(),
            locale: l.code().into(),
            subject: subject.clone(),
            body_text: text,
            body_html: html,
            updated_at: now,
        },
        viewer.id,
    )
    .await?;
    record(
        &mut tx,
        Some(viewer.id),
        "message_template_saved",
        "message_template",
        id,
        vec![
            ("event".into(), None, Some(e.event.into())),
            ("locale".into(), None, Some(l.code().into())),
            ("subject".into(), None, Some(subject)),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Puts back the default of one event's message in one language.
pub async fn reset_template(
    state: &AppState,
    viewer: &Viewer,
    event: &str,
    locale: &str,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let (e, l) = event_and_locale(event, locale)?;
    let mut tx = state.store.begin().await?;
    if let Some(id) = message_templates::delete(&mut tx, e.event, l.code()).await? {
        record(
            &mut tx,
            Some(viewer.id),
            "message_template_reset",
            "message_template",
            id,
            vec![
                ("event".into(), None, Some(e.event.into())),
                ("locale".into(), None, Some(l.code().into())),
            ],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The roles an event's message goes to: the customer, or staff of any role.
pub fn roles_of(e: &EventTemplate) -> Vec<Role> {
    match e.audience {
        Audience::Customer => vec![Role::Customer],
        Audience::Staff | Audience::Recipient => {
            Role::ALL.iter().copied().filter(|r| r.is_staff()).collect()
        }
    }
}

/// Per event, the channel rule of each role it goes to (`choice` where none was set).
pub async fn channel_rules(
    state: &AppState,
    viewer: &Viewer,
) -> Result<Vec<ChannelRulesView>, AppError> {
    require_admin(viewer)?;
    let mut conn = state.store.pool().acquire().await?;
    let set = message_templates::channel_rules(&mut conn).await?;
    Ok(templates::EVENTS
        .iter()
        .map(|e| ChannelRulesView {
            event: e.event.into(),
            for_customer: summary_of(e),
            rules: roles_of(e)
                .into_iter()
                .map(|role| {
                    let rule = set
                        .iter()
                        .find(|(ev, r, _)| ev == e.event && r == role.code())
                        .and_then(|(_, _, c)| c.parse().ok())
                        .unwrap_or(ChannelRule::Choice);
                    (role, rule)
                })
                .collect(),
        })
        .collect())
}

/// Sets the channel rules of `event`, one per role it goes to: `rules` holds (role code, rule
/// code); a role left out keeps its rule. Audited.
pub async fn save_channel_rules(
    state: &AppState,
    viewer: &Viewer,
    event: &str,
    rules: &[(String, String)],
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let e = templates::event(event).ok_or(AppError::NotFound)?;
    let roles = roles_of(e);
    let mut errors = FieldErrors::default();
    let mut valid = Vec::new();
    for (role, rule) in rules {
        let Some(role) = roles.iter().find(|r| r.code() == role) else {
            errors.add(role, FieldProblem::NotAChoice);
            continue;
        };
        match rule.parse::<ChannelRule>() {
            Ok(rule) => valid.push((*role, rule)),
            Err(_) => errors.add(role.code(), FieldProblem::NotAChoice),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let mut changes = Vec::new();
    for (role, rule) in valid {
        let channel = (rule != ChannelRule::Choice).then(|| rule.code());
        message_templates::set_channel_rule(&mut tx, e.event, role.code(), channel, viewer.id, now)
            .await?;
        changes.push((role.code().to_string(), None, Some(rule.code().to_string())));
    }
    if !changes.is_empty() {
        changes.insert(0, ("event".into(), None, Some(e.event.into())));
        record(
            &mut tx,
            Some(viewer.id),
            "notification_channels_saved",
            "notification_channels",
            0,
            changes,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
