//! A [`Grade`] as compact JSON, written by hand: a batch writes one 4–6 kB row per answer, and
//! serde's per-field calls (each key escaped again, one call per value) were 6% of a batch.
//! The output is byte for byte what `serde_json::to_writer` makes of the derived `Serialize`,
//! which stays the contract (pretty output, the tests below): a field added to a grade's types
//! must be added here too, and `same_bytes_as_serde` fails until it is.

use super::grade::{Breakdown, ConceptResult, Gate, Grade, NearestExample, RedFlagResult, ReferenceFit};
use crate::bank::QuestionMatch;
use crate::rubric::{Evidence, FixedText};
use serde_json::ser::{CompactFormatter, Formatter};

/// One JSON object being written: fields are appended in order, then [`Object::close`].
pub struct Object<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> Object<'a> {
    /// Open an object (`{`) at the end of `out`.
    pub fn open(out: &'a mut Vec<u8>) -> Object<'a> {
        out.push(b'{');
        Object { out, empty: true }
    }

    /// Close it (`}`).
    pub fn close(self) {
        self.out.push(b'}');
    }

    /// Start a field: the separator and `"name":`. Names are plain identifiers, never escaped.
    ///
    /// Inlined into each field's call, where the name is a literal: its copy is then a few moves
    /// of known length, not a call to `memcpy` (two per field, 87 calls per grade).
    #[inline(always)]
    fn key(&mut self, name: &str) -> &mut Vec<u8> {
        debug_assert!(!name.bytes().any(needs_escape), "{name}");
        self.out.reserve(name.len() + 4);
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    #[inline]
    pub fn str(&mut self, name: &str, value: &str) {
        string(self.key(name), value);
    }

    /// A string, or `null`.
    #[inline]
    pub fn opt_str(&mut self, name: &str, value: Option<&str>) {
        match value {
            Some(v) => self.str(name, v),
            None => self.key(name).extend_from_slice(b"null"),
        }
    }

    /// A rubric text, copied from its stored literal.
    #[inline(always)]
    pub fn fixed(&mut self, name: &str, value: &FixedText) {
        self.key(name).extend_from_slice(value.json_literal().as_bytes());
    }

    #[inline]
    pub fn u64(&mut self, name: &str, value: u64) {
        let out = self.key(name);
        CompactFormatter.write_u64(out, value).expect("writing to a Vec cannot fail");
    }

    #[inline]
    pub fn f64(&mut self, name: &str, value: f64) {
        number(self.key(name), value);
    }

    /// A number, or `null`.
    #[inline]
    pub fn opt_f64(&mut self, name: &str, value: Option<f64>) {
        match value {
            Some(v) => self.f64(name, v),
            None => self.key(name).extend_from_slice(b"null"),
        }
    }

    /// An array of counts.
    pub fn u64s(&mut self, name: &str, values: &[u64]) {
        let out = self.key(name);
        out.push(b'[');
        for (i, &v) in values.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            CompactFormatter.write_u64(out, v).expect("writing to a Vec cannot fail");
        }
        out.push(b']');
    }

    #[inline(always)]
    pub fn bool(&mut self, name: &str, value: bool) {
        self.key(name).extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// An array of objects, each written by `each`.
    pub fn objects<T>(&mut self, name: &str, items: &[T], each: impl Fn(&mut Object, &T)) {
        let out = self.key(name);
        out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let mut o = Object::open(out);
            each(&mut o, item);
            o.close();
        }
        out.push(b']');
    }

    /// A nested object, written by `fields`.
    pub fn object(&mut self, name: &str, fields: impl FnOnce(&mut Object)) {
        let mut o = Object::open(self.key(name));
        fields(&mut o);
        o.close();
    }
}

/// Bytes serde_json escapes in a string: the quote, the backslash and control characters.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Where the first byte serde_json escapes is, read eight bytes at a time: a byte under 0x20,
/// a quote or a backslash shows in a word's high bits (the usual "has a byte under n" test, and
/// "has a zero byte" after an XOR), where a byte-by-byte search cost about five instructions a
/// byte of every quote and reason a grade writes. A word the test flags is searched byte by
/// byte, so a flag set by a borrow never misplaces a hit.
fn first_escape(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let flagged =
            (w.wrapping_sub(ONES * 0x20) & !w & HIGHS) | zero_byte(w ^ (ONES * u64::from(b'"'))) | zero_byte(w ^ (ONES * u64::from(b'\\')));
        if flagged != 0 {
            if let Some(k) = chunk.iter().position(|&b| needs_escape(b)) {
                return Some(at + k);
            }
        }
        at += 8;
    }
    chunks.remainder().iter().position(|&b| needs_escape(b)).map(|k| at + k)
}

/// `value` as a JSON string literal, escaped as serde_json escapes it.
pub fn string(out: &mut Vec<u8>, value: &str) {
    out.push(b'"');
    let mut rest = value.as_bytes();
    while let Some(i) = first_escape(rest) {
        out.extend_from_slice(&rest[..i]);
        let b = rest[i];
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\x08' => out.extend_from_slice(b"\\b"),
            b'\x0c' => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]]);
            }
        }
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

/// A number as serde_json writes an `f64` (its own float formatter; `null` when not finite).
fn number(out: &mut Vec<u8>, value: f64) {
    if thousandths(out, value) {
        return;
    }
    if value.is_finite() {
        CompactFormatter.write_f64(out, value).expect("writing to a Vec cannot fail");
    } else {
        out.extend_from_slice(b"null");
    }
}

/// Write `value` as serde_json does when it is a whole number of thousandths under 1,000 (what
/// `round(x, 3)` makes, and every weight and credit of the parameters): its shortest decimal,
/// the thousandths with trailing zeros dropped (no other decimal of three places or fewer is
/// within an ulp of it). A grade's two dozen numbers were each a general shortest-float
/// formatting, about 350 instructions apiece. Returns false, writing nothing, for any other value
/// (negative zero included). `thousandths_as_serde` checks every such value.
fn thousandths(out: &mut Vec<u8>, value: f64) -> bool {
    // (NaN and the infinities fail this too.)
    if value.abs().partial_cmp(&1000.0) != Some(std::cmp::Ordering::Less) {
        return false;
    }
    // Such a value times 1,000 is within an ulp or two of its whole number: the truncation or
    // the number either side of it (no call to libm's `round`). Negative zero is no such value:
    // 0 / 1000 is positive.
    let t = (value * 1000.0) as i64;
    let Some(n) = [t, t + 1, t - 1].into_iter().find(|&n| (n as f64 / 1000.0).to_bits() == value.to_bits()) else {
        return false;
    };
    // Into a buffer of eight bytes ("-999.999" at most), copied whole and then cut to length: a
    // copy of a fixed length is a single store, where the digits' own writer and a copy of
    // their length were calls (a grade writes some thirty numbers).
    let mut buf = [0u8; 8];
    let mut len = 0;
    let mut put = |b: u8| {
        buf[len] = b;
        len += 1;
    };
    if n < 0 {
        put(b'-');
    }
    let (whole, mut frac) = ((n.unsigned_abs() / 1000) as u32, (n.unsigned_abs() % 1000) as u32);
    if whole >= 100 {
        put(b'0' + (whole / 100) as u8);
    }
    if whole >= 10 {
        put(b'0' + (whole / 10 % 10) as u8);
    }
    put(b'0' + (whole % 10) as u8);
    put(b'.');
    if frac == 0 {
        put(b'0');
    } else {
        // The thousandths without their trailing zeros.
        let mut digits = 3;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let mut at = len + digits;
        len = at;
        for _ in 0..digits {
            at -= 1;
            buf[at] = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
    }
    let end = out.len() + len;
    out.extend_from_slice(&buf);
    out.truncate(end);
    true
}

/// A grade's fields, in the order and with the omissions of its `Serialize`.
pub fn grade_fields(o: &mut Object, g: &Grade) {
    o.str("question_id", &g.question_id);
    o.fixed("question", &g.question);
    o.f64("score", g.score);
    o.u64("grade", u64::from(g.grade));
    o.objects("concepts", &g.concepts, concept);
    o.objects("red_flags", &g.red_flags, red_flag);
    o.f64("similarity", g.similarity);
    o.bool("off_topic", g.off_topic);
    if let Some(other) = &g.closest_other {
        o.object("closest_other", |o| {
            o.str("id", &other.id);
            o.f64("similarity", other.similarity);
        });
    }
    match &g.matched_question {
        Some(m) => o.object("matched_question", |o| matched_question(o, m)),
        None => o.opt_str("matched_question", None),
    }
    o.objects("gates", &g.gates, gate);
    if !g.nearest_examples.is_empty() {
        o.objects("nearest_examples", &g.nearest_examples, nearest_example);
    }
    o.object("breakdown", |o| breakdown(o, &g.breakdown));
    if let Some(reference) = &g.reference {
        o.str("reference", reference);
    }
    o.str("bank_hash", &g.bank_hash);
}

fn matched_question(o: &mut Object, m: &QuestionMatch) {
    o.str("id", &m.id);
    o.f64("confidence", m.confidence);
    if m.by_answer {
        o.bool("by_answer", true);
    }
    if !m.alternatives.is_empty() {
        strings(o, "alternatives", &m.alternatives);
    }
}

fn concept(o: &mut Object, c: &ConceptResult) {
    o.fixed("id", &c.id);
    if let Some(group) = &c.group {
        o.fixed("group", group);
    }
    o.fixed("says", &c.says);
    if c.core {
        o.bool("core", true);
    }
    o.bool("covered", c.covered);
    if c.aligned {
        o.bool("aligned", true);
    }
    o.f64("credit", c.credit);
    o.f64("weight", c.weight);
    o.objects("evidence", &c.evidence, evidence);
    o.fixed("hint", &c.hint);
}

fn red_flag(o: &mut Object, f: &RedFlagResult) {
    o.fixed("id", &f.id);
    o.bool("fired", f.fired);
    o.f64("penalty", f.penalty);
    o.objects("evidence", &f.evidence, evidence);
    o.fixed("why", &f.why);
}

fn evidence(o: &mut Object, e: &Evidence) {
    o.u64("start", e.start as u64);
    o.u64("end", e.end as u64);
    o.str("text", &e.text);
    if e.fuzzy {
        o.bool("fuzzy", true);
    }
    if let Some(means) = &e.means {
        o.str("means", means);
    }
}

fn gate(o: &mut Object, g: &Gate) {
    o.str("gate", g.gate.name());
    o.f64("cap", g.cap);
    o.str("reason", &g.reason);
}

fn nearest_example(o: &mut Object, e: &NearestExample) {
    o.str("answer", &e.answer);
    o.u64("grade", u64::from(e.grade));
    o.f64("similarity", e.similarity);
}

fn breakdown(o: &mut Object, b: &Breakdown) {
    o.f64("coverage", b.coverage);
    if let Some(core) = b.core_coverage {
        o.f64("core_coverage", core);
    }
    o.f64("precision", b.precision);
    o.f64("concept_points", b.concept_points);
    o.f64("similarity_points", b.similarity_points);
    o.f64("penalty_points", b.penalty_points);
    if let Some(points) = b.example_points {
        o.f64("example_points", points);
    }
    o.f64("uncapped", b.uncapped);
    if b.brief {
        o.bool("brief", true);
    }
    if let Some(fit) = &b.reference_fit {
        o.object("reference_fit", |o| reference_fit(o, fit));
    }
}

fn reference_fit(o: &mut Object, f: &ReferenceFit) {
    o.f64("recall", f.recall);
    o.f64("precision", f.precision);
    o.f64("overlap", f.overlap);
    o.f64("negated", f.negated);
    strings(o, "matched", &f.matched);
    for (name, value) in [
        ("closest_passing", f.closest_passing),
        ("closest_failing", f.closest_failing),
        ("passing_vote", f.passing_vote),
        ("passing_like_fit", f.passing_like_fit),
        ("probability", f.probability),
    ] {
        if let Some(v) = value {
            o.f64(name, v);
        }
    }
}

fn strings(o: &mut Object, name: &str, items: &[String]) {
    let out = o.key(name);
    out.push(b'[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        string(out, s);
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::{GateKind, OtherQuestion};

    fn hand(g: &Grade) -> String {
        let mut out = Vec::new();
        let mut o = Object::open(&mut out);
        grade_fields(&mut o, g);
        o.close();
        String::from_utf8(out).unwrap()
    }

    fn serde(g: &Grade) -> String {
        let mut out = Vec::new();
        crate::rubric::write_json(&mut out, g, false).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_escape_as_serde_does() {
        let all: String = (0u8..0x80).map(char::from).chain("é—\u{2028}\u{10ffff}".chars()).collect();
        for s in [all.as_str(), "", "plain", "\"", "a\\b", "\u{7f}\u{1f}x"] {
            let mut out = Vec::new();
            string(&mut out, s);
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn escapes_are_found_wherever_they_stand() {
        for len in 0..40 {
            for at in 0..len {
                for b in [0u8, 0x1f, b'"', b'\\', b'\n'] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    assert_eq!(first_escape(&bytes), Some(at), "{len} {at} {b}");
                }
            }
            assert_eq!(first_escape(&vec![0x7f; len]), None);
            assert_eq!(first_escape("é—\u{2028}x !~".repeat(len).as_bytes()), None);
        }
    }

    #[test]
    fn numbers_print_as_serde_does() {
        for v in [0.0, -0.0, 1.0, 100.0, 0.1, 1.0 / 3.0, 1e21, 1e-7, 123456789.125, f64::MAX, f64::MIN_POSITIVE, f64::NAN, f64::INFINITY] {
            let mut out = Vec::new();
            number(&mut out, v);
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&v).unwrap());
        }
    }

    /// Every whole number of thousandths the hand-written path takes, both signs, and the
    /// values around them it must leave to serde_json's formatter.
    #[test]
    fn thousandths_as_serde() {
        for n in -1_000_000i64..=1_000_000 {
            let v = n as f64 / 1000.0;
            for v in [v, f64::from_bits(v.to_bits() + 1), f64::from_bits(v.to_bits().saturating_sub(1))] {
                let mut out = Vec::new();
                number(&mut out, v);
                assert_eq!(std::str::from_utf8(&out).unwrap(), serde_json::to_string(&v).unwrap(), "{n}");
            }
        }
    }

    /// Every optional field both ways, and texts that need escaping.
    #[test]
    fn same_bytes_as_serde() {
        let text = |s: &str| FixedText::new(s);
        let evidence =
            |fuzzy, means: Option<&str>| Evidence { start: 3, end: 12, text: "a \"b\"\n\tc".into(), fuzzy, means: means.map(String::from) };
        let full = Grade {
            question_id: "q-id".into(),
            question: text("What \"is\" it?\n"),
            score: 87.5,
            grade: 4,
            concepts: vec![
                ConceptResult {
                    id: text("c1"),
                    group: Some(text("what")),
                    says: text("says \\ this"),
                    core: true,
                    covered: true,
                    aligned: true,
                    credit: 0.75,
                    weight: 2.0,
                    evidence: vec![evidence(true, Some("close")), evidence(false, None)],
                    hint: text("hint"),
                },
                ConceptResult {
                    id: text("c2"),
                    group: None,
                    says: text("s"),
                    core: false,
                    covered: false,
                    aligned: false,
                    credit: 0.0,
                    weight: 1.0,
                    evidence: vec![],
                    hint: text("h\u{1}"),
                },
            ],
            red_flags: vec![RedFlagResult {
                id: text("f"),
                fired: true,
                penalty: 15.0,
                evidence: vec![evidence(false, None)],
                why: text("why"),
            }],
            similarity: 1.0 / 3.0,
            off_topic: true,
            closest_other: Some(OtherQuestion { id: "other".into(), similarity: 0.4 }),
            matched_question: Some(QuestionMatch {
                id: "q-id".into(),
                confidence: 0.9,
                by_answer: true,
                alternatives: vec!["a".into(), "b\"".into()],
            }),
            gates: [
                GateKind::Empty,
                GateKind::TooShort,
                GateKind::KeywordList,
                GateKind::TermDump,
                GateKind::RestatesQuestion,
                GateKind::OffTopic,
                GateKind::NoCore,
                GateKind::Misspelt,
                GateKind::WrongValue,
                GateKind::Unfocused,
                GateKind::Retracted,
                GateKind::SwappedRoles,
                GateKind::Denied,
                GateKind::Contradicted,
                GateKind::HedgedValue,
            ]
            .into_iter()
            .map(|gate| Gate { gate, cap: 40.0, reason: "only 2 content word(s)".into() })
            .collect(),
            nearest_examples: vec![NearestExample { answer: "an \"example\"".into(), grade: 3, similarity: 0.62 }],
            breakdown: Breakdown {
                coverage: 0.5,
                core_coverage: Some(0.25),
                precision: 0.7,
                concept_points: 40.0,
                similarity_points: 12.5,
                penalty_points: 15.0,
                example_points: Some(-2.5),
                uncapped: 37.5,
                brief: true,
                reference_fit: Some(ReferenceFit {
                    recall: 0.1,
                    precision: 0.2,
                    overlap: 0.3,
                    negated: 0.0,
                    matched: vec!["x".into(), "y\\".into()],
                    closest_passing: Some(0.4),
                    closest_failing: Some(0.5),
                    passing_vote: Some(0.6),
                    passing_like_fit: Some(0.65),
                    probability: Some(f64::NAN),
                }),
            },
            reference: Some("the reference\r\n".into()),
            bank_hash: "abc123".into(),
        };
        assert_eq!(hand(&full), serde(&full));

        let mut bare = full.clone();
        bare.closest_other = None;
        bare.matched_question = None;
        bare.nearest_examples.clear();
        bare.reference = None;
        bare.breakdown = Breakdown { core_coverage: None, example_points: None, brief: false, reference_fit: None, ..bare.breakdown };
        assert_eq!(hand(&bare), serde(&bare));

        let mut partial = full;
        partial.matched_question = Some(QuestionMatch { id: "q".into(), confidence: 1.0, by_answer: false, alternatives: vec![] });
        if let Some(fit) = &mut partial.breakdown.reference_fit {
            *fit = ReferenceFit {
                closest_passing: None,
                closest_failing: None,
                passing_vote: None,
                passing_like_fit: None,
                probability: None,
                matched: vec![],
                ..fit.clone()
            };
        }
        assert_eq!(hand(&partial), serde(&partial));
    }
}
