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

/// A day as a letter writes it: `5 de enero de 2026`, `5 January 2026`, `5 stycznia 2026`.
pub fn format_day(ms: i64, tz: chrono_tz::Tz, locale: Locale) -> String {
    use chrono::Datelike;
    let Some(t) = tz.timestamp_millis_opt(ms).single() else {
        return String::new();
    };
    let m = t.month0() as usize;
    match locale {
        Locale::Es => {
            const MONTHS: [&str; 12] = [
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ];
            format!("{} de {} de {}", t.day(), MONTHS[m], t.year())
        }
        Locale::En => {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            format!("{} {} {}", t.day(), MONTHS[m], t.year())
        }
        Locale::Pl => {
            // The genitive, as a date is written in Polish.
            const MONTHS: [&str; 12] = [
                "stycznia",
                "lutego",
                "marca",
                "kwietnia",
                "maja",
                "czerwca",
                "lipca",
                "sierpnia",
                "września",
                "października",
                "listopada",
                "grudnia",
            ];
            format!("{} {} {}", t.day(), MONTHS[m], t.year())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_write_the_day_in_their_language() {
        let ms = 1_767_625_440_000;
        let tz = chrono_tz::America::Bogota;
        assert_eq!(format_day(ms, tz, Locale::Es), "5 de enero de 2026");
        assert_eq!(format_day(ms, tz, Locale::Pl), "5 stycznia 2026");
        assert_eq!(format_day(ms, tz, Locale::En), "5 January 2026");
    }

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
