//! A validated problem changed one request at a time, without validating
//! or rebuilding the rest: appending requests that `validate` checked
//! alone (`Problem::check_requests`), and removing one.

use std::collections::HashMap;

use super::{Problem, Request};
use crate::format::RequestDoc;

impl Problem {
    /// Office ids and their indices.
    pub(crate) fn office_ids(&self) -> &HashMap<String, usize> {
        &self.office_ids
    }

    /// Mediator ids and their indices.
    pub(crate) fn mediator_ids(&self) -> &HashMap<String, usize> {
        &self.mediator_ids
    }

    /// Appends requests checked by `Problem::check_requests` (in
    /// `validate`) on this problem; returns the index of the first.
    pub(crate) fn push_checked(&mut self, checked: Vec<(Request, RequestDoc)>) -> usize {
        let first = self.requests.len();
        for (request, doc) in checked {
            for tag in &request.languages {
                if !self.speakers.contains_key(tag) {
                    let list = (self.mediators.iter().enumerate())
                        .filter_map(|(m, mediator)| mediator.best_level(tag).map(|level| (m, level)))
                        .collect();
                    self.speakers.insert(tag.clone(), list);
                }
            }
            self.request_ids.insert(request.id.clone(), self.requests.len());
            self.requests.push(request);
            self.document.requests.push(doc);
        }
        first
    }

    /// Removes request `r` (later requests move down one index). The
    /// problem stays valid: nothing else refers to a request. Costs one
    /// pass over the request ids, no validation.
    pub fn remove_request(&mut self, r: usize) -> Option<RequestDoc> {
        if r >= self.requests.len() {
            return None;
        }
        let request = self.requests.remove(r);
        self.request_ids.remove(&request.id);
        for index in self.request_ids.values_mut() {
            if *index > r {
                *index -= 1;
            }
        }
        Some(self.document.requests.remove(r))
    }
}

#[cfg(test)]
mod tests {
    use crate::format::{ProblemDoc, RequestDoc};
    use crate::model::Problem;

    const PROBLEM: &str = r#"{
      "format": "ponte-problem/1",
      "network": {"timezone": "Europe/Rome", "slot_minutes": 10},
      "horizon": {"start": "2026-04-27", "end": "2026-04-28"},
      "municipalities": [{"id": "a"}],
      "offices": [{"id": "oa", "municipality": "a", "opening": [{"days": ["mon", "tue"], "from": "08:00", "to": "18:00"}]}],
      "mediators": [{"id": "m1", "home": "a", "languages": [{"code": "ar", "level": "native"}],
                     "availability": [{"days": ["mon", "tue"], "from": "08:00", "to": "18:00"}]}],
      "requests": [
        {"id": "r1", "office": "oa", "languages": ["ar"], "duration_minutes": 60, "start": "2026-04-27T09:00"},
        {"id": "r2", "office": "oa", "languages": ["ar"], "duration_minutes": 30, "earliest": "2026-04-27T09:00", "latest": "2026-04-27T12:00"}
      ]
    }"#;

    fn request(json: &str) -> RequestDoc {
        serde_json::from_str(json).expect("request document")
    }

    fn whole(problem: &Problem, added: &[RequestDoc]) -> Result<Problem, crate::PonteError> {
        let mut doc: ProblemDoc = problem.document().clone();
        doc.requests.extend(added.iter().cloned());
        Problem::from_doc(&doc)
    }

    #[test]
    fn added_requests_give_the_whole_documents_problem_or_errors() {
        let base = Problem::from_json_str(PROBLEM).expect("valid");
        let cases: Vec<Vec<RequestDoc>> = vec![
            vec![request(
                r#"{"id": "r3", "office": "oa", "languages": ["fa"], "duration_minutes": 30, "start": "2026-04-28T10:00"}"#,
            )],
            vec![request(
                r#"{"id": "r1", "office": "oa", "languages": ["ar"], "duration_minutes": 30, "start": "2026-04-28T10:00"}"#,
            )],
            vec![request(
                r#"{"id": "r3", "office": "ob", "languages": ["AR"], "duration_minutes": 0, "start": "2026-04-28T10:05"}"#,
            )],
            vec![
                request(
                    r#"{"id": "r3", "office": "oa", "languages": ["ar"], "duration_minutes": 30, "start": "2026-04-28T10:00"}"#,
                ),
                request(
                    r#"{"id": "r3", "office": "oa", "languages": ["ar"], "duration_minutes": 30, "start": "2026-04-29T10:00"}"#,
                ),
            ],
            vec![request(
                r#"{"id": "r4", "office": "oa", "languages": ["ar"], "duration_minutes": 30, "start": "2026-04-28T10:00",
                    "previous": {"mediator": "m1", "start": "2026-04-28T10:00"}, "locked": true}"#,
            )],
        ];
        for added in cases {
            let mut grown = base.clone();
            let incremental = grown.push_requests(&added);
            match (whole(&base, &added), incremental) {
                (Ok(expected), Ok(first)) => {
                    assert_eq!(first, 2);
                    assert_eq!(expected.document(), grown.document());
                    assert_eq!(format!("{:?}", expected.requests()), format!("{:?}", grown.requests()));
                    for r in expected.requests() {
                        assert_eq!(expected.request_index(&r.id), grown.request_index(&r.id));
                        assert_eq!(expected.speakers_of(r), grown.speakers_of(r));
                    }
                }
                (Err(expected), Err(got)) => {
                    assert_eq!(expected, got);
                    assert_eq!(grown.document(), base.document(), "unchanged on error");
                }
                (expected, got) => panic!("{added:?}: whole {expected:?}, incremental {got:?}"),
            }
        }
    }

    #[test]
    fn a_removed_request_leaves_the_problem_of_the_smaller_document() {
        let mut problem = Problem::from_json_str(PROBLEM).expect("valid");
        let removed = problem.remove_request(0).expect("there");
        assert_eq!(removed.id, "r1");
        let mut doc = Problem::from_json_str(PROBLEM).expect("valid").document().clone();
        doc.requests.remove(0);
        let expected = Problem::from_doc(&doc).expect("valid");
        assert_eq!(expected.document(), problem.document());
        assert_eq!(problem.request_index("r2"), Some(0));
        assert_eq!(problem.request_index("r1"), None);
        assert!(problem.remove_request(5).is_none());
    }
}
