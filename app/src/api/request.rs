//! What a request says about its reader: its cookies and the language to answer in. Below both
//! the session helpers (`context`) and the error type (`error`), which each need it.

use crate::i18n::{Locale, LOCALE_COOKIE};
use http::header::{ACCEPT_LANGUAGE, COOKIE};
use http::HeaderMap;
use leptos::prelude::use_context;

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The language chosen with the switch, else the browser's, else Spanish.
pub fn locale_of(headers: &HeaderMap) -> Locale {
    cookie(headers, LOCALE_COOKIE)
        .and_then(|c| Locale::from_code(&c))
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or_default()
}

/// The locale of the request being served, from the request parts Leptos provides.
pub fn request_locale() -> Locale {
    use_context::<http::request::Parts>()
        .map(|p| locale_of(&p.headers))
        .unwrap_or_default()
}
