//! Ids and references. Every well-formed id is registered before any item
//! is read, so references resolve in any order and an item with other
//! errors can still be referred to without a second error.

use std::collections::HashMap;

use super::reader::{List, ProblemReader, UNRESOLVED};
use super::values::is_ident;
use crate::json::path::index_path;
use crate::json::JsonValue;
use crate::json::StrictReader;

impl ProblemReader<'_> {
    /// Registers the first item of each well-formed id; later ones are `DUPLICATE_ID`.
    pub(super) fn collect_ids(&mut self) {
        for list in List::ALL {
            let mut known: HashMap<String, usize> = HashMap::new();
            let value = self.top(list.name());
            let items = value.and_then(JsonValue::as_array);
            self.list_ok.insert(list, items.is_some());
            for (index, item) in items.unwrap_or_default().iter().enumerate() {
                let Some(JsonValue::String(id)) = item.as_object().and_then(|o| o.get("id")) else {
                    continue;
                };
                if !is_ident(id) {
                    continue;
                }
                if let Some(&first) = known.get(id.as_str()) {
                    let path = index_path(list.name(), index);
                    let first = index_path(list.name(), first);
                    self.error("DUPLICATE_ID", format!("{path}.id"), format!("duplicate id '{id}' (first at {first})"));
                } else {
                    known.insert(id.clone(), index);
                }
            }
            self.ids.insert(list, known);
        }
    }

    /// Reads an item's id; `None` when it is bad or a duplicate (the item is then left out).
    pub(super) fn item_id(
        &mut self,
        item: &crate::json::JsonObject,
        path: &str,
        list: List,
        index: usize,
    ) -> Option<String> {
        let value = item.get("id")?;
        let id = self.ident(value, &format!("{path}.id"))?;
        let first = self.ids.get(&list).and_then(|known| known.get(id)).copied();
        (first == Some(index)).then(|| id.to_string())
    }

    /// A reference to an item of `list`: its index, [`UNRESOLVED`] when the
    /// list itself is broken (then nothing is checked), `None` on error.
    pub(super) fn reference(
        &mut self,
        value: &JsonValue,
        path: &str,
        list: List,
        what: &str,
    ) -> Option<(usize, String)> {
        let text = self.string(value, path)?;
        self.reference_text(text, path, list, what).map(|index| (index, text.to_string()))
    }

    /// [`ProblemReader::reference`] of a text (an object key).
    pub(super) fn reference_text(&mut self, text: &str, path: &str, list: List, what: &str) -> Option<usize> {
        if !self.list_ok.get(&list).copied().unwrap_or(false) {
            return Some(UNRESOLVED);
        }
        match self.ids.get(&list).and_then(|known| known.get(text)) {
            Some(&index) => Some(index),
            None => {
                self.error("UNKNOWN_REFERENCE", path, format!("no {what} '{text}'"));
                None
            }
        }
    }

    /// The index of an id in a list, when registered.
    pub(super) fn index_of(&self, list: List, id: &str) -> Option<usize> {
        self.ids.get(&list).and_then(|known| known.get(id)).copied()
    }
}
