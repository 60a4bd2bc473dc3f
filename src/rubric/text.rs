//! [`FixedText`]: a rubric's wording that every grade repeats verbatim (a concept's id, group,
//! says and hint, a red flag's id and why, the question). A grade shares it instead of copying
//! it, and JSON output writes the escaped form made once instead of escaping it per answer (the
//! largest single cost of a batch's JSON rows). The escaped form is made on first use, so loading
//! a bank for one grade escapes only the texts that grade writes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use std::cell::Cell;
use std::fmt;
use std::io;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// Shared, immutable text with its JSON string literal; reads as a `&str`.
#[derive(Clone)]
pub struct FixedText(Arc<Inner>);

struct Inner {
    text: Box<str>,
    json: OnceLock<Box<RawValue>>,
}

impl FixedText {
    /// The text (its JSON literal is made when first written).
    pub fn new(text: impl Into<String>) -> FixedText {
        FixedText(Arc::new(Inner { text: text.into().into_boxed_str(), json: OnceLock::new() }))
    }

    /// The text as a JSON string literal, escaped by serde_json once.
    fn json(&self) -> &RawValue {
        self.0.json.get_or_init(|| serde_json::value::to_raw_value(self.as_str()).expect("a string always serialises"))
    }

    /// The text as a JSON string literal (quoted and escaped), for writers that build JSON by hand.
    pub(crate) fn json_literal(&self) -> &str {
        self.json().get()
    }

    /// The text itself.
    pub fn as_str(&self) -> &str {
        &self.0.text
    }
}

thread_local! {
    /// Set while [`write_json`] serialises: only serde_json understands a raw value, so any other
    /// serializer (a snapshot, pythonize) is given the plain string.
    static RAW_JSON: Cell<bool> = const { Cell::new(false) };
}

/// `value` as JSON (compact, or pretty), byte for byte what `serde_json::to_writer` writes, with
/// each [`FixedText`] copied from its stored literal.
pub fn write_json<W: io::Write, T: Serialize + ?Sized>(out: W, value: &T, pretty: bool) -> serde_json::Result<()> {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            RAW_JSON.set(self.0);
        }
    }
    let _restore = Restore(RAW_JSON.replace(true));
    if pretty {
        serde_json::to_writer_pretty(out, value)
    } else {
        serde_json::to_writer(out, value)
    }
}

impl Serialize for FixedText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if RAW_JSON.get() {
            self.json().serialize(s)
        } else {
            s.serialize_str(&self.0.text)
        }
    }
}

impl<'de> Deserialize<'de> for FixedText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FixedText, D::Error> {
        String::deserialize(d).map(FixedText::new)
    }
}

impl Deref for FixedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0.text
    }
}

impl AsRef<str> for FixedText {
    fn as_ref(&self) -> &str {
        &self.0.text
    }
}

impl fmt::Display for FixedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for FixedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for FixedText {
    fn eq(&self, other: &FixedText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for FixedText {}

impl PartialEq<str> for FixedText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for FixedText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for FixedText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl From<String> for FixedText {
    fn from(text: String) -> FixedText {
        FixedText::new(text)
    }
}

impl From<&str> for FixedText {
    fn from(text: &str) -> FixedText {
        FixedText::new(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_serde_jsons_own_and_other_serializers_see_a_string() {
        let texts = ["plain", "quote \" back\\slash \u{201c}curly\u{201d}", "tab\tnew\nline \u{1}"];
        for t in texts {
            let fixed = FixedText::new(t);
            let mut raw = Vec::new();
            write_json(&mut raw, &[&fixed], false).unwrap();
            assert_eq!(String::from_utf8(raw).unwrap(), serde_json::to_string(&[t]).unwrap());
            assert_eq!(serde_json::to_value(&fixed).unwrap(), serde_json::Value::String(t.to_string()));
        }
    }
}
