//! The pages of an outsider's information request (SPEC D2): `/r/{token}` from the mail, which
//! exchanges the token for a cookie scoped to the request's page and sends the browser there, so
//! the token leaves the address bar; `/r/p/{id}`, the page itself, plain HTML that works on a
//! phone without JavaScript and loads nothing from elsewhere; its answer form, and its files.
//!
//! A GET never changes anything. A link past its expiry, revoked or of a closed thread answers
//! 410 and says whom to write to; an unknown or altered token answers 404 and shows nothing.
//! Opening a link is rate-limited per address (`backend::limits::LINKS_PER_ADDRESS`): past it
//! the answer is 429 with `Retry-After`, so guessing tokens goes nowhere.

use app::api::context::{cookie, locale_of};
use app::backend::services::info_requests::outsider::{self, LinkPage};
use app::backend::services::intake::Upload;
use app::backend::{AppError, AppState};
use app::domain::form::FieldErrors;
use app::domain::info_requests::RequestStep;
use app::i18n::Locale;
use app::model::{RequestView, SharedCase};
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use http::header::{CACHE_CONTROL, SET_COOKIE};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

/// The cookie that holds an outsider's token, on their request's page only.
pub const LINK_COOKIE: &str = "tramita_link";
fn client_ip(connect: Option<&ConnectInfo<SocketAddr>>) -> IpAddr {
    connect
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]))
}

/// Headers of every `/r/` answer: no referrer leaves the page, nothing is cached or indexed.
fn private(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        HeaderName::from_static("referrer-policy"),
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex, nofollow"),
    );
    response
}

fn not_found(locale: Locale) -> Response {
    let t = locale.texts();
    private(
        (
            StatusCode::NOT_FOUND,
            Html(page(
                locale,
                t.not_found,
                &format!("<p>{}</p>", esc(t.not_found)),
            )),
        )
            .into_response(),
    )
}

fn too_many(locale: Locale, retry_after_secs: u64) -> Response {
    let t = locale.texts();
    private(
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(http::header::RETRY_AFTER, retry_after_secs.to_string())],
            Html(page(
                locale,
                t.not_found,
                &format!("<p>{}</p>", esc(t.ir_too_many)),
            )),
        )
            .into_response(),
    )
}

/// `GET /r/{token}`: the link of the mail. Sets the cookie and sends the browser to the page.
pub async fn open_link(
    State(state): State<AppState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let locale = locale_of(&headers);
    let ip = client_ip(connect.as_ref().map(|c| &c.0));
    if let Err(AppError::TooMany { retry_after_secs }) = state.limits.open_link(ip) {
        return too_many(locale, retry_after_secs);
    }
    let id = match outsider::open(&state, &token).await {
        Ok(id) => id,
        Err(AppError::NotFound) => return not_found(locale),
        Err(e) => return e.response(locale),
    };
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LINK_COOKIE}={token}; Path=/r/p/{id}; HttpOnly; SameSite=Lax; Max-Age=7776000{secure}"
    );
    private(([(SET_COOKIE, cookie)], Redirect::to(&format!("/r/p/{id}"))).into_response())
}

fn held_token(headers: &HeaderMap) -> Option<String> {
    cookie(headers, LINK_COOKIE)
}

/// `GET /r/p/{id}`: the request's page for the holder of its cookie.
pub async fn request_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    query: axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let locale = locale_of(&headers);
    let Some(token) = held_token(&headers) else {
        return not_found(locale);
    };
    let sent = query.contains_key("sent");
    match outsider::page(&state, id, &token).await {
        Ok(p) => render(p, sent, "", &FieldErrors::default(), StatusCode::OK),
        Err(AppError::NotFound) => not_found(locale),
        Err(e) => private(e.response(locale)),
    }
}

/// `POST /r/p/{id}`: the outsider's answer, text and files.
pub async fn answer(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    mut form: Multipart,
) -> Response {
    let locale = locale_of(&headers);
    let Some(token) = held_token(&headers) else {
        return not_found(locale);
    };
    let mut text = String::new();
    let mut uploads = Vec::new();
    let keep = state.config.max_upload_bytes as usize + 1;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return private(AppError::Invalid(FieldErrors::default()).response(locale));
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let Ok(bytes) = field.bytes().await else {
            return private(AppError::Invalid(FieldErrors::default()).response(locale));
        };
        match (name.as_str(), file_name) {
            ("answer", None) => text = String::from_utf8_lossy(&bytes).into_owned(),
            ("attachments", Some(file_name)) if !(file_name.is_empty() && bytes.is_empty()) => {
                uploads.push(Upload {
                    file_name,
                    bytes: bytes[..bytes.len().min(keep)].to_vec(),
                })
            }
            _ => {}
        }
    }
    match outsider::answer(&state, id, &token, &text, uploads).await {
        Ok(()) => private(Redirect::to(&format!("/r/p/{id}?sent=1")).into_response()),
        Err(AppError::Invalid(errors)) => match outsider::page(&state, id, &token).await {
            Ok(p) => render(p, false, &text, &errors, StatusCode::UNPROCESSABLE_ENTITY),
            Err(e) => private(e.response(locale)),
        },
        Err(AppError::Gone) => match outsider::gone_page(&state, id, &token).await {
            Ok(p) => render(p, false, "", &FieldErrors::default(), StatusCode::GONE),
            Err(_) => not_found(locale),
        },
        Err(AppError::NotFound) => not_found(locale),
        Err(e) => private(e.response(locale)),
    }
}

/// `GET /r/p/{id}/files/{attachment}`: a file shared with the outsider or sent in the thread.
pub async fn file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, attachment)): Path<(i64, i64)>,
) -> Response {
    let locale = locale_of(&headers);
    let Some(token) = held_token(&headers) else {
        return not_found(locale);
    };
    match outsider::file(&state, id, &token, attachment).await {
        Ok((a, bytes)) => private(crate::routes::attachment_response(a, bytes)),
        Err(AppError::NotFound | AppError::Forbidden) => not_found(locale),
        Err(e) => private(e.response(locale)),
    }
}

fn esc(s: &str) -> String {
    app::backend::notify::templates::escape_html(s)
}

/// A whole page in `locale`: our own stylesheet, nothing from elsewhere.
fn page(locale: Locale, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\"><meta name=\"robots\" content=\"noindex\">\
         <title>{title} · Tramita</title><link rel=\"stylesheet\" href=\"/pkg/tramita.css\">\
         </head><body class=\"external\"><main class=\"card external-request\">{body}</main>\
         </body></html>",
        lang = locale.code(),
        title = esc(title),
    )
}

fn render(
    p: LinkPage,
    sent: bool,
    typed: &str,
    errors: &FieldErrors,
    status: StatusCode,
) -> Response {
    let (html, status) = match p {
        LinkPage::Gone {
            asker,
            asker_email,
            locale,
        } => {
            let t = locale.texts();
            let body = format!(
                "<h1>{}</h1><p>{}</p><p>{} {} &lt;<a href=\"mailto:{mail}\">{mail}</a>&gt;.</p>",
                esc(t.ir_gone_title),
                esc(t.link_gone),
                esc(t.ir_gone_contact),
                esc(&asker),
                mail = esc(&asker_email),
            );
            (page(locale, t.ir_gone_title, &body), StatusCode::GONE)
        }
        LinkPage::Live {
            request,
            shared,
            locale,
        } => {
            let body = live_body(locale, &request, shared, sent, typed, errors);
            (page(locale, &request.subject, &body), status)
        }
    };
    private((status, Html(html)).into_response())
}

fn live_body(
    locale: Locale,
    r: &RequestView,
    shared: SharedCase,
    sent: bool,
    typed: &str,
    errors: &FieldErrors,
) -> String {
    let t = locale.texts();
    let base = format!("/r/p/{}/files", r.id);
    let files = |list: &[app::model::AttachmentInfo]| -> String {
        if list.is_empty() {
            return String::new();
        }
        let items: String = list
            .iter()
            .map(|f| {
                format!(
                    "<li><a href=\"{base}/{}\" download>{}</a></li>",
                    f.id,
                    esc(&f.file_name)
                )
            })
            .collect();
        format!("<ul class=\"attachments\">{items}</ul>")
    };
    let mut html = format!(
        "<h1>{}</h1><p class=\"muted\">{} {} · {} {}</p>",
        esc(&r.subject),
        esc(t.ir_from),
        esc(&r.asked_by),
        esc(t.ir_expires),
        esc(&r.expires_at),
    );
    if sent {
        html += &format!("<p class=\"notice\" role=\"status\">{}</p>", esc(t.ir_sent));
    }
    html += &format!(
        "<section class=\"shared\"><h2>{}</h2>",
        esc(t.ir_shared_title)
    );
    let nothing = shared.summary.is_none() && shared.files.is_empty() && shared.entries.is_empty();
    if nothing {
        html += &format!("<p class=\"muted\">{}</p>", esc(t.ir_nothing_shared));
    }
    if let Some(s) = &shared.summary {
        html += &format!(
            "<dl class=\"facts\"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>\
             <p><strong>{}</strong></p><p class=\"description\">{}</p>",
            esc(t.number),
            esc(&s.number),
            esc(t.created),
            esc(&s.filed_at),
            esc(&s.subject),
            esc(&s.description)
        );
    }
    html += &files(&shared.files);
    if !shared.entries.is_empty() {
        html += "<ol class=\"timeline\">";
        for e in &shared.entries {
            html += &format!(
                "<li><span class=\"muted\">{}</span> {}{}</li>",
                esc(&e.at),
                esc(&t.event(&e.action)),
                e.note
                    .as_deref()
                    .map(|n| format!("<p>{}</p>", esc(n)))
                    .unwrap_or_default()
            );
        }
        html += "</ol>";
    }
    html += "</section><ol class=\"thread\">";
    for m in &r.messages {
        html += &format!(
            "<li class=\"message message-{kind}\" data-kind=\"{kind}\"><p class=\"muted\">\
             <strong>{}</strong> · {} · {}</p><p class=\"message-body\">{}</p>{}</li>",
            esc(t.message_kind(m.kind)),
            esc(&m.author),
            esc(&m.at),
            esc(&m.body),
            files(&m.files),
            kind = m.kind.code(),
        );
    }
    html += "</ol>";
    if r.steps.contains(&RequestStep::Answer) {
        let problem = |field: &str| {
            errors
                .get(field)
                .map(|p| {
                    format!(
                        "<p class=\"field-error\" role=\"alert\">{}</p>",
                        esc(&t.problem(p))
                    )
                })
                .unwrap_or_default()
        };
        html += &format!(
            "<form class=\"form\" id=\"answer-form\" method=\"post\" action=\"/r/p/{id}\" \
             enctype=\"multipart/form-data\"><label for=\"answer\">{}</label>\
             <textarea id=\"answer\" name=\"answer\" rows=\"6\" required>{}</textarea>{}\
             <label for=\"attachments\">{}</label>\
             <input type=\"file\" id=\"attachments\" name=\"attachments\" multiple>{}\
             <button type=\"submit\">{}</button></form>",
            esc(t.ir_your_answer),
            esc(typed),
            problem("answer"),
            esc(t.ir_attachments),
            problem("attachments"),
            esc(t.ir_answer),
            id = r.id,
        );
    } else if r.state.is_live() {
        html += &format!("<p class=\"notice\">{}</p>", esc(t.ir_waiting_review));
    } else {
        html += &format!("<p class=\"notice\">{}</p>", esc(t.ir_closed));
    }
    html
}
