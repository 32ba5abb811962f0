//! Suitability and placement: which mediators can serve a request, and
//! where in time a request can lie (format sections 3 and 5).

use super::{Level, Mediator, Modality, Problem, Request};
use crate::interval::{covers, intersect, Interval, Minute};

impl Problem {
    /// The request's languages (indices) the mediator serves at `min_level`, in order.
    pub fn usable_languages<'a>(
        &'a self,
        request: &'a Request,
        mediator: &'a Mediator,
    ) -> impl Iterator<Item = usize> + 'a {
        request.languages.iter().enumerate().filter(move |(_, l)| mediator.serves(l, request.min_level)).map(|(i, _)| i)
    }

    /// The request's modalities (indices) the mediator offers, in order.
    pub fn usable_modalities<'a>(
        &'a self,
        request: &'a Request,
        mediator: &'a Mediator,
    ) -> impl Iterator<Item = usize> + 'a {
        request.modalities.iter().enumerate().filter(move |(_, m)| mediator.offers(**m)).map(|(i, _)| i)
    }

    /// Whether the mediator has every skill the request needs.
    pub fn has_skills(&self, request: &Request, mediator: &Mediator) -> bool {
        request.skills.is_subset(&mediator.skills)
    }

    /// Whether the mediator is of the wanted gender (or none is wanted).
    pub fn gender_ok(&self, request: &Request, mediator: &Mediator) -> bool {
        request.mediator_gender.as_ref().is_none_or(|g| mediator.gender.as_ref() == Some(g))
    }

    /// Whether the mediator serves one of the request's languages at `min_level`.
    pub fn speaks_for(&self, request: &Request, mediator: &Mediator) -> bool {
        self.usable_languages(request, mediator).next().is_some()
    }

    /// Suitable (section 5): a served language at `min_level`, the skills,
    /// the wanted gender and a shared modality.
    pub fn suitable(&self, request: &Request, mediator: &Mediator) -> bool {
        self.speaks_for(request, mediator)
            && self.has_skills(request, mediator)
            && self.gender_ok(request, mediator)
            && self.usable_modalities(request, mediator).next().is_some()
    }

    /// Indices of the suitable mediators of a request, in file order.
    pub fn suitable_mediators(&self, request: usize) -> Vec<usize> {
        let r = &self.requests()[request];
        (0..self.mediators().len()).filter(|&m| self.suitable(r, &self.mediators()[m])).collect()
    }

    /// Window (or fixed slot, or each of several windows) ∩ horizon ∩
    /// office open: where the request may lie whoever serves it. Pieces of
    /// two windows that touch stay apart (an engagement lies inside one).
    pub fn office_window(&self, request: &Request) -> Vec<Interval> {
        let mut pieces = Vec::new();
        for (low, high) in request.spans() {
            let (low, high) = (low.max(self.horizon().0), high.min(self.horizon().1));
            if low < high {
                pieces.extend(intersect(&[(low, high)], &self.offices()[request.office].open));
            }
        }
        pieces
    }

    /// Window ∩ horizon ∩ office open ∩ mediator available.
    pub fn free_intervals(&self, request: &Request, mediator: &Mediator) -> Vec<Interval> {
        intersect(&self.office_window(request), &mediator.available)
    }

    /// Whether a start is allowed by the grid: on it, or given in the problem.
    pub fn start_on_grid(&self, request: &Request, start: Minute) -> bool {
        request.is_exempt(start) || self.on_grid(start)
    }

    /// Starts `s` with `[s, s + duration)` inside `[low, high)` that lie on the
    /// grid or in `exempt`, and that can be written in a solution; in time
    /// order, without repeats.
    pub fn grid_starts(&self, low: Minute, high: Minute, duration: i64, exempt: &[Minute]) -> Vec<Minute> {
        let last = high - duration;
        let mut starts = Vec::new();
        if low <= last {
            let slot = self.slot_minutes();
            let clock = self.clock();
            let mut start = low + (-clock.clock_minutes(low)).rem_euclid(slot);
            while start <= last {
                if self.on_grid(start) {
                    starts.push(start);
                    let following = start + slot;
                    if clock.offset_seconds(following) == clock.offset_seconds(start) {
                        start = following;
                        continue;
                    }
                }
                start += 1;
            }
        }
        starts.extend(exempt.iter().copied().filter(|&s| low <= s && s <= last));
        starts.sort_unstable();
        starts.dedup();
        starts.retain(|&s| self.clock().is_representable(s));
        starts
    }

    /// Starts satisfying rule 2 for this request with this mediator alone
    /// (window, horizon, office opening, availability, grid), in time order.
    pub fn candidate_starts(&self, request: &Request, mediator: &Mediator) -> Vec<Minute> {
        let exempt: Vec<Minute> = request.grid_exempt().collect();
        let mut starts = Vec::new();
        for (low, high) in self.free_intervals(request, mediator) {
            starts.extend(self.grid_starts(low, high, request.duration, &exempt));
        }
        starts
    }

    /// The earliest possible start (section 5) inside the merged `intervals`.
    pub fn first_possible_start(&self, request: &Request, intervals: &[Interval]) -> Option<Minute> {
        self.first_possible_start_for(request, intervals, None)
    }

    /// [`Problem::first_possible_start`] for `mediator`: a start is also
    /// possible only when the duration fits the weekly maximum with the
    /// minutes the mediator worked before the horizon in the start's week.
    pub fn first_possible_start_for(
        &self,
        request: &Request,
        intervals: &[Interval],
        mediator: Option<&Mediator>,
    ) -> Option<Minute> {
        let weekly = mediator.filter(|m| !m.worked.is_empty() && m.max_minutes_per_week.is_some());
        let fits = |start: Minute| weekly.is_none_or(|m| m.fits_week(request.duration, self.clock().iso_week(start)));
        if let Some(start) = request.fixed_start() {
            return (covers(intervals, start, start + request.duration) && fits(start)).then_some(start);
        }
        let exempt: Vec<Minute> = request.grid_exempt().collect();
        intervals.iter().find_map(|&(low, high)| {
            let starts = self.grid_starts(low, high, request.duration, &exempt);
            match weekly {
                None => starts.first().copied(),
                Some(_) => starts.into_iter().find(|&s| fits(s)),
            }
        })
    }

    /// What an office hosts whatever the plan: its held workshop sessions and
    /// the locked requests at their previous start, except request `besides`;
    /// as `(start, end, label)`.
    pub fn fixed_load(&self, office: usize, besides: Option<usize>) -> Vec<(Minute, Minute, String)> {
        let mut load = Vec::new();
        for (w, workshop) in self.workshops().iter().enumerate() {
            if workshop.office == office {
                for (_, s) in self.held_sessions(w) {
                    load.push((s.start, s.end(), format!("session '{}/{}'", workshop.id, s.id)));
                }
            }
        }
        for (i, r) in self.requests().iter().enumerate() {
            if r.office == office && r.locked && Some(i) != besides {
                if let Some(p) = r.previous {
                    load.push((p.start, p.start + r.duration, format!("locked request '{}'", r.id)));
                }
            }
        }
        load
    }

    /// Where the request's office still has room for one more engagement
    /// beside its fixed load (the request itself left out); `None` when the
    /// office has no capacity limit.
    pub fn fixed_room(&self, request: usize) -> Option<Vec<Interval>> {
        let r = &self.requests()[request];
        let capacity = self.offices()[r.office].capacity?;
        let load: Vec<Interval> = self.fixed_load(r.office, Some(request)).iter().map(|&(s, e, _)| (s, e)).collect();
        Some(room_intervals(&load, capacity, self.horizon()))
    }

    /// Whether a mediator can attend a whole session in person serving
    /// `language` at `min_level` (rule 8 alone).
    pub fn can_staff(&self, mediator: &Mediator, language: &str, min_level: Level, start: Minute, end: Minute) -> bool {
        mediator.offers(Modality::InPerson)
            && mediator.serves(language, min_level)
            && covers(&mediator.available, start, end)
    }
}

/// Where an office hosting `load` still has room for one more engagement
/// (the checker's `_room_intervals`): the horizon minus the stretches where
/// the load reaches `capacity`.
pub fn room_intervals(load: &[Interval], capacity: u32, horizon: Interval) -> Vec<Interval> {
    if capacity == 0 {
        return Vec::new();
    }
    let mut full = Vec::new();
    let mut since = None;
    for (time, count) in crate::interval::occupancy(load) {
        if count >= i64::from(capacity) {
            since.get_or_insert(time);
        } else if let Some(s) = since.take() {
            full.push((s, time));
        }
    }
    crate::interval::subtract(&[horizon], &crate::interval::merge(full))
}
