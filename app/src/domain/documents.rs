//! Required documents per case type (SPEC A7): the checklist a case shows, and what it takes
//! for a draft to be opened.

use super::fields::FieldDef;
use super::form::{FieldErrors, FieldProblem};
use serde::{Deserialize, Serialize};

/// Where a required document stands on one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentStatus {
    /// A file for it is attached.
    Present,
    /// Asked of the customer and not answered yet.
    Requested,
    Missing,
}

/// The status of each required document, from the documents the case's files stand for and
/// those asked of the customer.
pub fn document_status(document_id: i64, attached: &[i64], requested: &[i64]) -> DocumentStatus {
    if attached.contains(&document_id) {
        DocumentStatus::Present
    } else if requested.contains(&document_id) {
        DocumentStatus::Requested
    } else {
        DocumentStatus::Missing
    }
}

/// The form control name of the file input for a required document.
pub fn document_input_name(document_id: i64) -> String {
    format!("doc_{document_id}")
}

/// What stops a draft from being opened: a case type, every required extra field, every
/// required document attached or asked of the customer, and a manager to hand it to.
pub fn open_problems(
    has_type: bool,
    fields: &[FieldDef],
    stored: &[(i64, String)],
    documents: &[(i64, DocumentStatus)],
    has_manager: bool,
) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if !has_type {
        errors.add("case_type_id", FieldProblem::Required);
    }
    for f in fields.iter().filter(|f| f.active) {
        let value = stored
            .iter()
            .find(|(id, _)| *id == f.id)
            .map(|(_, v)| v.as_str());
        if let Err(p) = f.check_complete(value) {
            errors.add(&f.input_name(), p);
        }
    }
    for (id, status) in documents {
        if *status == DocumentStatus::Missing {
            errors.add(&document_input_name(*id), FieldProblem::DocumentMissing);
        }
    }
    if has_type && !has_manager {
        errors.add("manager", FieldProblem::NoManager);
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::FieldKind;

    fn field(id: i64, required: bool, active: bool) -> FieldDef {
        FieldDef {
            id,
            label: format!("f{id}"),
            kind: FieldKind::Text,
            required,
            help: None,
            options: vec![],
            currency: None,
            active,
        }
    }

    #[test]
    fn a_document_is_present_requested_or_missing() {
        assert_eq!(document_status(1, &[1], &[1]), DocumentStatus::Present);
        assert_eq!(document_status(1, &[2], &[1]), DocumentStatus::Requested);
        assert_eq!(document_status(1, &[2], &[3]), DocumentStatus::Missing);
    }

    #[test]
    fn opening_asks_for_required_fields_documents_and_a_manager() {
        let fields = [
            field(1, true, true),
            field(2, false, true),
            field(3, true, false),
        ];
        let docs = [(5, DocumentStatus::Missing), (6, DocumentStatus::Requested)];
        let e = open_problems(true, &fields, &[], &docs, false);
        assert_eq!(e.get("field_1"), Some(&FieldProblem::Required));
        assert_eq!(e.get("field_2"), None);
        assert_eq!(e.get("field_3"), None, "inactive fields ask for nothing");
        assert_eq!(e.get("doc_5"), Some(&FieldProblem::DocumentMissing));
        assert_eq!(e.get("doc_6"), None, "a requested document may follow");
        assert_eq!(e.get("manager"), Some(&FieldProblem::NoManager));

        let e = open_problems(
            true,
            &fields,
            &[(1, "x".into())],
            &[(5, DocumentStatus::Present)],
            true,
        );
        assert!(e.is_empty(), "{e:?}");
        let e = open_problems(false, &[], &[], &[], false);
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.get("case_type_id"), Some(&FieldProblem::Required));
    }
}
