//! The header: where to go for who you are, the language switch and logout.

use crate::api::auth::LogOut;
use crate::components::form::go_to;
use crate::domain::people::Role;
use crate::i18n::{use_locale, use_texts, Locale};
use crate::use_viewer;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let t = use_texts();
    let viewer = use_viewer().0;
    let log_out = ServerAction::<LogOut>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = log_out.value().get() {
            go_to("/");
        }
    });

    let links = move || {
        Suspend::new(async move {
            match viewer.await {
                Ok(Some(v)) => {
                    let staff = v.role.is_staff();
                    let admin = v.role == Role::Admin;
                    // Who has analysis screens at all (`domain::access::analysis_scope`).
                    let analyst = staff && v.role != Role::Employee;
                    view! {
                        {(!staff).then(|| view! {
                            <a href="/">{t.nav_my_cases}</a>
                            <a href="/new">{t.nav_new_complaint}</a>
                        })}
                        {staff.then(|| view! {
                            <a href="/desk">{t.nav_desk}</a>
                            <a href="/desk/new">{t.nav_record_case}</a>
                        })}
                        {analyst.then(|| view! { <a href="/analysis">{t.nav_analysis}</a> })}
                        {admin.then(|| view! { <a href="/admin">{t.nav_admin}</a> })}
                        <span class="who" title=v.email.clone()>{v.name.clone()}</span>
                        <ActionForm action=log_out attr:class="inline">
                            <button type="submit" class="link">{t.nav_logout}</button>
                        </ActionForm>
                    }
                    .into_any()
                }
                _ => view! {
                    <a href="/login">{t.nav_login}</a>
                    <a href="/signup">{t.nav_signup}</a>
                }
                .into_any(),
            }
        })
    };

    view! {
        <header class="top">
            <a href="/" class="brand">
                "Tramita"
                <span class="tagline">{t.tagline}</span>
            </a>
            <nav class="links">
                <Transition>{links}</Transition>
            </nav>
            <LanguageSwitch/>
        </header>
    }
}

/// Links that set the language cookie and come back to this page; they work without WASM.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let t = use_texts();
    let current = use_locale();
    let location = use_location();
    view! {
        <nav class="languages" aria-label=t.language>
            {Locale::ALL
                .into_iter()
                .map(|l| {
                    let href = move || {
                        let back = location.pathname.get() + &location.search.get();
                        format!("/lang/{}?back={}", l.code(), urlencode(&back))
                    };
                    view! {
                        <a href=href rel="external" hreflang=l.code() lang=l.code() class:current=l == current>
                            {l.code().to_uppercase()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
