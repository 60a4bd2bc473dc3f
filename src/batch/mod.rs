//! Batches: many answers at once. [`transcript`] reads the inputs (JSON Lines records, Markdown or
//! plain-text interview transcripts, folders of them) and grades them as a bounded stream of
//! rows; [`report`] writes the rows as JSON Lines, CSV, Markdown or HTML with per-candidate
//! summaries. A new report format goes in [`report`].

pub mod report;
pub mod transcript;
