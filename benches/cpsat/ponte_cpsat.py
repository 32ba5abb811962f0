#!/usr/bin/env python3
"""CP-SAT model of a Ponte problem (ponte-problem/1), for benchmarking only.

Usage (from the repository root, with ortools in .venv):

    .venv/bin/python benches/cpsat/ponte_cpsat.py PROBLEM.json --out SOL.json \
        --time-limit 10 [--workers 1] [--travel auto|exact|office] \
        [--max-starts N] [--exact-arcs N] [--stats STATS.json] [--log]

The model is built from the independent checker's expanded model
(../shared/tools/ponte_spec.py, found through $PONTE_SHARED or ../shared
beside the repository) and follows ../shared/spec/problem-format.md:

Variables
  x[r, m, s, c]  request r served by suitable mediator m at start s in
                 modality class c (in person / remote).  The starts are every
                 start of ponte_spec.candidate_starts(r, m): the grid starts
                 (slot_minutes) inside window, horizon, office opening and
                 availability minus absences, plus the fixed and previous
                 starts.  No cap by default (--max-starts N keeps N evenly
                 spaced starts per (request, mediator), always keeping the
                 previous start).  Mediators over a maximum with the request
                 alone are left out.  The language is the best usable one
                 and, in a class, the modality the best ranked usable one:
                 neither changes feasibility, so this loses nothing.
  attend[k, m]   mediator m present at held workshop session k (in person,
                 serves one of the workshop's languages at min_level,
                 available minus absences for the whole session).
  cov[k, l]      language l of session k covered.

Hard rules
  1, 2   by construction of the placements (suitable mediator, candidate
         starts); rule 8 by construction of attend.
  3      AddNoOverlap per mediator over optional intervals: one per
         (request, mediator) on the request's start variable, one per
         (session, mediator) attendance.
  4      pairwise: an in-person engagement of m ending at e at office o and
         one starting at s >= e at office o' with s - e < travel(o, o') are
         incompatible (clique cuts: engagements of one mediator ending at
         the same minute, or starting at the same minute, are mutually
         exclusive by rule 3).  The checker tests only consecutive in-person
         engagements; the pairwise form is exact when, for all offices
         a, b, c, travel(a, c) <= travel(a, b) + d_min + travel(b, c), with
         d_min the shortest in-person engagement (always true when travel
         is metric).  The model checks this and reports `travel_rule_exact`.
  5      linear sums of engaged minutes per local day / ISO week.
  6      AddCumulative per office with a capacity: one optional interval per
         request (any modality) plus every held session of the office.
  7      locked requests: the placements at (previous mediator, previous
         start) sum to 1 (the modality class stays free).

Cost (section 4): unassigned by priority, uncovered session languages by
the workshop's priority, language rank, modality rank, preferred mediator,
delay floor((start - earliest) / 60), change, continuity per case and per
workshop through "mediator used" booleans (max(0, used - 1)), and travel
per mediator and day:
  exact   an AddCircuit per mediator-day over its possible in-person
          engagements (request placements and session attendances of that
          local day) plus a home node; arcs only forward in time between
          travel-compatible engagements.  The circuit orders the chosen
          engagements by time, so its cost is the spec's travel exactly.
  office  (a relaxation, for mediator-days too large for the exact circuit)
          an AddCircuit over home and the offices the mediator may visit
          that day, an office node in the tour when one of its in-person
          engagements there is chosen.  It charges the shortest tour over
          the offices visited, which is <= the true travel when travel is
          metric (equal unless a day visits an office, leaves and comes
          back); the objective and the bound are then a lower bound of the
          true cost.
  auto    (default) exact for mediator-days with at most --exact-arcs arcs
          (default 6000), office otherwise.
Whatever the mode, the written plan's cost is recomputed with
ponte_spec.cost, and the plan is checked with ponte_spec.check.

What the model leaves out
  - Starts beyond --max-starts when that cap is given (none by default).
  - Travel cost of mediator-days in `office` mode is a relaxation (above).
  - Rule 4 is stricter than the checker if travel_rule_exact is false
    (reported; never seen on ponte-gen instances).
  - Unassigned reasons are not modelled: they are decided from the problem
    alone (ponte_spec.reason_code) and written after the solve.
  - No `blocking` lists on CONFLICT reasons (optional in the format).
  - No warm start beyond a hint of the plan with only the locked requests
    (feasible by rule 7; --no-hint drops it): CP-SAT searches from scratch.
  - Search parameters are CP-SAT's defaults unless --params is given
    (benches/compare.py used to pass cp_model_probing_level:0 with one
    worker; it now runs 2 workers with the defaults, see RESULTS.md).

Output: a ponte-solution/1 file; on stdout one JSON line of statistics
(objective, best bound, checked cost, time to first solution, ...).
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


def _shared_tools() -> Path:
    base = os.environ.get("PONTE_SHARED")
    base_path = Path(base) if base else REPO.parent / "shared"
    return base_path / "tools"


sys.path.insert(0, str(_shared_tools()))
import ponte_spec as ps  # noqa: E402

from ortools.sat.python import cp_model  # noqa: E402

IN_PERSON, REMOTE = 0, 1


class Placement:
    __slots__ = ("r", "m", "start", "end", "cls", "modality", "language", "cost", "var", "office", "day", "week")

    def __init__(self, r, m, start, end, cls, modality, language, cost, office, day, week):
        self.r, self.m, self.start, self.end, self.cls = r, m, start, end, cls
        self.modality, self.language, self.cost = modality, language, cost
        self.office, self.day, self.week = office, day, week
        self.var = None


class Attendance:
    __slots__ = ("workshop", "session", "m", "start", "end", "office", "languages", "var", "day", "week")

    def __init__(self, workshop, session, m, start, end, office, languages, day, week):
        self.workshop, self.session, self.m = workshop, session, m
        self.start, self.end, self.office, self.languages = start, end, office, languages
        self.day, self.week = day, week
        self.var = None


def _spread(starts: list[int], cap: int, keep: set[int]) -> list[int]:
    if cap <= 0 or len(starts) <= cap:
        return starts
    step = (len(starts) - 1) / max(1, cap - 1)
    chosen = {starts[round(i * step)] for i in range(cap)}
    chosen |= {s for s in starts if s in keep}
    return sorted(chosen)


class Model:
    def __init__(self, problem: ps.Problem, *, travel_mode: str = "auto", max_starts: int = 0,
                 exact_arcs: int = 6000):
        self.p = problem
        self.travel_mode = travel_mode
        self.max_starts = max_starts
        self.exact_arcs = exact_arcs
        self.cp = cp_model.CpModel()
        self.placements: list[Placement] = []
        self.attendances: list[Attendance] = []
        self.stats: dict = {}
        self._tcache: dict = {}
        self.objective_terms: dict[str, list] = defaultdict(list)  # term -> [(coef, literal or int)]
        self.constant: dict[str, int] = defaultdict(int)

    # ----- helpers ------------------------------------------------------------

    def travel(self, a: ps.Place, b: ps.Place) -> int:
        key = (a, b)
        t = self._tcache.get(key)
        if t is None:
            try:
                t = self.p.travel_minutes(a, b)
            except ps.TravelUndefined:
                t = 0  # the checker counts undefined travel as 0 in the cost
            self._tcache[key] = t
        return t

    def office_travel(self, o1: str, o2: str) -> int:
        return self.travel(self.p.office_place(o1), self.p.office_place(o2))

    # ----- building -------------------------------------------------------------

    def build(self):
        p, cp, w = self.p, self.cp, self.p.weights
        t0 = time.perf_counter()
        self.req_ids = list(p.requests)
        by_rm: dict[tuple[str, str], list[Placement]] = defaultdict(list)
        capped = 0
        for rid in self.req_ids:
            r = p.requests[rid]
            for m in p.suitable_mediators(r):
                if not m.within_maxima(r.duration):
                    continue
                if r.locked and r.previous is not None and m.id != r.previous.mediator:
                    continue
                starts = list(p.candidate_starts(r, m))
                if r.locked and r.previous is not None:
                    starts = [s for s in starts if s == r.previous.start]
                keep = {r.previous.start} if r.previous is not None else set()
                kept = _spread(starts, self.max_starts, keep)
                capped += len(starts) - len(kept)
                if not kept:
                    continue
                langs = p.usable_languages(r, m)
                mods = p.usable_modalities(r, m)
                lang = langs[0]
                base = w.language_rank * r.languages.index(lang)
                if r.preferred_mediator is not None and r.preferred_mediator != m.id:
                    base += w.preferred_mediator
                classes = []
                if "in_person" in mods:
                    classes.append((IN_PERSON, "in_person"))
                remote = [x for x in mods if x != "in_person"]
                if remote:
                    classes.append((REMOTE, remote[0]))
                for s in kept:
                    delay = w.delay * ((s - r.earliest) // 60) if r.has_window else 0
                    day, week = p.local_date(s), p.iso_week(s)
                    for cls, mod in classes:
                        c = base + delay + w.modality_rank * r.modalities.index(mod)
                        pl = Placement(rid, m.id, s, s + r.duration, cls, mod, lang, c, r.office, day, week)
                        pl.var = cp.NewBoolVar(f"x[{rid},{m.id},{s},{cls}]")
                        self.placements.append(pl)
                        by_rm[(rid, m.id)].append(pl)
        self.by_rm = by_rm
        self.stats["capped_starts"] = capped
        self.stats["placements"] = len(self.placements)

        # per request: assignment literals, start variable, costs
        self.assigned_rm: dict[tuple[str, str], cp_model.IntVar] = {}
        self.assigned_r: dict[str, cp_model.IntVar] = {}
        self.start_r: dict[str, cp_model.IntVar] = {}
        rm_by_r: dict[str, list[str]] = defaultdict(list)
        for (rid, mid) in by_rm:
            rm_by_r[rid].append(mid)
        for rid in self.req_ids:
            r = p.requests[rid]
            prio_w = w.unassigned[r.priority]
            mids = rm_by_r.get(rid, [])
            if not mids:
                self.constant["unassigned"] += prio_w
                if r.previous is not None:
                    self.constant["change"] += w.change
                continue
            a_r = cp.NewBoolVar(f"a[{rid}]")
            self.assigned_r[rid] = a_r
            rm_lits = []
            all_pl = []
            for mid in mids:
                pls = by_rm[(rid, mid)]
                a_rm = cp.NewBoolVar(f"a[{rid},{mid}]")
                cp.Add(a_rm == sum(pl.var for pl in pls))
                self.assigned_rm[(rid, mid)] = a_rm
                rm_lits.append(a_rm)
                all_pl.extend(pls)
            cp.Add(a_r == sum(rm_lits))
            starts = sorted({pl.start for pl in all_pl})
            s0 = starts[0]
            sv = cp.NewIntVarFromDomain(cp_model.Domain.FromValues(starts), f"start[{rid}]")
            cp.Add(sv == sum((pl.start - s0) * pl.var for pl in all_pl) + s0)
            self.start_r[rid] = sv
            if r.locked:
                prev = r.previous
                cp.Add(sum(pl.var for pl in all_pl if pl.m == prev.mediator and pl.start == prev.start) == 1)
            # costs
            self.objective_terms["unassigned"].append((-prio_w, a_r))
            self.constant["unassigned"] += prio_w
            for pl in all_pl:
                lang_c = w.language_rank * r.languages.index(pl.language)
                mod_c = w.modality_rank * r.modalities.index(pl.modality)
                pref_c = w.preferred_mediator if (r.preferred_mediator is not None
                                                  and r.preferred_mediator != pl.m) else 0
                delay_c = w.delay * ((pl.start - r.earliest) // 60) if r.has_window else 0
                for term, c in (("language_rank", lang_c), ("modality_rank", mod_c),
                                ("preferred_mediator", pref_c), ("delay", delay_c)):
                    if c:
                        self.objective_terms[term].append((c, pl.var))
            if r.previous is not None:
                self.constant["change"] += w.change
                keep = [pl.var for pl in all_pl if pl.m == r.previous.mediator and pl.start == r.previous.start]
                for v in keep:
                    self.objective_terms["change"].append((-w.change, v))

        self._build_workshops()
        self._build_intervals()
        self._build_limits()
        self._build_travel_rule()
        self._build_continuity()
        self._build_travel_cost()
        self._objective()
        self.stats["build_seconds"] = round(time.perf_counter() - t0, 3)

    def _build_workshops(self):
        p, cp, w = self.p, self.cp, self.p.weights
        self.cov: dict[tuple[str, str, str], cp_model.IntVar] = {}
        self.sessions: list[tuple[ps.Workshop, ps.Session]] = []
        for wk in p.workshops.values():
            for sess in p.held_sessions(wk):
                self.sessions.append((wk, sess))
                prio_w = w.unassigned[wk.priority]
                speakers: dict[str, list] = defaultdict(list)
                for m in p.mediators.values():
                    if not m.in_person or not ps.covers(m.available, sess.start, sess.end):
                        continue
                    if not m.within_maxima(sess.duration):
                        continue
                    langs = tuple(l for l in wk.languages if m.serves(l, wk.min_level))
                    if not langs:
                        continue
                    at = Attendance(wk.id, sess.id, m.id, sess.start, sess.end, wk.office, langs,
                                    p.local_date(sess.start), p.iso_week(sess.start))
                    at.var = cp.NewBoolVar(f"attend[{wk.id}/{sess.id},{m.id}]")
                    self.attendances.append(at)
                    for l in langs:
                        speakers[l].append(at.var)
                for l in wk.languages:
                    self.constant["unassigned"] += prio_w
                    if speakers[l]:
                        c = cp.NewBoolVar(f"cov[{wk.id}/{sess.id},{l}]")
                        cp.AddBoolOr(speakers[l]).OnlyEnforceIf(c)
                        self.cov[(wk.id, sess.id, l)] = c
                        self.objective_terms["unassigned"].append((-prio_w, c))
        self.stats["attendances"] = len(self.attendances)

    def _build_intervals(self):
        p, cp = self.p, self.cp
        per_mediator: dict[str, list] = defaultdict(list)
        for (rid, mid), a_rm in self.assigned_rm.items():
            r = p.requests[rid]
            iv = cp.NewOptionalFixedSizeIntervalVar(self.start_r[rid], r.duration, a_rm, f"iv[{rid},{mid}]")
            per_mediator[mid].append(iv)
        for at in self.attendances:
            iv = cp.NewOptionalFixedSizeIntervalVar(at.start, at.end - at.start, at.var,
                                                    f"iv[{at.workshop}/{at.session},{at.m}]")
            per_mediator[at.m].append(iv)
        for ivs in per_mediator.values():
            if len(ivs) > 1:
                cp.AddNoOverlap(ivs)
        # rule 6
        per_office: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
        for rid, a_r in self.assigned_r.items():
            r = p.requests[rid]
            if p.offices[r.office].capacity is None:
                continue
            per_office[r.office][0].append(
                cp.NewOptionalFixedSizeIntervalVar(self.start_r[rid], r.duration, a_r, f"cap[{rid}]"))
        for wk, sess in self.sessions:
            if p.offices[wk.office].capacity is None:
                continue
            per_office[wk.office][1].append(
                cp.NewFixedSizeIntervalVar(sess.start, sess.duration, f"cap[{wk.id}/{sess.id}]"))
        for oid, (opt, fixed) in per_office.items():
            ivs = opt + fixed
            if ivs:
                cp.AddCumulative(ivs, [1] * len(ivs), p.offices[oid].capacity)

    def _build_limits(self):
        p, cp = self.p, self.cp
        day_terms: dict[tuple[str, object], list] = defaultdict(list)
        week_terms: dict[tuple[str, object], list] = defaultdict(list)
        for pl in self.placements:
            d = pl.end - pl.start
            day_terms[(pl.m, pl.day)].append((d, pl.var))
            week_terms[(pl.m, pl.week)].append((d, pl.var))
        for at in self.attendances:
            d = at.end - at.start
            day_terms[(at.m, at.day)].append((d, at.var))
            week_terms[(at.m, at.week)].append((d, at.var))
        n = 0
        for terms, attr in ((day_terms, "max_minutes_per_day"), (week_terms, "max_minutes_per_week")):
            for (mid, _), items in terms.items():
                limit = getattr(p.mediators[mid], attr)
                if limit is None or sum(d for d, _ in items) <= limit:
                    continue
                cp.Add(sum(d * v for d, v in items) <= limit)
                n += 1
        self.stats["limit_constraints"] = n

    def _in_person_items(self):
        """Per mediator: (start, end, office, literal, day, key) of every possible in-person engagement."""
        items: dict[str, list] = defaultdict(list)
        for pl in self.placements:
            if pl.cls == IN_PERSON:
                items[pl.m].append((pl.start, pl.end, pl.office, pl.var, pl.day, ("r", pl.r)))
        for at in self.attendances:
            items[at.m].append((at.start, at.end, at.office, at.var, at.day, ("s", at.workshop, at.session)))
        return items

    def _build_travel_rule(self):
        p, cp = self.p, self.cp
        items = self._in_person_items()
        self.ip_items = items
        # exactness of the pairwise reading (see the header)
        d_min = min((e - s for its in items.values() for s, e, *_ in its), default=0)
        offices = sorted({o for its in items.values() for _, _, o, *_ in its})
        exact = True
        for a in offices:
            for b in offices:
                tab = self.office_travel(a, b)
                for c in offices:
                    if self.office_travel(a, c) > tab + d_min + self.office_travel(b, c):
                        exact = False
        self.stats["travel_rule_exact"] = exact
        metric = True
        homes = sorted({p.mediators[m].home for m in items})
        places = [p.office_place(o) for o in offices] + [ps.Place(None, h) for h in homes]
        for a in places:
            for b in places:
                for c in places:
                    if self.travel(a, c) > self.travel(a, b) + self.travel(b, c):
                        metric = False
        self.stats["travel_metric"] = metric
        n = 0
        for mid, its in items.items():
            ends: dict[tuple[str, int], list] = defaultdict(list)
            starts: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
            for s, e, o, v, _d, _k in its:
                ends[(o, e)].append(v)
                starts[s][o].append(v)
            start_times = sorted(starts)
            used_offices = sorted({o for _, _, o, *_ in its})
            max_t = {o: max((self.office_travel(o, o2) for o2 in used_offices), default=0) for o in used_offices}
            for (o, e), evs in ends.items():
                lo = bisect.bisect_left(start_times, e)
                hi = bisect.bisect_left(start_times, e + max_t[o])
                for s in start_times[lo:hi]:
                    gap = s - e
                    svs = [v for o2, vs in starts[s].items() if self.office_travel(o, o2) > gap for v in vs]
                    if svs:
                        if len(evs) == 1 and len(svs) == 1:
                            cp.AddBoolOr([evs[0].Not(), svs[0].Not()])
                        else:
                            cp.Add(sum(evs) + sum(svs) <= 1)
                        n += 1
        self.stats["travel_rule_constraints"] = n

    def _build_continuity(self):
        p, cp = self.p, self.cp
        cases: dict[str, list[str]] = defaultdict(list)
        for rid in self.req_ids:
            r = p.requests[rid]
            if r.case is not None:
                cases[r.case].append(rid)
        rm_by_r: dict[str, list] = defaultdict(list)
        for (rid, mid), a in self.assigned_rm.items():
            rm_by_r[rid].append((mid, a))
        n = 0
        for case, rids in cases.items():
            per_m: dict[str, list] = defaultdict(list)
            for rid in rids:
                for mid, a in rm_by_r.get(rid, []):
                    per_m[mid].append(a)
            n += self._continuity_group(f"case {case}", per_m)
        for wk in p.workshops.values():
            per_m = defaultdict(list)
            for at in self.attendances:
                if at.workshop == wk.id:
                    per_m[at.m].append(at.var)
            n += self._continuity_group(f"workshop {wk.id}", per_m)
        self.stats["continuity_groups"] = n

    def _continuity_group(self, name: str, per_m: dict) -> int:
        if len(per_m) <= 1:
            return 0
        cp, w = self.cp, self.p.weights
        used = []
        for mid, lits in per_m.items():
            u = cp.NewBoolVar(f"used[{name},{mid}]")
            for lit in lits:
                cp.AddImplication(lit, u)
            cp.AddBoolOr(lits).OnlyEnforceIf(u)
            used.append(u)
        extra = cp.NewIntVar(0, len(used) - 1, f"continuity[{name}]")
        cp.Add(extra >= sum(used) - 1)
        self.objective_terms["continuity"].append((w.continuity, extra))
        return 1

    def _build_travel_cost(self):
        p, cp, w = self.p, self.cp, self.p.weights
        exact_days = office_days = arcs_total = 0
        for mid, its in self.ip_items.items():
            home = p.home_place(mid)
            by_day: dict[object, list] = defaultdict(list)
            for it in its:
                by_day[it[4]].append(it)
            for day, dits in by_day.items():
                dits.sort(key=lambda it: (it[0], it[1]))
                mode = self.travel_mode
                if mode == "auto":
                    n = len(dits)
                    mode = "exact" if n * (n - 1) // 2 + 2 * n <= self.exact_arcs else "office"
                any_lit = cp.NewBoolVar(f"works[{mid},{day}]")
                lits = [it[3] for it in dits]
                for lit in lits:
                    cp.AddImplication(lit, any_lit)
                cp.AddBoolOr(lits).OnlyEnforceIf(any_lit)
                arcs = [(0, 0, any_lit.Not())]
                cost_terms = []
                if mode == "exact":
                    exact_days += 1
                    for i, (s, e, o, v, _d, key) in enumerate(dits, start=1):
                        arcs.append((i, i, v.Not()))
                        for tail, head, t in ((0, i, self.travel(home, p.office_place(o))),
                                              (i, 0, self.travel(p.office_place(o), home))):
                            a = cp.NewBoolVar("")
                            arcs.append((tail, head, a))
                            if t:
                                cost_terms.append((t, a))
                        for j, (s2, e2, o2, v2, _d2, key2) in enumerate(dits, start=1):
                            if j == i or key2 == key or s2 < e:
                                continue
                            t = self.office_travel(o, o2)
                            if e + t > s2:
                                continue
                            a = cp.NewBoolVar("")
                            arcs.append((i, j, a))
                            if t:
                                cost_terms.append((t, a))
                else:
                    office_days += 1
                    offices = sorted({it[2] for it in dits})
                    node = {o: k for k, o in enumerate(offices, start=1)}
                    for o in offices:
                        u = cp.NewBoolVar(f"visits[{mid},{day},{o}]")
                        olits = [it[3] for it in dits if it[2] == o]
                        for lit in olits:
                            cp.AddImplication(lit, u)
                        cp.AddBoolOr(olits).OnlyEnforceIf(u)
                        arcs.append((node[o], node[o], u.Not()))
                        for tail, head, t in ((0, node[o], self.travel(home, p.office_place(o))),
                                              (node[o], 0, self.travel(p.office_place(o), home))):
                            a = cp.NewBoolVar("")
                            arcs.append((tail, head, a))
                            if t:
                                cost_terms.append((t, a))
                        for o2 in offices:
                            if o2 == o:
                                continue
                            a = cp.NewBoolVar("")
                            arcs.append((node[o], node[o2], a))
                            t = self.office_travel(o, o2)
                            if t:
                                cost_terms.append((t, a))
                arcs_total += len(arcs)
                cp.AddCircuit(arcs)
                for t, a in cost_terms:
                    self.objective_terms["travel"].append((w.travel * t, a))
        self.stats.update(travel_exact_days=exact_days, travel_office_days=office_days, circuit_arcs=arcs_total)

    def hint_locked_only(self):
        """Hint the plan with only the locked requests (feasible by rule 7):
        each at its previous mediator and start, in person when possible."""
        done = set()
        ordered = sorted(self.placements, key=lambda pl: pl.cls)
        for pl in ordered:
            r = self.p.requests[pl.r]
            value = 0
            if r.locked and pl.r not in done and pl.m == r.previous.mediator and pl.start == r.previous.start:
                value = 1
                done.add(pl.r)
            self.cp.AddHint(pl.var, value)
        for at in self.attendances:
            self.cp.AddHint(at.var, 0)

    def _objective(self):
        expr = []
        for term, items in self.objective_terms.items():
            expr.extend(c * v for c, v in items)
        self.const_total = sum(self.constant.values())
        self.cp.Minimize(sum(expr) + self.const_total)

    # ----- solution -------------------------------------------------------------

    def solution(self, solver: cp_model.CpSolver) -> dict:
        p = self.p
        assignments, chosen = [], set()
        for pl in self.placements:
            if solver.BooleanValue(pl.var):
                chosen.add(pl.r)
                assignments.append({"request": pl.r, "mediator": pl.m, "start": p.format_minute(pl.start),
                                    "language": pl.language, "modality": pl.modality})
        sessions = []
        for wk, sess in self.sessions:
            meds = [{"mediator": at.m, "languages": list(at.languages)} for at in self.attendances
                    if at.workshop == wk.id and at.session == sess.id and solver.BooleanValue(at.var)]
            covered = {l for md in meds for l in md["languages"]}
            sessions.append({"workshop": wk.id, "session": sess.id, "mediators": meds,
                             "uncovered": [l for l in wk.languages if l not in covered]})
        unassigned = []
        for rid in self.req_ids:
            if rid in chosen:
                continue
            verdict = ps.reason_code(p, rid)
            unassigned.append({"request": rid, "reasons": [{"code": verdict.code, "message": verdict.explanation}]})
        doc = {"format": ps.SOLUTION_FORMAT, "assignments": assignments, "sessions": sessions,
               "unassigned": unassigned, "cost": {}}
        terms = ps.cost(p, doc)
        doc["cost"] = {"total": terms["total"], **{k: terms[k] for k in ps.COST_TERMS}}
        return doc


class Timeline(cp_model.CpSolverSolutionCallback):
    def __init__(self, t0: float):
        super().__init__()
        self.t0 = t0
        self.points: list[tuple[float, int, int]] = []

    def on_solution_callback(self):
        self.points.append((round(time.perf_counter() - self.t0, 3), int(self.ObjectiveValue()),
                            int(self.BestObjectiveBound())))


def solve_file(path: str, *, time_limit: float, workers: int = 1, travel: str = "auto", max_starts: int = 0,
               exact_arcs: int = 6000, seed: int = 1, log: bool = False,
               params: str = "", hint: bool = True) -> tuple[dict | None, dict]:
    t_load = time.perf_counter()
    loaded = ps.load_problem_file(path)
    if not loaded.ok:
        raise SystemExit("invalid problem:\n" + "\n".join(str(e) for e in loaded.errors))
    problem = loaded.problem
    load_seconds = time.perf_counter() - t_load
    model = Model(problem, travel_mode=travel, max_starts=max_starts, exact_arcs=exact_arcs)
    model.build()
    if hint:
        model.hint_locked_only()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = log
    for item in filter(None, (x.strip() for x in params.split(","))):
        key, _, value = item.partition(":")
        current = getattr(solver.parameters, key.strip())
        value = value.strip()
        if isinstance(current, bool):
            setattr(solver.parameters, key.strip(), value.lower() in ("1", "true"))
        else:
            setattr(solver.parameters, key.strip(), type(current)(value))
    t0 = time.perf_counter()
    timeline = Timeline(t0)
    status = solver.Solve(model.cp, timeline)
    wall = time.perf_counter() - t0
    stats = dict(model.stats)
    stats.update(problem=str(path), requests=len(problem.requests), mediators=len(problem.mediators),
                 load_seconds=round(load_seconds, 3), status=solver.StatusName(status),
                 solve_seconds=round(wall, 3), time_limit=time_limit, workers=workers,
                 travel_mode=travel, max_starts=max_starts, exact_arcs=exact_arcs, params=params, hint=hint,
                 booleans=len(model.cp.Proto().variables),
                 constraints=len(model.cp.Proto().constraints),
                 solutions=len(timeline.points),
                 first_solution_seconds=timeline.points[0][0] if timeline.points else None,
                 first_solution_objective=timeline.points[0][1] if timeline.points else None,
                 timeline=timeline.points)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        stats.update(objective=None, bound=None, checked_cost=None, checker_ok=False)
        return None, stats
    stats.update(objective=int(solver.ObjectiveValue()), bound=int(solver.BestObjectiveBound()))
    doc = model.solution(solver)
    report = ps.check(problem, doc)
    stats.update(checked_cost=doc["cost"]["total"], cost_terms=doc["cost"], checker_ok=report.ok,
                 violations=[str(v) for v in report.violations][:10],
                 assigned=len(doc["assignments"]), unassigned=len(doc["unassigned"]))
    return doc, stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("problem")
    ap.add_argument("--out", help="write the ponte-solution/1 file here")
    ap.add_argument("--time-limit", type=float, default=10.0, help="CP-SAT search seconds (model building excluded)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--travel", choices=("auto", "exact", "office"), default="auto")
    ap.add_argument("--max-starts", type=int, default=0, help="cap starts per (request, mediator); 0 = all")
    ap.add_argument("--exact-arcs", type=int, default=6000,
                    help="auto mode: exact circuit for mediator-days with at most this many arcs")
    ap.add_argument("--no-hint", action="store_true",
                    help="do not hint the locked-only plan (rule 7 makes it feasible)")
    ap.add_argument("--stats", help="also write the statistics JSON here")
    ap.add_argument("--log", action="store_true", help="CP-SAT search log on stderr")
    ap.add_argument("--params", default="", help="extra CP-SAT parameters, 'name:value,...', e.g. 'cp_model_probing_level:1'")
    args = ap.parse_args(argv)
    doc, stats = solve_file(args.problem, time_limit=args.time_limit, workers=args.workers, travel=args.travel,
                            max_starts=args.max_starts, exact_arcs=args.exact_arcs, seed=args.seed, log=args.log,
                            params=args.params, hint=not args.no_hint)
    if doc is not None and args.out:
        Path(args.out).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    text = json.dumps(stats)
    if args.stats:
        Path(args.stats).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if doc is not None and stats.get("checker_ok") else 1


if __name__ == "__main__":
    sys.exit(main())
