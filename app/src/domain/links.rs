//! Links from a case to the business objects of other systems (SPEC A3): the order, invoice or
//! policy the complaint is about, by type and external id.

use super::case::coded_enum;
use super::form::{text_field, FieldErrors, FieldProblem};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

coded_enum! {
    LinkKind {
        Order => "order",
        Transaction => "transaction",
        Invoice => "invoice",
        Policy => "policy",
        CollectionAction => "collection_action",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidLink {
    pub kind: LinkKind,
    pub external_id: String,
    pub url: Option<String>,
}

/// Checks a link as typed: a known kind, an id of at most 100 characters, and an optional
/// http(s) address (anything else could run script when clicked).
pub fn validate_link(kind: &str, external_id: &str, url: &str) -> Result<ValidLink, FieldErrors> {
    let mut errors = FieldErrors::default();
    let kind = kind
        .parse::<LinkKind>()
        .map_err(|_| errors.add("kind", FieldProblem::Invalid))
        .ok();
    let external_id = text_field(&mut errors, "external_id", external_id, 1, 100);
    let url = url.trim();
    let url = if url.is_empty() {
        None
    } else if (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 500
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        Some(url.to_string())
    } else {
        errors.add("url", FieldProblem::Invalid);
        None
    };
    match kind {
        Some(kind) if errors.is_empty() => Ok(ValidLink {
            kind,
            external_id,
            url,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_need_a_kind_an_id_and_at_most_a_web_address() {
        let ok = validate_link(
            "invoice",
            " FAC-2026-0042 ",
            "https://erp.example.com/inv/42",
        )
        .unwrap();
        assert_eq!(
            (ok.kind, ok.external_id.as_str()),
            (LinkKind::Invoice, "FAC-2026-0042")
        );
        assert_eq!(validate_link("order", "P-1", "").unwrap().url, None);
        assert_eq!(
            validate_link("order", "P-1", "javascript:alert(1)")
                .unwrap_err()
                .get("url"),
            Some(&FieldProblem::Invalid)
        );
        assert_eq!(
            validate_link("order", "  ", "")
                .unwrap_err()
                .get("external_id"),
            Some(&FieldProblem::Required)
        );
        assert!(validate_link("ticket", "T-1", "").is_err());
    }
}
