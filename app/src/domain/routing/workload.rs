//! Choosing among a rule's candidates by their weighted open work.

use super::{Match, Route, RouteDetail};
use serde::{Deserialize, Serialize};

/// How much an open case and an open task count when candidates are compared. The folder's
/// administrator sets them; each is between 0 and [`WorkWeights::MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkWeights {
    pub open_case: u32,
    pub open_task: u32,
}

impl WorkWeights {
    pub const MAX: u32 = 100;
}

impl Default for WorkWeights {
    fn default() -> Self {
        WorkWeights {
            open_case: 1,
            open_task: 1,
        }
    }
}

/// One candidate's open work now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Workload {
    pub manager_id: i64,
    pub open_cases: u32,
    pub open_tasks: u32,
}

impl Workload {
    pub fn weighted(&self, w: WorkWeights) -> u64 {
        u64::from(self.open_cases) * u64::from(w.open_case)
            + u64::from(self.open_tasks) * u64::from(w.open_task)
    }
}

/// The candidate of `m` with the least weighted open work, ties to the lowest id. A candidate
/// missing from `loads` has no open work.
pub fn choose(m: Match, loads: &[Workload], weights: WorkWeights) -> Route {
    let load = |id: i64| {
        loads
            .iter()
            .find(|l| l.manager_id == id)
            .map_or(0, |l| l.weighted(weights))
    };
    let manager_id = m
        .candidates
        .iter()
        .copied()
        .min_by_key(|&id| (load(id), id))
        .expect("a match has a candidate");
    Route {
        manager_id,
        reason: m.reason,
        detail: RouteDetail {
            matched: m.matched,
            candidates: u32::try_from(m.candidates.len()).unwrap_or(u32::MAX),
        },
    }
}
