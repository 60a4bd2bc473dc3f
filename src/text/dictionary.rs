//! English words, to tell a misspelt word from a real one the bank happens not to use.
//!
//! `english-stems.txt` holds the Snowball stems of WordNet 3.0's words (built by
//! `scripts/english-stems.py`; licence in `WORDNET-LICENSE`), one per line, sorted by bytes. It
//! is searched in place: nothing is built at start-up, and a grade that asks nothing of it pays
//! nothing.

const ENGLISH_STEMS: &str = include_str!("english-stems.txt");

/// Whether `stem` is the stem of an English word (WordNet's; function words are not in it).
pub fn is_english_stem(stem: &str) -> bool {
    contains_line(ENGLISH_STEMS, stem)
}

/// Binary search of a newline-terminated list of lines sorted by bytes.
fn contains_line(sorted: &str, key: &str) -> bool {
    let bytes = sorted.as_bytes();
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        // The line holding the middle byte, from its start to its newline.
        let mid = lo + (hi - lo) / 2;
        let start = bytes[lo..mid].iter().rposition(|&b| b == b'\n').map_or(lo, |i| lo + i + 1);
        let end = bytes[mid..hi].iter().position(|&b| b == b'\n').map_or(hi, |i| mid + i);
        match sorted[start..end].cmp(key) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::stem_word;

    #[test]
    fn the_search_finds_every_line_and_nothing_else() {
        let list = "b\nbd\nc\nca\nx\n";
        for line in list.lines() {
            assert!(contains_line(list, line), "{line}");
        }
        for absent in ["", "a", "bc", "bda", "cb", "d", "y", "xx"] {
            assert!(!contains_line(list, absent), "{absent}");
        }
        assert!(!contains_line("", "a"));
    }

    #[test]
    fn the_table_is_sorted_and_holds_the_grader_s_stems_of_common_words() {
        assert!(ENGLISH_STEMS.lines().collect::<Vec<_>>().windows(2).all(|w| w[0] < w[1]));
        // The table's stems come from Python's Snowball stemmer: they must agree with ours.
        for word in ["running", "buffered", "separately", "received", "happily", "organisation", "queues", "reading"] {
            assert!(is_english_stem(&stem_word(word)), "{word} ({})", stem_word(word));
        }
        for typo in ["recieve", "seperately", "fucntion", "middlware", "retruns"] {
            assert!(!is_english_stem(&stem_word(typo)), "{typo}");
        }
    }
}
