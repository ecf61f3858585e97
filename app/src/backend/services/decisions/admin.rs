//! The settings of decisions, from the admin area (SPEC E1, E2, E4, A8, A9): which resolutions a
//! case type offers and who may choose them, its approval thresholds, whether every decision on
//! it waits for approval, the channels it is taken by, the folder's named approver, the letter
//! templates with their live preview, and the company's letterhead. Administrators only; each
//! change is recorded in the audit trail.

use super::letter;
use crate::backend::files::FileStore;
use crate::backend::services::catalogs::{record, require_admin};
use crate::backend::services::intake::Upload;
use crate::backend::store::decisions::{self as store, CompanyRow};
use crate::backend::store::users;
use crate::backend::{AppError, AppState};
use crate::domain::case::Channel;
use crate::domain::decisions::{DecidedBy, LetterTemplate, OpeningChannels, ParsedThreshold};
use crate::domain::form::{text_field, FieldErrors, FieldProblem};
use crate::domain::people::Role;
use crate::i18n::Locale;
use crate::model::{
    CompanyView, LetterPreview, LetterTemplateView, ResolutionSetup, TypeDecisionSetup, Viewer,
};
use chrono::{Datelike, TimeZone};
use sqlx::AnyConnection;

async fn type_rules(conn: &mut AnyConnection, type_id: i64) -> Result<store::TypeRules, AppError> {
    store::type_rules(conn, type_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A case type's decision settings.
pub async fn type_setup(
    state: &AppState,
    viewer: &Viewer,
    type_id: i64,
) -> Result<TypeDecisionSetup, AppError> {
    require_admin(viewer)?;
    let mut conn = state.store.pool().acquire().await?;
    let rules = type_rules(&mut conn, type_id).await?;
    let mut resolutions = Vec::new();
    for r in store::resolutions_of_folder(&mut conn, rules.folder_id).await? {
        let types = store::resolution_types(&mut conn, r.id).await?;
        resolutions.push(ResolutionSetup {
            id: r.id,
            name: r.name,
            active: r.active != 0,
            carries_amount: r.carries_amount != 0,
            decided_by: r
                .decided_by
                .as_deref()
                .and_then(|d| d.parse().ok())
                .unwrap_or(DecidedBy::Manager),
            fits: types.is_empty() || types.contains(&type_id),
            fits_all: types.is_empty(),
        });
    }
    let opening = OpeningChannels::from_stored(
        rules.allowed_channels.as_deref(),
        rules.channel_instead.as_deref(),
    );
    let approver_choices = users::staff(&mut conn)
        .await?
        .into_iter()
        .filter(|u| matches!(u.role.parse::<Role>(), Ok(Role::Manager)))
        .map(|u| (u.id, u.name))
        .collect();
    Ok(TypeDecisionSetup {
        type_id,
        folder_id: rules.folder_id,
        resolutions,
        thresholds: store::thresholds(&mut conn, type_id)
            .await?
            .into_iter()
            .map(|t| (t.currency.clone(), t.to_string()))
            .collect(),
        always_approve: rules.always_approve != 0,
        filed_by_customers: rules.filed_by_customers != 0,
        allowed_channels: opening.allowed,
        channel_instead: opening.instead,
        approver_choices,
        approver: store::folder_approver(&mut conn, rules.folder_id).await?,
        templates: store::templates_of_type(&mut conn, type_id)
            .await?
            .into_iter()
            .map(|t| (t.resolution_id, t.locale))
            .collect(),
    })
}

/// A resolution's settings, and whether the case type `type_id` offers it. A resolution
/// offered on every type of its folder has no rows; taking one type out lists the others.
pub async fn set_resolution(
    state: &AppState,
    viewer: &Viewer,
    type_id: i64,
    resolution_id: i64,
    fits: bool,
    carries_amount: bool,
    decided_by: &str,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let decided_by: DecidedBy = decided_by
        .parse()
        .map_err(|_| AppError::field("decided_by", FieldProblem::NotAChoice))?;
    // Reads first, outside the transaction: on SQLite a transaction that reads before it
    // writes cannot take the write lock when another writer came in between.
    let mut conn = state.store.pool().acquire().await?;
    let rules = type_rules(&mut conn, type_id).await?;
    let r = store::resolution(&mut conn, resolution_id)
        .await?
        .filter(|r| r.folder_id == rules.folder_id)
        .ok_or(AppError::NotFound)?;
    let all_types: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM catalog_entries WHERE folder_id = $1 AND kind = 'case_type' ORDER BY id",
    )
    .bind(rules.folder_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut types = store::resolution_types(&mut conn, r.id).await?;
    drop(conn);
    if types.is_empty() {
        types = all_types.clone();
    }
    types.retain(|t| *t != type_id);
    if fits {
        types.push(type_id);
    }
    types.sort_unstable();
    let stored: &[i64] = if types == all_types { &[] } else { &types };
    let mut tx = state.store.begin().await?;
    store::set_resolution(&mut tx, r.id, carries_amount, decided_by.code(), stored).await?;
    record(
        &mut tx,
        Some(viewer.id),
        "resolution_settings_changed",
        "catalog_entry",
        r.id,
        vec![
            (
                "carries_amount".into(),
                None,
                Some(carries_amount.to_string()),
            ),
            ("decided_by".into(), None, Some(decided_by.code().into())),
            ("case_types".into(), None, Some(format!("{stored:?}"))),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the type's threshold in a currency (`amount` as typed, `1000.00`).
pub async fn put_threshold(
    state: &AppState,
    viewer: &Viewer,
    type_id: i64,
    amount: &str,
    currency: &str,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let t = format!("{} {}", amount.trim(), currency.trim())
        .parse::<ParsedThreshold>()
        .map_err(|p| AppError::field("amount", p))?
        .0;
    type_rules(&mut *state.store.pool().acquire().await?, type_id).await?;
    let mut tx = state.store.begin().await?;
    store::set_threshold(&mut tx, type_id, &t).await?;
    record(
        &mut tx,
        Some(viewer.id),
        "approval_threshold_set",
        "catalog_entry",
        type_id,
        vec![("threshold".into(), None, Some(t.to_string()))],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_threshold(
    state: &AppState,
    viewer: &Viewer,
    type_id: i64,
    currency: &str,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    type_rules(&mut *state.store.pool().acquire().await?, type_id).await?;
    let mut tx = state.store.begin().await?;
    store::remove_threshold(&mut tx, type_id, currency).await?;
    record(
        &mut tx,
        Some(viewer.id),
        "approval_threshold_removed",
        "catalog_entry",
        type_id,
        vec![("currency".into(), Some(currency.to_string()), None)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A case type's rules as the admin sets them on its page.
#[derive(Debug, Clone, Default)]
pub struct TypeRulesForm {
    /// A9: every decision on the type waits for approval.
    pub always_approve: bool,
    /// A9: customers may file it from the portal as a request.
    pub filed_by_customers: bool,
    /// A8: the channel codes it is taken by (none: any) and the one to use instead.
    pub channels: Vec<String>,
    pub instead: String,
    /// E2: the folder's named approver.
    pub approver: Option<i64>,
}

/// A9 and A8: whether every decision on the type waits for approval, whether customers file it
/// from the portal, and the channels it is taken by with the one to use instead; and the
/// folder's named approver (SPEC E2).
pub async fn set_type_rules(
    state: &AppState,
    viewer: &Viewer,
    type_id: i64,
    form: TypeRulesForm,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let TypeRulesForm {
        always_approve,
        filed_by_customers,
        channels,
        instead,
        approver,
    } = form;
    let allowed = channels
        .iter()
        .map(|c| c.parse::<Channel>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| AppError::field("channels", FieldProblem::NotAChoice))?;
    let instead = match instead.trim() {
        "" => None,
        c => Some(
            c.parse::<Channel>()
                .map_err(|_| AppError::field("channel_instead", FieldProblem::NotAChoice))?,
        ),
    };
    let opening = OpeningChannels { allowed, instead };
    if opening.instead.is_some_and(|c| !opening.allows(c)) {
        // Sending people to a channel that is refused as well helps nobody.
        return Err(AppError::field("channel_instead", FieldProblem::Invalid));
    }
    if filed_by_customers && !opening.allows(Channel::Web) {
        // Offered in the portal yet refused from it: the customer could never file it.
        return Err(AppError::field(
            "filed_by_customers",
            FieldProblem::ChannelRefused {
                channel: Channel::Web,
                allowed: opening.allowed,
                instead: opening.instead,
            },
        ));
    }
    let rules = {
        let mut conn = state.store.pool().acquire().await?;
        let rules = type_rules(&mut conn, type_id).await?;
        if let Some(a) = approver {
            let ok = users::staff(&mut conn)
                .await?
                .iter()
                .any(|u| u.id == a && matches!(u.role.parse::<Role>(), Ok(Role::Manager)));
            if !ok {
                return Err(AppError::field("approver_id", FieldProblem::NotAChoice));
            }
        }
        rules
    };
    let mut tx = state.store.begin().await?;
    store::set_type_rules(
        &mut tx,
        type_id,
        opening.stored().as_deref(),
        opening.instead.map(Channel::code),
        always_approve,
        filed_by_customers,
    )
    .await?;
    store::set_folder_approver(&mut tx, rules.folder_id, approver).await?;
    record(
        &mut tx,
        Some(viewer.id),
        "case_type_rules_changed",
        "catalog_entry",
        type_id,
        vec![
            (
                "always_approve".into(),
                None,
                Some(always_approve.to_string()),
            ),
            (
                "filed_by_customers".into(),
                None,
                Some(filed_by_customers.to_string()),
            ),
            ("allowed_channels".into(), None, opening.stored()),
            ("approver".into(), None, approver.map(|a| a.to_string())),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn locale(code: &str) -> Result<Locale, AppError> {
    Locale::from_code(code).ok_or_else(|| AppError::field("locale", FieldProblem::NotAChoice))
}

/// The template the editor opens: the administrators' or the built-in letter.
pub async fn template(
    state: &AppState,
    viewer: &Viewer,
    type_id: i64,
    resolution_id: i64,
    locale_code: &str,
) -> Result<LetterTemplateView, AppError> {
    require_admin(viewer)?;
    let locale = locale(locale_code)?;
    let mut conn = state.store.pool().acquire().await?;
    let r = store::resolution(&mut conn, resolution_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(
        match store::template(&mut conn, type_id, resolution_id, locale.code()).await? {
            Some(t) => LetterTemplateView {
                subject: t.subject,
                body: t.body,
                own: true,
            },
            None => {
                let d = LetterTemplate::default_for(locale, r.carries_amount != 0);
                LetterTemplateView {
                    subject: d.subject,
                    body: d.body,
                    own: false,
                }
            }
        },
    )
}

/// SPEC E4: saves a template; one with an unknown placeholder is refused, naming it.
pub async fn save_template(
    state: &AppState,
    viewer: &Viewer,
    type_id: i64,
    resolution_id: i64,
    locale_code: &str,
    subject: &str,
    body: &str,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let locale = locale(locale_code)?;
    let t = LetterTemplate::validate(subject, body).map_err(AppError::Invalid)?;
    let now = state.now_ms();
    {
        let mut conn = state.store.pool().acquire().await?;
        let rules = type_rules(&mut conn, type_id).await?;
        store::resolution(&mut conn, resolution_id)
            .await?
            .filter(|r| r.folder_id == rules.folder_id)
            .ok_or(AppError::NotFound)?;
    }
    let mut tx = state.store.begin().await?;
    store::put_template(
        &mut tx,
        type_id,
        resolution_id,
        locale.code(),
        &t.subject,
        &t.body,
        viewer.id,
        now,
    )
    .await?;
    record(
        &mut tx,
        Some(viewer.id),
        "letter_template_saved",
        "catalog_entry",
        type_id,
        vec![(
            "template".into(),
            None,
            Some(format!("{resolution_id}/{}", locale.code())),
        )],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// SPEC E4: the PDF of a template as typed, filled with sample values, on the letterhead.
pub async fn preview(
    state: &AppState,
    viewer: &Viewer,
    locale_code: &str,
    subject: &str,
    body: &str,
) -> Result<LetterPreview, AppError> {
    require_admin(viewer)?;
    let locale = locale(locale_code)?;
    let t = match LetterTemplate::validate(subject, body) {
        Ok(t) => t,
        Err(e) => return Ok(LetterPreview::Invalid(e)),
    };
    let head = {
        let mut conn = state.store.pool().acquire().await?;
        letter::letterhead(&mut conn, &state.files).await?
    };
    let values = letter::sample_values(locale);
    let date = values
        .iter()
        .find(|(k, _)| *k == "today")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let l = letter::compose(
        &t,
        &values,
        (values[0].1.as_str(), Vec::new()),
        locale,
        date,
    );
    let pdf = letter::render(head, l).await.map_err(AppError::Internal)?;
    use base64::Engine;
    Ok(LetterPreview::Pdf(
        base64::engine::general_purpose::STANDARD.encode(pdf),
    ))
}

pub async fn company(state: &AppState, viewer: &Viewer) -> Result<CompanyView, AppError> {
    require_admin(viewer)?;
    let mut conn = state.store.pool().acquire().await?;
    Ok(match store::company(&mut conn).await? {
        Some(c) => CompanyView {
            has_logo: c.logo_key.is_some(),
            name: c.name,
            address: c.address,
            tax_id: c.tax_id,
            phone: c.phone,
            email: c.email,
            website: c.website,
        },
        None => CompanyView::default(),
    })
}

/// The company's letterhead as typed, with a new logo when one is given.
#[derive(Debug, Clone, Default)]
pub struct CompanyForm {
    pub name: String,
    pub address: String,
    pub tax_id: String,
    pub phone: String,
    pub email: String,
    pub website: String,
}

const LOGO_TYPES: &[&str] = &["image/png", "image/jpeg", "image/svg+xml"];
const LOGO_MAX_BYTES: usize = 1024 * 1024;

pub async fn save_company(
    state: &AppState,
    viewer: &Viewer,
    form: CompanyForm,
    logo: Option<Upload>,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let mut errors = FieldErrors::default();
    let name = text_field(&mut errors, "name", &form.name, 1, 200);
    let address = text_field(&mut errors, "address", &form.address, 1, 500);
    let short = |errors: &mut FieldErrors, field: &str, v: &str| {
        let v = v.trim().to_string();
        if v.chars().count() > 200 {
            errors.add(field, FieldProblem::TooLong { max: 200 });
        }
        v
    };
    let tax_id = short(&mut errors, "tax_id", &form.tax_id);
    let phone = short(&mut errors, "phone", &form.phone);
    let email = short(&mut errors, "email", &form.email);
    let website = short(&mut errors, "website", &form.website);
    let logo = logo.filter(|u| !u.bytes.is_empty());
    let logo_type = logo.as_ref().and_then(|u| {
        let sniffed = infer::get(&u.bytes).map(|t| t.mime_type()).or_else(|| {
            // infer does not know SVG: an XML document with an <svg> element is one.
            let head = String::from_utf8_lossy(&u.bytes[..u.bytes.len().min(1024)]).to_string();
            head.contains("<svg").then_some("image/svg+xml")
        });
        match sniffed {
            Some(t) if LOGO_TYPES.contains(&t) && u.bytes.len() <= LOGO_MAX_BYTES => Some(t),
            _ => None,
        }
    });
    if logo.is_some() && logo_type.is_none() {
        errors.add("logo", FieldProblem::FileTypeNotAllowed);
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = state.now_ms();
    let mut conn = state.store.pool().acquire().await?;
    let old = store::company(&mut conn).await?.unwrap_or_default();
    drop(conn);
    let (logo_key, logo_type) = match (logo, logo_type) {
        (Some(u), Some(t)) => {
            let local = state
                .config
                .time_zone
                .timestamp_millis_opt(now)
                .single()
                .expect("a UTC instant maps to one local time");
            let key = FileStore::new_key(local.year(), local.month());
            state.files.put(&key, &u.bytes).await?;
            (Some(key), Some(t.to_string()))
        }
        _ => (old.logo_key, old.logo_type),
    };
    let mut tx = state.store.begin().await?;
    store::put_company(
        &mut tx,
        &CompanyRow {
            name,
            address,
            tax_id,
            phone,
            email,
            website,
            logo_key,
            logo_type,
        },
        now,
    )
    .await?;
    record(
        &mut tx,
        Some(viewer.id),
        "company_profile_saved",
        "company_profile",
        1,
        Vec::new(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
