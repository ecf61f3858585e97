//! The interface in Spanish (default), English and Polish.
//!
//! Every text is a field of [`Texts`], declared once (the `texts!` table in `i18n/texts.rs`) with
//! its three translations side by side, so a missing translation is a compile error rather than a
//! blank on screen. How domain values, timeline events and form problems read is in `labels`,
//! `events` and `problems`, as methods of [`Texts`]. The locale is
//! chosen per request (cookie, then the browser's Accept-Language) and written into `<html lang>`,
//! which is where the browser reads it back when it hydrates.

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
            Locale::Es => &texts::ES,
            Locale::En => &texts::EN,
            Locale::Pl => &texts::PL,
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
    (struct $name:ident; $($key:ident: $es:literal, $en:literal, $pl:literal;)+) => {
        pub struct $name { $(pub $key: &'static str,)+ }
        pub(super) static ES: $name = $name { $($key: $es,)+ };
        pub(super) static EN: $name = $name { $($key: $en,)+ };
        pub(super) static PL: $name = $name { $($key: $pl,)+ };
    };
    ($($key:ident: $es:literal, $en:literal, $pl:literal;)+) => {
        texts! { struct Texts; $($key: $es, $en, $pl;)+ }
    };
}

// After the macro: a `macro_rules!` macro is visible only in the modules declared below it.
mod decisions;
mod events;
mod labels;
mod problems;
mod recovery;
mod security;
mod texts;

pub use decisions::DecisionTexts;
pub use recovery::RecoveryTexts;
pub use security::SecurityTexts;
pub use texts::Texts;

impl Locale {
    /// The texts of decisions, approvals and letters (SPEC E), a table of their own.
    pub fn decision_texts(self) -> &'static DecisionTexts {
        match self {
            Locale::Es => &decisions::ES,
            Locale::En => &decisions::EN,
            Locale::Pl => &decisions::PL,
        }
    }

    /// The texts of confirming an address and resetting a password (issue 15).
    pub fn recovery_texts(self) -> &'static RecoveryTexts {
        match self {
            Locale::Es => &recovery::ES,
            Locale::En => &recovery::EN,
            Locale::Pl => &recovery::PL,
        }
    }

    /// The texts of rate and body limits (issue 15), a table of their own.
    pub fn security_texts(self) -> &'static SecurityTexts {
        match self {
            Locale::Es => &security::ES,
            Locale::En => &security::EN,
            Locale::Pl => &security::PL,
        }
    }
}

impl Texts {
    /// The language these texts are in.
    pub fn locale(&self) -> Locale {
        Locale::ALL
            .into_iter()
            .find(|l| std::ptr::eq(l.texts(), self))
            .unwrap_or_default()
    }

    pub fn decision_texts(&self) -> &'static DecisionTexts {
        self.locale().decision_texts()
    }
}

pub fn use_decision_texts() -> &'static DecisionTexts {
    use_locale().decision_texts()
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
