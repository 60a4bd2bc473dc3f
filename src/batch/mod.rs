//! Batches: many answers at once, graded in input order, in parallel, in bounded memory.
//!
//! - [`inputs`](self::collect_inputs): the paths of a command line expanded into inputs, and
//!   [`BatchInput`], all of them read as one stream of items (`inputs.rs`);
//! - JSON Lines records, read line by line ([`JsonlReader`], `jsonl.rs`), and interview
//!   transcripts, Markdown or plain text ([`parse_transcript`], `transcript.rs`);
//! - what flows between them: [`Record`], [`BadRecord`] and its [`RecordError`], [`Row`]
//!   (`record.rs`);
//! - the grading stream ([`grade_stream`], `stream.rs`);
//! - [`report`]: the rows written as JSON Lines, CSV, Markdown or HTML with per-candidate
//!   summaries. A new report format goes in [`report`]; a new input format is one more reader
//!   beside `jsonl.rs` and `transcript.rs`, and one more [`InputFormat`].

mod inputs;
mod jsonl;
mod record;
pub mod report;
mod stream;
mod transcript;

pub use inputs::{collect_inputs, BatchInput, InputFormat, InputSource};
pub use jsonl::{JsonlReader, MAX_RECORD_BYTES};
pub use record::{BadRecord, Item, Outcome, Record, RecordError, Row, Source};
pub use stream::{grade_stream, DEFAULT_CHUNK_SIZE};
pub use transcript::{parse_transcript, Transcript};
