//! Rule 3: a mediator's engagements (requests of any modality and workshop
//! sessions) never overlap.

use super::{describe, Feature, Fit, Misfit, RuleId, Schedule};
use crate::evaluate::plan::{Engagement, Plan};
use crate::evaluate::violation::{Findings, Refs};
use crate::model::{Place, Problem};

/// Rule 3.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overlap;

impl Feature for Overlap {
    const NUMBER: u8 = 3;
    const NAME: &'static str = "no overlap";
    const OWN_SCHEDULE: bool = true;

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

    /// The engagement just before the new one's place must end by its
    /// start; try again once it has ended (and, both in person, once the
    /// mediator could have travelled).
    #[inline(always)]
    fn fits<S: Schedule>(state: &S, fit: &Fit<'_>) -> Result<(), Misfit> {
        let i = fit.at;
        if i > 0 && fit.list[i - 1].end > fit.start {
            let blocker = fit.list[i - 1];
            let mut retry = blocker.end;
            if fit.in_person && blocker.in_person {
                retry += state.problem().travel_or_zero(Place::Office(blocker.office), Place::Office(fit.office));
            }
            return Err(Misfit { rule: RuleId::Overlap, detail: 0, retry_from: retry });
        }
        Ok(())
    }

    fn code(_detail: u8) -> &'static str {
        "OVERLAP"
    }

    fn refusal(p: &Problem, fit: &Fit<'_>, _detail: u8) -> String {
        format!("mediator '{}' is already engaged at {}", p.mediators()[fit.mediator].id, p.clock().format(fit.start))
    }
}
