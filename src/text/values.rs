//! Values a short answer states: an order of growth ("O(n log n)", "linear time") or a count
//! ("254"). When a question asks for one ("What is the worst-case time complexity of bubble
//! sort?", "How many usable hosts …?"), a lexical grader sees "O(n log n)" as the same words as
//! "O(log n)"; comparing the stated values tells them apart.

/// What kind of value a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// An order of growth, normalised: "O(n^2)", "O(n²)" and "quadratic time" are all `n2`.
    Growth,
    /// A whole number.
    Count,
}

/// The kind of value `question` asks for, if it asks for one.
pub fn asked_value(question: &str) -> Option<ValueKind> {
    let q = question.to_lowercase();
    if ["complexity", "big-o", "big o", "running time", "run time", "runtime"].iter().any(|w| q.contains(w)) {
        return Some(ValueKind::Growth);
    }
    (q.contains("how many") || q.contains("how much")).then_some(ValueKind::Count)
}

/// The kind of value `question` asks for (an order of growth, a count) and the reference's
/// first, which is what a model answer to such a question leads with ("O(n^2), when the input
/// is reversed").
pub fn reference_value(question: &str, reference: &str) -> Option<(ValueKind, String)> {
    let asked = asked_value(question)?;
    // "How much stack space does it use?" asks for an order of growth when the model answer
    // gives one ("Constant stack space, O(1)"), not for the count "1" inside it.
    match growth_spans(reference).into_iter().next() {
        Some((g, _)) => Some((ValueKind::Growth, g)),
        None => Some((asked, stated_values(reference, asked).into_iter().next()?)),
    }
}

/// Whether `question` asks for something answered in a phrase: a value, or a name ("Which
/// traversal …?", "What is the function called when …?", "Name the …", "At which layer …?").
/// One word can be the whole answer to such a question.
pub fn asks_for_a_phrase(question: &str) -> bool {
    let q = question.trim_start().to_lowercase();
    let opens = ["which ", "in which ", "at which ", "on which ", "to which ", "what is the name", "name the ", "name one "];
    asked_value(question).is_some() || opens.iter().any(|o| q.starts_with(o)) || q.contains(" called ") || q.ends_with(" called?")
}

/// A number said of a thing: "three-way handshake", "a 48-bit address", "4 bytes".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedThing {
    /// The number.
    pub number: u64,
    /// The stem of the word after the number.
    pub thing: String,
    /// The number and the word as written ("three-way").
    pub said: String,
}

/// Number words read as numbers before a thing.
const NUMBER_WORDS: [&str; 13] =
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

/// Words after a number that are no thing counted ("2 of them", "one or two", "3 is …").
const JOINING_WORDS: [&str; 24] = [
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "for", "by", "is", "are", "was", "were", "be", "from", "with", "than",
    "as", "if", "so", "but",
];

/// The numbers `text` says of things, in order (see [`CountedThing`]): a whole number in digits or
/// a number word up to twelve, then a word of letters that is not a function word, joined by a
/// space or a hyphen.
pub fn counted_things(text: &str) -> Vec<CountedThing> {
    let mut out = Vec::new();
    // Words with their byte ranges; a hyphen or a space joins a number to its thing, anything
    // else (a comma, a bracket) parts them.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    for pair in words.windows(2) {
        let ((a, b), (c, d)) = (pair[0], pair[1]);
        if !matches!(&text[b..c], " " | "-") {
            continue;
        }
        let (number, thing) = (&text[a..b], &text[c..d]);
        let value = match number.bytes().all(|x| x.is_ascii_digit()) {
            true => number.parse::<u64>().ok(),
            false => NUMBER_WORDS.iter().position(|w| number.eq_ignore_ascii_case(w)).map(|n| n as u64),
        };
        let glued = a > 0 && text[..a].ends_with(['/', '^', '.']);
        let wordy = thing.chars().all(char::is_alphabetic) && thing.len() >= 2;
        if let (Some(number), false, true) = (value, glued, wordy) {
            let lower = thing.to_lowercase();
            if !JOINING_WORDS.contains(&lower.as_str()) {
                out.push(CountedThing { number, thing: super::stem::stem_word(&lower), said: text[a..d].to_string() });
            }
        }
    }
    out
}

/// The longest `O(…)` read, in bytes ("O(n log n)", "O(|V| + |E| log |V|)").
const MAX_GROWTH_BYTES: usize = 40;

/// Orders of growth said in words: "quadratic", "linear time", "it's logarithmic in n".
const GROWTH_WORDS: [(&str, &str); 7] = [
    ("constant", "1"),
    ("logarithmic", "logn"),
    ("linear", "n"),
    ("linearithmic", "nlogn"),
    ("quadratic", "n2"),
    ("cubic", "n3"),
    ("exponential", "2^n"),
];

/// Words after a growth word that keep it an order of growth ("linear time"); any other content
/// word makes it a name ("linear probing", "constant folding").
const GROWTH_NOUNS: [&str; 9] = ["time", "times", "complexity", "runtime", "running", "growth", "order", "cost", "space"];

/// The values of `kind` that `text` states, in order, normalised.
pub fn stated_values(text: &str, kind: ValueKind) -> Vec<String> {
    stated_value_spans(text, kind).into_iter().map(|(v, _)| v).collect()
}

/// [`stated_values`] with their byte ranges.
pub fn stated_value_spans(text: &str, kind: ValueKind) -> Vec<(String, std::ops::Range<usize>)> {
    match kind {
        ValueKind::Growth => growth_spans(text),
        ValueKind::Count => count_values(text),
    }
}

/// The orders of growth `text` states, normalised, with their byte ranges, in order: bounds
/// ("O(n log n)", "Θ(n²)"), bare formulas ("n^2", "nlogn", "n log n", "log n", "n squared") and
/// words ("quadratic", "linear time"; not "linear probing"). Students write all of these for the
/// reference's "O(n^2)".
pub fn growth_spans(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let bounds = bounds(text);
    let mut out = Vec::new();
    let words = lower_words(text);
    // Bounds and words both come in text order: one pointer finds the bound a word may lie in
    // (a search of every bound per word would make many "O(n)" quadratic).
    let mut bound = 0;
    let mut k = 0;
    while k < words.len() {
        let (w, r) = (&words[k].0, words[k].1.clone());
        super::work::add(1);
        while bounds.get(bound).is_some_and(|(_, b)| b.end <= r.start) {
            bound += 1;
        }
        if bounds.get(bound).is_some_and(|(_, b)| b.contains(&r.start)) {
            k += 1;
            continue;
        }
        // A word across a comma or a full stop is no part of the phrase ("quadratic, two loops").
        let next = |j: usize| {
            let (w, at) = words.get(k + j)?;
            let gap = &text[words[k + j - 1].1.end..at.start];
            gap.trim().is_empty().then_some(w.as_str())
        };
        let (value, used) = match (w.as_str(), next(1), next(2)) {
            ("n", Some("log"), Some("n")) => ("nlogn", 3),
            ("n", Some("squared"), _) => ("n2", 2),
            ("n", Some("cubed"), _) => ("n3", 2),
            ("log", Some("n"), _) => ("logn", 2),
            ("nlogn", ..) => ("nlogn", 1),
            ("logn", ..) => ("logn", 1),
            ("n2", ..) if text[r.clone()].contains(['^', '²']) => ("n2", 1),
            ("n3", ..) if text[r.clone()].contains(['^', '³']) => ("n3", 1),
            ("nn", ..) if text[r.clone()].contains('*') => ("n2", 1),
            (w, after, _) => match GROWTH_WORDS.iter().find(|(g, _)| *g == w) {
                Some(&(_, v)) if after.is_none_or(|a| GROWTH_NOUNS.contains(&a) || is_joining_word(a)) => (v, 1),
                _ => ("", 1),
            },
        };
        if !value.is_empty() {
            let end = words[k + used - 1].1.end;
            out.push((value.to_string(), r.start..end));
        }
        k += used;
    }
    out.extend(bounds);
    out.sort_by_key(|(_, r)| r.start);
    out
}

/// The bounds "O(…)", "Θ(…)", "Ω(…)" of `text`, normalised, with their byte ranges.
fn bounds(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        // "O(", "Θ(", "Ω(" (not the end of a word: "TO(" is no bound).
        let bound = matches!(c, 'O' | 'o' | 'Θ' | 'θ' | 'Ω');
        let word_start = k == 0 || !chars[k - 1].1.is_alphanumeric();
        let open = chars[k + 1..].iter().find(|(_, c)| !c.is_whitespace()).filter(|(_, c)| *c == '(');
        if let (true, true, Some(&(open, _))) = (bound, word_start, open) {
            // An order of growth is short: looking further would make a text of many "O(" and no
            // ")" quadratic.
            let window = &text.as_bytes()[open..text.len().min(open + MAX_GROWTH_BYTES)];
            let Some(close) = window.iter().position(|&b| b == b')').map(|e| open + e) else { continue };
            let normal = normal_growth(&text[open + 1..close]);
            if !normal.is_empty() {
                out.push((normal, at..close + 1));
            }
        }
    }
    out
}

/// The words of `text` lower-cased, with their byte ranges: letters and digits, and the marks of
/// a formula inside one ("n^2", "n*n", "n²").
fn lower_words(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let inside = c.is_alphanumeric() || (start.is_some() && matches!(c, '^' | '*'));
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = &text[s..i];
                let normal: String = word.to_lowercase().chars().map(superscript_digit).filter(|c| c.is_alphanumeric()).collect();
                out.push((normal, s..i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn superscript_digit(c: char) -> char {
    match c {
        '²' => '2',
        '³' => '3',
        c => c,
    }
}

fn is_joining_word(w: &str) -> bool {
    JOINING_WORDS.contains(&w) || ["because", "since", "when", "if", "while", "but", "overall", "too", "though"].contains(&w)
}

/// "n log n" → "nlogn", "n^2" / "n²" / "n*n" → "n2", "log(n)" → "logn", "V + E" → "v+e", "2^n"
/// stays; a logarithm's base goes ("log_2 n", "log2(n)", "log_f n" → "logn": bases differ by a
/// constant factor). A sum keeps its "+": O(V + E) is not O(V·E).
fn normal_growth(inner: &str) -> String {
    let lower: String = inner.to_lowercase().chars().map(superscript_digit).collect();
    let mut s = String::new();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("log") {
        s.push_str(&rest[..at]);
        s.push_str("log");
        rest = &rest[at + 3..];
        let base = rest.strip_prefix('_').unwrap_or(rest);
        let digits = base.bytes().take_while(u8::is_ascii_digit).count();
        let letter = usize::from(digits == 0 && base.starts_with(|c: char| c.is_ascii_alphabetic() && c != 'n'));
        let after = base[digits + letter..].trim_start_matches([' ', '(']);
        if digits + letter > 0 && after.starts_with('n') && !after[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            rest = &base[digits + letter..];
        }
    }
    s.push_str(rest);
    // An exponent that is a letter keeps its mark ("2^n" is no "2n"); a digit's goes ("n^2").
    let chars: Vec<char> = s.chars().collect();
    let kept = chars
        .iter()
        .enumerate()
        .filter(|&(k, &c)| c.is_alphanumeric() || c == '+' || c == '^' && chars.get(k + 1).is_some_and(|n| n.is_alphabetic()));
    let mut s: String = kept.map(|(_, &c)| c).collect();
    if s == "nn" {
        s = "n2".into();
    }
    s
}

/// An order of growth with its variables named by first appearance, for comparing: "O(n + m)"
/// with n vertices and m edges is the reference's "O(V + E)", and "O(m log m)" its "O(n log n)".
pub fn growth_key(value: &str) -> String {
    let mut names: Vec<char> = Vec::new();
    let mut out = String::new();
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("log") {
            out.push_str("log");
            rest = after;
            continue;
        }
        if c.is_alphabetic() {
            let k = names.iter().position(|&n| n == c).unwrap_or_else(|| {
                names.push(c);
                names.len() - 1
            });
            out.push(char::from(b'a' + (k.min(25) as u8)));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn count_values(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let (offsets, chars): (Vec<usize>, Vec<char>) = text.char_indices().unzip();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if !chars[k].is_ascii_digit() {
            k += 1;
            continue;
        }
        let start = k;
        let mut digits = String::new();
        // A thousands separator ("65,536") keeps the number going.
        while k < chars.len() && (chars[k].is_ascii_digit() || chars[k] == ',' && chars.get(k + 1).is_some_and(char::is_ascii_digit)) {
            if chars[k] != ',' {
                digits.push(chars[k]);
            }
            k += 1;
        }
        // A number glued to letters or marks ("/24", "IPv4", "2^8") is a name or an exponent.
        let before = start.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(k).copied();
        let glued =
            before.is_some_and(|c| c.is_alphabetic() || c == '/' || c == '^') || after.is_some_and(|c| c.is_alphabetic() || c == '^');
        if !glued {
            let end = offsets.get(k).copied().unwrap_or(text.len());
            out.push((digits, offsets[start]..end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_or_a_value_is_answered_in_a_phrase_a_definition_is_not() {
        for q in [
            "Which traversal visits a binary search tree's keys in sorted order?",
            "What is the function called when an object is created?",
            "At which OSI layer does a router operate?",
            "How many usable hosts does a /26 have?",
            "What is the worst-case time complexity of binary search?",
        ] {
            assert!(asks_for_a_phrase(q), "{q}");
        }
        for q in ["What is a socket?", "What is a stack, and which operations does it support?", "Why is HTTP stateless?"] {
            assert!(!asks_for_a_phrase(q), "{q}");
        }
    }

    #[test]
    fn orders_of_growth_are_read_in_their_usual_spellings() {
        assert_eq!(stated_values("O(n log n) on average, O(n^2) at worst", ValueKind::Growth), vec!["nlogn", "n2"]);
        assert_eq!(stated_values("it is Θ(n²); linear time with a hash", ValueKind::Growth), vec!["n2", "n"]);
        assert_eq!(stated_values("logarithmic time, O(log(n))", ValueKind::Growth), vec!["logn", "logn"]);
        assert!(stated_values("go to (the) store, linear search", ValueKind::Growth).is_empty());
        // Many "O(" and no ")": linear, nothing read.
        let hostile = "O(".repeat(200_000);
        assert!(stated_values(&hostile, ValueKind::Growth).is_empty());
        // Many bounds and words: one pass, not a search of every bound per word.
        let many = "O(n) log n ".repeat(100_000);
        assert_eq!(stated_values(&many, ValueKind::Growth).len(), 200_000);
    }

    #[test]
    fn orders_of_growth_are_read_as_students_write_them() {
        let read = |t: &str| stated_values(t, ValueKind::Growth);
        assert_eq!(read("quadratic"), ["n2"]);
        assert_eq!(read("its quadratic because of the nested loops"), ["n2"]);
        assert_eq!(read("its quadratic, two nested loops"), ["n2"]);
        assert_eq!(read("n^2 worst case, nlogn on average"), ["n2", "nlogn"]);
        assert_eq!(read("n log n, or n squared when sorted"), ["nlogn", "n2"]);
        assert_eq!(read("log n comparisons; n*n"), ["logn", "n2"]);
        assert_eq!(read("about n² steps"), ["n2"]);
        // A growth word that names something is no value; nor is a lone "n" or "2".
        assert!(read("linear probing, constant folding, n items, 2 loops").is_empty());
        // Inside a bound nothing is read twice.
        assert_eq!(read("O(n log n)"), ["nlogn"]);
        assert_eq!(growth_spans("so O(log n) time")[0].1, 3..11);
    }

    #[test]
    fn sums_and_products_differ_and_variables_are_named_freely() {
        let read = |t: &str| stated_values(t, ValueKind::Growth);
        assert_eq!(read("O(V + E), O(V*E), O(2^n), O(2n)"), ["v+e", "ve", "2^n", "2n"]);
        assert_eq!(growth_key("n+m"), growth_key("v+e"));
        assert_eq!(growth_key("mlogm"), growth_key("nlogn"));
        assert_ne!(growth_key("ve"), growth_key("v+e"));
        assert_ne!(growth_key("nk"), growth_key("n2"));
    }

    #[test]
    fn a_logarithm_base_is_no_part_of_the_order_of_growth() {
        let read = |t: &str| stated_values(t, ValueKind::Growth);
        assert_eq!(read("O(log_f n)"), ["logn"]);
        assert_eq!(read("O(log2 n) and O(log_2(n))"), ["logn", "logn"]);
        assert_eq!(read("O(n log_b n)"), ["nlogn"]);
        assert_eq!(read("O(log log n)"), ["loglogn"]);
    }

    #[test]
    fn counts_are_whole_numbers_not_names() {
        assert_eq!(stated_values("254 usable (256 minus 2) in a /24, IPv4", ValueKind::Count), vec!["254", "256", "2"]);
        assert_eq!(stated_values("65,536 ports", ValueKind::Count), vec!["65536"]);
        assert!(stated_values("2^8 hosts in IPv4", ValueKind::Count).is_empty());
        // Byte ranges, past letters of more than one byte.
        let text = "≈ 65,536 — or 254";
        let spans = stated_value_spans(text, ValueKind::Count);
        assert_eq!(spans.iter().map(|(_, r)| &text[r.clone()]).collect::<Vec<_>>(), ["65,536", "254"]);
    }

    #[test]
    fn numbers_said_of_things_are_read_in_digits_or_words() {
        let said: Vec<(u64, String)> = counted_things("A three-way handshake; a 48-bit address (6 bytes), 2 of them, /24 nets")
            .into_iter()
            .map(|c| (c.number, c.said))
            .collect();
        assert_eq!(said, [(3, "three-way".to_string()), (48, "48-bit".into()), (6, "6 bytes".into())]);
        assert_eq!(counted_things("4-way")[0].thing, counted_things("three-way")[0].thing);
    }

    #[test]
    fn questions_ask_for_values() {
        assert_eq!(asked_value("What is the worst-case time complexity of bubble sort?"), Some(ValueKind::Growth));
        assert_eq!(asked_value("How many children can a node have?"), Some(ValueKind::Count));
        assert_eq!(asked_value("What is a pointer?"), None);
    }
}
