//! Rule 4: between two consecutive in-person engagements of a mediator (by
//! start, over the whole plan, remote ones ignored), `end_1 +
//! travel(place_1, place_2) <= start_2`.

use super::{describe, Engagement as Booked, Feature, Fit, Misfit, RuleId, Schedule};
use crate::evaluate::plan::{Engagement, Plan};
use crate::evaluate::violation::{Findings, Refs};
use crate::model::{Place, Problem};

/// Rule 4.
#[derive(Debug, Clone, Copy, Default)]
pub struct Travel;

impl Feature for Travel {
    const NUMBER: u8 = 4;
    const NAME: &'static str = "travel time";

    fn check_schedule(&self, plan: &Plan<'_>, mediator: usize, engagements: &[Engagement], out: &mut Findings) {
        let p = plan.problem();
        let id = &p.mediators()[mediator].id;
        let mut previous: Option<&Engagement> = None;
        for second in engagements.iter().filter(|e| e.in_person) {
            let Some(first) = previous.replace(second) else {
                continue;
            };
            if first.end > second.start {
                continue; // an overlap, reported by rule 3
            }
            match p.travel_minutes(Place::Office(first.office), Place::Office(second.office)) {
                Err(e) => out.hard("TRAVEL_UNDEFINED", 4, format!("mediator '{id}': {e}"), None, Refs::mediator(id)),
                Ok(minutes) if first.end + minutes > second.start => {
                    let message = format!(
                        "mediator '{id}': {} at office '{}' then {} at office '{}' leaves {} minutes, travel needs {minutes}",
                        describe(p, first),
                        p.offices()[first.office].id,
                        describe(p, second),
                        p.offices()[second.office].id,
                        second.start - first.end
                    );
                    out.hard("TRAVEL_TIME", 4, message, None, Refs::mediator(id));
                }
                Ok(_) => {}
            }
        }
    }

    /// The in-person engagements before and after the new one (when it is
    /// in person) must leave time to travel.
    #[inline(always)]
    fn fits<S: Schedule>(state: &S, fit: &Fit<'_>) -> Result<(), Misfit> {
        if !fit.in_person {
            return Ok(());
        }
        let p = state.problem();
        let here = Place::Office(fit.office);
        if let Some(prev) = fit.list[..fit.at].iter().rev().find(|e| e.in_person) {
            let ready = prev.end + p.travel_or_zero(Place::Office(prev.office), here);
            if ready > fit.start {
                return Err(Misfit { rule: RuleId::Travel, detail: 0, retry_from: ready });
            }
        }
        if let Some(next) = fit.list[fit.at..].iter().find(|e| e.in_person) {
            if fit.end + p.travel_or_zero(here, Place::Office(next.office)) > next.start {
                let after = next.end + p.travel_or_zero(Place::Office(next.office), here);
                return Err(Misfit { rule: RuleId::Travel, detail: 0, retry_from: after });
            }
        }
        Ok(())
    }

    fn code(_detail: u8) -> &'static str {
        "TRAVEL_TIME"
    }

    fn refusal(p: &Problem, fit: &Fit<'_>, _detail: u8) -> String {
        let (who, office) = (&p.mediators()[fit.mediator].id, &p.offices()[fit.office].id);
        format!("mediator '{who}' cannot travel in time to or from office '{office}'")
    }
}

impl Travel {
    /// Whether a mediator can go from in-person engagement `first` to
    /// `second` in time (the solver keeps this after a removal).
    #[inline]
    pub(crate) fn reachable(p: &Problem, first: &Booked, second: &Booked) -> bool {
        first.end + p.travel_or_zero(Place::Office(first.office), Place::Office(second.office)) <= second.start
    }
}
