//! Rule 8: workshop mediators offer `in_person`, serve the languages they
//! are listed for (the workshop's) at its `min_level`, and are available
//! (minus absences) for the whole session.

use super::{absence_detail, Feature};
use crate::evaluate::plan::Plan;
use crate::evaluate::read::Staffing;
use crate::evaluate::violation::{Findings, Refs};
use crate::interval::covers;
use crate::model::{Mediator, Modality, Problem, Workshop};
use crate::interval::Minute;

/// Rule 8.
#[derive(Debug, Clone, Copy, Default)]
pub struct WorkshopStaffing;

impl Feature for WorkshopStaffing {
    const NUMBER: u8 = 8;
    const NAME: &'static str = "workshop mediators";

    fn check_staffing(&self, plan: &Plan<'_>, staffing: &Staffing, out: &mut Findings) {
        let p = plan.problem();
        let workshop = &p.workshops()[staffing.workshop];
        let session = &workshop.sessions[staffing.session];
        let name = format!("session '{}/{}'", workshop.id, session.id);
        for (index, (m, langs)) in staffing.mediators.iter().enumerate() {
            let mediator = &p.mediators()[*m];
            let refs = || Refs::session(&workshop.id, &session.id).with_mediator(&mediator.id);
            let path = format!("{}.mediators[{index}]", staffing.path);
            let path = Some(path.as_str());
            if !mediator.offers(Modality::InPerson) {
                let message = format!(
                    "{name}: mediator '{}' does not offer in_person, and workshop mediators are present in person",
                    mediator.id
                );
                out.hard("SESSION_NOT_IN_PERSON", 8, message, path, refs());
            }
            for lang in langs {
                if !workshop.languages.contains(lang) {
                    let message = format!(
                        "{name}: mediator '{}' is listed for '{lang}', not a language of workshop '{}'",
                        mediator.id, workshop.id
                    );
                    out.hard("SESSION_LANGUAGE_NOT_IN_WORKSHOP", 8, message, path, refs());
                } else if !mediator.serves(lang, workshop.min_level) {
                    let message = format!(
                        "{name}: mediator '{}' does not serve '{lang}' at {} or better",
                        mediator.id, workshop.min_level
                    );
                    out.hard("SESSION_LANGUAGE_NOT_SERVED", 8, message, path, refs());
                }
            }
            if !covers(&mediator.available, session.start, session.end()) {
                let clock = p.clock();
                let message = format!(
                    "{name}: mediator '{}' is not available for the whole of {}-{}{}",
                    mediator.id,
                    clock.describe(session.start),
                    clock.describe(session.end()),
                    absence_detail(p, *m, session.start, session.end())
                );
                out.hard("SESSION_UNAVAILABLE", 8, message, path, refs());
            }
        }
    }
}

impl WorkshopStaffing {
    /// The workshop's languages (the first 64, as bits) `mediator` could
    /// attend a session `[start, end)` for (the solver's staff filter).
    pub(crate) fn staff_mask(p: &Problem, workshop: &Workshop, mediator: &Mediator, start: Minute, end: Minute) -> u64 {
        let mut mask = 0u64;
        for (i, lang) in workshop.languages.iter().enumerate().take(64) {
            if p.can_staff(mediator, lang, workshop.min_level, start, end) {
                mask |= 1 << i;
            }
        }
        mask
    }
}
