//! A part of a bank read from a snapshot, kept encoded until it is first asked for: a grade by
//! id needs one rubric of 171, its concept models and its question's terms, and decoding
//! everything (a quarter of a million values, 72k strings validated and copied) was most of a
//! cold grade. In a snapshot a [`Lazy`] is a byte string holding its value's own encoding.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::OnceLock;

pub(crate) struct Lazy<T> {
    encoded: Box<[u8]>,
    decoded: OnceLock<T>,
}

impl<T> Lazy<T> {
    /// A part already built (a bank loaded from its files).
    pub(crate) fn built(value: T) -> Lazy<T> {
        Lazy { encoded: Box::default(), decoded: OnceLock::from(value) }
    }

    /// A part as a snapshot holds it.
    fn encoded(bytes: &[u8]) -> Lazy<T> {
        Lazy { encoded: bytes.into(), decoded: OnceLock::new() }
    }
}

impl<T: DeserializeOwned> Lazy<T> {
    pub(crate) fn get(&self) -> &T {
        self.decoded.get_or_init(|| self.decode())
    }

    fn decode(&self) -> T {
        decode_checked(&self.encoded)
    }
}

/// A value from a part of a snapshot that passed its checksum and was written by this very build.
pub(crate) fn decode_checked<T: DeserializeOwned>(bytes: &[u8]) -> T {
    postcard::from_bytes(bytes).expect("a part of a checked snapshot")
}

impl<T: Serialize> Serialize for Lazy<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.decoded.get() {
            Some(value) => s.serialize_bytes(&postcard::to_stdvec(value).map_err(serde::ser::Error::custom)?),
            None => s.serialize_bytes(&self.encoded),
        }
    }
}

impl<'de, T> Deserialize<'de> for Lazy<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <&'de [u8]>::deserialize(d).map(Lazy::encoded)
    }
}
