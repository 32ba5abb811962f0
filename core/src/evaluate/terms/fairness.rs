//! `fairness` (format 1.1): the mediators with a `fair_share` take part;
//! with `e_i` a participant's engaged minutes (requests, sessions; travel
//! and minutes worked before the horizon excluded), `E` their sum, `S` the
//! sum of the shares and `X_i = e_i * S - E * share_i`, the term is
//! `floor(w * sum X_i^2 / (3600 * S^2))`, 0 with fewer than two
//! participants. Exact: 128-bit integers, 256 bits when those overflow
//! (shares up to 2^53 make the sums reach about 2^245).
//!
//! The solver keeps the participants' minutes and the sums `A = sum e_i^2`
//! and `B = sum e_i * share_i`, so that the term after a change is
//! `S^2 * A - 2 * S * E * B + E^2 * C` (`C = sum share_i^2`) in O(1).

use super::wide::U256;
use super::{Change, CostView, Term};
use crate::evaluate::plan::Plan;
use crate::evaluate::violation::Findings;
use crate::model::Problem;

pub(crate) struct Def;

/// The term from the participants' `(share, engaged minutes)`.
pub(crate) fn value(weight: i64, participants: impl Iterator<Item = (i64, i64)> + Clone) -> i64 {
    let (mut n, mut s, mut e) = (0usize, 0i128, 0i128);
    for (share, engaged) in participants.clone() {
        n += 1;
        s += i128::from(share);
        e += i128::from(engaged);
    }
    if n < 2 || weight == 0 {
        return 0;
    }
    let narrow = || -> Option<i64> {
        let mut squares = 0i128;
        for (share, engaged) in participants.clone() {
            let x = i128::from(engaged).checked_mul(s)?.checked_sub(e.checked_mul(i128::from(share))?)?;
            squares = squares.checked_add(x.checked_mul(x)?)?;
        }
        quotient(weight, squares, s)
    };
    narrow().unwrap_or_else(|| {
        let mut squares = U256::ZERO;
        for (share, engaged) in participants {
            let x = i128::from(engaged) * s - e * i128::from(share);
            squares = squares.add(&U256::product(x.unsigned_abs(), x.unsigned_abs()));
        }
        wide_quotient(weight, &squares, s)
    })
}

/// `floor(w * squares / (3600 * s^2))` in 128 bits, if it fits.
fn quotient(weight: i64, squares: i128, s: i128) -> Option<i64> {
    let numerator = squares.checked_mul(i128::from(weight))?;
    let denominator = s.checked_mul(s)?.checked_mul(3600)?;
    Some(i64::try_from(numerator / denominator).unwrap_or(i64::MAX))
}

fn wide_quotient(weight: i64, squares: &U256, s: i128) -> i64 {
    let denominator = U256::product(s.unsigned_abs(), s.unsigned_abs()).mul_u64(3600);
    squares.mul_u64(weight.unsigned_abs()).div_to_i64(&denominator)
}

/// The solver's state: each mediator's participant index, the
/// participants' shares and minutes, and the running sums.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shares {
    index: Vec<Option<usize>>,
    shares: Vec<i64>,
    engaged: Vec<i64>,
    /// Sum of the shares.
    s: i128,
    /// Sum of the shares squared.
    c: i128,
    /// Sum of the minutes.
    e: i128,
    /// Sum of the minutes squared.
    a: i128,
    /// Sum of minutes times share.
    b: i128,
    /// The term now.
    value: i64,
    /// Some sum left 128 bits: every change recomputes the term in full.
    wide: bool,
}

impl Shares {
    /// The term with `minutes` more for participant `i` (exact).
    fn value_with(&self, weight: i64, i: usize, minutes: i64) -> i64 {
        let old = i128::from(self.engaged[i]);
        let new = old + i128::from(minutes);
        let share = i128::from(self.shares[i]);
        let fast = || -> Option<i64> {
            if self.wide {
                return None;
            }
            let a = self.a - old * old + new.checked_mul(new)?;
            let b = self.b + (new - old).checked_mul(share)?;
            let e = self.e + (new - old);
            let s = self.s;
            let squares = s
                .checked_mul(s)?
                .checked_mul(a)?
                .checked_sub(s.checked_mul(e)?.checked_mul(b)?.checked_mul(2)?)?
                .checked_add(e.checked_mul(e)?.checked_mul(self.c)?)?;
            quotient(weight, squares, s)
        };
        fast().unwrap_or_else(|| {
            let all = self.shares.iter().zip(&self.engaged).enumerate();
            value(weight, all.map(|(j, (&share, &engaged))| (share, if j == i { engaged + minutes } else { engaged })))
        })
    }
}

impl Term for Def {
    const KEY: &'static str = "fairness";
    const LABEL_IT: &'static str = "ore lontane dalle quote dei mediatori (al quadrato)";
    const LABEL_EN: &'static str = "squared hours away from the mediators' shares";
    type State = Shares;

    fn shown(p: &Problem) -> bool {
        p.mediators().iter().any(|m| m.fair_share.is_some())
    }

    fn new_state<V: CostView>(view: &V) -> Shares {
        let mut state = Shares::default();
        for mediator in view.problem().mediators() {
            state.index.push(mediator.fair_share.map(|share| {
                state.shares.push(share);
                state.engaged.push(0);
                state.s += i128::from(share);
                state.c += i128::from(share) * i128::from(share);
                state.shares.len() - 1
            }));
        }
        if state.shares.len() < 2 {
            // Nobody or one alone takes part: the term is 0 whatever happens.
            state.index.iter_mut().for_each(|i| *i = None);
        }
        state
    }

    fn of_plan(plan: &Plan<'_>, _out: &mut Findings) -> i64 {
        let p = plan.problem();
        let mut engaged = vec![0i64; p.mediators().len()];
        for (m, engagements) in plan.schedules() {
            engaged[*m] = engagements.iter().map(|e| e.duration()).sum();
        }
        let participants = p.mediators().iter().zip(engaged).filter_map(|(m, e)| m.fair_share.map(|s| (s, e)));
        value(p.weights().fairness, participants)
    }

    fn of_state<V: CostView>(state: &Shares, _view: &V) -> i64 {
        state.value
    }

    #[inline(always)]
    fn delta<V: CostView>(state: &Shares, view: &V, change: &Change<'_>) -> i64 {
        let (m, minutes) = match *change {
            // A request booking asks about (free slots, a repair's options) is
            // ranked without fairness: the public snapshot publishes no shares,
            // and the options from it and from the problem must rank alike.
            Change::Place { r: None, .. } => return 0,
            Change::Place { request, served, .. } => (served.mediator, request.duration),
            Change::Staff { s, m, .. } => {
                let job = view.session_job(s);
                (m, job.end - job.start)
            }
            _ => return 0,
        };
        match state.index[m] {
            None => 0,
            Some(i) => state.value_with(view.problem().weights().fairness, i, minutes) - state.value,
        }
    }

    #[inline(always)]
    fn apply<V: CostView>(state: &mut Shares, view: &V, change: &Change<'_>) -> i64 {
        let Change::Engagement { m, minutes, .. } = *change else { return 0 };
        match state.index[m] {
            None => 0,
            Some(i) => state.engage(view.problem().weights().fairness, i, minutes),
        }
    }
}

impl Shares {
    /// Adds `minutes` (negative: removes) to participant `i`; returns the term's change.
    #[inline(never)]
    fn engage(&mut self, weight: i64, i: usize, minutes: i64) -> i64 {
        let state = self;
        let new_value = state.value_with(weight, i, minutes);
        let (old, new) = (i128::from(state.engaged[i]), i128::from(state.engaged[i] + minutes));
        let share = i128::from(state.shares[i]);
        // Beyond 128 bits the sums are dropped and `value_with` recomputes the term in full.
        let sums = || Some((state.a - old * old + new.checked_mul(new)?, state.b.checked_add((new - old).checked_mul(share)?)?));
        match sums() {
            Some((a, b)) if !state.wide => (state.a, state.b) = (a, b),
            _ => state.wide = true,
        }
        state.e += new - old;
        state.engaged[i] += minutes;
        let delta = new_value - state.value;
        state.value = new_value;
        delta
    }
}

#[cfg(test)]
mod tests {
    use super::value;

    #[test]
    fn the_spec_example() {
        // Shares 20 and 10 with 300 and 60 engaged minutes: 20.
        assert_eq!(value(10, [(20, 300), (10, 60)].into_iter()), 20);
        assert_eq!(value(10, [(20, 240), (10, 120)].into_iter()), 0);
        assert_eq!(value(10, [(20, 300)].into_iter()), 0, "one participant alone");
    }

    #[test]
    fn shares_beyond_64_bits_stay_exact() {
        let big = (1i64 << 53) - 1;
        // Two equal shares, one with everything: X = (+-) e * S / 2 per participant.
        let v = value(1, [(big, 600), (big, 0)].into_iter());
        // sum X^2 / (3600 S^2) = 2 * (600 / 2)^2 / 3600 = 50.
        assert_eq!(v, 50);
    }
}
