//! Integration tests: one binary, grouped by feature.

mod bank_quality;
mod batch;
mod cache;
mod cli;
mod conventions;
mod eval_page;
mod faults;
mod fuzz_replay;
mod golden;
mod hostile;
mod lookup;
mod reference_only;
mod robustness;
mod schema;
mod util;
