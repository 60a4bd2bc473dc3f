//! [`Atom`]: the shared string a token's text and stem are held in. An answer repeats the same
//! few hundred words, so the analyzer interns each word's text and stem once per thread and every
//! further token of that word costs a reference-count increment instead of two allocations; a
//! token is also 16 bytes smaller per string than with `String`.
//!
//! An atom also remembers its id in the bank's term sets ([`crate::text::TermSet`]): each table
//! an answer's words are looked up in (the vocabulary, a rubric's terms and question words, the
//! lexicon's phrase starts, the BM25 terms, the shape model's function words) hashed and
//! compared every token's string; an interned word is now looked up once per thread and table,
//! and read back as a number after.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Which of an atom's remembered ids a term set uses: one per kind of table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub(crate) enum IdSlot {
    /// The bank's vocabulary.
    #[default]
    Vocabulary,
    /// A rubric's term table (`rubric::matcher::TermTable`).
    Terms,
    /// The lexicon's phrase starts.
    Lexicon,
    /// A rubric's question as the candidate is shown it (`Retrieval::asked_terms`).
    Shown,
    /// A wording a question was asked in (`bank::lookup::Asked`).
    Asked,
    /// A rubric's question with its aliases (`Retrieval::question_terms`).
    Question,
    /// The BM25 indexes' terms (the references'; the wordings' lookup index, asked once per new
    /// wording, shares the slot).
    Retrieval,
    /// The shape model's function words.
    Function,
    /// The word lists negation scoping asks of every position (`text::negation`).
    Cues,
}

/// How many term sets an atom remembers its id in at once: one per kind of table
/// ([`IdSlot`]), so the tables one answer is looked up in never evict each other's ids.
const ID_SLOTS: usize = IdSlot::Cues as usize + 1;

/// An immutable, cheaply cloned string. Compares, hashes, prints and serialises exactly like the
/// `str` it holds (so snapshots and JSON are the same as with `String`).
#[derive(Clone, Default)]
pub struct Atom(Arc<Inner>);

#[derive(Default)]
struct Inner {
    /// Per [`IdSlot`]: the serial of the term set last asked (high 32 bits) and this string's id
    /// in it plus one, 0 when the set does not hold it (low 32 bits); 0 when never asked.
    ids: [AtomicU64; ID_SLOTS],
    text: Box<str>,
}

impl Atom {
    /// The string.
    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    /// The id remembered for the term set with this serial (`serial` is never 0): `Some(None)`
    /// when the set is known not to hold the string, `None` when not remembered.
    pub(crate) fn remembered_id(&self, slot: IdSlot, serial: u32) -> Option<Option<u32>> {
        // Relaxed: an id is a pure function of the set and the string, and the pair is one word,
        // so a thread reads either nothing or a right answer.
        let v = self.0.ids[slot as usize].load(Ordering::Relaxed);
        ((v >> 32) as u32 == serial).then(|| (v as u32).checked_sub(1))
    }

    /// Remember this string's id in the term set with this serial.
    pub(crate) fn remember_id(&self, slot: IdSlot, serial: u32, id: Option<u32>) {
        let v = (u64::from(serial) << 32) | id.map_or(0, |i| u64::from(i) + 1);
        self.0.ids[slot as usize].store(v, Ordering::Relaxed);
    }

    /// The two are one atom (then they hold the same string; equal strings may be two atoms).
    pub fn ptr_eq(this: &Atom, other: &Atom) -> bool {
        Arc::ptr_eq(&this.0, &other.0)
    }

    fn new(text: Box<str>) -> Atom {
        Atom(Arc::new(Inner { ids: Default::default(), text }))
    }
}

impl PartialEq for Atom {
    fn eq(&self, other: &Atom) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.as_str() == other.as_str()
    }
}

impl Eq for Atom {}

impl PartialOrd for Atom {
    fn partial_cmp(&self, other: &Atom) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Atom {
    fn cmp(&self, other: &Atom) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Atom {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl Deref for Atom {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Atom {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Atom {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Atom {
    fn from(s: &str) -> Atom {
        Atom::new(s.into())
    }
}

impl From<String> for Atom {
    fn from(s: String) -> Atom {
        Atom::new(s.into_boxed_str())
    }
}

impl From<Atom> for String {
    fn from(a: Atom) -> String {
        a.as_str().to_string()
    }
}

impl PartialEq<str> for Atom {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Atom {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Atom {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Atom> for str {
    fn eq(&self, other: &Atom) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Atom> for String {
    fn eq(&self, other: &Atom) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Debug for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

// (`to_string()` on an Atom goes through this and the formatter, several times the cost of a
// copy: hot code copies with `as_str().to_owned()`.)
impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for Atom {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Atom {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Atom, D::Error> {
        String::deserialize(d).map(Atom::from)
    }
}
