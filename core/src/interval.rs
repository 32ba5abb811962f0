//! Half-open intervals of minutes and their unions.
//!
//! Every instant in Ponte is a [`Minute`]: real elapsed minutes since the
//! first instant of the horizon's first local day. An [`Interval`] is the
//! half-open `[start, end)`. A *union* is a slice of intervals that is sorted,
//! disjoint and non-touching, as [`merge`] returns it.

/// Real elapsed minutes since the first instant of the horizon's first day.
pub type Minute = i64;

/// A half-open interval `[start, end)` of minutes.
pub type Interval = (Minute, Minute);

/// Sorted union of intervals: touching intervals are joined, empty ones dropped.
///
/// ```
/// assert_eq!(ponte::interval::merge(vec![(5, 9), (0, 5), (20, 20)]), vec![(0, 9)]);
/// ```
pub fn merge(intervals: impl IntoIterator<Item = Interval>) -> Vec<Interval> {
    let mut items: Vec<Interval> = intervals.into_iter().filter(|i| i.0 < i.1).collect();
    items.sort_unstable();
    let mut result: Vec<Interval> = Vec::with_capacity(items.len());
    for (start, end) in items {
        match result.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => result.push((start, end)),
        }
    }
    result
}

/// Intersection of two unions (both merged).
pub fn intersect(xs: &[Interval], ys: &[Interval]) -> Vec<Interval> {
    let mut result = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < xs.len() && j < ys.len() {
        let start = xs[i].0.max(ys[j].0);
        let end = xs[i].1.min(ys[j].1);
        if start < end {
            result.push((start, end));
        }
        if xs[i].1 < ys[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    result
}

/// `base` minus `cut`, both unions (merged).
pub fn subtract(base: &[Interval], cut: &[Interval]) -> Vec<Interval> {
    let mut result = Vec::new();
    let mut j = 0;
    for &(start, end) in base {
        while j < cut.len() && cut[j].1 <= start {
            j += 1;
        }
        let mut current = start;
        let mut k = j;
        while k < cut.len() && cut[k].0 < end && current < end {
            if cut[k].0 > current {
                result.push((current, cut[k].0));
            }
            current = current.max(cut[k].1);
            k += 1;
        }
        if current < end {
            result.push((current, end));
        }
    }
    result
}

/// True when `[start, end)` lies inside one interval of a union.
pub fn covers(union: &[Interval], start: Minute, end: Minute) -> bool {
    let index = union.partition_point(|i| i.0 <= start);
    index > 0 && union[index - 1].0 <= start && end <= union[index - 1].1
}

/// True when some interval of the union is at least `length` minutes long.
pub fn fits(union: &[Interval], length: Minute) -> bool {
    union.iter().any(|i| i.1 - i.0 >= length)
}

/// How many of the intervals run at each moment, as a step function: for
/// every distinct start or end, `(time, count from then on)`, in time order
/// (ends before starts at the same minute, as intervals are half-open).
///
/// ```
/// assert_eq!(ponte::interval::occupancy(&[(0, 10), (5, 10), (10, 12)]), vec![(0, 1), (5, 2), (10, 1), (12, 0)]);
/// ```
pub fn occupancy(intervals: &[Interval]) -> Vec<(Minute, i64)> {
    let mut events: Vec<(Minute, i64)> = Vec::with_capacity(intervals.len() * 2);
    for &(start, end) in intervals.iter().filter(|i| i.0 < i.1) {
        events.push((start, 1));
        events.push((end, -1));
    }
    events.sort_unstable();
    let mut steps: Vec<(Minute, i64)> = Vec::new();
    let mut count = 0;
    for (time, delta) in events {
        count += delta;
        match steps.last_mut() {
            Some(last) if last.0 == time => last.1 = count,
            _ => steps.push((time, count)),
        }
    }
    steps
}

/// True when the two half-open intervals share at least one minute.
pub fn overlaps(a: Interval, b: Interval) -> bool {
    a.0 < b.1 && b.0 < a.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_joins_touching_and_drops_empty() {
        assert_eq!(merge(vec![(10, 20), (0, 10), (30, 30), (25, 40), (35, 36)]), vec![(0, 20), (25, 40)]);
    }

    #[test]
    fn intersect_and_subtract_are_consistent() {
        let a = merge(vec![(0, 100), (200, 300)]);
        let b = merge(vec![(50, 250)]);
        assert_eq!(intersect(&a, &b), vec![(50, 100), (200, 250)]);
        assert_eq!(subtract(&a, &b), vec![(0, 50), (250, 300)]);
        assert_eq!(subtract(&b, &a), vec![(100, 200)]);
    }

    #[test]
    fn covers_needs_one_interval() {
        let a = merge(vec![(0, 10), (10, 20), (30, 40)]);
        assert!(covers(&a, 0, 20));
        assert!(!covers(&a, 15, 35));
        assert!(covers(&a, 30, 40));
        assert!(!covers(&a, -5, 1));
        assert!(fits(&a, 20) && !fits(&a, 21));
    }
}
