//! What an answer says of something other than Go: the phrase after "unlike" ("Unlike Java's
//! reentrant locks, sync.Mutex …") and a sentence set in another language ("In Java, when a
//! subclass overrides a method, calls … dispatch to the subclass version."). Red flags name wrong
//! claims about Go; said of the thing Go is contrasted with, they are no claim about Go.

use super::words::{DESCRIBING, OTHER_LANGUAGES, SUBJECT_LANGUAGES};
use super::Analysis;

/// The byte ranges of the text that describe the thing an answer contrasts Go with (one range
/// per run of such positions, in order).
pub fn contrasted(a: &Analysis) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut previous = false;
    for (pos, marked) in a.positions.iter().zip(contrasted_positions(a)) {
        match spans.last_mut() {
            Some(last) if marked && previous => last.1 = pos.end,
            _ if marked => spans.push((pos.start, pos.end)),
            _ => {}
        }
        previous = marked;
    }
    spans
}

/// For every position, whether it describes the thing an answer contrasts Go with.
fn contrasted_positions(a: &Analysis) -> Vec<bool> {
    let n = a.positions.len();
    let words: Vec<&str> = a.tokens_by_position().map(|t| t.first().map_or("", |t| t.text.as_str())).collect();
    let mut out = vec![false; n];
    let opens_sentence = |p: usize| p == 0 || a.positions[p - 1].sentence != a.positions[p].sentence;
    let opens_clause = |p: usize| p == 0 || a.positions[p - 1].clause != a.positions[p].clause;
    // The word after `p` names another language, in `p`'s sentence.
    let language_follows =
        |p: usize| p + 1 < n && OTHER_LANGUAGES.contains(&words[p + 1]) && a.positions[p + 1].sentence == a.positions[p].sentence;
    // From `start`, the rest of its clause and the describing clauses that follow it.
    let mark_phrase = |start: usize, out: &mut Vec<bool>| {
        let sentence = a.positions[start].sentence;
        let mut clause = a.positions[start].clause;
        for q in start..n {
            let pos = &a.positions[q];
            if pos.sentence != sentence {
                break;
            }
            if pos.clause != clause {
                if !DESCRIBING.contains(&words[q]) {
                    break;
                }
                clause = pos.clause;
            }
            out[q] = true;
        }
    };
    for p in 0..n {
        match words[p] {
            "unlike" => mark_phrase(p, &mut out),
            "compared" if matches!(words.get(p + 1), Some(&"with" | &"to")) => mark_phrase(p, &mut out),
            // "Python raises KeyError for d[k]; Go does neither.", "Java's HashMap.get returns
            // null", "When a Java thread blocks, …": a clause about the other language, named
            // after nothing but function words. (Not C or Node, which also name Go variables.)
            w if SUBJECT_LANGUAGES.iter().any(|l| w.strip_suffix("'s").unwrap_or(w) == *l) => {
                let start = (0..=p).rev().take_while(|&q| q == p || a.positions[q].stop).last().unwrap_or(p);
                // "…, like Java's ReentrantLock" claims a likeness: a claim about Go.
                let likeness = (start..p).any(|q| matches!(words[q], "like" | "as"));
                if opens_clause(start) && a.positions[start].clause == a.positions[p].clause && !likeness {
                    mark_phrase(start, &mut out);
                }
            }
            // "Where Java generics erase to Object, …": the opening clause.
            "where" if opens_sentence(p) && language_follows(p) => mark_phrase(p, &mut out),
            // "In Java, …" / "In C or C++ …" / "With GCC you …": the sentence, up to a clause
            // that turns to Go.
            "in" | "with" if opens_sentence(p) && language_follows(p) => {
                let sentence = a.positions[p].sentence;
                for q in (p..n).take_while(|&q| a.positions[q].sentence == sentence) {
                    if q > p + 1 && opens_clause(q) && matches!(words[q], "go" | "go's")
                        || words[q] == "in" && words.get(q + 1) == Some(&"go")
                    {
                        break;
                    }
                    out[q] = true;
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    fn marked(text: &str) -> Vec<String> {
        let a = analyze(text);
        let spans = contrasted(&a);
        let inside = |p: &crate::text::Position| spans.iter().any(|&(s, e)| s <= p.start && p.end <= e);
        a.tokens_by_position().zip(&a.positions).filter(|(_, p)| inside(p)).map(|(t, _)| t[0].text.to_string()).collect()
    }

    #[test]
    fn the_contrasted_thing_is_described_elsewhere() {
        assert_eq!(
            marked("Unlike Java's reentrant locks, sync.Mutex deadlocks when locked twice."),
            ["unlike", "java's", "reentrant", "locks"]
        );
        // (text, a word of the contrasted thing, a word about Go)
        for (text, elsewhere, go) in [
            ("Unlike Spring, where a container injects beans, Go code wires them by hand.", "injects", "wires"),
            ("Goroutines are cheap, unlike a kernel thread that blocks as a whole.", "blocks", "cheap"),
            ("In Java, a subclass method overrides the superclass one. In Go, embedding promotes methods.", "overrides", "promotes"),
            ("In C you free memory yourself; in Go the collector does it.", "free", "collector"),
            ("Python raises KeyError for d[k] and Java's map.get returns null; Go does neither.", "raises", "neither"),
            ("Compared with Java's ReentrantReadWriteLock, Go's RWMutex has no reentrancy.", "reentrantreadwritelock", "reentrancy"),
            ("Java's HashMap.get returns null for a missing key; Go returns the zero value.", "null", "zero"),
            ("When a Java thread blocks on a lock, the JVM parks it. A goroutine parks in the runtime.", "blocks", "runtime"),
            ("With GCC you do PGO with an instrumented build. Go reads a pprof profile.", "instrumented", "pprof"),
        ] {
            let m = marked(text);
            assert!(m.iter().any(|w| w == elsewhere) && !m.iter().any(|w| w == go), "{text}: {m:?}");
        }
        // "like Java's ReentrantLock" claims a likeness: a claim about Go.
        assert!(marked("It's reentrant, like Java's ReentrantLock.").is_empty());
        // Go itself, and "in" before anything else, describe Go.
        assert!(marked("In Go, a mutex is not reentrant.").is_empty());
        assert!(marked("In practice a mutex is not reentrant.").is_empty());
    }
}
