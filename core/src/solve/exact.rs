//! Exact repair of a small neighbourhood: the few requests of one
//! mediator-day or one office-day nearest in time to a seed request are
//! taken out, together with a few unassigned requests that could use the
//! room, and put back by a depth-first branch and bound over their
//! placements *and the order they are placed in* rather than one at a time.
//!
//! Recreate places each request at the earliest start of a gap, so two
//! requests of one mediator's morning keep the order in which they were
//! inserted; which of them goes first (and so the travel between them and
//! the delay of each) is what greedy and regret insertion miss, and what
//! this search enumerates. Each node of the search is a completion (the
//! requests not placed on its branch stay out); its children place one more
//! request, any of those left, at one of its `BRANCH` cheapest placements
//! (the best start with each mediator, as recreate scores them). A branch
//! is cut when the cost so far plus the most each request left could gain
//! on its own (measured once, in the emptied neighbourhood) cannot beat the
//! best completion found: exact for the request-local terms, optimistic for
//! travel and continuity in practice. The search stops after `NODES`
//! nodes. Everything is deterministic: the same state and random source
//! give the same repair.

use super::insertion::{request_options, Insertion, Scored};
use super::recreate::{greedy, Pending};
use super::rng::Random;
use super::state::{Job, Owner, Placement, State};

/// Placed requests the neighbourhood takes out at most.
const MAX_TAKEN: usize = 4;

/// Unassigned requests that join the repair at most.
const MAX_WAITING: usize = 2;

/// Placements tried per request (the cheapest, one per mediator), besides staying out.
const BRANCH: usize = 2;

/// Nodes of the search at most (each scores one request's placements).
const NODES: usize = 120;

/// Takes out a small neighbourhood around a random placed request (its
/// mediator's day, its office's day, or the day of its mediator and of one
/// who could take over some of it; the requests closest in time to it) and re-packs it exactly (see the module). Returns false when there
/// was nothing to repair.
pub(crate) fn repair(state: &mut State, rng: &mut Random) -> bool {
    let prep = state.prep;
    let p = prep.problem;
    let placed: Vec<usize> = (0..state.assigned.len())
        .filter(|&r| state.assigned[r].is_some() && !p.requests()[r].locked && !p.requests()[r].has_roles())
        .collect();
    if placed.is_empty() {
        return false;
    }
    let seed = placed[rng.below(placed.len())];
    let Some(at) = state.assigned[seed] else { return false };
    let day = prep.day_of(at.start);
    let (lo, hi) = (prep.day_starts[day], prep.day_starts[day + 1]);
    let office = p.requests()[seed].office;
    let movable = |r: usize| !p.requests()[r].locked && !p.requests()[r].has_roles();
    let on_day = |r: usize| state.assigned[r].filter(|pl| pl.start >= lo && pl.start < hi);
    let distance = |pl: Placement| (pl.start - at.start).abs();
    let mut near: Vec<(i64, usize)> = match rng.below(3) {
        // The office's day.
        0 => prep.requests_of_office[office]
            .iter()
            .filter_map(|&r| Some((distance(on_day(r)?), r)))
            .filter(|&(_, r)| movable(r))
            .collect(),
        // The mediator's day.
        1 => day_requests(state, at.mediator, lo, hi)
            .into_iter()
            .filter(|&r| movable(r))
            .filter_map(|r| Some((distance(state.assigned[r]?), r)))
            .collect(),
        // Two mediators' day: the seed's and one who serves, that day, a
        // request the seed's mediator could serve (so that they may swap).
        _ => {
            let partners: Vec<usize> = prep.requests_of_mediator[at.mediator]
                .iter()
                .filter_map(|&r| on_day(r))
                .map(|pl| pl.mediator)
                .filter(|&m| m != at.mediator)
                .collect();
            let mut both = Vec::new();
            if let Some(&partner) = partners.get(rng.below(partners.len())) {
                for m in [at.mediator, partner] {
                    let mut own: Vec<(i64, usize)> = day_requests(state, m, lo, hi)
                        .into_iter()
                        .filter(|&r| movable(r))
                        .filter_map(|r| Some((distance(state.assigned[r]?), r)))
                        .collect();
                    own.sort_unstable();
                    own.truncate(MAX_TAKEN / 2);
                    both.extend(own);
                }
            }
            both
        }
    };
    near.sort_unstable();
    near.truncate(MAX_TAKEN);
    let mut taken: Vec<usize> = near.into_iter().map(|x| x.1).collect();
    let mut mediators: Vec<usize> = taken.iter().filter_map(|&r| state.assigned[r].map(|pl| pl.mediator)).collect();
    // Others removed to keep travel and breaks feasible go back by greedy insertion.
    let mut others: Vec<Pending> = Vec::new();
    for &r in &taken {
        for job in state.remove_job(Job::Request(r)) {
            match job {
                Job::Request(x) | Job::Team(x) => others.push(Pending::Request(x)),
                Job::Staff(s, _) => others.push(Pending::Session(s)),
            }
        }
    }
    mediators.sort_unstable();
    mediators.dedup();
    // A few unassigned requests that could use the room.
    let mut waiting: Vec<usize> = mediators
        .iter()
        .flat_map(|&m| prep.requests_of_mediator[m].iter().copied())
        .chain(prep.requests_of_office[office].iter().copied())
        .filter(|&r| state.assigned[r].is_none() && !p.requests()[r].has_roles() && !taken.contains(&r))
        .collect();
    waiting.sort_unstable();
    waiting.dedup();
    waiting.retain(|r| !others.contains(&Pending::Request(*r)));
    rng.shuffle(&mut waiting);
    waiting.truncate(MAX_WAITING);
    taken.extend(waiting);
    taken.sort_unstable();
    let gains: Vec<i64> = taken
        .iter()
        .map(|&r| request_options(state, r, rng, 0).iter().map(|o| o.delta).min().unwrap_or(0).min(0))
        .collect();
    let mut search =
        Search { taken: &taken, gains: &gains, chosen: Vec::new(), best: Vec::new(), best_cost: i64::MAX, nodes: 0 };
    search.dfs(state, rng, (1u32 << taken.len()) - 1);
    for (r, placement) in std::mem::take(&mut search.best) {
        state.insert_request(r, placement);
    }
    if !others.is_empty() {
        greedy(state, &others, rng, 0);
    }
    true
}

/// The requests mediator `m` serves with an engagement starting in `lo..hi`.
fn day_requests(state: &State, m: usize, lo: i64, hi: i64) -> Vec<usize> {
    state
        .engagements(m)
        .iter()
        .filter(|e| e.start >= lo && e.start < hi)
        .filter_map(|e| match e.owner {
            Owner::Request(r) => Some(r),
            _ => None,
        })
        .collect()
}

/// The branch and bound's state: the requests, what each could gain on
/// its own, the placements made on the current branch in the order made,
/// and the best completion found.
struct Search<'t> {
    taken: &'t [usize],
    gains: &'t [i64],
    chosen: Vec<(usize, Placement)>,
    best: Vec<(usize, Placement)>,
    best_cost: i64,
    nodes: usize,
}

impl Search<'_> {
    /// Every node is a completion (the requests not placed on the branch
    /// stay out); its children place one more of the requests in `open`
    /// (a bit per request of `taken`), in any order: the order decides who
    /// takes the earliest start of a shared gap.
    fn dfs(&mut self, state: &mut State, rng: &mut Random, open: u32) {
        if state.cost < self.best_cost {
            self.best_cost = state.cost;
            self.best = self.chosen.clone();
        }
        let bound: i64 = (0..self.taken.len()).filter(|i| open & (1 << i) != 0).map(|i| self.gains[i]).sum();
        if open == 0 || state.cost + bound >= self.best_cost || self.nodes >= NODES {
            return;
        }
        self.nodes += 1;
        for i in (0..self.taken.len()).filter(|i| open & (1 << i) != 0) {
            let r = self.taken[i];
            let mut options = request_options(state, r, rng, 0);
            options.retain(|o| o.delta < 0);
            options.sort_by_key(|o| (o.delta, mediator(o)));
            options.truncate(BRANCH);
            for option in options {
                let Insertion::Request(_, placement) = option.insertion else { continue };
                state.insert_request(r, placement);
                self.chosen.push((r, placement));
                self.dfs(state, rng, open & !(1 << i));
                self.chosen.pop();
                state.remove_request(r);
                if self.nodes >= NODES {
                    return;
                }
            }
        }
    }
}

fn mediator(o: &Scored) -> usize {
    match o.insertion {
        Insertion::Request(_, p) => p.mediator,
        Insertion::Staff(_, m) => m,
    }
}
