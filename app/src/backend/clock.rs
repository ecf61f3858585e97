//! The time every service and worker reads. Real in production; a test holds it still and moves
//! it forward, so a case's whole deadline life (at risk, paused, overdue, reminders) runs in
//! milliseconds of real time.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Stands for "follow the system clock".
const REAL: i64 = i64::MIN;

/// Clones share one clock, so a test's second server instance sees the time the test sets.
#[derive(Clone, Debug)]
pub struct Clock(Arc<AtomicI64>);

impl Default for Clock {
    fn default() -> Self {
        Clock::real()
    }
}

impl Clock {
    /// The system clock, until a test stops it.
    pub fn real() -> Clock {
        Clock(Arc::new(AtomicI64::new(REAL)))
    }

    /// Now, in UTC milliseconds.
    pub fn now_ms(&self) -> i64 {
        match self.0.load(Ordering::SeqCst) {
            REAL => chrono::Utc::now().timestamp_millis(),
            at => at,
        }
    }

    /// Holds the clock at `at_ms` (tests only: nothing in the product moves time).
    pub fn set(&self, at_ms: i64) {
        self.0.store(at_ms, Ordering::SeqCst);
    }

    /// Follows the system clock again.
    pub fn follow_real(&self) {
        self.0.store(REAL, Ordering::SeqCst);
    }

    pub fn advance(&self, by_ms: i64) {
        self.set(self.now_ms() + by_ms);
    }
}
