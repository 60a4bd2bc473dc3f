//! A count of the steps the analyzer and the matcher take on this thread, so tests can show that
//! the work grows linearly with an answer (time alone also measures the CPU caches). Each hot
//! loop adds its step count once per pass; the cost is one thread-local add.

use std::cell::Cell;

thread_local! {
    static STEPS: Cell<u64> = const { Cell::new(0) };
}

/// Count `n` steps.
#[inline]
pub(crate) fn add(n: usize) {
    STEPS.with(|s| s.set(s.get().wrapping_add(n as u64)));
}

/// The steps counted on this thread since the last call, and start again from zero.
pub fn take() -> u64 {
    STEPS.with(|s| s.replace(0))
}
