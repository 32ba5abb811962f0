//! Rule 3: a mediator's engagements (requests of any modality and workshop
//! sessions) never overlap.

use super::{describe, HardRule};
use crate::evaluate::plan::{Engagement, Plan};
use crate::evaluate::violation::{Findings, Refs};

/// Rule 3.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overlap;

impl HardRule for Overlap {
    fn number(&self) -> u8 {
        3
    }

    fn name(&self) -> &'static str {
        "no overlap"
    }

    fn check_schedule(&self, plan: &Plan<'_>, mediator: usize, engagements: &[Engagement], out: &mut Findings) {
        let p = plan.problem();
        let id = &p.mediators()[mediator].id;
        for (i, first) in engagements.iter().enumerate() {
            for second in &engagements[i + 1..] {
                if second.start >= first.end {
                    break;
                }
                let message = format!("mediator '{id}': {} overlaps {}", describe(p, first), describe(p, second));
                out.hard("OVERLAP", 3, message, None, Refs::mediator(id));
            }
        }
    }
}
