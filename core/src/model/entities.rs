//! The validated, expanded entities of a problem. Every reference is an
//! index into the problem's lists; every time is a [`Minute`].

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::interval::{Interval, Minute};
use crate::kinds::{Level, Modality, Priority};
use crate::time::TimeRule;

/// A municipality of the network (or a mediator's home town outside it).
#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Latitude and longitude in degrees.
    pub location: Option<(f64, f64)>,
}

/// An office where residents meet mediators (help desk, social services, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Index of its municipality.
    pub municipality: usize,
    /// Opening rules as given.
    pub opening: Vec<TimeRule>,
    /// Its own closed dates.
    pub closed: BTreeSet<NaiveDate>,
    /// Engagements it can host at once; `None` is unlimited.
    pub capacity: Option<u32>,
    /// Opening occurrences inside the horizon minus every closed date and holiday (merged).
    pub open: Vec<Interval>,
}

/// One of a mediator's languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediatorLanguage {
    /// Lower-case BCP 47 tag.
    pub code: String,
    /// Level.
    pub level: Level,
}

/// A linguistic-cultural mediator.
#[derive(Debug, Clone, PartialEq)]
pub struct Mediator {
    /// Unique id.
    pub id: String,
    /// Personal name (personal data).
    pub name: Option<String>,
    /// Index of the home municipality.
    pub home: usize,
    /// Languages with levels.
    pub languages: Vec<MediatorLanguage>,
    /// Modalities offered.
    pub modalities: Vec<Modality>,
    /// Skills.
    pub skills: BTreeSet<String>,
    /// Gender (free string, compared exactly).
    pub gender: Option<String>,
    /// Availability rules as given.
    pub availability: Vec<TimeRule>,
    /// Absences, merged.
    pub absences: Vec<Interval>,
    /// Engaged minutes allowed per local day.
    pub max_minutes_per_day: Option<i64>,
    /// Engaged minutes allowed per ISO week.
    pub max_minutes_per_week: Option<i64>,
    /// Share of the hours (format 1.1, e.g. contracted hours per week): the
    /// mediators that have one take part in the cost term `fairness`.
    pub fair_share: Option<i64>,
    /// Minutes worked before the horizon (format 1.1), summed per ISO week
    /// `(year, week)` that the horizon overlaps (other dates change nothing),
    /// in week order: they count toward `max_minutes_per_week`.
    pub worked: Vec<((i32, u32), i64)>,
    /// The break rule that applies (format 1.1, rule 9): the mediator's own
    /// `breaks`, else the network's; `None`: rule 9 does not apply.
    pub breaks: Option<BreakRule>,
    /// Availability occurrences inside the horizon minus absences (merged).
    pub available: Vec<Interval>,
}

/// A break rule (format 1.1, rule 9): every work block of a local day lasts
/// at most `after_minutes`; a rest of at least `break_minutes` ends a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakRule {
    /// Longest work block, minutes (> 0).
    pub after_minutes: i64,
    /// Shortest rest that is a break, minutes (> 0).
    pub break_minutes: i64,
}

impl Mediator {
    /// Whether the mediator offers `modality`.
    pub fn offers(&self, modality: Modality) -> bool {
        self.modalities.contains(&modality)
    }

    /// Whether an engagement of `minutes` alone fits the daily and weekly maxima.
    pub fn within_maxima(&self, minutes: i64) -> bool {
        self.max_minutes_per_day.is_none_or(|m| minutes <= m) && self.max_minutes_per_week.is_none_or(|m| minutes <= m)
    }

    /// Whether one engagement of `minutes` alone keeps rule 9 (within
    /// `after_minutes` when a break rule applies).
    pub fn within_breaks(&self, minutes: i64) -> bool {
        self.breaks.is_none_or(|b| minutes <= b.after_minutes)
    }

    /// Minutes worked before the horizon in ISO week `(year, week)`.
    pub fn worked_in(&self, week: (i32, u32)) -> i64 {
        self.worked.iter().find(|(w, _)| *w == week).map_or(0, |(_, minutes)| *minutes)
    }

    /// Whether `minutes` more in ISO week `week` stay within
    /// `max_minutes_per_week` with the minutes worked before the horizon.
    pub fn fits_week(&self, minutes: i64, week: (i32, u32)) -> bool {
        self.max_minutes_per_week.is_none_or(|limit| minutes + self.worked_in(week) <= limit)
    }

    /// Highest level among this mediator's tags that serve `wanted`.
    pub fn best_level(&self, wanted: &str) -> Option<Level> {
        self.languages.iter().filter(|l| serves(&l.code, wanted)).map(|l| l.level).max()
    }

    /// Whether the mediator serves `wanted` at `min_level` or better.
    pub fn serves(&self, wanted: &str, min_level: Level) -> bool {
        self.best_level(wanted).is_some_and(|l| l >= min_level)
    }
}

/// Whether a mediator's tag serves a wanted tag: equal, or the wanted tag has
/// no subtag and the mediator's primary subtag equals it.
///
/// ```
/// assert!(ponte::model::serves("ar-ma", "ar"));
/// assert!(!ponte::model::serves("ar", "ar-ma"));
/// ```
pub fn serves(mediator_tag: &str, wanted: &str) -> bool {
    mediator_tag == wanted || (!wanted.contains('-') && mediator_tag.split('-').next() == Some(wanted))
}

/// Whether `tag` is a lower-case BCP 47 tag as the format accepts it:
/// `[a-z]{2,8}(-[a-z0-9]{1,8})*`.
///
/// ```
/// assert!(ponte::model::is_language_tag("ar-ma"));
/// assert!(!ponte::model::is_language_tag("AR"));
/// ```
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=8).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// When a request takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// A fixed start.
    Fixed(Minute),
    /// Start at or after `earliest`, end at or before `latest`.
    Window {
        /// Earliest start.
        earliest: Minute,
        /// Latest end.
        latest: Minute,
    },
}

/// The assignment already communicated to the resident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Previous {
    /// Index of the mediator.
    pub mediator: usize,
    /// Start.
    pub start: Minute,
}

/// One of the mediators a request with roles needs at once (format 1.1,
/// hard rule 10): what rule 1 asks of that role's mediator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// The languages for this role, most preferred first.
    pub languages: Vec<String>,
    /// Minimum level.
    pub min_level: Level,
    /// Required skills.
    pub skills: BTreeSet<String>,
    /// Wanted mediator gender.
    pub mediator_gender: Option<String>,
    /// This role's mediator in `previous.mediators` (index), when the
    /// request has a `previous`.
    pub previous: Option<usize>,
}

/// An appointment that needs a mediator.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// Unique id.
    pub id: String,
    /// Index of the office.
    pub office: usize,
    /// Which service asks (reports only).
    pub service: Option<String>,
    /// The resident's languages, most preferred first (empty for a
    /// request with roles: each role has its own).
    pub languages: Vec<String>,
    /// Minimum level.
    pub min_level: Level,
    /// Duration in minutes.
    pub duration: i64,
    /// Fixed start or window.
    pub timing: Timing,
    /// Accepted modalities, most preferred first.
    pub modalities: Vec<Modality>,
    /// Priority.
    pub priority: Priority,
    /// Required skills.
    pub skills: BTreeSet<String>,
    /// Wanted mediator gender.
    pub mediator_gender: Option<String>,
    /// Case id (continuity).
    pub case: Option<String>,
    /// Index of the preferred mediator.
    pub preferred_mediator: Option<usize>,
    /// Previous assignment. For a request with roles, `mediator` is role
    /// 0's; every role's is in [`Role::previous`].
    pub previous: Option<Previous>,
    /// Whether the previous assignment must be kept.
    pub locked: bool,
    /// Series (format 1.1): requests sharing it are the occurrences of one
    /// recurring appointment, which should keep its local clock time.
    pub series: Option<String>,
    /// Several windows (format 1.1), sorted and disjoint; empty otherwise.
    /// With them `timing` is the window from the first one's `earliest` to
    /// the last one's `latest`, and the engagement lies inside one of them.
    pub windows: Vec<Interval>,
    /// Roles (format 1.1): the request needs one mediator per role, all at
    /// one start (hard rule 10); empty for an ordinary request.
    pub roles: Vec<Role>,
}

impl Request {
    /// Whether the request has roles (needs several mediators at once).
    pub fn has_roles(&self) -> bool {
        !self.roles.is_empty()
    }

    /// The previous mediator of each role (the one previous mediator of an
    /// ordinary request); empty without `previous`.
    pub fn previous_mediators(&self) -> Vec<usize> {
        match self.previous {
            None => Vec::new(),
            Some(p) if self.roles.is_empty() => vec![p.mediator],
            Some(_) => self.roles.iter().filter_map(|r| r.previous).collect(),
        }
    }

    /// Role `k` seen as an ordinary request: the role's languages, level,
    /// skills and gender, its previous mediator, everything else the
    /// request's (what rules 1 to 5 and 9 ask of the role's engagement).
    pub fn role_view(&self, k: usize) -> Request {
        let role = &self.roles[k];
        Request {
            languages: role.languages.clone(),
            min_level: role.min_level,
            skills: role.skills.clone(),
            mediator_gender: role.mediator_gender.clone(),
            previous: self.previous.map(|p| Previous { mediator: role.previous.unwrap_or(p.mediator), start: p.start }),
            roles: Vec::new(),
            ..self.clone()
        }
    }

    /// Where the engagement must lie: `[earliest, latest)` or the fixed slot.
    pub fn window(&self) -> Interval {
        match self.timing {
            Timing::Fixed(start) => (start, start + self.duration),
            Timing::Window { earliest, latest } => (earliest, latest),
        }
    }

    /// Where the engagement may lie: each of its several windows, or its
    /// one window, or its fixed slot.
    pub fn spans(&self) -> Vec<Interval> {
        if self.windows.is_empty() {
            vec![self.window()]
        } else {
            self.windows.clone()
        }
    }

    /// Whether it has a window (not a fixed start).
    pub fn has_window(&self) -> bool {
        matches!(self.timing, Timing::Window { .. })
    }

    /// The fixed start, if any.
    pub fn fixed_start(&self) -> Option<Minute> {
        match self.timing {
            Timing::Fixed(start) => Some(start),
            Timing::Window { .. } => None,
        }
    }

    /// Starts given in the problem, exempt from the slot grid.
    pub fn grid_exempt(&self) -> impl Iterator<Item = Minute> + '_ {
        self.fixed_start().into_iter().chain(self.previous.map(|p| p.start))
    }

    /// Whether `start` is a start given in the problem.
    pub fn is_exempt(&self, start: Minute) -> bool {
        self.fixed_start() == Some(start) || self.previous.is_some_and(|p| p.start == start)
    }
}

/// A workshop session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Id, unique within its workshop.
    pub id: String,
    /// Fixed start.
    pub start: Minute,
    /// Duration in minutes.
    pub duration: i64,
}

impl Session {
    /// End minute.
    pub fn end(&self) -> Minute {
        self.start + self.duration
    }
}

/// A community workshop whose sessions need mediators for its participants' languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Workshop {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Index of the hosting office.
    pub office: usize,
    /// Priority of each uncovered language.
    pub priority: Priority,
    /// Participants' languages.
    pub languages: Vec<String>,
    /// Minimum level.
    pub min_level: Level,
    /// Sessions (all, including those outside the horizon).
    pub sessions: Vec<Session>,
}

/// Travel settings.
#[derive(Debug, Clone, PartialEq)]
pub struct TravelSettings {
    /// Speed for haversine travel.
    pub speed_kmh: f64,
    /// Road factor for haversine travel.
    pub road_factor: f64,
    /// Minutes between two places of one municipality (not the same office).
    pub intra_municipality_minutes: i64,
}

/// Weights of the cost terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    /// Per unassigned request (or uncovered workshop language), by priority index.
    pub unassigned: [i64; 4],
    /// Per travel minute.
    pub travel: i64,
    /// Per position of the used language.
    pub language_rank: i64,
    /// Per position of the used modality.
    pub modality_rank: i64,
    /// Per extra mediator of a case or workshop.
    pub continuity: i64,
    /// Per request whose preferred mediator is not used.
    pub preferred_mediator: i64,
    /// Per started hour after `earliest`.
    pub delay: i64,
    /// Per request whose previous assignment changes.
    pub change: i64,
    /// Per squared hour of deviation from the shares of hours (`fairness`).
    pub fairness: i64,
    /// Per change of clock time between consecutive occurrences of a series.
    pub series: i64,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            unassigned: [100_000, 20_000, 5_000, 1_000],
            travel: 10,
            language_rank: 200,
            modality_rank: 300,
            continuity: 500,
            preferred_mediator: 500,
            delay: 20,
            change: 2_000,
            fairness: 10,
            series: 300,
        }
    }
}

impl Weights {
    /// The unassigned weight of a priority.
    pub fn unassigned(&self, priority: Priority) -> i64 {
        self.unassigned[priority.index()]
    }
}
