//! Who receives a case when it is opened (SPEC B3, C1). The rules are evaluated in a fixed
//! order and the first that gives somebody wins:
//!
//! 1. the folder's table of case type x case group -> manager (one manager per cell);
//! 2. a rule for the customer's tier (standard, VIP), with a pool of candidate managers;
//! 3. a rule for the customer's contract or SLA class (a short code such as `gold`), with a pool;
//! 4. the folder's fallback manager.
//!
//! When a pool holds several candidates, the one with the least weighted open work gets the
//! case: open cases they manage times the folder's case weight plus open tasks assigned to them
//! times its task weight; ties go to the lowest id, so the choice is repeatable. Everything here
//! is pure: the caller reads the rules, the customer's terms and the candidates' workload.
//!
//! The customer's terms and the pool rules that ask for them live in `terms`, the choice among
//! candidates in `workload`; both are re-exported here.

mod terms;
mod workload;

pub use terms::{Criterion, CustomerTerms, CustomerTier, PoolRule, SlaClass};
pub use workload::{choose, WorkWeights, Workload};

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
    /// table, the customer's tier, their SLA class, routing's fallback, or handed over by hand
    /// (SPEC C2, reason in the timeline).
    RouteReason {
        TypeGroup => "type_group",
        CustomerTier => "customer_tier",
        SlaClass => "sla_class",
        Fallback => "fallback",
        Reassigned => "reassigned",
    }
}

/// A folder's routing configuration.
#[derive(Debug, Clone, Copy)]
pub struct RoutingRules<'a> {
    pub table: &'a [RoutingRule],
    pub pools: &'a [PoolRule],
    pub fallback: Option<i64>,
}

/// The rule that applies to a case, before the workload picks among its candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub reason: RouteReason,
    /// The tier or SLA class the rule matched.
    pub matched: Option<String>,
    /// Distinct, in ascending id order; never empty.
    pub candidates: Vec<i64>,
}

/// What besides the reason explains a hand-over, stored with the case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteDetail {
    /// The tier or SLA class code the rule matched (`vip`, `gold`).
    pub matched: Option<String>,
    /// How many candidates the rule offered; above one, the least loaded was chosen.
    pub candidates: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    pub manager_id: i64,
    pub reason: RouteReason,
    pub detail: RouteDetail,
}

/// The first rule that gives somebody for this case, in the order of the module's doc. A pool
/// whose candidates are all gone (the caller drops inactive people) does not match, so the case
/// goes on to the next rule rather than to nobody. `None` when even the fallback is missing.
pub fn find_rule(
    rules: RoutingRules<'_>,
    case_type: Option<i64>,
    case_group: Option<i64>,
    customer: &CustomerTerms,
) -> Option<Match> {
    if let (Some(t), Some(g)) = (case_type, case_group) {
        if let Some(r) = rules
            .table
            .iter()
            .find(|r| r.case_type_id == t && r.case_group_id == g)
        {
            return Some(Match {
                reason: RouteReason::TypeGroup,
                matched: None,
                candidates: vec![r.manager_id],
            });
        }
    }
    let pool = |reason: RouteReason| {
        rules
            .pools
            .iter()
            .filter(|p| p.criterion.reason() == reason && p.criterion.applies_to(customer))
            .find(|p| !p.candidates.is_empty())
    };
    if let Some(p) = pool(RouteReason::CustomerTier).or_else(|| pool(RouteReason::SlaClass)) {
        let mut candidates = p.candidates.clone();
        candidates.sort_unstable();
        candidates.dedup();
        return Some(Match {
            reason: p.criterion.reason(),
            matched: Some(p.criterion.value().to_string()),
            candidates,
        });
    }
    rules.fallback.map(|m| Match {
        reason: RouteReason::Fallback,
        matched: None,
        candidates: vec![m],
    })
}

/// [`find_rule`] then [`choose`]: whom a case goes to and why.
pub fn route(
    rules: RoutingRules<'_>,
    case_type: Option<i64>,
    case_group: Option<i64>,
    customer: &CustomerTerms,
    loads: &[Workload],
    weights: WorkWeights,
) -> Option<Route> {
    find_rule(rules, case_type, case_group, customer).map(|m| choose(m, loads, weights))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &[RoutingRule] = &[
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

    fn gold() -> SlaClass {
        SlaClass::parse("gold").unwrap()
    }

    fn pools() -> Vec<PoolRule> {
        vec![
            PoolRule {
                criterion: Criterion::Sla(gold()),
                candidates: vec![500],
            },
            PoolRule {
                criterion: Criterion::Tier(CustomerTier::Vip),
                candidates: vec![302, 301, 303],
            },
        ]
    }

    fn rules(pools: &[PoolRule], fallback: Option<i64>) -> RoutingRules<'_> {
        RoutingRules {
            table: TABLE,
            pools,
            fallback,
        }
    }

    fn vip() -> CustomerTerms {
        CustomerTerms {
            tier: CustomerTier::Vip,
            sla_class: None,
        }
    }

    fn gold_customer() -> CustomerTerms {
        CustomerTerms {
            tier: CustomerTier::Standard,
            sla_class: Some(gold()),
        }
    }

    fn load(manager_id: i64, open_cases: u32, open_tasks: u32) -> Workload {
        Workload {
            manager_id,
            open_cases,
            open_tasks,
        }
    }

    fn no_work() -> (Vec<Workload>, WorkWeights) {
        (Vec::new(), WorkWeights::default())
    }

    #[test]
    fn the_table_row_for_type_and_group_wins() {
        let (loads, w) = no_work();
        let r = route(
            rules(&[], Some(999)),
            Some(2),
            Some(10),
            &Default::default(),
            &loads,
            w,
        )
        .unwrap();
        assert_eq!((r.manager_id, r.reason), (200, RouteReason::TypeGroup));
        assert_eq!(
            r.detail,
            RouteDetail {
                matched: None,
                candidates: 1
            }
        );
    }

    #[test]
    fn the_table_comes_before_the_customers_tier_and_sla_class() {
        let pools = pools();
        let (loads, w) = no_work();
        for customer in [vip(), gold_customer()] {
            let r = route(rules(&pools, None), Some(1), Some(10), &customer, &loads, w).unwrap();
            assert_eq!((r.manager_id, r.reason), (100, RouteReason::TypeGroup));
        }
    }

    #[test]
    fn anything_the_rules_do_not_cover_goes_to_the_fallback() {
        let pools = pools();
        let (loads, w) = no_work();
        for (t, g) in [
            (Some(1), Some(11)),
            (Some(3), Some(10)),
            (Some(1), None),
            (None, None),
        ] {
            let r = route(
                rules(&pools, Some(999)),
                t,
                g,
                &Default::default(),
                &loads,
                w,
            )
            .unwrap();
            assert_eq!((r.manager_id, r.reason), (999, RouteReason::Fallback));
            assert_eq!(r.detail.matched, None);
        }
    }

    #[test]
    fn without_a_fallback_an_uncovered_case_has_nobody() {
        let pools = pools();
        let (loads, w) = no_work();
        let standard = CustomerTerms::default();
        assert_eq!(
            route(rules(&pools, None), Some(3), Some(10), &standard, &loads, w),
            None
        );
        assert!(route(rules(&pools, None), Some(1), Some(10), &standard, &loads, w).is_some());
    }

    #[test]
    fn a_vip_customers_case_goes_to_the_vip_pool() {
        let pools = pools();
        let (loads, w) = no_work();
        let r = route(rules(&pools, Some(999)), None, None, &vip(), &loads, w).unwrap();
        assert_eq!(r.reason, RouteReason::CustomerTier);
        assert_eq!(r.manager_id, 301, "without open work the lowest id wins");
        assert_eq!(
            r.detail,
            RouteDetail {
                matched: Some("vip".into()),
                candidates: 3
            }
        );
    }

    #[test]
    fn a_customer_with_an_sla_class_goes_to_that_classes_pool() {
        let pools = pools();
        let (loads, w) = no_work();
        let r = route(
            rules(&pools, Some(999)),
            None,
            None,
            &gold_customer(),
            &loads,
            w,
        )
        .unwrap();
        assert_eq!((r.manager_id, r.reason), (500, RouteReason::SlaClass));
        assert_eq!(r.detail.matched.as_deref(), Some("gold"));
    }

    #[test]
    fn the_tier_rule_comes_before_the_sla_class_rule() {
        let pools = pools();
        let (loads, w) = no_work();
        let both = CustomerTerms {
            tier: CustomerTier::Vip,
            sla_class: Some(gold()),
        };
        let r = route(rules(&pools, None), None, None, &both, &loads, w).unwrap();
        assert_eq!(r.reason, RouteReason::CustomerTier);
    }

    #[test]
    fn a_standard_customer_without_a_standard_rule_is_not_taken_by_the_vip_pool() {
        let pools = pools();
        let (loads, w) = no_work();
        let r = route(
            rules(&pools, Some(999)),
            None,
            None,
            &Default::default(),
            &loads,
            w,
        )
        .unwrap();
        assert_eq!(r.reason, RouteReason::Fallback);
        let other_class = CustomerTerms {
            tier: CustomerTier::Standard,
            sla_class: SlaClass::parse("silver"),
        };
        let r = route(
            rules(&pools, Some(999)),
            None,
            None,
            &other_class,
            &loads,
            w,
        )
        .unwrap();
        assert_eq!(r.reason, RouteReason::Fallback);
    }

    #[test]
    fn a_pool_with_nobody_left_gives_way_to_the_next_rule() {
        let pools = vec![
            PoolRule {
                criterion: Criterion::Tier(CustomerTier::Vip),
                candidates: vec![],
            },
            PoolRule {
                criterion: Criterion::Sla(gold()),
                candidates: vec![500],
            },
        ];
        let (loads, w) = no_work();
        let both = CustomerTerms {
            tier: CustomerTier::Vip,
            sla_class: Some(gold()),
        };
        let r = route(rules(&pools, Some(999)), None, None, &both, &loads, w).unwrap();
        assert_eq!((r.manager_id, r.reason), (500, RouteReason::SlaClass));
        let r = route(rules(&pools, Some(999)), None, None, &vip(), &loads, w).unwrap();
        assert_eq!((r.manager_id, r.reason), (999, RouteReason::Fallback));
    }

    #[test]
    fn among_candidates_the_one_with_the_least_open_work_gets_the_case() {
        let pools = pools();
        let loads = [load(301, 4, 0), load(302, 1, 1), load(303, 3, 0)];
        let r = route(
            rules(&pools, None),
            None,
            None,
            &vip(),
            &loads,
            WorkWeights::default(),
        )
        .unwrap();
        assert_eq!(r.manager_id, 302);
    }

    #[test]
    fn a_candidate_with_no_counted_work_has_none() {
        let pools = pools();
        let loads = [load(301, 1, 0), load(302, 1, 0)];
        let r = route(
            rules(&pools, None),
            None,
            None,
            &vip(),
            &loads,
            WorkWeights::default(),
        )
        .unwrap();
        assert_eq!(r.manager_id, 303);
    }

    #[test]
    fn weights_change_who_counts_as_least_busy() {
        let pools = pools();
        // 301 manages more cases, 302 has more tasks; 303 is buried in both.
        let loads = [load(301, 3, 0), load(302, 1, 4), load(303, 9, 9)];
        let pick = |open_case, open_task| {
            route(
                rules(&pools, None),
                None,
                None,
                &vip(),
                &loads,
                WorkWeights {
                    open_case,
                    open_task,
                },
            )
            .unwrap()
            .manager_id
        };
        assert_eq!(pick(1, 1), 301, "3 against 5");
        assert_eq!(pick(5, 1), 302, "15 against 9");
        assert_eq!(pick(1, 0), 302, "tasks ignored");
        assert_eq!(pick(0, 1), 301, "cases ignored");
    }

    #[test]
    fn ties_go_to_the_lowest_id() {
        let pools = pools();
        let loads = [load(301, 2, 0), load(302, 0, 2), load(303, 1, 1)];
        let r = route(
            rules(&pools, None),
            None,
            None,
            &vip(),
            &loads,
            WorkWeights::default(),
        )
        .unwrap();
        assert_eq!(r.manager_id, 301);
    }

    #[test]
    fn a_candidate_listed_twice_counts_once() {
        let pools = [PoolRule {
            criterion: Criterion::Tier(CustomerTier::Vip),
            candidates: vec![7, 3, 7],
        }];
        let m = find_rule(rules(&pools, None), None, None, &vip()).unwrap();
        assert_eq!(m.candidates, [3, 7]);
    }
}
