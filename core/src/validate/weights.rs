//! `weights`: overrides of the cost weights, integers >= 0.

use super::reader::ProblemReader;
use super::requests::priority_names;
use super::values::entries;
use crate::model::{Priority, Weights};

use crate::cost_terms::TERM_KEYS as TERMS;
use crate::json::StrictReader;

impl ProblemReader<'_> {
    pub(super) fn read_weights(&mut self) {
        let Some(value) = self.top("weights") else {
            self.weights = Some(Weights::default());
            return;
        };
        let mark = self.mark();
        let Some(object) = self.object(value, "weights", &[], &TERMS) else {
            return;
        };
        let mut weights = Weights::default();
        for term in TERMS {
            let Some(value) = object.get(term) else { continue };
            let path = format!("weights.{term}");
            if term == "unassigned" {
                let priorities = priority_names();
                let Some(by_priority) = self.object(value, &path, &[], &priorities) else {
                    continue;
                };
                for (key, v) in entries(by_priority) {
                    let Some(priority) = Priority::parse(key) else { continue };
                    if let Some(weight) = self.integer(v, &format!("{path}.{key}"), Some(0)) {
                        weights.unassigned[priority.index()] = weight;
                    }
                }
                continue;
            }
            let Some(weight) = self.integer(value, &path, Some(0)) else { continue };
            match term {
                "travel" => weights.travel = weight,
                "language_rank" => weights.language_rank = weight,
                "modality_rank" => weights.modality_rank = weight,
                "continuity" => weights.continuity = weight,
                "preferred_mediator" => weights.preferred_mediator = weight,
                "delay" => weights.delay = weight,
                "change" => weights.change = weight,
                "fairness" => weights.fairness = weight,
                _ => weights.series = weight,
            }
        }
        if self.clean_since(mark) {
            self.weights = Some(weights);
        }
    }
}
