//! Who receives a case when it is opened (SPEC B3): the folder's table of case type x case
//! group -> manager, and its fallback manager when no row matches. The fuller engine of the
//! workflow (customer tier, SLA class, workload) grows from here.

use super::case::coded_enum;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One row of the routing table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingRule {
    pub case_type_id: i64,
    pub case_group_id: i64,
    pub manager_id: i64,
}

coded_enum! {
    /// Why the case is with its manager, recorded on the case so anyone can see it: routing's
    /// table, routing's fallback, or handed over by hand (SPEC C2, reason in the timeline).
    RouteReason {
        TypeGroup => "type_group",
        Fallback => "fallback",
        Reassigned => "reassigned",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    pub manager_id: i64,
    pub reason: RouteReason,
}

/// The manager for a case of `case_type` in `case_group`: the table's row for both, else the
/// fallback manager. `None` when neither exists, and the case cannot be handed over.
pub fn route(
    rules: &[RoutingRule],
    case_type: Option<i64>,
    case_group: Option<i64>,
    fallback: Option<i64>,
) -> Option<Route> {
    let by_table = match (case_type, case_group) {
        (Some(t), Some(g)) => rules
            .iter()
            .find(|r| r.case_type_id == t && r.case_group_id == g),
        _ => None,
    };
    match (by_table, fallback) {
        (Some(r), _) => Some(Route {
            manager_id: r.manager_id,
            reason: RouteReason::TypeGroup,
        }),
        (None, Some(m)) => Some(Route {
            manager_id: m,
            reason: RouteReason::Fallback,
        }),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[RoutingRule] = &[
        RoutingRule {
            case_type_id: 1,
            case_group_id: 10,
            manager_id: 100,
        },
        RoutingRule {
            case_type_id: 2,
            case_group_id: 10,
            manager_id: 200,
        },
    ];

    #[test]
    fn the_table_row_for_type_and_group_wins() {
        let r = route(RULES, Some(2), Some(10), Some(999)).unwrap();
        assert_eq!((r.manager_id, r.reason), (200, RouteReason::TypeGroup));
    }

    #[test]
    fn anything_the_table_does_not_cover_goes_to_the_fallback() {
        for (t, g) in [
            (Some(1), Some(11)),
            (Some(3), Some(10)),
            (Some(1), None),
            (None, None),
        ] {
            let r = route(RULES, t, g, Some(999)).unwrap();
            assert_eq!((r.manager_id, r.reason), (999, RouteReason::Fallback));
        }
    }

    #[test]
    fn without_a_fallback_an_uncovered_case_has_nobody() {
        assert_eq!(route(RULES, Some(3), Some(10), None), None);
        assert!(route(RULES, Some(1), Some(10), None).is_some());
    }
}
