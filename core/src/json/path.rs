//! JSON paths of errors and the "did you mean" hint, written exactly as the
//! independent checker writes them (`requests[3].office`,
//! `travel.minutes["a b"]`; Python's `difflib.get_close_matches`). The one
//! home of both: problems, solutions and snapshots are read with them.

use std::collections::HashMap;

/// The path of `key` inside the object at `base`: `base.key` for plain keys,
/// `base["odd key"]` (JSON-quoted) otherwise; `$` is the document itself.
pub fn field_path(base: &str, key: &str) -> String {
    if is_plain_key(key) {
        if base.is_empty() || base == "$" {
            key.to_string()
        } else {
            format!("{base}.{key}")
        }
    } else {
        let base = if base == "$" { "" } else { base };
        format!("{base}[{}]", json_quote(key))
    }
}

/// The path of item `index` of the array at `base`.
pub fn index_path(base: &str, index: usize) -> String {
    format!("{base}[{index}]")
}

/// `[A-Za-z_][A-Za-z0-9_]*`.
fn is_plain_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A JSON string literal as Python's `json.dumps(text, ensure_ascii=False)`
/// writes it: quotes, backslashes and control characters escaped, the rest kept.
pub fn json_quote(text: &str) -> String {
    super::python_quote(text, false)
}

/// The first `limit` characters of `text`.
pub fn truncate_chars(text: &str, limit: usize) -> &str {
    match text.char_indices().nth(limit) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// The allowed name closest to `word`, as `difflib.get_close_matches(word,
/// allowed, n=1)` picks it: similarity ratio at least 0.6, the highest
/// ratio, ties to the greater name.
pub fn close_match<'a>(word: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let b: Vec<char> = word.chars().collect();
    let index = CharIndex::new(&b);
    let mut best: Option<(f64, &'a str)> = None;
    for &candidate in allowed {
        let a: Vec<char> = candidate.chars().collect();
        let total = a.len() + b.len();
        let ratio = if total == 0 { 1.0 } else { 2.0 * matching_characters(&a, &b, &index) as f64 / total as f64 };
        if ratio >= 0.6 && best.is_none_or(|(r, name)| ratio > r || (ratio == r && candidate > name)) {
            best = Some((ratio, candidate));
        }
    }
    best.map(|(_, name)| name)
}

/// Positions of each character of `b` (difflib's `b2j`, with its
/// "autojunk" rule: in a text of 200 characters or more, characters that
/// occur more than 1% of the time are left out).
struct CharIndex {
    positions: HashMap<char, Vec<usize>>,
}

impl CharIndex {
    fn new(b: &[char]) -> CharIndex {
        let mut positions: HashMap<char, Vec<usize>> = HashMap::new();
        for (j, &c) in b.iter().enumerate() {
            positions.entry(c).or_default().push(j);
        }
        if b.len() >= 200 {
            let limit = b.len() / 100 + 1;
            positions.retain(|_, js| js.len() <= limit);
        }
        CharIndex { positions }
    }
}

/// Total size of difflib's matching blocks of `a` and `b`.
fn matching_characters(a: &[char], b: &[char], index: &CharIndex) -> usize {
    let mut total = 0;
    let mut queue = vec![(0, a.len(), 0, b.len())];
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = longest_match(a, b, index, (alo, ahi), (blo, bhi));
        if k > 0 {
            total += k;
            if alo < i && blo < j {
                queue.push((alo, i, blo, j));
            }
            if i + k < ahi && j + k < bhi {
                queue.push((i + k, ahi, j + k, bhi));
            }
        }
    }
    total
}

/// difflib's `find_longest_match` without junk: the longest common block
/// of `a[alo..ahi]` and `b[blo..bhi]`, earliest in `a`, then in `b`.
fn longest_match(
    a: &[char],
    b: &[char],
    index: &CharIndex,
    (alo, ahi): (usize, usize),
    (blo, bhi): (usize, usize),
) -> (usize, usize, usize) {
    let (mut best_i, mut best_j, mut best_k) = (alo, blo, 0);
    let mut lengths: HashMap<usize, usize> = HashMap::new();
    for (i, c) in a.iter().enumerate().take(ahi).skip(alo) {
        let mut next: HashMap<usize, usize> = HashMap::new();
        if let Some(js) = index.positions.get(c) {
            for &j in js {
                if j < blo {
                    continue;
                }
                if j >= bhi {
                    break;
                }
                let k = j.checked_sub(1).and_then(|p| lengths.get(&p)).copied().unwrap_or(0) + 1;
                next.insert(j, k);
                if k > best_k {
                    (best_i, best_j, best_k) = (i + 1 - k, j + 1 - k, k);
                }
            }
        }
        lengths = next;
    }
    while best_i > alo && best_j > blo && a[best_i - 1] == b[best_j - 1] {
        best_i -= 1;
        best_j -= 1;
        best_k += 1;
    }
    while best_i + best_k < ahi && best_j + best_k < bhi && a[best_i + best_k] == b[best_j + best_k] {
        best_k += 1;
    }
    (best_i, best_j, best_k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_paths_like_the_checker() {
        assert_eq!(field_path("$", "format"), "format");
        assert_eq!(field_path("requests[3]", "office"), "requests[3].office");
        assert_eq!(field_path("travel.minutes", "san-donato"), "travel.minutes[\"san-donato\"]");
        assert_eq!(field_path("$", "a b"), "[\"a b\"]");
        assert_eq!(field_path("x", "q\"\n\u{1}é"), "x[\"q\\\"\\n\\u0001é\"]");
        assert_eq!(index_path("offices", 2), "offices[2]");
    }

    #[test]
    fn suggests_like_difflib() {
        let fields = ["id", "office", "languages", "duration_minutes", "earliest", "latest", "modalities"];
        assert_eq!(close_match("duration", &fields), Some("duration_minutes"));
        assert_eq!(close_match("langauges", &fields), Some("languages"));
        assert_eq!(close_match("colour", &fields), None);
        assert_eq!(close_match("", &["a"]), None);
        // Equal ratios: the greater name wins, as heapq.nlargest picks it.
        assert_eq!(close_match("abc", &["aby", "abx"]), Some("aby"));
        assert_eq!(close_match("abc", &["abx", "aby"]), Some("aby"));
        let long = "m".repeat(300);
        assert_eq!(close_match(&long, &["mediators"]), None);
        // Autojunk: in a long word, frequent characters do not seed matches.
        let long = "ab".repeat(150) + "xyz";
        let ab = "ab".repeat(150);
        assert_eq!(close_match(&long, &[ab.as_str(), "xyz"]), Some(ab.as_str()));
    }
}
