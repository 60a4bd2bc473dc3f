//! Stemming and spelling folds: Snowball English (cached per thread), with British spellings
//! folded to American first, so synchronise and synchronize share a stem.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Stem one lower-case word, folding British spellings first. Stems are cached per thread:
/// a bank repeats the same few thousand words, and Snowball is the analyzer's main cost.
pub fn stem_word(word: &str) -> String {
    thread_local! {
        static CACHE: std::cell::RefCell<rustc_hash::FxHashMap<String, String>> = Default::default();
    }
    CACHE.with(|cache| {
        if let Some(stem) = cache.borrow().get(word) {
            return stem.clone();
        }
        let stem = stemmer().stem(&fold_british(word)).into_owned();
        let mut cache = cache.borrow_mut();
        // Bounded: a stream of unique words (a long batch) must not grow memory without limit.
        if cache.len() > 200_000 {
            cache.clear();
        }
        cache.insert(word.to_string(), stem.clone());
        stem
    })
}

/// British → American spelling for the suffixes that change the stem. Applied to both sides of
/// every comparison, so an over-eager fold can only merge a word with its own variant.
fn fold_british(word: &str) -> std::borrow::Cow<'_, str> {
    if word.len() < 6 || !word.is_ascii() {
        return word.into();
    }
    for (from, to) in [
        ("isation", "ization"),
        ("isations", "izations"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
        ("yse", "yze"),
        ("ysed", "yzed"),
        ("ysing", "yzing"),
        ("our", "or"),
        ("ours", "ors"),
        ("ourable", "orable"),
        ("ogue", "og"),
        ("elled", "eled"),
        ("elling", "eling"),
    ] {
        if let Some(base) = word.strip_suffix(from) {
            if base.len() >= 3 {
                return format!("{base}{to}").into();
            }
        }
    }
    word.into()
}

/// Could [`fold_spelling`] change this word? (A cheap test before the allocating fold.) Exact:
/// the fold changes a word if and only if it holds one of the spellings it replaces.
pub fn may_fold(w: &str) -> bool {
    // One pass over the bytes: `str::contains` per spelling cost more than the rest of the fold.
    let b = w.as_bytes();
    b.windows(3).enumerate().any(|(i, t)| match t {
        [b'i', b's', b'e' | b'i'] | [b'y', b's', b'e'] | [b'o', b'u', b'r'] => true,
        [b'i', b's', b'a'] => b.get(i + 3) == Some(&b't'),
        _ => false,
    })
}

/// British → American spelling anywhere inside a word, for prefix patterns (`synchroniz*` meets
/// "synchronises"). Applied to both sides, so it can only merge a word with its own variant.
pub fn fold_spelling(w: &str) -> String {
    w.replace("isat", "izat").replace("ise", "ize").replace("isi", "izi").replace("yse", "yze").replace("our", "or")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_fold_is_exactly_whether_the_fold_changes_the_word() {
        for w in ["this", "is", "disable", "organisation", "analyse", "colour", "precise", "visit", "our", "isa", "isat", "go"] {
            assert_eq!(may_fold(w), fold_spelling(w) != w, "{w}");
        }
    }
}
