//! Integration tests: one binary, grouped by feature.

mod bank_quality;
mod batch;
mod cli;
mod conventions;
mod golden;
mod lookup;
mod robustness;
mod schema;
mod util;
