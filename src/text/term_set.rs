//! A frozen set of terms, each with an id (its place in the set), stored so that a bank snapshot
//! reads it back without building anything: the terms as one text with their end offsets (one
//! UTF-8 check and one allocation, not one per term) and a hash table of ids laid out when the
//! set is made. Reading back the BM25 indexes' hash maps, one `String` per term per map, was
//! most of a cold grade; the bank's vocabulary is one too.
//!
//! An answer's words are looked up by [`TermSet::id_of`], which asks the word's [`Atom`] first:
//! an interned word remembers its id in each kind of set ([`IdSlot`]), so it is hashed and
//! compared once per thread and set, not once per token.

use super::atom::{Atom, IdSlot};
use rustc_hash::FxHasher;
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};

// (A clone keeps the serial: it holds the same ids.)
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct TermSet {
    /// Which of an atom's remembered ids this set uses.
    slot: IdSlot,
    /// This set's own number in the process (never 0), which an atom's remembered id is for:
    /// a set read back from a snapshot gets a new one.
    #[serde(skip, default = "next_serial")]
    serial: u32,
    /// The terms, one after another.
    text: String,
    /// Where each term ends in `text`.
    ends: Vec<u32>,
    /// Open addressing with linear probing: a term's id plus one in the first free slot from its
    /// hash on, 0 for a free slot. At most half full, so a probe ends soon.
    slots: Vec<u32>,
}

fn next_serial() -> u32 {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Default for TermSet {
    fn default() -> TermSet {
        TermSet { slot: IdSlot::default(), serial: next_serial(), text: String::new(), ends: Vec::new(), slots: Vec::new() }
    }
}

fn hash(term: &str) -> usize {
    // FxHasher has no random seed: the layout made by one process holds for the next.
    let mut h = FxHasher::default();
    term.hash(&mut h);
    h.finish() as usize
}

impl TermSet {
    /// The set of these distinct terms, ids in the given order; atoms remember their ids in it
    /// in `slot`.
    pub(crate) fn new<'a>(terms: impl IntoIterator<Item = &'a str>, slot: IdSlot) -> TermSet {
        let mut set = TermSet { slot, ..TermSet::default() };
        for t in terms {
            set.text.push_str(t);
            set.ends.push(set.text.len() as u32);
        }
        let mask = (set.ends.len() * 2).next_power_of_two() - 1;
        set.slots = vec![0; mask + 1];
        for id in 0..set.ends.len() {
            let mut slot = hash(set.term(id)) & mask;
            while set.slots[slot] != 0 {
                debug_assert_ne!(set.term(set.slots[slot] as usize - 1), set.term(id), "terms are distinct");
                slot = (slot + 1) & mask;
            }
            set.slots[slot] = id as u32 + 1;
        }
        set
    }

    /// The number of terms.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The term with this id.
    pub(crate) fn term(&self, id: usize) -> &str {
        &self.text[self.span(id)]
    }

    fn span(&self, id: usize) -> std::ops::Range<usize> {
        let start = if id == 0 { 0 } else { self.ends[id - 1] as usize };
        start..self.ends[id] as usize
    }

    /// [`TermSet::id`] of an atom: remembered by the atom after the first time.
    #[inline]
    pub(crate) fn id_of(&self, term: &Atom) -> Option<usize> {
        match term.remembered_id(self.slot, self.serial) {
            Some(id) => id.map(|id| id as usize),
            None => {
                let id = self.id(term);
                term.remember_id(self.slot, self.serial, id.map(|id| id as u32));
                id
            }
        }
    }

    /// The id of a term, if the set holds it.
    pub(crate) fn id(&self, term: &str) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut slot = hash(term) & mask;
        loop {
            let id = (self.slots[slot] as usize).checked_sub(1)?;
            // Bytes, not `str`: slicing a `str` tests the ends for char boundaries.
            if self.text.as_bytes()[self.span(id)] == *term.as_bytes() {
                return Some(id);
            }
            slot = (slot + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_found_by_text_and_id() {
        let words = ["chan", "goroutin", "", "mutex", "é", "select"];
        let set = TermSet::new(words, IdSlot::Vocabulary);
        assert_eq!(set.len(), words.len());
        for (id, w) in words.iter().enumerate() {
            assert_eq!(set.term(id), *w);
            assert_eq!(set.id(w), Some(id));
        }
        assert_eq!(set.id("channel"), None);
        let back: TermSet = postcard::from_bytes(&postcard::to_stdvec(&set).unwrap()).unwrap();
        assert_eq!(back.id("mutex"), Some(3));
        assert_eq!(TermSet::new([], IdSlot::Vocabulary).id("x"), None);
        // An atom's remembered id is this set's, not another's.
        let chan = Atom::from("chan");
        assert_eq!(set.id_of(&chan), Some(0));
        assert_eq!(set.id_of(&chan), Some(0));
        let other = TermSet::new(["x", "chan"], IdSlot::Vocabulary);
        assert_eq!(other.id_of(&chan), Some(1));
        assert_eq!(set.id_of(&chan), Some(0));
        assert_eq!(back.id_of(&Atom::from("select")), Some(5));
        assert_eq!(back.id_of(&chan), Some(0));
    }
}
