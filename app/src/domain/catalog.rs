//! Case folders and their catalogs (SPEC B1, A5): the lists an administrator keeps so that
//! cases can be classified without code. Entries are renamed, reordered and deactivated, never
//! deleted, so a case always keeps the value it was given.

use super::case::coded_enum;
use super::form::{text_field, FieldErrors, FieldProblem};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

coded_enum! {
    /// The catalogs every folder has.
    CatalogKind {
        Qualification => "qualification",
        Cause => "cause",
        Severity => "severity",
        Priority => "priority",
        CaseType => "case_type",
        CaseGroup => "case_group",
        Category => "category",
        Area => "area",
        Resolution => "resolution",
    }
}

coded_enum! {
    /// What a case type or a case group is bound to (`003_*.txt`: types connect with the table
    /// of customers or of partners, groups with own stores or distributors).
    Binding {
        Customers => "customers",
        Partners => "partners",
        OwnStores => "own_stores",
        Distributors => "distributors",
    }
}

impl CatalogKind {
    /// The bindings an entry of this kind may have; empty when it has none.
    pub fn bindings(self) -> &'static [Binding] {
        match self {
            CatalogKind::CaseType => &[Binding::Customers, Binding::Partners],
            CatalogKind::CaseGroup => &[Binding::OwnStores, Binding::Distributors],
            _ => &[],
        }
    }
}

/// Categories nest three levels deep (category 1 / 2 / 3 of `004_*.txt`).
pub const MAX_CATEGORY_DEPTH: usize = 3;
pub const NAME_MAX: usize = 120;

/// A new catalog entry as the admin typed it. `parent_depth` is the depth of the parent
/// category (1 for a top-level one), when there is a parent.
pub struct NewEntry<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub binding: &'a str,
    pub parent_depth: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidEntry {
    pub kind: CatalogKind,
    pub name: String,
    pub binding: Option<Binding>,
}

impl NewEntry<'_> {
    pub fn validate(&self) -> Result<ValidEntry, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = entry_name(&mut errors, self.name);
        let kind = self
            .kind
            .parse::<CatalogKind>()
            .map_err(|_| errors.add("kind", FieldProblem::Invalid))
            .ok();
        let binding = match kind.map(CatalogKind::bindings) {
            Some([]) | None if self.binding.is_empty() => None,
            Some(allowed) => match self.binding.parse::<Binding>() {
                Ok(b) if allowed.contains(&b) => Some(b),
                _ => {
                    errors.add(
                        "binding",
                        if self.binding.is_empty() {
                            FieldProblem::Required
                        } else {
                            FieldProblem::Invalid
                        },
                    );
                    None
                }
            },
            None => None,
        };
        if let Some(depth) = self.parent_depth {
            if kind != Some(CatalogKind::Category) || depth >= MAX_CATEGORY_DEPTH {
                errors.add("parent", FieldProblem::Invalid);
            }
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(ValidEntry {
                kind,
                name,
                binding,
            }),
            _ => Err(errors),
        }
    }
}

/// A folder or entry name: trimmed, present, at most [`NAME_MAX`] characters.
pub fn entry_name(errors: &mut FieldErrors, raw: &str) -> String {
    text_field(errors, "name", raw, 1, NAME_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(
        kind: &'a str,
        name: &'a str,
        binding: &'a str,
        parent_depth: Option<usize>,
    ) -> NewEntry<'a> {
        NewEntry {
            kind,
            name,
            binding,
            parent_depth,
        }
    }

    #[test]
    fn case_types_must_say_what_they_are_bound_to() {
        let e = entry("case_type", "Clientes", "", None)
            .validate()
            .unwrap_err();
        assert_eq!(e.get("binding"), Some(&FieldProblem::Required));
        let e = entry("case_type", "Clientes", "own_stores", None)
            .validate()
            .unwrap_err();
        assert_eq!(e.get("binding"), Some(&FieldProblem::Invalid));
        let ok = entry("case_type", " Clientes ", "customers", None)
            .validate()
            .unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.binding),
            ("Clientes", Some(Binding::Customers))
        );
    }

    #[test]
    fn only_categories_nest_and_only_three_deep() {
        assert!(entry("category", "Gestión de cobranza", "", Some(2))
            .validate()
            .is_ok());
        assert!(entry("category", "Nivel 4", "", Some(3))
            .validate()
            .is_err());
        assert!(entry("cause", "Otros", "", Some(1)).validate().is_err());
    }

    #[test]
    fn plain_catalogs_take_no_binding_and_need_a_name() {
        assert!(entry("cause", "Otros", "partners", None)
            .validate()
            .is_err());
        assert_eq!(
            entry("cause", "  ", "", None)
                .validate()
                .unwrap_err()
                .get("name"),
            Some(&FieldProblem::Required)
        );
        assert!(entry("colour", "Rojo", "", None).validate().is_err());
    }
}
