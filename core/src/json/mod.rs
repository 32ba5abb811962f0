//! Strict JSON reading: objects keep their keys in order and remember keys
//! given twice (the format refuses them), integers stay apart from other
//! numbers (`15.0` is not an integer), and nesting is limited (serde_json's
//! recursion limit of 128), so hostile input cannot exhaust the stack.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::error::PonteError;

pub mod path;
mod strict;

pub use path::{close_match, field_path, index_path};
pub(crate) use strict::StrictReader;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number written without fraction or exponent that fits in 64 bits.
    Integer(i128),
    /// Any other number.
    Float(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<JsonValue>),
    /// An object.
    Object(JsonObject),
}

/// A JSON object: entries in the order written, duplicates included.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JsonObject {
    /// Every `(key, value)` in the order written.
    pub entries: Vec<(String, JsonValue)>,
}

impl JsonObject {
    /// The value of `key` (the last one written, as most JSON readers do).
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        self.entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether `key` is present.
    pub fn contains(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k == key)
    }

    /// Keys written more than once (each reported once per extra occurrence).
    pub fn duplicate_keys(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.entries.iter().filter(|(k, _)| !seen.insert(k.as_str())).map(|(k, _)| k.as_str()).collect()
    }

    /// Distinct keys in first-written order.
    pub fn keys(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.entries.iter().filter(|(k, _)| seen.insert(k.as_str())).map(|(k, _)| k.as_str()).collect()
    }
}

impl JsonValue {
    /// The JSON type name used in messages (`integer`, `number`, `string`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            JsonValue::Null => "null",
            JsonValue::Bool(_) => "boolean",
            JsonValue::Integer(_) => "integer",
            JsonValue::Float(_) => "number",
            JsonValue::String(_) => "string",
            JsonValue::Array(_) => "array",
            JsonValue::Object(_) => "object",
        }
    }

    /// As an object.
    pub fn as_object(&self) -> Option<&JsonObject> {
        match self {
            JsonValue::Object(o) => Some(o),
            _ => None,
        }
    }

    /// As a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            JsonValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// As an array.
    pub fn as_array(&self) -> Option<&[JsonValue]> {
        match self {
            JsonValue::Array(a) => Some(a),
            _ => None,
        }
    }

    /// Converts to a `serde_json::Value` (the last of duplicate keys wins).
    pub fn to_serde(&self) -> serde_json::Value {
        match self {
            JsonValue::Null => serde_json::Value::Null,
            JsonValue::Bool(b) => serde_json::Value::Bool(*b),
            JsonValue::Integer(i) => {
                if let Ok(v) = i64::try_from(*i) {
                    v.into()
                } else if let Ok(v) = u64::try_from(*i) {
                    v.into()
                } else {
                    serde_json::Value::Null
                }
            }
            JsonValue::Float(f) => {
                serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
            JsonValue::String(s) => serde_json::Value::String(s.clone()),
            JsonValue::Array(a) => serde_json::Value::Array(a.iter().map(JsonValue::to_serde).collect()),
            JsonValue::Object(o) => {
                let mut map = serde_json::Map::new();
                for (k, v) in &o.entries {
                    map.insert(k.clone(), v.to_serde());
                }
                serde_json::Value::Object(map)
            }
        }
    }

    /// Converts from a `serde_json::Value`.
    pub fn from_serde(value: &serde_json::Value) -> JsonValue {
        match value {
            serde_json::Value::Null => JsonValue::Null,
            serde_json::Value::Bool(b) => JsonValue::Bool(*b),
            serde_json::Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    JsonValue::Integer(i128::from(i))
                } else if let Some(u) = n.as_u64() {
                    JsonValue::Integer(i128::from(u))
                } else {
                    JsonValue::Float(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            serde_json::Value::String(s) => JsonValue::String(s.clone()),
            serde_json::Value::Array(a) => JsonValue::Array(a.iter().map(JsonValue::from_serde).collect()),
            serde_json::Value::Object(o) => JsonValue::Object(JsonObject {
                entries: o.iter().map(|(k, v)| (k.clone(), JsonValue::from_serde(v))).collect(),
            }),
        }
    }
}

/// A JSON string literal as Python's `json.dumps` writes it, so that
/// messages read exactly like the independent checker's: quotes,
/// backslashes and control characters escaped; with `ascii`, every
/// character outside printable ASCII as `\uXXXX` (UTF-16 units).
pub fn python_quote(text: &str, ascii: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            c if ascii || (c as u32) < 0x20 => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Parses JSON text strictly; the error says where it went wrong.
pub fn parse(text: &str) -> Result<JsonValue, PonteError> {
    serde_json::from_str(text).map_err(|e| PonteError::InvalidJson { message: e.to_string() })
}

/// Parses UTF-8 JSON bytes (a leading byte-order mark is accepted).
pub fn parse_bytes(bytes: &[u8]) -> Result<JsonValue, PonteError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| PonteError::InvalidJson {
        message: format!("the text is not UTF-8 (invalid byte at offset {})", e.valid_up_to()),
    })?;
    parse(text)
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = JsonValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<JsonValue, E> {
        Ok(JsonValue::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<JsonValue, E> {
        Ok(JsonValue::Integer(i128::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<JsonValue, E> {
        Ok(JsonValue::Integer(i128::from(v)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<JsonValue, E> {
        Ok(JsonValue::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<JsonValue, E> {
        Ok(JsonValue::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<JsonValue, E> {
        Ok(JsonValue::String(v))
    }
    fn visit_unit<E>(self) -> Result<JsonValue, E> {
        Ok(JsonValue::Null)
    }
    fn visit_none<E>(self) -> Result<JsonValue, E> {
        Ok(JsonValue::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(JsonValue::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonValue, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, JsonValue>()? {
            entries.push((key, value));
        }
        Ok(JsonValue::Object(JsonObject { entries }))
    }
}

impl<'de> Deserialize<'de> for JsonValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<JsonValue, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_duplicate_keys_and_integer_kinds() {
        let v = parse(r#"{"a": 1, "b": 1.0, "a": 2}"#).unwrap();
        let o = v.as_object().unwrap();
        assert_eq!(o.duplicate_keys(), vec!["a"]);
        assert_eq!(o.get("a"), Some(&JsonValue::Integer(2)));
        assert_eq!(o.get("b").map(JsonValue::type_name), Some("number"));
    }

    #[test]
    fn refuses_truncated_and_deep_input() {
        assert_eq!(parse(r#"{"a": [1, 2"#).unwrap_err().code(), "INVALID_JSON");
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(parse(&deep).unwrap_err().code(), "INVALID_JSON");
        assert_eq!(parse_bytes(b"\xff\xfe").unwrap_err().code(), "INVALID_JSON");
        assert!(parse_bytes(b"\xEF\xBB\xBF{}").is_ok());
    }
}
