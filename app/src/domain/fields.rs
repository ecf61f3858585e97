//! Extra form fields per case type (SPEC B2): what an administrator defines, and the one set of
//! rules that checks a value, run in the browser as the agent types and again on the server.
//!
//! A value is stored as canonical text together with the label and kind the field had when it
//! was filled in, so a form changed later never makes an old case unreadable.

use super::case::coded_enum;
use super::coverage::Day;
use super::form::{text_field, FieldErrors, FieldProblem};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

coded_enum! {
    FieldKind {
        Text => "text",
        LongText => "long_text",
        Number => "number",
        Money => "money",
        Date => "date",
        SingleChoice => "single_choice",
        MultiChoice => "multi_choice",
        YesNo => "yes_no",
    }
}

impl FieldKind {
    pub fn has_options(self) -> bool {
        matches!(self, FieldKind::SingleChoice | FieldKind::MultiChoice)
    }

    /// The longest value of a kind, in characters.
    fn max_len(self) -> usize {
        match self {
            FieldKind::LongText => 5_000,
            _ => 300,
        }
    }
}

pub const LABEL_MAX: usize = 120;
pub const HELP_MAX: usize = 300;
pub const MAX_OPTIONS: usize = 50;

/// A field of a case type's form, as the forms render it and the rules check it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    pub id: i64,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub help: Option<String>,
    /// The choices of a single or multiple choice field, in order.
    pub options: Vec<String>,
    /// The ISO 4217 code of a money field.
    pub currency: Option<String>,
    pub active: bool,
}

impl FieldDef {
    /// The name of the form control that carries this field's value.
    pub fn input_name(&self) -> String {
        format!("field_{}", self.id)
    }

    /// Checks what the form sent for this field (several values only for multiple choice) and
    /// returns the text to store, or `None` when the field was left empty. Emptiness of a
    /// required field is judged separately, by [`FieldDef::check_complete`], because a draft
    /// may be saved half filled.
    pub fn check(&self, raw: &[String]) -> Result<Option<String>, FieldProblem> {
        let values: Vec<&str> = raw
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        let Some(first) = values.first().copied() else {
            return Ok(None);
        };
        if values.len() > 1 && self.kind != FieldKind::MultiChoice {
            return Err(FieldProblem::Invalid);
        }
        let stored = match self.kind {
            FieldKind::Text | FieldKind::LongText => {
                let max = self.kind.max_len();
                if first.chars().count() > max {
                    return Err(FieldProblem::TooLong { max });
                }
                first.to_string()
            }
            FieldKind::Number => parse_decimal(first)
                .ok_or(FieldProblem::NotANumber)?
                .to_string(),
            FieldKind::Money => {
                let amount = parse_decimal(first).ok_or(FieldProblem::NotANumber)?;
                let amount = amount.with_scale(2).ok_or(FieldProblem::NotANumber)?;
                match &self.currency {
                    Some(c) => format!("{amount} {c}"),
                    None => amount.to_string(),
                }
            }
            FieldKind::Date => first
                .parse::<Day>()
                .map_err(|_| FieldProblem::NotADate)?
                .to_string(),
            FieldKind::SingleChoice => self.option(first)?.to_string(),
            FieldKind::MultiChoice => {
                let mut chosen = Vec::new();
                for v in &values {
                    let o = self.option(v)?;
                    if !chosen.contains(&o) {
                        chosen.push(o);
                    }
                }
                // Stored in the field's order, whatever order the browser sent.
                let ordered: Vec<&String> = self
                    .options
                    .iter()
                    .filter(|o| chosen.contains(&o.as_str()))
                    .collect();
                serde_json::to_string(&ordered).expect("strings serialise")
            }
            FieldKind::YesNo => match first {
                "yes" | "no" => first.to_string(),
                _ => return Err(FieldProblem::Invalid),
            },
        };
        Ok(Some(stored))
    }

    /// Whether a required field has a value: what opening a case asks for.
    pub fn check_complete(&self, stored: Option<&str>) -> Result<(), FieldProblem> {
        match stored {
            None if self.required => Err(FieldProblem::Required),
            _ => Ok(()),
        }
    }

    fn option<'a>(&'a self, v: &str) -> Result<&'a str, FieldProblem> {
        self.options
            .iter()
            .find(|o| o.as_str() == v)
            .map(String::as_str)
            .ok_or(FieldProblem::NotAChoice)
    }
}

/// A stored value as a reader sees it: multiple choices listed, everything else as stored.
/// Yes/no values are codes the page translates.
pub fn display_value(kind: FieldKind, stored: &str) -> String {
    match kind {
        FieldKind::MultiChoice => serde_json::from_str::<Vec<String>>(stored)
            .map(|v| v.join(", "))
            .unwrap_or_else(|_| stored.to_string()),
        _ => stored.to_string(),
    }
}

/// The values of a multiple choice field as stored, for the form that edits them again.
pub fn stored_choices(stored: &str) -> Vec<String> {
    serde_json::from_str(stored).unwrap_or_default()
}

/// A decimal number written with `.` or `,` as the decimal mark and no thousands separators.
/// Kept as digits rather than a float so that 0.1 stays 0.1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    negative: bool,
    whole: String,
    fraction: String,
}

impl Decimal {
    /// The number with exactly `scale` decimals, when it has no more than that.
    pub fn with_scale(mut self, scale: usize) -> Option<Decimal> {
        let significant = self.fraction.trim_end_matches('0').len();
        if significant > scale {
            return None;
        }
        self.fraction = format!("{:0<scale$}", &self.fraction[..significant]);
        Some(self)
    }
}

impl Decimal {
    /// The number in units of `10^-scale` (a money amount's minor units), when it has no more
    /// decimals than `scale` and fits.
    pub fn in_units(self, scale: usize) -> Option<i64> {
        let scaled = self.with_scale(scale)?;
        let digits = format!("{}{}", scaled.whole, scaled.fraction);
        let n: i64 = digits.parse().ok()?;
        Some(if scaled.negative { -n } else { n })
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let zero = self.whole == "0" && self.fraction.bytes().all(|b| b == b'0');
        if self.negative && !zero {
            f.write_str("-")?;
        }
        f.write_str(&self.whole)?;
        if !self.fraction.is_empty() {
            write!(f, ".{}", self.fraction)?;
        }
        Ok(())
    }
}

pub fn parse_decimal(raw: &str) -> Option<Decimal> {
    let s = raw.trim();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (whole, fraction) = match s.split_once(['.', ',']) {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || whole.len() > 15 {
        return None;
    }
    if s.ends_with(['.', ',']) || fraction.len() > 6 {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    Some(Decimal {
        negative,
        whole: if whole.is_empty() { "0" } else { whole }.to_string(),
        fraction: fraction.trim_end_matches('0').to_string(),
    })
}

/// A new field as the administrator typed it; `options` holds one choice per line.
pub struct NewField<'a> {
    pub label: &'a str,
    pub kind: &'a str,
    pub required: bool,
    pub help: &'a str,
    pub options: &'a str,
    pub currency: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidField {
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub help: Option<String>,
    pub options: Vec<String>,
    pub currency: Option<String>,
}

impl NewField<'_> {
    pub fn validate(&self) -> Result<ValidField, FieldErrors> {
        let mut errors = FieldErrors::default();
        let label = text_field(&mut errors, "label", self.label, 1, LABEL_MAX);
        let help = self.help.trim();
        if help.chars().count() > HELP_MAX {
            errors.add("help", FieldProblem::TooLong { max: HELP_MAX });
        }
        let kind = self.kind.parse::<FieldKind>().ok();
        if kind.is_none() {
            errors.add("kind", FieldProblem::Required);
        }
        let mut options: Vec<String> = Vec::new();
        for o in self
            .options
            .lines()
            .map(str::trim)
            .filter(|o| !o.is_empty())
        {
            if !options.iter().any(|x| x == o) {
                options.push(o.to_string());
            }
        }
        match kind {
            Some(k) if k.has_options() => {
                if options.len() < 2 {
                    errors.add("options", FieldProblem::TooShort { min: 2 });
                } else if options.len() > MAX_OPTIONS
                    || options.iter().any(|o| o.chars().count() > LABEL_MAX)
                {
                    errors.add("options", FieldProblem::Invalid);
                }
            }
            _ => options.clear(),
        }
        let currency = match kind {
            Some(FieldKind::Money) => {
                let c = self.currency.trim().to_ascii_uppercase();
                if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) {
                    Some(c)
                } else {
                    errors.add(
                        "currency",
                        if c.is_empty() {
                            FieldProblem::Required
                        } else {
                            FieldProblem::Invalid
                        },
                    );
                    None
                }
            }
            _ => None,
        };
        match kind {
            Some(kind) if errors.is_empty() => Ok(ValidField {
                label,
                kind,
                required: self.required,
                help: (!help.is_empty()).then(|| help.to_string()),
                options,
                currency,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(kind: FieldKind, required: bool) -> FieldDef {
        FieldDef {
            id: 7,
            label: "Campo".into(),
            kind,
            required,
            help: None,
            options: vec!["Rojo".into(), "Verde".into(), "Azul".into()],
            currency: (kind == FieldKind::Money).then(|| "COP".into()),
            active: true,
        }
    }

    fn one(v: &str) -> Vec<String> {
        vec![v.to_string()]
    }

    #[test]
    fn empty_values_are_none_and_only_required_fields_must_be_filled() {
        let d = def(FieldKind::Text, true);
        assert_eq!(d.check(&one("   ")), Ok(None));
        assert_eq!(d.check_complete(None), Err(FieldProblem::Required));
        assert_eq!(def(FieldKind::Text, false).check_complete(None), Ok(()));
        assert_eq!(d.check_complete(Some("x")), Ok(()));
    }

    #[test]
    fn numbers_accept_either_decimal_mark_and_nothing_else() {
        let d = def(FieldKind::Number, false);
        assert_eq!(d.check(&one("12,50")), Ok(Some("12.5".into())));
        assert_eq!(d.check(&one("007")), Ok(Some("7".into())));
        assert_eq!(d.check(&one("-0")), Ok(Some("0".into())));
        for bad in ["1.000,5", "12a", "1e5", ".5", "5.", "--1", "1 000"] {
            assert_eq!(d.check(&one(bad)), Err(FieldProblem::NotANumber), "{bad}");
        }
    }

    #[test]
    fn money_has_two_decimals_and_its_currency() {
        let d = def(FieldKind::Money, true);
        assert_eq!(d.check(&one("1500")), Ok(Some("1500.00 COP".into())));
        assert_eq!(d.check(&one("19,9")), Ok(Some("19.90 COP".into())));
        assert_eq!(d.check(&one("0.001")), Err(FieldProblem::NotANumber));
    }

    #[test]
    fn dates_are_calendar_days() {
        let d = def(FieldKind::Date, false);
        assert_eq!(d.check(&one("2026-02-28")), Ok(Some("2026-02-28".into())));
        assert_eq!(d.check(&one("2026-02-30")), Err(FieldProblem::NotADate));
        assert_eq!(d.check(&one("28/02/2026")), Err(FieldProblem::NotADate));
    }

    #[test]
    fn choices_must_be_among_the_options() {
        let single = def(FieldKind::SingleChoice, false);
        assert_eq!(single.check(&one("Verde")), Ok(Some("Verde".into())));
        assert_eq!(single.check(&one("Negro")), Err(FieldProblem::NotAChoice));
        assert_eq!(
            single.check(&["Rojo".into(), "Verde".into()]),
            Err(FieldProblem::Invalid)
        );
        let multi = def(FieldKind::MultiChoice, true);
        let stored = multi
            .check(&["Azul".into(), "Rojo".into(), "Azul".into()])
            .unwrap()
            .unwrap();
        assert_eq!(stored, r#"["Rojo","Azul"]"#);
        assert_eq!(display_value(FieldKind::MultiChoice, &stored), "Rojo, Azul");
        assert_eq!(stored_choices(&stored), vec!["Rojo", "Azul"]);
        assert_eq!(
            multi.check(&["Rojo".into(), "Negro".into()]),
            Err(FieldProblem::NotAChoice)
        );
    }

    #[test]
    fn yes_no_takes_codes_and_long_text_is_bounded() {
        let d = def(FieldKind::YesNo, false);
        assert_eq!(d.check(&one("yes")), Ok(Some("yes".into())));
        assert_eq!(d.check(&one("maybe")), Err(FieldProblem::Invalid));
        let long = def(FieldKind::LongText, false);
        assert!(long.check(&one(&"a".repeat(5_000))).is_ok());
        assert_eq!(
            long.check(&one(&"a".repeat(5_001))),
            Err(FieldProblem::TooLong { max: 5_000 })
        );
        assert_eq!(
            def(FieldKind::Text, false).check(&one(&"a".repeat(301))),
            Err(FieldProblem::TooLong { max: 300 })
        );
    }

    #[test]
    fn field_definitions_need_options_or_a_currency_when_their_kind_does() {
        let new = |kind: &'static str, options: &'static str, currency: &'static str| NewField {
            label: "Modelo",
            kind,
            required: true,
            help: "",
            options,
            currency,
        };
        let e = new("single_choice", "Uno", "").validate().unwrap_err();
        assert_eq!(e.get("options"), Some(&FieldProblem::TooShort { min: 2 }));
        let ok = new("multi_choice", "Uno\n\n Dos \nUno", "")
            .validate()
            .unwrap();
        assert_eq!(ok.options, vec!["Uno", "Dos"]);
        let e = new("money", "", "pesos").validate().unwrap_err();
        assert_eq!(e.get("currency"), Some(&FieldProblem::Invalid));
        let ok = new("money", "ignored", "cop").validate().unwrap();
        assert_eq!((ok.currency.as_deref(), ok.options.len()), (Some("COP"), 0));
        assert!(new("colour", "", "").validate().is_err());
        assert!(new("text", "", "").validate().unwrap().currency.is_none());
    }
}
