//! A network's current problem and plan in memory: the base problem and
//! plan, plus the live holds and bookings as requests with their
//! assignments. Every change goes through the core's own functions.

use std::sync::{Arc, OnceLock, RwLock};

use chrono::{NaiveDateTime, TimeZone};
use ponte::booking::{free_slots, BookingChoice, FrozenPlan, LivePlan, SlotOption, SlotQuery};
use ponte::format::{AssignmentDoc, ProblemDoc, RequestDoc, SolutionDoc};
use ponte::model::{Modality, Priority};
use ponte::Problem;
use serde::Serialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};

/// Local date-time format of the API (`YYYY-MM-DDTHH:MM`).
pub const LOCAL: &str = "%Y-%m-%dT%H:%M";

/// Prefix of the request ids of holds and bookings.
pub const BOOKING_PREFIX: &str = "bk-";

/// A live hold or booking: a request of the current problem.
#[derive(Debug, Clone)]
pub struct Live {
    /// Booking code (the request id is `bk-<code>`).
    pub code: String,
    /// Held or confirmed.
    pub confirmed: bool,
    /// Its request (no personal data).
    pub request: RequestDoc,
    /// Its assignment (`None` when a planner's re-plan left it unassigned).
    pub assignment: Option<AssignmentDoc>,
}

/// A network's problem and plan at one version.
#[derive(Debug)]
pub struct Loaded {
    /// Plan version.
    pub version: i64,
    /// The planner's problem, without holds and bookings.
    pub base_doc: Arc<ProblemDoc>,
    /// The plan of the base problem.
    pub base_plan: Arc<SolutionDoc>,
    /// Live holds and bookings, in the order they came.
    pub live: Vec<Live>,
    /// Base plus live requests.
    pub problem: Arc<Problem>,
    /// The current plan (feasible for `problem`), shared by the versions
    /// that only confirm holds.
    plan: Arc<PlanSource>,
    snapshot: OnceLock<Arc<(String, Vec<u8>)>>,
    /// The same problem and plan kept loaded in the core, for free slots
    /// without reading the plan and for the network's writer, which takes
    /// it to make the next version (absent until the first batch loads it,
    /// and while a batch holds it).
    loaded: RwLock<Option<LivePlan>>,
    /// A copy loaded for readers (free slots) while the writer holds
    /// `loaded`: thawed from the frozen plan once per version, when needed.
    reader: OnceLock<Option<LivePlan>>,
}

/// A version's plan: its document, written when first asked for (the
/// planner's view, exports, the public snapshot, a re-plan) from the plan
/// frozen by the batch that made the version, or given whole.
#[derive(Debug)]
struct PlanSource {
    frozen: Option<FrozenPlan>,
    document: OnceLock<SolutionDoc>,
}

impl PlanSource {
    fn of_document(plan: SolutionDoc) -> PlanSource {
        PlanSource { frozen: None, document: OnceLock::from(plan) }
    }

    fn of_frozen(plan: FrozenPlan) -> PlanSource {
        PlanSource { frozen: Some(plan), document: OnceLock::new() }
    }

    fn document(&self) -> &SolutionDoc {
        // Exactly one of the two is set at construction.
        self.document.get_or_init(|| self.frozen.as_ref().expect("a plan source has a plan").document())
    }
}

/// A public slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slot {
    /// Office id.
    pub office: String,
    /// Language tag.
    pub language: String,
    /// Modality.
    pub modality: Modality,
    /// Minutes.
    pub duration_minutes: i64,
    /// Local start.
    pub start: String,
    /// Local end.
    pub end: String,
}

/// What a resident asks for.
#[derive(Debug, Clone)]
pub struct SlotAsk {
    /// Office id.
    pub office: String,
    /// Language.
    pub language: String,
    /// Minutes.
    pub duration: i64,
    /// Modality, or any.
    pub modality: Option<Modality>,
}

const ALL_MODALITIES: [Modality; 3] = [Modality::InPerson, Modality::Phone, Modality::Video];

/// Parses a local date-time of the API.
pub fn parse_local(text: &str) -> Option<NaiveDateTime> {
    if text.len() != 16 {
        return None;
    }
    NaiveDateTime::parse_from_str(text, LOCAL).ok()
}

/// The local end of `minutes` of real time from the local date-time `start`
/// in `timezone`, through the core's clock (as the core and Python count
/// an engagement): across a DST change the wall clock moves by an hour more
/// or less than the minutes. `None` for a bad text or zone, or a start in
/// the spring gap.
pub fn end_of(timezone: &str, start: &str, minutes: i64) -> Option<String> {
    let tz: chrono_tz::Tz = timezone.parse().ok()?;
    let (day, clock) = ponte::time::parse_datetime(start)?;
    let last = day.checked_add_signed(chrono::Duration::days(minutes.div_euclid(1440) + 2))?;
    let c = ponte::time::Clock::new(tz, day, last);
    let minute = c.local_minute(day, clock)?;
    Some(c.format(minute + minutes))
}

/// Unix seconds of a local date-time in the zone (the earlier of two in a DST fold).
pub fn unix_of(timezone: &str, text: &str) -> Option<i64> {
    let tz: chrono_tz::Tz = timezone.parse().ok()?;
    let t = parse_local(text)?;
    tz.from_local_datetime(&t).earliest().map(|x| x.timestamp())
}

/// A feasible plan near `plan` (which breaks a hard rule): the core's
/// `replan` with seed 1 and its default budget, the confirmed bookings
/// locked where they are (so a repair never moves or drops a booking
/// answered "confirmed"), then written for `problem` itself.
fn repaired(problem: &Arc<Problem>, plan: &SolutionDoc, live: &[Live]) -> Result<SolutionDoc, ponte::PonteError> {
    let mut doc = problem.document().clone();
    for request in &mut doc.requests {
        let kept = live.iter().find(|l| l.confirmed && l.request.id == request.id).and_then(|l| l.assignment.as_ref());
        if let Some(a) = kept {
            request.previous = Some(ponte::format::PreviousDoc {
                mediator: a.mediator.clone(),
                mediators: None,
                start: a.start.clone(),
            });
            request.locked = Some(true);
        }
    }
    let options = ponte::solve::SolveOptions {
        seed: 1,
        max_iterations: Some(ponte::booking::REPLAN_ITERATIONS),
        time_limit_ms: None,
        threads: None,
    };
    // Locked bookings that cannot be kept together leave the repair free to move them.
    let locked = Problem::from_doc(&doc);
    let on = locked.as_ref().unwrap_or(problem.as_ref());
    let outcome = ponte::booking::replan(on, plan, &options, &mut ponte::solve::NoControl);
    // The same assignments, with the cost and reasons of `problem` (the
    // core loads and checks the plan, then writes it).
    if outcome.solution.assignments.is_empty() {
        return Ok(outcome.solution);
    }
    Ok(LivePlan::new(problem.clone(), &outcome.solution)?.document())
}

impl Loaded {
    /// Builds the current problem and plan from the base and the live
    /// requests; checks that the whole is feasible (through the core).
    pub fn build(
        version: i64,
        base_doc: Arc<ProblemDoc>,
        base_plan: Arc<SolutionDoc>,
        live: Vec<Live>,
    ) -> Result<Loaded, ponte::PonteError> {
        let mut doc = (*base_doc).clone();
        doc.requests.extend(live.iter().map(|l| l.request.clone()));
        let problem = Problem::from_doc(&doc)?;
        let mut plan = (*base_plan).clone();
        plan.assignments.extend(live.iter().filter_map(|l| l.assignment.clone()));
        let problem = Arc::new(problem);
        if !plan.assignments.is_empty() {
            // The core loads (and checks) the whole plan; its document, with
            // the cost and reasons of the combined problem, is written when
            // first asked for.
            match LivePlan::new(problem.clone(), &plan) {
                Ok(kept) => return Ok(Loaded::from_live(version, base_doc, base_plan, live, kept)),
                // What is left after a cancellation, a release or an expiry
                // may break a hard rule on its own: with format 1.1 breaks,
                // removing an engagement can merge two work blocks (the
                // travel around it is then taken from other gaps). Repair
                // it, deterministically, so that every instance rebuilds the
                // same plan from the same documents.
                Err(ponte::PonteError::Refused { code, .. }) if code == "PLAN_INVALID" => {
                    plan = repaired(&problem, &plan, &live)?;
                }
                Err(e) => return Err(e),
            }
        } else if !live.is_empty() {
            // Nothing assigned at all: the reasons of the new requests still need writing.
            plan = ponte::solve::solve(
                &problem,
                &ponte::solve::SolveOptions { seed: 1, max_iterations: Some(0), time_limit_ms: None, threads: None },
                &mut ponte::solve::NoControl,
            )
            .solution;
        }
        // Kept loaded for free slots and the next batch (checked once more,
        // as the next batch would check it).
        let kept = LivePlan::new(problem.clone(), &plan).ok();
        let loaded = Loaded::from_parts(version, base_doc, base_plan, live, problem, plan);
        if let Some(kept) = kept {
            loaded.put_live(kept);
        }
        Ok(loaded)
    }

    /// The plan kept loaded by a batch, at `version`: frozen (the
    /// placements copied, nothing written), its document written only when
    /// someone asks for it ([`Loaded::plan`]).
    pub fn from_live(
        version: i64,
        base_doc: Arc<ProblemDoc>,
        base_plan: Arc<SolutionDoc>,
        live: Vec<Live>,
        plan: LivePlan,
    ) -> Loaded {
        let source = Arc::new(PlanSource::of_frozen(plan.freeze()));
        let loaded = Loaded::with_source(version, base_doc, base_plan, live, plan.problem().clone(), source);
        *loaded.loaded.write().unwrap_or_else(|e| e.into_inner()) = Some(plan);
        loaded
    }

    /// The current plan as a `ponte-solution/1` document (cost, and a
    /// reason for every unassigned request), written the first time it is
    /// asked for at this version.
    pub fn plan(&self) -> &SolutionDoc {
        self.plan.document()
    }

    /// The same version with the plan kept by a batch that changed nothing
    /// in the plan (confirmations only): the frozen plan and its document
    /// are shared.
    pub fn same_plan(&self, version: i64, live: Vec<Live>, plan: LivePlan) -> Loaded {
        let loaded = self.at_version(version, live);
        loaded.put_live(plan);
        loaded
    }

    /// Takes the plan kept loaded for this version, or loads it from the
    /// documents (checked by the core); readers then read the documents.
    pub fn take_live(&self) -> Result<LivePlan, ponte::PonteError> {
        let kept = self.loaded.write().ok().and_then(|mut x| x.take());
        match kept {
            Some(plan) => Ok(plan),
            // Frozen by the batch that made this version: loaded again
            // without checking; else from the documents, checked.
            None => match &self.plan.frozen {
                Some(frozen) => Ok(frozen.thaw()),
                None => LivePlan::new(self.problem.clone(), self.plan()),
            },
        }
    }

    /// Gives back a plan taken by [`Loaded::take_live`] and left unchanged.
    pub fn put_live(&self, plan: LivePlan) {
        if let Ok(mut x) = self.loaded.write() {
            *x = Some(plan);
        }
    }

    /// The live plan without the holds and bookings `gone` (expired): through
    /// the plan kept loaded when it can, else rebuilt from the documents
    /// (which repairs what a removal leaves when it breaks rule 9).
    pub fn without(&self, version: i64, gone: &[&String]) -> Result<Loaded, ponte::PonteError> {
        let live: Vec<Live> = self.live.iter().filter(|l| !gone.contains(&&l.code)).cloned().collect();
        if let Ok(mut plan) = self.take_live() {
            let removed = self.live.iter().filter(|l| gone.contains(&&l.code)).all(|l| {
                let id = &l.request.id;
                plan.problem().request_index(id).is_none() || plan.remove_request(id).is_ok()
            });
            if removed {
                return Ok(Loaded::from_live(version, self.base_doc.clone(), self.base_plan.clone(), live, plan));
            }
        }
        Loaded::build(version, self.base_doc.clone(), self.base_plan.clone(), live)
    }

    /// This network at `version`, from this version and `live` (the live
    /// holds and bookings at `version`, in order) when another instance
    /// made only residents' changes since: the requests gone are removed
    /// from the plan kept loaded and the new ones added and booked where
    /// their reservations say. `None` when the change is anything else (an
    /// order or an assignment that differs, a removal that breaks rule 9, a
    /// booking the core refuses): the caller loads from the documents.
    pub fn caught_up(&self, version: i64, live: Vec<Live>) -> Option<Loaded> {
        let held: std::collections::HashSet<&str> = self.live.iter().map(|o| o.code.as_str()).collect();
        let now: std::collections::HashSet<&str> = live.iter().map(|l| l.code.as_str()).collect();
        let kept: Vec<&Live> = live.iter().filter(|l| held.contains(l.code.as_str())).collect();
        let old: Vec<&Live> = self.live.iter().filter(|o| now.contains(o.code.as_str())).collect();
        // The same order, requests and assignments for those still live; new ones after them.
        if kept.len() != old.len()
            || kept
                .iter()
                .zip(&old)
                .any(|(l, o)| l.code != o.code || l.request != o.request || l.assignment != o.assignment)
            || live.iter().skip(kept.len()).any(|l| held.contains(l.code.as_str()) || l.assignment.is_none())
        {
            return None;
        }
        let gone: Vec<&Live> = self.live.iter().filter(|o| !now.contains(o.code.as_str())).collect();
        let added: Vec<&Live> = live.iter().skip(kept.len()).collect();
        let mut plan = self.take_live().ok()?;
        for l in gone {
            if plan.problem().request_index(&l.request.id).is_some() {
                plan.remove_request(&l.request.id).ok()?;
            }
        }
        if !added.is_empty() {
            let requests: Vec<RequestDoc> = added.iter().map(|l| l.request.clone()).collect();
            plan.add_requests(&requests).ok()?;
            for l in &added {
                let a = l.assignment.as_ref()?;
                let choice = BookingChoice {
                    mediator: a.mediator.clone(),
                    start: a.start.clone(),
                    language: Some(a.language.clone()),
                    modality: Some(a.modality),
                };
                plan.book(&l.request.id, &choice).ok()?;
            }
        }
        Some(Loaded::from_live(version, self.base_doc.clone(), self.base_plan.clone(), live, plan))
    }

    /// Free slots for `query` on the plan kept loaded when there is one,
    /// else on the documents.
    fn free_slots(&self, query: &SlotQuery) -> Result<Vec<SlotOption>, ponte::PonteError> {
        if let Ok(kept) = self.loaded.read() {
            if let Some(plan) = kept.as_ref() {
                return plan.free_slots(query);
            }
        }
        // The writer holds the plan: a copy for readers, loaded once.
        let reader = self.reader.get_or_init(|| match &self.plan.frozen {
            Some(frozen) => Some(frozen.thaw()),
            None => LivePlan::new(self.problem.clone(), self.plan()).ok(),
        });
        match reader {
            Some(plan) => plan.free_slots(query),
            None => free_slots(&self.problem, self.plan(), query),
        }
    }

    /// This version's problem and plan (the frozen plan and its document
    /// shared) at another version with other live reservations; nothing
    /// kept loaded yet.
    fn at_version(&self, version: i64, live: Vec<Live>) -> Loaded {
        Loaded::with_source(
            version,
            self.base_doc.clone(),
            self.base_plan.clone(),
            live,
            self.problem.clone(),
            self.plan.clone(),
        )
    }

    /// The same problem and plan at another version, with `live` changed in
    /// a way that leaves the plan as it is (a hold confirmed).
    pub fn relabel(&self, version: i64, live: Vec<Live>) -> Loaded {
        let loaded = self.at_version(version, live);
        if let Some(plan) = self.loaded.write().ok().and_then(|mut x| x.take()) {
            loaded.put_live(plan);
        }
        loaded
    }

    /// The network's time zone.
    pub fn timezone(&self) -> &str {
        self.problem.timezone()
    }

    /// Checks office and language of a query.
    pub fn check_ask(&self, ask: &SlotAsk, office_path: &str) -> ApiResult<()> {
        if self.problem.office_index(&ask.office).is_none() {
            return Err(ApiError::not_found("UNKNOWN_OFFICE", format!("no office '{}'", ask.office)).at(office_path));
        }
        Ok(())
    }

    /// Free slots for `ask` between `from` and `to` (local), one per (start, modality), by start.
    pub fn slots(&self, ask: &SlotAsk, from: &str, to: &str) -> ApiResult<Vec<Slot>> {
        let query = slot_query(ask, from.to_string(), to.to_string());
        let options = match self.free_slots(&query) {
            Ok(o) => o,
            Err(ponte::PonteError::Refused { code, path, message }) => {
                let param = match path.as_str() {
                    "earliest" => "from",
                    "latest" => "to",
                    "languages[0]" | "languages" => "language",
                    "duration_minutes" => "duration",
                    "office" => "office",
                    other => other,
                };
                if code == "UNKNOWN_REFERENCE" && param == "office" {
                    return Err(ApiError::not_found("UNKNOWN_OFFICE", message).at("office"));
                }
                if code == "WINDOW_TOO_SHORT" {
                    return Ok(Vec::new());
                }
                return Err(ApiError::bad("BAD_QUERY", message).at(param));
            }
            Err(e) => return Err(ApiError::from_core(e)),
        };
        Ok(self.to_slots(ask, options))
    }

    fn to_slots(&self, ask: &SlotAsk, options: Vec<SlotOption>) -> Vec<Slot> {
        let mut slots: Vec<Slot> = options
            .into_iter()
            .map(|o| Slot {
                office: ask.office.clone(),
                language: o.language,
                modality: o.modality,
                duration_minutes: ask.duration,
                start: o.start,
                end: o.end,
            })
            .collect();
        slots.sort_by(|a, b| (a.start.as_str(), a.modality.as_str()).cmp(&(b.start.as_str(), b.modality.as_str())));
        slots.dedup_by(|a, b| a.start == b.start && a.modality == b.modality);
        slots
    }

    /// The cheapest place for `ask` at exactly `start`, as a booking choice.
    pub fn place_at(&self, ask: &SlotAsk, start: &str) -> ApiResult<Option<(BookingChoice, Slot)>> {
        place_at_with(self.timezone(), ask, start, |query| self.free_slots(query))
    }

    /// Up to five free starts nearest to `start` on the same day and the days around it.
    pub fn alternatives(&self, ask: &SlotAsk, start: &str) -> Vec<Slot> {
        let Some(t) = parse_local(start) else { return Vec::new() };
        let from = (t - chrono::Duration::days(2)).format(LOCAL).to_string();
        let to = (t + chrono::Duration::days(3)).format(LOCAL).to_string();
        let mut slots = self.slots(ask, &from, &to).unwrap_or_default();
        slots.sort_by_key(|s| parse_local(&s.start).map(|x| (x - t).num_minutes().abs()).unwrap_or(i64::MAX));
        slots.truncate(5);
        slots.sort_by(|a, b| a.start.cmp(&b.start));
        slots
    }

    /// The request of a new hold: fixed start, the resident's language and
    /// modality (any when not given), high priority; no personal data.
    pub fn hold_request(code: &str, ask: &SlotAsk, start: &str) -> RequestDoc {
        RequestDoc {
            id: format!("{BOOKING_PREFIX}{code}"),
            office: ask.office.clone(),
            service: Some("booking".to_string()),
            languages: vec![ask.language.clone()],
            min_level: None,
            duration_minutes: ask.duration,
            start: Some(start.to_string()),
            earliest: None,
            latest: None,
            modalities: Some(ask.modality.map(|m| vec![m]).unwrap_or_else(|| ALL_MODALITIES.to_vec())),
            priority: Some(Priority::High),
            skills: None,
            mediator_gender: None,
            case: None,
            preferred_mediator: None,
            previous: None,
            locked: None,
            series: None,
            windows: None,
            roles: None,
        }
    }

    /// A plan from its parts (already checked by the core).
    pub fn from_parts(
        version: i64,
        base_doc: Arc<ProblemDoc>,
        base_plan: Arc<SolutionDoc>,
        live: Vec<Live>,
        problem: Arc<Problem>,
        plan: SolutionDoc,
    ) -> Loaded {
        let source = Arc::new(PlanSource::of_document(plan));
        Loaded::with_source(version, base_doc, base_plan, live, problem, source)
    }

    fn with_source(
        version: i64,
        base_doc: Arc<ProblemDoc>,
        base_plan: Arc<SolutionDoc>,
        live: Vec<Live>,
        problem: Arc<Problem>,
        plan: Arc<PlanSource>,
    ) -> Loaded {
        Loaded {
            version,
            base_doc,
            base_plan,
            live,
            problem,
            plan,
            snapshot: OnceLock::new(),
            loaded: RwLock::new(None),
            reader: OnceLock::new(),
        }
    }

    /// The assignment of a request in the current plan.
    pub fn assignment_of(&self, request: &str) -> Option<&AssignmentDoc> {
        self.plan().assignments.iter().find(|a| a.request == request)
    }

    /// The public snapshot (`ponte-availability/1`) and its ETag.
    pub fn snapshot(&self) -> ApiResult<Arc<(String, Vec<u8>)>> {
        if let Some(s) = self.snapshot.get() {
            return Ok(s.clone());
        }
        let snap = ponte::booking::snapshot(&self.problem, self.plan()).map_err(ApiError::from_core)?;
        let body = serde_json::to_vec(&snap).map_err(ApiError::internal)?;
        let etag = format!("\"{}\"", &crate::sha256_hex(&body)[..32]);
        let value = Arc::new((etag, body));
        let _ = self.snapshot.set(value.clone());
        Ok(value)
    }

    /// Offices for the widget's "place" step: no personal data.
    pub fn offices(&self) -> Value {
        let doc = self.problem.document();
        let mut languages: Vec<String> = Vec::new();
        let mut modalities: Vec<Modality> = Vec::new();
        for m in &doc.mediators {
            for l in &m.languages {
                if !languages.contains(&l.code) {
                    languages.push(l.code.clone());
                }
            }
            for x in m.modalities.clone().unwrap_or_else(|| vec![Modality::InPerson]) {
                if !modalities.contains(&x) {
                    modalities.push(x);
                }
            }
        }
        languages.sort();
        modalities.sort_by_key(|m| m.as_str());
        let offices: Vec<Value> = doc
            .offices
            .iter()
            .map(|o| {
                let muni = doc.municipalities.iter().find(|m| m.id == o.municipality);
                let mut v = json!({
                    "id": o.id,
                    "municipality": o.municipality,
                    "languages": languages,
                    "modalities": modalities,
                });
                if let Some(name) = &o.name {
                    v["name"] = json!(name);
                }
                if let Some(name) = muni.and_then(|m| m.name.as_ref()) {
                    v["municipality_name"] = json!(name);
                }
                v
            })
            .collect();
        json!({ "offices": offices })
    }

    /// Display name of an office.
    pub fn office_name(&self, office: &str) -> Option<String> {
        self.problem.document().offices.iter().find(|o| o.id == office).and_then(|o| o.name.clone())
    }
}

/// The core's query for what a resident asks, between two local times (every option).
fn slot_query(ask: &SlotAsk, earliest: String, latest: String) -> SlotQuery {
    SlotQuery {
        office: ask.office.clone(),
        languages: vec![ask.language.clone()],
        min_level: None,
        duration_minutes: ask.duration,
        earliest,
        latest,
        modalities: Some(ask.modality.map(|m| vec![m]).unwrap_or_else(|| ALL_MODALITIES.to_vec())),
        skills: Vec::new(),
        mediator_gender: None,
        case: None,
        preferred_mediator: None,
        limit: Some(usize::MAX),
    }
}

/// [`Loaded::place_at`] on a plan kept loaded (the one a batch changes).
pub fn place_on(plan: &LivePlan, ask: &SlotAsk, start: &str) -> ApiResult<Option<(BookingChoice, Slot)>> {
    place_at_with(plan.problem().timezone(), ask, start, |query| plan.free_slots(query))
}

/// The cheapest place for `ask` at exactly `start` among the free slots `free_slots` finds.
fn place_at_with(
    timezone: &str,
    ask: &SlotAsk,
    start: &str,
    free_slots: impl Fn(&SlotQuery) -> Result<Vec<SlotOption>, ponte::PonteError>,
) -> ApiResult<Option<(BookingChoice, Slot)>> {
    let Some(end) = end_of(timezone, start, ask.duration) else {
        return Err(ApiError::bad("BAD_DATETIME", "not a local date-time YYYY-MM-DDTHH:MM").at("start"));
    };
    let query = slot_query(ask, start.to_string(), end);
    let options = match free_slots(&query) {
        Ok(o) => o,
        Err(ponte::PonteError::Refused { code, path, message }) if code == "BAD_DATETIME" => {
            let _ = path;
            return Err(ApiError::unprocessable("BAD_DATETIME", message).at("start"));
        }
        Err(ponte::PonteError::Refused { code, path, message }) => {
            let field = match path.as_str() {
                "languages[0]" | "languages" => "language",
                other => other,
            };
            let status = if code == "UNKNOWN_REFERENCE" { "UNKNOWN_OFFICE" } else { "INVALID_FIELD" };
            return Err(ApiError::unprocessable(status, message).at(field));
        }
        Err(e) => return Err(ApiError::from_core(e)),
    };
    // Options come cheapest first; with no modality asked, in-person wins ties by cost order.
    let best = options.into_iter().find(|o| o.start == start);
    Ok(best.map(|o| {
        let slot = Slot {
            office: ask.office.clone(),
            language: o.language.clone(),
            modality: o.modality,
            duration_minutes: ask.duration,
            start: o.start.clone(),
            end: o.end.clone(),
        };
        (
            BookingChoice {
                mediator: o.mediator,
                start: o.start,
                language: Some(o.language),
                modality: Some(o.modality),
            },
            slot,
        )
    }))
}

/// A one-event calendar for the resident (no personal data of anyone).
/// The end is the start plus the duration in real time (a local end text
/// is ambiguous in the autumn's repeated hour).
pub fn ics(code: &str, timezone: &str, slot: &Slot, office_name: Option<&str>, now: i64) -> String {
    let start = unix_of(timezone, &slot.start);
    let utc = |unix: Option<i64>| {
        unix.and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map(|d| d.format("%Y%m%dT%H%M%SZ").to_string())
            .unwrap_or_default()
    };
    let stamp =
        chrono::DateTime::from_timestamp(now, 0).map(|d| d.format("%Y%m%dT%H%M%SZ").to_string()).unwrap_or_default();
    let place = office_name.unwrap_or(&slot.office).replace([',', ';', '\\'], " ");
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Ponte//booking//IT\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\nUID:{code}@ponte\r\nDTSTAMP:{stamp}\r\nDTSTART:{}\r\nDTEND:{}\r\nSUMMARY:Mediazione linguistico-culturale ({})\r\nLOCATION:{place}\r\nDESCRIPTION:Codice prenotazione {code}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        utc(start),
        utc(start.map(|s| s + slot.duration_minutes * 60)),
        slot.language,
    )
}
