//! Dates as people read them: in the organisation's time zone and the reader's language.

use crate::i18n::Locale;
use chrono::TimeZone;

pub fn format_time(ms: i64, tz: chrono_tz::Tz, locale: Locale) -> String {
    let Some(t) = tz.timestamp_millis_opt(ms).single() else {
        return String::new();
    };
    match locale {
        Locale::Es => t.format("%d/%m/%Y %H:%M").to_string(),
        Locale::Pl => t.format("%d.%m.%Y, %H:%M").to_string(),
        Locale::En => t.format("%-d %b %Y, %H:%M").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_the_organisations_zone_and_the_readers_format() {
        // 2026-01-05T15:04:00Z is 10:04 in Bogotá (UTC-5).
        let ms = 1_767_625_440_000;
        let tz = chrono_tz::America::Bogota;
        assert_eq!(format_time(ms, tz, Locale::Es), "05/01/2026 10:04");
        assert_eq!(format_time(ms, tz, Locale::Pl), "05.01.2026, 10:04");
        assert_eq!(format_time(ms, tz, Locale::En), "5 Jan 2026, 10:04");
    }
}
