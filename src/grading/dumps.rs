//! Answers that are lists or dumps rather than sentences: the `keyword-list` and `term-dump`
//! gates' tests. A bag of the right words can match every concept, so before crediting them the
//! grader asks whether they are said as an answer: a list of single terms
//! ([`is_keyword_list`]), a list of bare phrases after a sentence ([`is_phrase_list`]), words that
//! do not form sentences or stand in an order no sentence has ([`term_dump`], over the measures of
//! [`crate::text::Shape`]).

use crate::bank::Gates;
use crate::text::{self, code_names_at_most, is_stop_word, name_run_share, Analysis, Shape};

/// A list of terms: enough content words, almost no function words, list separators between
/// most of them, and no code.
pub(super) fn is_keyword_list(a: &Analysis, max_function_share: f64) -> bool {
    let content = a.content_positions();
    if content < 4 || a.code_marks >= 2 || (a.list_separators as usize) * 4 < content {
        return false;
    }
    // Eight or more items of a word or two each are a list whatever the words are: "select,
    // lets, one, goroutine, wait" has function words, but standing alone they relate nothing.
    let items = a.list_separators as usize + 1;
    if items >= KEYWORD_LIST_MIN_ITEMS && a.positions.len() * 2 <= items * 3 {
        return true;
    }
    let function_words = a.positions.len() - content;
    (function_words as f64) / (a.positions.len() as f64) < max_function_share
}

/// At least three items separated by commas, semicolons or lines, three in four of them a single
/// word: a list of terms, where a short answer's list of phrases ("mutual exclusion, hold and
/// wait, no preemption, circular wait") can be the answer.
pub(super) fn is_single_word_list(answer: &str) -> bool {
    mostly_single_word_items(answer, 3)
}

/// Whether `answer` has at least `min_items` items between commas, semicolons and lines (those
/// holding a letter or digit), three in four of them a single word.
fn mostly_single_word_items(answer: &str, min_items: usize) -> bool {
    // Items not read yet, at most: one more than the separators. Prose fails the three in four
    // after a quarter of its items at most, so the walk stops there (below).
    let mut left = text::count_bytes(answer.as_bytes(), [b',', b';', b'\n']) + 1;
    if left < min_items {
        return false;
    }
    // One walk over the bytes: splitting on characters and counting words per item cost 34
    // instructions a byte (a 1 MB answer's 5%). An ASCII item is read by byte (its letters and
    // digits and its whitespace runs are exactly what `char`'s tests say); an item with other
    // characters is read as before. The separators are ASCII, so byte splits are char splits.
    let (mut n, mut single) = (0, 0);
    // Counts one item; false once the items left cannot make three in four single words.
    let mut count = |item: &str, seen: u8, words: usize| {
        let (alphanumeric, words) = match seen & item_byte::NOT_ASCII {
            0 => (seen & item_byte::ALPHANUMERIC != 0, words),
            _ => (item.chars().any(char::is_alphanumeric), item.split_whitespace().count()),
        };
        if alphanumeric {
            n += 1;
            single += usize::from(words == 1);
        }
        left -= 1;
        single + left >= 3 * (n - single)
    };
    let bytes = answer.as_bytes();
    let (mut start, mut seen, mut words, mut in_word) = (0, 0u8, 0, false);
    for (k, &b) in bytes.iter().enumerate() {
        let class = ITEM_BYTES[usize::from(b)];
        if class & item_byte::SEPARATOR != 0 {
            if !count(&answer[start..k], seen, words) {
                return false;
            }
            (start, seen, words, in_word) = (k + 1, 0, 0, false);
            continue;
        }
        let space = class & item_byte::SPACE != 0;
        words += usize::from(!space && !in_word);
        in_word = !space;
        seen |= class;
    }
    count(&answer[start..], seen, words) && n >= min_items && single * 4 >= n * 3
}

/// The classes of a byte [`mostly_single_word_items`] asks about, as bits of [`ITEM_BYTES`].
mod item_byte {
    pub const SEPARATOR: u8 = 1;
    /// `char::is_whitespace` of an ASCII byte: \t, \n, \x0b, \x0c, \r and the space.
    pub const SPACE: u8 = 2;
    pub const ALPHANUMERIC: u8 = 4;
    pub const NOT_ASCII: u8 = 8;
}

/// Each byte value's [`item_byte`] bits.
static ITEM_BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b',' | b';' | b'\n' => item_byte::SEPARATOR,
            b'\t' | 0x0b | 0x0c | b'\r' | b' ' => item_byte::SPACE,
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => item_byte::ALPHANUMERIC,
            0x80.. => item_byte::NOT_ASCII,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// A dozen items or more, three in four of them a single word, with code marks among them: the
/// words of a code-heavy reference listed with commas ("I, would, use, token, bucket, …, ```go,
/// lim, =, rate.NewLimiter(rate.Limit(100, 20, //, …"). Its code marks excuse it from
/// [`is_keyword_list`] (a list of names is an answer to "which packages …"), and the shipped
/// references so listed graded 1.58 on average. A list without code marks is left to the rules
/// above.
pub(super) fn is_long_list_with_code(a: &Analysis, answer: &str) -> bool {
    a.code_marks >= 2 && mostly_single_word_items(answer, LONG_LIST_MIN_ITEMS)
}

/// See [`is_long_list_with_code`].
const LONG_LIST_MIN_ITEMS: usize = 12;

/// Most of the answer is bare phrases in a list: runs of [`PHRASE_LIST_MIN_ITEMS`] or more items
/// (between commas, semicolons or lines) of up to five words with at most one function word, at
/// least half of them phrases of two plain words or more ("Keywords: capacity, blocks until
/// receiver ready, synchronous handoff, …", or the same as bullets), holding at least half the
/// answer's content words, a dozen or more. A sentence in front of such a list does not make it
/// an answer. Lists of names are left to [`is_keyword_list`]: a word with code, a digit or in
/// mixed case (`net/http`, `int64`, `errors.Is`, `RWMutex`) is not plain, as "name the packages
/// you use" is answered by a list of them.
pub(super) fn is_phrase_list(answer: &str, content: usize) -> bool {
    // Six items need five separators with no stop between them; most answers are prose, and
    // leave here (many without five at all, which a count of the bytes tells first).
    let wanted = PHRASE_LIST_MIN_ITEMS - 1;
    if content < DUMP_MIN_PROSE_WORDS
        || text::count_bytes(answer.as_bytes(), [b',', b';', b'\n']) < wanted
        || !separators_between_stops(answer.as_bytes(), wanted)
    {
        return false;
    }
    fn bare(w: &str) -> &str {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
    }
    let plain = |w: &str| {
        let letters = w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'');
        let tail = w.chars().skip(1);
        letters && (tail.clone().all(|c| !c.is_uppercase()) || tail.clone().all(|c| !c.is_lowercase()))
    };
    let mut listed = 0;
    // The current run: its items, those of two words or more, and their content words.
    let (mut items, mut phrases, mut in_run) = (0, 0, 0);
    let mut close = |items: &mut usize, phrases: &mut usize, in_run: &mut usize| {
        if *items >= PHRASE_LIST_MIN_ITEMS && *phrases * 2 >= *items {
            listed += *in_run;
        }
        (*items, *phrases, *in_run) = (0, 0, 0);
    };
    let bytes = answer.as_bytes();
    let mut from = 0;
    for i in 0..=bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b'\n');
        // (Most bytes end nothing: one look-up tells.)
        if !ENDS_PHRASE_CHUNK[usize::from(b)] {
            continue;
        }
        // A full stop before a space (not `os.File`), `!`, `?` or `:` ends a run; commas,
        // semicolons and lines separate its items.
        let stop = matches!(b, b'!' | b'?' | b':') || b == b'.' && bytes.get(i + 1).is_none_or(|n| *n == b' ');
        if !(stop || matches!(b, b',' | b';' | b'\n')) {
            continue;
        }
        let chunk = &answer[from..i];
        from = i + 1;
        let mut item = [""; PHRASE_MAX_WORDS + 1];
        let mut n = 0;
        // Eight runs between ASCII spaces holding an ASCII letter or digit are eight words or
        // more below (any whitespace splits as finely, and trimming keeps the letter), six once
        // a number and an "and" are dropped: no item (most chunks of prose), and its words need
        // no closer look.
        if ascii_words_with_alphanumerics_more_than(chunk.as_bytes(), PHRASE_MAX_WORDS + 2) {
            n = PHRASE_MAX_WORDS + 1;
        } else {
            // A bullet or an item's number is no word; "and" or "or" before the last item is none.
            let mut words = chunk.split_whitespace().map(bare).filter(|w| w.chars().any(char::is_alphanumeric)).peekable();
            if words.peek().is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit())) {
                words.next();
            }
            if words.peek().is_some_and(|w| matches!(*w, "and" | "or")) {
                words.next();
            }
            // Up to six words: a longer chunk is no item, and its words need no look.
            for w in words.take(PHRASE_MAX_WORDS + 1) {
                item[n] = w;
                n += 1;
            }
        }
        let stops = if n <= PHRASE_MAX_WORDS { item[..n].iter().filter(|w| is_function_word(w)).count() } else { 0 };
        if n > 0 {
            if n <= PHRASE_MAX_WORDS && stops <= 1 {
                // (Whether its words are plain matters only to an item of two words or more.)
                let phrase = n >= 2 && item[..n].iter().all(|w| plain(w));
                (items, phrases, in_run) = (items + 1, phrases + usize::from(phrase), in_run + n - stops);
            } else {
                close(&mut items, &mut phrases, &mut in_run);
            }
        }
        if stop {
            close(&mut items, &mut phrases, &mut in_run);
        }
    }
    close(&mut items, &mut phrases, &mut in_run);
    listed >= DUMP_MIN_PROSE_WORDS && listed * 2 >= content
}

/// Whether a word as written is a function word. Stop words are lower-case ASCII: only a word
/// with a capital is lowered (a copy).
fn is_function_word(w: &str) -> bool {
    match w.bytes().any(|b| b.is_ascii_uppercase()) {
        true => is_stop_word(&w.to_ascii_lowercase()),
        false => is_stop_word(w),
    }
}

/// The bytes that can end a chunk of [`is_phrase_list`]: its separators and stops (a full stop
/// only before a space or the end).
static ENDS_PHRASE_CHUNK: [bool; 256] = text::byte_set(b",;\n!?:.");

/// Whether `wanted` separators of [`is_phrase_list`] (commas, semicolons, lines) follow one another
/// with no stop between them. A run of items closes at every stop, after taking in the chunk the
/// stop ends, and every other item of it ends at a separator (the end of the text ends the last):
/// a run of `wanted + 1` items needs this.
fn separators_between_stops(bytes: &[u8], wanted: usize) -> bool {
    let mut separators = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !ENDS_PHRASE_CHUNK[usize::from(b)] {
            continue;
        }
        if matches!(b, b',' | b';' | b'\n') {
            separators += 1;
            if separators >= wanted {
                return true;
            }
        } else if b != b'.' || bytes.get(i + 1).is_none_or(|n| *n == b' ') {
            separators = 0;
        }
    }
    false
}

/// Whether `bytes` hold more than `most` runs between ASCII whitespace that hold an ASCII letter
/// or digit (counted only as far as `most + 1`).
fn ascii_words_with_alphanumerics_more_than(bytes: &[u8], most: usize) -> bool {
    let (mut words, mut counted) = (0, false);
    for &b in bytes {
        if b.is_ascii_whitespace() {
            counted = false;
        } else if !counted && b.is_ascii_alphanumeric() {
            counted = true;
            words += 1;
            if words > most {
                return true;
            }
        }
    }
    false
}

/// Words an item of a phrase list has at most (see [`is_phrase_list`]).
const PHRASE_MAX_WORDS: usize = 5;

/// Items of a run of bare phrases that make it a list (see [`is_phrase_list`]).
const PHRASE_LIST_MIN_ITEMS: usize = 6;

/// Items that make a list of single terms a keyword list on their own (see [`is_keyword_list`]).
const KEYWORD_LIST_MIN_ITEMS: usize = 8;

/// Names written as code (`ctx.Done()`, `struct{}`) that make runs of names a dump even with
/// some function words around them ("basically … that kind of thing").
const CODE_DUMP_MIN_NAMES: usize = 3;

/// Prose content words an answer with code needs before its prose is judged as a dump.
pub(super) const DUMP_MIN_PROSE_WORDS: usize = 12;
/// Code has a code mark (`:=`, `<-`, a block brace …) at least every this many content words;
/// a list of terms with two of them in forty words is not code.
const CODE_MARK_EVERY: usize = 8;

/// Terse notes that gloss their terms: items (between commas, semicolons and lines) that pair a
/// head with what it is or does, by a dash, an equals sign, an arrow, a colon or a parenthesis
/// ("address bus - which memory location, data bus - the actual data, control bus - signals like
/// read, write, clock"; "client asks to connect (SYN), server agrees and asks back (SYN+ACK), …").
/// Each such item relates its words, where a list of terms relates none: at least two glossed
/// items of three words or more, half of them with a function word ("which", "the", "to": terms
/// with dashes between them, "address bus - data bus, control - clock signals", have none),
/// holding half the answer's words.
pub(super) fn is_glossed_notes(answer: &str) -> bool {
    let words = |t: &str| t.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
    let (mut glossed, mut glossed_words, mut with_function_word) = (0, 0, 0);
    for item in answer.split([',', ';', '\n']) {
        let n = words(item);
        if n < GLOSSED_ITEM_MIN_WORDS || !is_glossed(item, &words) {
            continue;
        }
        glossed += 1;
        glossed_words += n;
        with_function_word +=
            usize::from(item.split(|c: char| !c.is_alphanumeric() && c != '\'').any(|w| !w.is_empty() && is_function_word(w)));
    }
    glossed >= 2 && with_function_word * 2 >= glossed && glossed_words * 2 >= words(answer)
}

/// Whether an item pairs a head of one to four words with a gloss: after a dash, an equals sign,
/// an arrow or a colon, or in parentheses.
fn is_glossed(item: &str, words: &dyn Fn(&str) -> usize) -> bool {
    let head_and_gloss = |head: &str, gloss: &str| (1..=GLOSS_HEAD_MAX_WORDS).contains(&words(head)) && words(gloss) >= 1;
    let split = GLOSS_MARKS.iter().find_map(|mark| item.split_once(mark));
    if let Some((head, gloss)) = split {
        return head_and_gloss(head, gloss);
    }
    match item.split_once('(') {
        Some((head, rest)) => words(head) >= 1 && rest.split_once(')').is_some_and(|(inside, _)| words(inside) >= 1),
        None => false,
    }
}

/// What pairs a head with its gloss in notes (with the spaces around it, so that `a-b`, `x=1`
/// and `pkg:name` are words).
const GLOSS_MARKS: [&str; 8] = [" - ", " \u{2013} ", " \u{2014} ", " = ", " -> ", " \u{2192} ", " => ", ": "];
/// Words the head of a glossed item has at most (see [`is_glossed_notes`]).
const GLOSS_HEAD_MAX_WORDS: usize = 4;
/// Words a glossed item has at least (see [`is_glossed_notes`]).
const GLOSSED_ITEM_MIN_WORDS: usize = 3;

/// Words that do not form sentences, whatever their punctuation: a dump of terms (almost no
/// function words, or most content words in long runs) in an implausible order, or shuffled
/// words. Code has its own shape and is never a dump of terms, but the prose around it is judged;
/// a short phrase is neither. `repeated_pairs` is the text's [`crate::text::repeated_pairs`], asked only when
/// it decides. Notes that relate their terms (`only_order`) are judged by their order alone.
pub(super) fn term_dump(
    shape: &Shape,
    text: &str,
    g: &Gates,
    order_min_words: usize,
    only_order: bool,
    repeated_pairs: impl FnOnce() -> f64,
) -> Option<String> {
    let lines = text_lines(text);
    if shape.content_words < 5 {
        return None;
    }
    // Code has its own shape; the prose around it is judged when there is enough of it to judge
    // (a few `:=` or `<-` marks no longer excuse a dump of terms).
    let dense_code = shape.code_marks * CODE_MARK_EVERY >= shape.content_words;
    // Shuffled words keep their code marks, so code is no excuse for a shuffled order; but a
    // weak signal needs a run-on line (a function body is one long "sentence" whose keywords
    // read as words out of order, but over many lines).
    let run_on = shape.prose_words >= g.shuffle_min_sentence_words * shape.sentences.max(lines).max(1);
    let shuffled = shape.order < g.shuffle_strong_order || run_on && shape.order < g.shuffle_max_order;
    if shape.prose_words >= order_min_words && shuffled {
        return Some(format!("its words are in an order no sentence has (shuffled words?): order score {:.2}", shape.order));
    }
    if only_order {
        return None;
    }
    // A line or two of names with nothing but spaces between them is a dump of identifiers,
    // however much of it is code (the parentheses and dots of `ctx.Done() ctx.Err()` do not make
    // it code, nor break its runs); code over many lines is code.
    // (Where function words leave it to the names written as code, and the bytes show there are
    // too few of them, the runs cannot make a dump: most answers, and reading every chunk's word
    // was 6% of grading one.)
    let code_may_decide = || shape.function_share < g.dump_run_function_share || code_names_at_most(text) >= CODE_DUMP_MIN_NAMES;
    if lines <= 2 && shape.content_words >= DUMP_MIN_PROSE_WORDS && code_may_decide() {
        let (share, code_names) = name_run_share(text);
        if share >= g.dump_run_share && (shape.function_share < g.dump_run_function_share || code_names >= CODE_DUMP_MIN_NAMES) {
            return Some(format!("names without the code or words that relate them ({:.0}% of names in runs)", share * 100.0));
        }
    }
    let (function_share, run_share) = match shape.code {
        true if dense_code || shape.prose_content_words < DUMP_MIN_PROSE_WORDS => return None,
        true => (shape.prose_function_share, shape.prose_run_share),
        false => (shape.function_share, shape.run_share),
    };
    // Runs of terms in one short sentence are terse prose ("locking one you already hold blocks
    // forever"); runs make a dump only over enough words to be a pattern.
    let runs = run_share >= g.dump_run_share && shape.content_words >= DUMP_MIN_PROSE_WORDS;
    let listy = function_share < g.dump_function_share
        || runs && (function_share < g.dump_run_function_share || repeated_pairs() >= g.dump_repeated_pairs);
    (listy && shape.order < g.dump_max_order).then(|| {
        format!(
            "terms without the words that make sentences ({:.0}% function words, {:.0}% of terms in runs)",
            function_share * 100.0,
            run_share * 100.0
        )
    })
}

/// Lines of a text that hold something.
fn text_lines(text: &str) -> usize {
    text.lines().filter(|l| !l.trim().is_empty()).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    #[test]
    fn list_items_are_counted_by_byte_as_by_character() {
        let by_char = |answer: &str, min_items: usize| {
            let items = answer.split([',', ';', '\n']).map(str::trim).filter(|i| i.chars().any(char::is_alphanumeric));
            let (n, single) = items.fold((0, 0), |(n, single), i| (n + 1, single + usize::from(i.split_whitespace().count() == 1)));
            n >= min_items && single * 4 >= n * 3
        };
        for answer in [
            "",
            ",,;\n",
            "a, b c,  d ;e\n\n f\tg ,-, _",
            "a, b, c, d e",
            "a, b, c, d e, f g",
            "a b, c d, e, f, g, h, i, j, k",
            "one\x0btwo, three\x0cfour, five\rsix, seven\x1cheight, nine",
            "café, naïve word,\u{a0}x\u{a0}y, \u{2003}, ünïcode\u{2003}words; 漢字, x, y, z",
            "trailing, word, here, ",
        ] {
            for min_items in [1, 3, 4, 12] {
                assert_eq!(mostly_single_word_items(answer, min_items), by_char(answer, min_items), "{answer:?} {min_items}");
            }
        }
    }

    #[test]
    fn keyword_lists_are_told_from_short_prose_and_code() {
        assert!(is_keyword_list(&analyze("unbuffered, buffered, block, receiver, full, empty, rendezvous"), 0.18));
        assert!(is_keyword_list(&analyze("- goroutine\n- channel\n- select\n- mutex\n- waitgroup"), 0.18));
        assert!(!is_keyword_list(
            &analyze("No, Go mutexes aren't reentrant: locking one you already hold blocks forever (deadlock)."),
            0.18
        ));
        assert!(!is_keyword_list(&analyze("ch := make(chan int)\ngo func() { ch <- 1 }()\n<-ch"), 0.18));
    }

    #[test]
    fn a_list_of_bare_phrases_after_a_sentence_is_a_keyword_list_and_lists_of_names_are_not() {
        let is_phrase_list = |t: &str| is_phrase_list(t, analyze(t).content_positions());
        let lead = "An unbuffered channel has no capacity, so a send waits for a receiver.";
        let phrases = "capacity, blocks until receiver ready, synchronous handoff, buffer fills up, sender keeps going, \
                       receiver drains values, full buffer blocks";
        assert!(is_phrase_list(&format!("{lead} Keywords: {phrases}.")));
        assert!(is_phrase_list(&format!("{lead}\n\n- {}", phrases.replace(", ", "\n- "))));
        // Too few items, or items that say something, or names.
        assert!(!is_phrase_list(&format!("{lead} Keywords: synchronous handoff, buffer fills up, sender keeps going.")));
        assert!(!is_phrase_list(
            "Prevention breaks the symmetry:\n- jittered exponential backoff between retries;\n- a bounded number of retries, then \
             fail or fall back to a blocking path;\n- a consistent lock order, so one side always wins;\n- a timeout through a context."
        ));
        assert!(!is_phrase_list(
            "bool, string, int / int8 / int16 / int32 / int64, uint versions, float32 and float64, complex numbers. byte is \
             an alias for uint8 and rune is an alias for int32."
        ));
    }

    #[test]
    fn notes_glossing_their_terms_are_told_from_terms_with_dashes() {
        assert!(is_glossed_notes(
            "address bus - which memory location, data bus - the actual data, control bus - signals like read, write, clock"
        ));
        assert!(is_glossed_notes("client asks to connect (SYN), server agrees and asks back (SYN+ACK), client confirms (ACK)"));
        assert!(is_glossed_notes("RISC: few simple instructions of the same length; CISC: many complex ones"));
        // Terms with dashes or parentheses between them gloss nothing; one glossed item is a phrase.
        assert!(!is_glossed_notes("address bus - data bus, control - clock signals, read bus - write memory"));
        assert!(!is_glossed_notes("goroutine - channel, select - mutex, waitgroup - context"));
        assert!(!is_glossed_notes("the address bus (which memory location), data bus, control bus, signals, read, write, clock"));
        assert!(!is_glossed_notes("The address bus carries the address; the data bus carries the data."));
    }

    #[test]
    fn a_couple_of_code_marks_do_not_excuse_a_dump_of_terms() {
        let g = Gates::default();
        // Forty listed terms with two code marks: the prose around the "code" is a dump.
        let dump = Shape {
            content_words: 40,
            prose_content_words: 36,
            code: true,
            code_marks: 2,
            prose_function_share: 0.05,
            prose_run_share: 0.9,
            order: 0.0,
            ..Shape::default()
        };
        assert!(term_dump(&dump, "", &g, g.shuffle_min_words, false, || 0.0).is_some());
        // Terse prose has runs of terms too, but a third of its words are function words; the
        // same pairs of terms said over again are a dump whatever the function words.
        let terse_prose = Shape { code: false, function_share: 0.35, run_share: 0.55, ..dump };
        assert!(term_dump(&terse_prose, "", &g, g.shuffle_min_words, false, || 0.0).is_none());
        assert!(term_dump(&terse_prose, "", &g, g.shuffle_min_words, false, || 0.5).is_some());
        // Real code: a code mark every few words.
        let code = Shape { code_marks: 8, ..dump };
        assert!(term_dump(&code, "", &g, g.shuffle_min_words, false, || 0.0).is_none());
        // Code with a few words of prose: too little prose to judge.
        let terse = Shape { prose_content_words: 6, ..dump };
        assert!(term_dump(&terse, "", &g, g.shuffle_min_words, false, || 0.0).is_none());
    }
}
