//! Grading a batch: [`grade_stream`] pulls `chunk_size` items from the input, grades them in
//! parallel with rayon and hands the rows to a sink in input order while the next chunk is
//! graded. At most two chunks of records and grades are alive at a time; a JSON Lines record is never
//! buffered beyond [`MAX_RECORD_BYTES`](crate::batch::MAX_RECORD_BYTES), and a transcript file is
//! read whole (one candidate's interview). Rows never depend on the thread count or the chunk
//! size.

use crate::batch::record::{Item, Outcome, RecordError, Row};
use crate::grading::Grader;
use rayon::prelude::*;

/// Records graded per chunk by default. A chunk is graded grouped by question (see
/// `grade_chunk`), so a larger chunk puts more answers to one rubric side by side: 1,024 graded
/// 15–20% faster than 256 on the benchmark batch, for about 7 MiB more at the peak.
pub const DEFAULT_CHUNK_SIZE: usize = 1024;

/// Align one item to the bank and grade it. An unknown or ambiguous question is an error row
/// carrying the closest candidates; it is never graded against a guessed rubric.
fn grade_item(grader: &Grader<'_>, index: u64, item: Item) -> Row {
    let record = match item {
        Ok(r) => r,
        Err(bad) => {
            let bad = *bad;
            return Row {
                index,
                id: bad.id.unwrap_or_else(|| bad.source.to_string()),
                candidate: bad.candidate,
                source: bad.source,
                question: bad.question,
                outcome: Outcome::Failed(bad.error),
            };
        }
    };
    let graded = match &record.question_id {
        Some(id) => grader.grade_named(id, Some(&record.question), &record.answer),
        None => grader.grade(&record.question, &record.answer),
    };
    let outcome = match graded {
        Ok(grade) => {
            let topic = grader.bank().get(&grade.question_id).map(|r| r.topic.clone()).unwrap_or_default();
            Outcome::Graded { grade: Box::new(grade), topic }
        }
        Err(e) => Outcome::Failed(RecordError::from(e)),
    };
    Row {
        index,
        id: record.id.unwrap_or_else(|| record.source.to_string()),
        candidate: Some(record.candidate),
        source: record.source,
        question: Some(record.question),
        outcome,
    }
}

/// Grade a chunk in parallel (on the current rayon pool), keeping its order.
///
/// The items are graded grouped by their question as written (in input order within each), and
/// the rows put back in input order: consecutive answers to one question find its rubric's
/// patterns, term table and model sentences still in the CPU's caches, where in input order an
/// answer mostly came to a rubric that the answers before it had evicted. A grade depends only
/// on its record, so the order it is graded in changes nothing.
fn grade_chunk(grader: &Grader<'_>, first_index: u64, items: Vec<Item>) -> Vec<Row> {
    fn question(item: &Item) -> &str {
        item.as_ref().map_or("", |r| r.question.as_str())
    }
    let mut items: Vec<(u64, Item)> = (first_index..).zip(items).collect();
    // Stable: input order within a question.
    items.sort_by(|(_, x), (_, y)| question(x).cmp(question(y)));
    let mut rows: Vec<Row> = items.into_par_iter().map(|(index, item)| grade_item(grader, index, item)).collect();
    rows.sort_unstable_by_key(|r| r.index);
    rows
}

/// Grade a stream of items chunk by chunk and hand every row to `sink` in input order. With a
/// `pool`, grading runs on it; otherwise on rayon's global pool. The items and the sink stay on
/// the calling thread. Returns the number of rows; stops at the sink's first error.
///
/// The calling thread writes one chunk's rows and reads the next chunk while the pool grades the
/// current one: done one after the other, writing JSON and parsing records left the grading
/// threads idle for about a tenth of a batch. So at most two chunks are alive at a time, one
/// being graded and one being written.
pub fn grade_stream<I, E, F>(
    grader: &Grader<'_>,
    items: I,
    chunk_size: usize,
    pool: Option<&rayon::ThreadPool>,
    mut sink: F,
) -> Result<u64, E>
where
    I: IntoIterator<Item = Item>,
    F: FnMut(Row) -> Result<(), E>,
{
    let chunk_size = chunk_size.max(1);
    let mut items = items.into_iter();
    let mut index = 0u64;
    let mut chunk: Vec<Item> = items.by_ref().take(chunk_size).collect();
    // The previous chunk's rows, graded and not yet handed to the sink.
    let mut written: Vec<Row> = Vec::new();
    while !chunk.is_empty() {
        let first = index;
        index += chunk.len() as u64;
        let mut graded: Vec<Row> = Vec::new();
        // The scope returns once the chunk is graded, even when the sink failed.
        let next: Result<Vec<Item>, E> = in_place_scope(pool, |scope| {
            let graded = &mut graded;
            scope.spawn(move |_| *graded = grade_chunk(grader, first, chunk));
            // Meanwhile, on the calling thread: write the previous rows, read the next chunk.
            written.drain(..).try_for_each(&mut sink)?;
            Ok(items.by_ref().take(chunk_size).collect())
        });
        chunk = next?;
        written = graded;
    }
    written.into_iter().try_for_each(&mut sink)?;
    Ok(index)
}

/// A rayon scope whose closure runs on the calling thread, its spawns on `pool` (or the global
/// pool); returns once every spawn has finished.
fn in_place_scope<'scope, R>(pool: Option<&rayon::ThreadPool>, op: impl FnOnce(&rayon::Scope<'scope>) -> R) -> R {
    match pool {
        Some(pool) => pool.in_place_scope(op),
        None => rayon::in_place_scope(op),
    }
}
