//! Lists of simple values: language tags, modalities, skills. None of them
//! repeats a value; languages and modalities must not be empty.

use std::collections::BTreeSet;

use super::reader::ProblemReader;
use crate::json::path::index_path;
use crate::json::JsonValue;
use crate::json::StrictReader;
use crate::model::Modality;

/// A lower-case BCP 47 tag as the format accepts it: `[a-z]{2,8}(-[a-z0-9]{1,8})*`.
///
/// The checker's regular expression is matched exactly (ASCII letters and digits only).
pub(super) use crate::model::is_language_tag;

impl ProblemReader<'_> {
    /// A non-empty list of distinct language tags.
    pub(super) fn language_tags(&mut self, value: &JsonValue, path: &str) -> Option<Vec<String>> {
        let items = self.array(value, path, true)?;
        let mark = self.mark();
        let mut tags: Vec<(Option<&str>, String)> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item_path = index_path(path, i);
            let mut tag = self.string(item, &item_path);
            if let Some(text) = tag.filter(|t| !is_language_tag(t)) {
                self.error("BAD_LANGUAGE_TAG", item_path.clone(), format!("'{text}' is not a lower-case BCP 47 tag"));
                tag = None;
            }
            tags.push((tag, item_path));
        }
        self.distinct(&tags, "language");
        self.clean_since(mark).then(|| tags.into_iter().filter_map(|(t, _)| t.map(str::to_string)).collect())
    }

    /// A non-empty list of distinct modalities.
    pub(super) fn modalities(&mut self, value: &JsonValue, path: &str) -> Option<Vec<Modality>> {
        let items = self.array(value, path, true)?;
        let mark = self.mark();
        let names: Vec<&str> = Modality::ALL.iter().map(|m| m.as_str()).collect();
        let modalities: Vec<(Option<Modality>, String)> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let item_path = index_path(path, i);
                (self.choice(item, &item_path, &names, "modality", Modality::parse), item_path)
            })
            .collect();
        self.distinct(&modalities, "modality");
        self.clean_since(mark).then(|| modalities.into_iter().filter_map(|(m, _)| m).collect())
    }

    /// A list of distinct non-empty skills.
    pub(super) fn skills(&mut self, value: &JsonValue, path: &str) -> Option<BTreeSet<String>> {
        let items = self.array(value, path, false)?;
        let mark = self.mark();
        let skills: Vec<(Option<&str>, String)> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let item_path = index_path(path, i);
                (self.nonempty_string(item, &item_path), item_path)
            })
            .collect();
        self.distinct(&skills, "skill");
        self.clean_since(mark).then(|| skills.into_iter().filter_map(|(s, _)| s.map(str::to_string)).collect())
    }
}
