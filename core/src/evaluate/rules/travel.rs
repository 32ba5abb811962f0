//! Rule 4: between two consecutive in-person engagements of a mediator (by
//! start, over the whole plan, remote ones ignored), `end_1 +
//! travel(place_1, place_2) <= start_2`.

use super::{describe, HardRule};
use crate::evaluate::plan::{Engagement, Plan};
use crate::evaluate::violation::{Findings, Refs};
use crate::model::Place;

/// Rule 4.
#[derive(Debug, Clone, Copy, Default)]
pub struct Travel;

impl HardRule for Travel {
    fn number(&self) -> u8 {
        4
    }

    fn name(&self) -> &'static str {
        "travel time"
    }

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
}
