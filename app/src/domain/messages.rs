//! What the notifications (SPEC F1) need to know without any I/O: how a customer wants to be
//! told ([`NotifyBy`]), the phone number a text message goes to ([`Phone`]), and the message
//! templates administrators edit: text with `{{placeholder}}`s, checked against the
//! placeholders an event offers and filled in with escaping for HTML ([`fill`]).

use super::case::coded_enum;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

coded_enum! {
    /// The channels a customer chose for the messages about their cases.
    NotifyBy {
        Email => "email",
        Sms => "sms",
        Both => "both",
    }
}

impl NotifyBy {
    pub fn email(self) -> bool {
        matches!(self, NotifyBy::Email | NotifyBy::Both)
    }

    pub fn sms(self) -> bool {
        matches!(self, NotifyBy::Sms | NotifyBy::Both)
    }
}

coded_enum! {
    /// What administrators decided for an event's message to people of one role: each person's
    /// own choice (the default), or always off, e-mail, SMS or both.
    ChannelRule {
        Choice => "choice",
        Off => "off",
        Email => "email",
        Sms => "sms",
        Both => "both",
    }
}

impl ChannelRule {
    /// Whether to send an e-mail and whether a text message, for a person who chose `own`.
    pub fn channels(self, own: NotifyBy) -> (bool, bool) {
        match self {
            ChannelRule::Choice => (own.email(), own.sms()),
            ChannelRule::Off => (false, false),
            ChannelRule::Email => (true, false),
            ChannelRule::Sms => (false, true),
            ChannelRule::Both => (true, true),
        }
    }
}

/// A phone number in the international (E.164) form a gateway sends to: `+`, the country code
/// and the number, 8 to 15 digits in all. Spaces, dashes, dots and parentheses typed between
/// the digits are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Phone, &'static str> {
        let s = raw.trim();
        let Some(rest) = s.strip_prefix('+') else {
            return Err("not international");
        };
        if !rest
            .chars()
            .all(|c| c.is_ascii_digit() || " -.()".contains(c))
        {
            return Err("not a phone number");
        }
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
            return Err("wrong length");
        }
        Ok(Phone(format!("+{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One piece of a template: literal text or a placeholder's name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Slot(&'a str),
}

/// What is wrong with a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    /// `{{name}}` where the event offers no `name`.
    Unknown(String),
    /// A `{{` without its `}}`, or an empty or malformed name between them.
    Malformed,
}

fn pieces(template: &str) -> Result<Vec<Piece<'_>>, TemplateProblem> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or(TemplateProblem::Malformed)?;
        let name = after[..end].trim();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(TemplateProblem::Malformed);
        }
        out.push(Piece::Slot(name));
        rest = &after[end + 2..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

/// Checks that `template` is well formed and uses only `allowed` placeholders; the first
/// unknown one is named.
pub fn check(template: &str, allowed: &[&str]) -> Result<(), TemplateProblem> {
    for piece in pieces(template)? {
        if let Piece::Slot(name) = piece {
            if !allowed.contains(&name) {
                return Err(TemplateProblem::Unknown(name.to_string()));
            }
        }
    }
    Ok(())
}

/// How a value is written into the part being filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A header line: line breaks in a value become spaces.
    Subject,
    /// Plain text: values as they are.
    Text,
    /// HTML: values escaped for element content and attribute values alike.
    Html,
}

/// Fills `template`'s placeholders with `values`. A placeholder without a value becomes empty
/// (templates are checked when saved, so this only happens when an event stops offering one),
/// and a malformed template is used as literal text rather than losing the message.
pub fn fill(template: &str, values: &[(&str, &str)], part: Part) -> String {
    let Ok(pieces) = pieces(template) else {
        return template.to_string();
    };
    let mut out = String::with_capacity(template.len() + 64);
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Slot(name) => {
                let value = values
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| *v)
                    .unwrap_or_default();
                match part {
                    Part::Subject => out.push_str(&value.replace(['\r', '\n'], " ")),
                    Part::Text => out.push_str(value),
                    Part::Html => out.push_str(&escape_html(value)),
                }
            }
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_international_and_normalised() {
        assert_eq!(
            Phone::parse(" +57 (300) 123-4567 ").unwrap().as_str(),
            "+573001234567"
        );
        for bad in [
            "",
            "3001234567",
            "+57 300 abc",
            "+1234",
            "+0573001234567",
            "+1234567890123456",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn both_means_email_and_sms() {
        assert!(NotifyBy::Both.email() && NotifyBy::Both.sms());
        assert!(NotifyBy::Email.email() && !NotifyBy::Email.sms());
        assert!(!NotifyBy::Sms.email() && NotifyBy::Sms.sms());
    }

    #[test]
    fn an_administrators_rule_overrides_the_persons_choice() {
        assert_eq!(ChannelRule::Choice.channels(NotifyBy::Sms), (false, true));
        assert_eq!(ChannelRule::Email.channels(NotifyBy::Sms), (true, false));
        assert_eq!(ChannelRule::Both.channels(NotifyBy::Email), (true, true));
        assert_eq!(ChannelRule::Off.channels(NotifyBy::Both), (false, false));
    }

    #[test]
    fn a_template_names_its_first_unknown_placeholder() {
        let allowed = ["number", "link"];
        assert_eq!(check("Case {{ number }}: {{link}}", &allowed), Ok(()));
        assert_eq!(
            check("Case {{number}} for {{customer}} {{x}}", &allowed),
            Err(TemplateProblem::Unknown("customer".into()))
        );
        assert_eq!(
            check("Case {{number", &allowed),
            Err(TemplateProblem::Malformed)
        );
        assert_eq!(
            check("Case {{}}", &allowed),
            Err(TemplateProblem::Malformed)
        );
        assert_eq!(
            check("Case {{Number}}", &allowed),
            Err(TemplateProblem::Malformed)
        );
        assert_eq!(check("no placeholders { } }}", &allowed), Ok(()));
    }

    #[test]
    fn values_are_escaped_in_html_only() {
        let values = [("subject", "<b>broken</b> & \"late\"\nreally")];
        assert_eq!(
            fill("<p>{{subject}}</p>", &values, Part::Html),
            "<p>&lt;b&gt;broken&lt;/b&gt; &amp; &quot;late&quot;\nreally</p>"
        );
        assert_eq!(
            fill("{{subject}}", &values, Part::Text),
            "<b>broken</b> & \"late\"\nreally"
        );
        assert_eq!(
            fill("Re: {{ subject }}", &values, Part::Subject),
            "Re: <b>broken</b> & \"late\" really"
        );
        assert_eq!(fill("{{gone}}!", &values, Part::Text), "!");
    }
}
