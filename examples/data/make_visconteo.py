#!/usr/bin/env python3
"""Generate the bundled example week of the Ambito Visconteo Sud Milano.

    python3 examples/data/make_visconteo.py [OUTPUT.json] [--seed N]

Writes a `ponte-problem/1` document (default: visconteo-week.json next to
this script) describing one week (Monday 27 April - Sunday 3 May 2026, with
1 May a national holiday) of linguistic-cultural mediation in the 11
municipalities of the Ambito Visconteo Sud Milano, Rozzano lead municipality:

- the 11 municipalities with approximate real coordinates, plus Milano as
  the home town of some mediators;
- 36 offices: a foreigners' desk (sportello stranieri) and social services
  in every town, family health centres (consultori) in Rozzano, Pieve
  Emanuele and Binasco, schools in the larger towns, libraries in Rozzano,
  Pieve Emanuele and Opera, and the Ambito's child-protection service
  (tutela minori, where the psycho-social team meets) in Rozzano, each with
  plausible weekly hours (small towns open their desk one or two mornings);
- 16 mediators with plausible languages for the area (Arabic variants,
  Chinese, Spanish/Portuguese, Ukrainian/Russian, Bengali, Romanian,
  Albanian, Urdu/Punjabi, Tagalog, Sinhala/Tamil, Wolof/French, English,
  Tigrinya/Amharic), levels, modalities, skills, availability, absences and
  maxima;
- 70 requests of format 1.0: foreigners'-desk appointments, social-services meetings, family
  health visits, school talks with teachers (fixed times), psycho-social
  team meetings, family cases spanning several services, priorities, a few
  appointments already communicated (`previous`, two of them `locked`);
- the "cucito creativo" sewing workshop for Italian and foreign women at
  the Rozzano library: four languages, two sessions;
- format 1.1: the network's break rule (a 30-minute break when a run of
  work would exceed six hours, D.Lgs. 66/2003 art. 8), which the planted
  plan keeps, and a psycho-social team meeting with an Eritrean family
  that needs two mediators at once (`roles`: Arabic and Tigrinya), r-0071,
  appended after the 70 others so that they stay as they were.

Requests are built from the data: the generator keeps a planted plan and
gives each request a place in it first (an office open that day, a mediator
who speaks the language, is available, free, has time to travel and is
within their maxima, room at the office), then writes the request's window
around that place along the office's opening days and hours. So every
request can be served, except five written on purpose to show the reasons a
plan gives:

- Pashto only: nobody speaks it (NO_LANGUAGE);
- Fula with a woman mediator at the consultorio: the only Fula speaker is a
  man (NO_SKILL);
- a Chinese appointment given for Friday 1 May, a holiday (NO_TIME);
- two Tigrinya meetings at the same hour on Thursday morning for the one
  Tigrinya speaker: one of them stays out (CONFLICT).

Every person, family and case is invented. Python 3 standard library only;
the output is deterministic for a seed (default 2026) and byte-identical
across runs. Check it with

    cargo run --release --example ponte -- validate examples/data/visconteo-week.json
    ../shared/tools/ponte-check --validate examples/data/visconteo-week.json   # when present
"""

import argparse
import json
import math
import random
from datetime import date, timedelta
from pathlib import Path

START = date(2026, 4, 27)  # Monday
HORIZON_DAYS = 7
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
HOLIDAY = date(2026, 5, 1)  # Festa del lavoro: closed everywhere (holidays "IT")
SLOT = 15
TRAVEL = {"speed_kmh": 30, "road_factor": 1.3, "intra_municipality_minutes": 5}
TOTAL_REQUESTS = 70
# Format 1.1 rule 9 for the whole network: a break of 30 minutes when a run of
# work would exceed six hours (D.Lgs. 66/2003 art. 8).
BREAKS = {"after_minutes": 360, "break_minutes": 30}

# id, name, (lat, lon), population in thousands (weights the demand)
MUNICIPALITIES = [
    ("rozzano", "Rozzano", (45.3817, 9.1553), 42),
    ("pieve-emanuele", "Pieve Emanuele", (45.3515, 9.2038), 15),
    ("opera", "Opera", (45.3748, 9.2109), 14),
    ("locate-di-triulzi", "Locate di Triulzi", (45.3572, 9.2224), 10),
    ("lacchiarella", "Lacchiarella", (45.3226, 9.1369), 9),
    ("basiglio", "Basiglio", (45.3590, 9.1580), 8),
    ("binasco", "Binasco", (45.3297, 9.0996), 7),
    ("zibido-san-giacomo", "Zibido San Giacomo", (45.3606, 9.1108), 7),
    ("casarile", "Casarile", (45.3161, 9.1017), 4),
    ("noviglio", "Noviglio", (45.3590, 9.0536), 4),
    ("vernate", "Vernate", (45.3159, 9.0612), 3),
]
MILANO = ("milano", "Milano", (45.4642, 9.1900))

OFFICE_NAMES = {
    "sportello": "Sportello stranieri",
    "servizi-sociali": "Servizi sociali",
    "consultorio": "Consultorio familiare",
    "scuola": "Istituto comprensivo",
    "biblioteca": "Biblioteca civica",
    "tutela-minori": "Tutela minori e famiglia (Ambito)",
}
SERVICE = {
    "sportello": "foreigners-desk",
    "servizi-sociali": "social-services",
    "consultorio": "health",
    "scuola": "school",
    "biblioteca": "community",
    "tutela-minori": "psycho-social-team",
}
SKILL = {"servizi-sociali": "social-services", "consultorio": "health", "scuola": "school",
         "tutela-minori": "psycho-social"}

MON_FRI = ["mon", "tue", "wed", "thu", "fri"]
MON_THU = ["mon", "tue", "wed", "thu"]

# Offices: (municipality, kind): weekly opening rules (days, from, to), and
# optionally capacity and closed dates. Plausible hours, not the real ones.
OFFICES = [
    ("rozzano", "sportello", [(MON_FRI, "09:00", "12:30"), (["tue", "thu"], "14:00", "17:00")], 2, []),
    ("rozzano", "servizi-sociali", [(MON_THU, "09:00", "12:30"), (["mon", "wed"], "14:00", "16:30")], None, []),
    ("rozzano", "consultorio", [(MON_FRI, "08:30", "12:30"), (["tue", "thu"], "13:30", "16:30")], 2, []),
    ("rozzano", "scuola", [(MON_FRI, "08:00", "13:00"), (["mon", "wed"], "14:00", "16:30")], None, []),
    ("rozzano", "biblioteca", [(["tue", "wed", "thu", "fri", "sat"], "09:30", "12:30"),
                               (["tue", "wed", "thu", "fri"], "14:00", "18:30")], None, []),
    ("rozzano", "tutela-minori", [(MON_THU, "09:00", "13:00"), (MON_THU, "14:00", "17:00")], 2, []),
    ("pieve-emanuele", "sportello", [(["mon", "wed", "fri"], "09:00", "12:30"), (["thu"], "14:00", "17:00")], 2, []),
    ("pieve-emanuele", "servizi-sociali", [(MON_THU, "09:00", "12:30"), (["tue"], "14:00", "17:00")], None, []),
    ("pieve-emanuele", "consultorio", [(MON_FRI, "08:30", "12:30"), (["wed"], "13:30", "16:00")], 2, []),
    ("pieve-emanuele", "scuola", [(MON_FRI, "08:00", "13:00"), (["tue"], "14:00", "16:30")], None, []),
    ("pieve-emanuele", "biblioteca", [(["tue", "wed", "thu", "fri"], "14:30", "18:30"), (["sat"], "09:30", "12:30")],
     None, []),
    ("opera", "sportello", [(["tue", "thu"], "09:00", "12:30"), (["mon"], "14:00", "17:00")], None, []),
    ("opera", "servizi-sociali", [(["mon", "wed", "thu"], "09:00", "12:30"), (["wed"], "14:00", "16:30")], None, []),
    ("opera", "scuola", [(MON_FRI, "08:00", "13:00"), (["thu"], "14:00", "16:30")], None, []),
    ("opera", "biblioteca", [(["tue", "wed", "thu", "fri", "sat"], "09:30", "12:30"),
                             (["tue", "wed", "thu", "fri"], "14:30", "18:30")], None, []),
    ("locate-di-triulzi", "sportello", [(["mon", "wed"], "09:00", "12:30"), (["thu"], "14:00", "17:00")], None, []),
    ("locate-di-triulzi", "servizi-sociali", [(["tue", "wed", "thu"], "09:00", "12:30")], None, []),
    ("locate-di-triulzi", "scuola", [(MON_FRI, "08:00", "13:00")], None, []),
    ("lacchiarella", "sportello", [(["tue", "wed"], "09:00", "12:30"), (["thu"], "14:00", "17:00")], None, []),
    # Closed on Wednesday 29 April for staff training.
    ("lacchiarella", "servizi-sociali", [(["mon", "wed", "thu"], "09:00", "12:30")], None, ["2026-04-29"]),
    ("lacchiarella", "scuola", [(MON_FRI, "08:00", "13:00")], None, []),
    ("basiglio", "sportello", [(["mon", "thu"], "09:00", "12:30")], None, []),
    ("basiglio", "servizi-sociali", [(["tue", "wed"], "09:00", "12:30"), (["tue"], "14:00", "16:00")], None, []),
    ("binasco", "sportello", [(["tue", "thu"], "09:00", "12:30")], None, []),
    ("binasco", "servizi-sociali", [(["mon", "wed", "thu"], "09:00", "12:30")], None, []),
    ("binasco", "consultorio", [(MON_THU, "08:30", "12:30"), (["tue"], "13:30", "16:00")], None, []),
    ("binasco", "scuola", [(MON_FRI, "08:00", "13:00")], None, []),
    ("zibido-san-giacomo", "sportello", [(["wed"], "09:00", "12:30"), (["mon"], "14:00", "17:00")], None, []),
    ("zibido-san-giacomo", "servizi-sociali", [(["mon", "tue", "thu"], "09:00", "12:30")], None, []),
    ("zibido-san-giacomo", "scuola", [(MON_FRI, "08:00", "13:00")], None, []),
    ("casarile", "sportello", [(["tue"], "09:00", "12:30")], None, []),
    ("casarile", "servizi-sociali", [(["mon", "thu"], "09:00", "12:30")], None, []),
    ("noviglio", "sportello", [(["thu"], "09:00", "12:30")], None, []),
    ("noviglio", "servizi-sociali", [(["tue", "wed"], "09:00", "12:30")], None, []),
    ("vernate", "sportello", [(["wed"], "09:00", "12:00")], None, []),
    ("vernate", "servizi-sociali", [(["mon", "thu"], "09:00", "12:30")], None, []),
]

# key, name, home, gender, languages, modalities, skills, availability, max/day, max/week
MEDIATORS = [
    ("mustapha", "Mustapha K.", "rozzano", "m", [("ar-ma", "native"), ("fr", "fluent")],
     ["in_person", "phone", "video"], ["school", "social-services"],
     [(MON_THU, "08:30", "13:00"), (["tue", "thu"], "14:00", "17:30")], None, 900),
    ("souleymane", "Souleymane M.", "pieve-emanuele", "m", [("wo", "native"), ("fr", "fluent"), ("ff", "working")],
     ["in_person", "phone"], ["social-services"],
     [(["tue", "wed", "thu"], "09:00", "13:00"), (["wed"], "14:00", "18:00")], 360, None),
    ("mona", "Mona S.", "pieve-emanuele", "f", [("ar-eg", "native"), ("ar", "fluent"), ("en", "working")],
     ["in_person", "phone"], ["health", "school", "social-services", "psycho-social"],
     [(MON_THU, "09:00", "13:00"), (["tue", "wed"], "14:00", "17:00")], 420, 1200),
    ("jose", "José L.", "rozzano", "m", [("es", "native"), ("pt", "fluent")], ["in_person", "phone"],
     ["social-services", "school"], [(MON_THU, "09:00", "13:00"), (["tue", "thu"], "14:00", "17:00")], None, 900),
    ("aissatou", "Aissatou L.", "basiglio", "f", [("wo", "native"), ("fr", "native")], ["in_person", "phone", "video"],
     ["social-services", "health", "psycho-social"],
     [(["mon", "tue", "thu"], "08:30", "12:30"), (["wed"], "14:00", "17:00")], 480, None),
    ("taslima", "Taslima E.", "lacchiarella", "f", [("bn", "native"), ("en", "fluent"), ("hi", "working")],
     ["in_person", "phone"], ["health"],
     [(MON_THU, "08:30", "12:30"), (["tue", "thu"], "14:00", "17:00")], 480, None),
    ("iryna", "Iryna D.", "pieve-emanuele", "f", [("uk", "native"), ("ru", "native")], ["phone", "video"],
     ["health", "social-services"], [(MON_FRI, "09:00", "12:00")], 180, None),
    ("andrii", "Andrii H.", "zibido-san-giacomo", "m", [("uk", "native"), ("ru", "fluent")], ["in_person", "phone"],
     ["social-services", "psycho-social"], [(["tue", "thu"], "09:00", "17:00")], 360, None),
    ("arjola", "Arjola I.", "rozzano", "f", [("sq", "native"), ("en", "working")], ["in_person", "video"],
     ["social-services", "school"], [(MON_THU, "08:30", "12:30"), (["thu"], "14:00", "17:00")], 300, None),
    ("ion", "Ion L.", "rozzano", "m", [("ro", "native"), ("es", "working")], ["in_person", "phone"], ["health"],
     [(["mon", "wed", "thu"], "09:00", "16:00")], 420, None),
    ("anwar", "Anwar V.", "rozzano", "m", [("bn", "native"), ("en", "fluent"), ("ur", "working")],
     ["in_person", "video"], ["health", "social-services"],
     [(["mon", "tue", "wed"], "09:00", "13:00"), (["tue", "thu"], "14:00", "18:00")], 240, 720),
    ("asif", "Asif H.", "binasco", "m", [("ur", "native"), ("pa", "native"), ("en", "fluent")],
     ["in_person", "phone", "video"], ["social-services", "psycho-social"],
     [(MON_THU, "09:00", "12:30"), (["wed"], "14:00", "17:00")], None, None),
    ("xiaoyan", "Xiaoyan P.", "milano", "f", [("zh", "native"), ("en", "working")], ["in_person", "phone", "video"],
     ["health", "school", "psycho-social"], [(MON_FRI, "09:00", "13:00")], None, 720),
    ("maricel", "Maricel I.", "milano", "f", [("tl", "native"), ("en", "fluent")], ["in_person", "phone"],
     ["health", "social-services"], [(["tue", "thu"], "09:00", "17:00")], 360, None),
    ("senait", "Senait T.", "opera", "f", [("ti", "native"), ("am", "fluent"), ("ar", "working"), ("en", "working")],
     ["in_person", "phone"], ["social-services", "health"],
     [(["mon", "wed"], "13:30", "17:30"), (["tue", "thu"], "09:00", "12:30")], 240, None),
    ("dilani", "Dilani P.", "milano", "f", [("si", "native"), ("ta", "native"), ("en", "fluent")],
     ["in_person", "phone", "video"], ["health", "social-services"],
     [(["mon", "wed"], "09:00", "13:00"), (["thu"], "14:00", "17:30")], 300, None),
]
ABSENCES = {
    "ion": [("2026-04-29T00:00", "2026-04-30T00:00")],   # a day off
    "mona": [("2026-04-30T14:00", "2026-04-30T18:00")],  # a medical visit
}

# Residents' languages (most preferred first) with weights: the communities
# of the area (Egyptian and Moroccan the largest).
DEMAND = [
    (["ar-eg", "ar"], 9), (["ar-ma", "ar", "fr"], 9), (["ar", "fr"], 2), (["zh"], 4), (["es"], 6), (["pt", "es"], 1),
    (["uk", "ru"], 5), (["ru"], 1), (["bn", "en"], 5), (["ro"], 4), (["sq"], 4), (["ur", "pa", "en"], 3),
    (["pa", "ur"], 2), (["tl", "en"], 3), (["si", "ta", "en"], 3), (["wo", "fr"], 3), (["fr"], 1), (["en"], 1),
    (["ti", "am", "ar"], 1),
]
DURATIONS = {"sportello": [30, 45, 45, 60], "servizi-sociali": [45, 60, 60, 90], "consultorio": [45, 60],
             "scuola": [30, 45, 45, 60], "tutela-minori": [90, 120]}
MODALITIES = {"sportello": [["in_person"], ["in_person", "phone"], ["in_person", "phone"], ["phone", "video"]],
              "servizi-sociali": [["in_person"], ["in_person", "phone"]],
              "consultorio": [["in_person"], ["in_person", "video"]],
              "scuola": [["in_person"], ["in_person", "phone"]],
              "tutela-minori": [["in_person"], ["in_person", "video"]]}
PRIORITIES = (["urgent", "high", "normal", "low"], [4, 14, 60, 22])
REQUEST_KEYS = ["id", "office", "service", "languages", "min_level", "duration_minutes", "start", "earliest", "latest",
                "modalities", "priority", "skills", "mediator_gender", "case", "preferred_mediator", "previous",
                "locked", "roles"]
LEVELS = {"working": 0, "fluent": 1, "native": 2}


def hhmm(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes(text):
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def serves(have, want):
    """A mediator's tag serves a wanted tag (equal, or a subtag of a bare wanted tag)."""
    return have == want or ("-" not in want and have.split("-")[0] == want)


class Week:
    """The network, and a planted plan that every generated request fits into."""

    def __init__(self, offices, mediators, places):
        self.days = [START + timedelta(days=d) for d in range(HORIZON_DAYS)]
        self.offices = {o["id"]: o for o in offices}
        self.mediators = {m["id"]: m for m in mediators}
        self.places = places  # municipality id -> (lat, lon)
        self.booked = {m: [] for m in self.mediators}  # (start, end, office or None when remote)
        self.office_load = {o: [] for o in self.offices}  # (start, end)
        self.minutes_day = {}
        self.minutes_week = {m: 0 for m in self.mediators}

    # -- calendars, in minutes since the horizon's first midnight (no DST change this week)
    def office_open(self, office_id, d):
        office, day = self.offices[office_id], self.days[d]
        if day == HOLIDAY or str(day) in office.get("closed", []):
            return []
        return rules_on(office["opening"], day)

    def available(self, mediator_id, d):
        m, day = self.mediators[mediator_id], self.days[d]
        spans = rules_on(m["availability"], day)
        for absence in m.get("absences", []):
            a, b = absolute(absence["from"]), absolute(absence["to"])
            spans = [piece for s, e in spans for piece in cut((d * 1440 + s, d * 1440 + e), (a, b))]
            spans = [(s - d * 1440, e - d * 1440) for s, e in spans]
        return spans

    def travel(self, a, b):
        """Minutes between two offices (spec: same office 0, same town intra, else great circle)."""
        if a == b:
            return 0
        ma, mb = self.offices[a]["municipality"], self.offices[b]["municipality"]
        if ma == mb:
            return TRAVEL["intra_municipality_minutes"]
        (lat1, lon1), (lat2, lon2) = self.places[ma], self.places[mb]
        p1, p2, dp, dl = map(math.radians, (lat1, lat2, lat2 - lat1, lon2 - lon1))
        h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        d = 2 * 6371.0 * math.asin(math.sqrt(h))
        return math.ceil(d * TRAVEL["road_factor"] / TRAVEL["speed_kmh"] * 60 - 1e-6)

    # -- the planted plan
    def fits(self, mediator_id, d, start, duration, office_id, in_person, opening=True):
        m = self.mediators[mediator_id]
        end = start + duration
        if not any(s <= start and end <= e for s, e in self.available(mediator_id, d)):
            return False
        if opening and not any(s <= start and end <= e for s, e in self.office_open(office_id, d)):
            return False
        if self.minutes_day.get((mediator_id, d), 0) + duration > m.get("max_minutes_per_day", 10 ** 6):
            return False
        if self.minutes_week[mediator_id] + duration > m.get("max_minutes_per_week", 10 ** 6):
            return False
        a, b = d * 1440 + start, d * 1440 + end
        if any(s < b and a < e for s, e, _ in self.booked[mediator_id]):
            return False
        if in_person:
            before = [x for x in self.booked[mediator_id] if x[2] and x[0] < a]
            after = [x for x in self.booked[mediator_id] if x[2] and x[0] >= b]
            if before:
                s, e, place = max(before)
                if e + self.travel(place, office_id) > a:
                    return False
            if after:
                s, e, place = min(after)
                if b + self.travel(office_id, place) > s:
                    return False
        if not self.keeps_breaks(mediator_id, d, (a, b, office_id if in_person else None)):
            return False
        capacity = self.offices[office_id].get("capacity")
        if capacity is not None:
            if sum(1 for s, e in self.office_load[office_id] if s < b and a < e) >= capacity:
                return False
        return True

    def keeps_breaks(self, mediator_id, d, new):
        """Rule 9 on day `d` with one more engagement: every run of work
        without a rest of BREAKS["break_minutes"] lasts at most
        BREAKS["after_minutes"]; the travel between two consecutive in-person
        engagements is taken from every gap between them."""
        items = sorted([x for x in self.booked[mediator_id] if x[0] // 1440 == d] + [new])
        block_start, block_end = items[0][0], items[0][1]
        for k in range(1, len(items)):
            p = next((x[2] for x in reversed(items[:k]) if x[2]), None)
            q = next((x[2] for x in items[k:] if x[2]), None)
            travel = self.travel(p, q) if p and q else 0
            if items[k][0] - items[k - 1][1] - travel >= BREAKS["break_minutes"]:
                block_start, block_end = items[k][0], items[k][1]
            else:
                block_end = max(block_end, items[k][1])
            if block_end - block_start > BREAKS["after_minutes"]:
                return False
        return items[0][1] - items[0][0] <= BREAKS["after_minutes"]

    def book(self, mediator_id, d, start, duration, office_id, in_person):
        a = d * 1440 + start
        self.booked[mediator_id].append((a, a + duration, office_id if in_person else None))
        self.office_load[office_id].append((a, a + duration))
        self.minutes_day[(mediator_id, d)] = self.minutes_day.get((mediator_id, d), 0) + duration
        self.minutes_week[mediator_id] += duration

    def suitable(self, request):
        """(mediator id, usable modalities) for a request, in the mediators' order."""
        level = LEVELS[request.get("min_level", "working")]
        out = []
        for m in self.mediators.values():
            if not any(serves(lang["code"], want) and LEVELS[lang["level"]] >= level
                       for want in request["languages"] for lang in m["languages"]):
                continue
            if not set(request.get("skills", [])) <= set(m.get("skills", [])):
                continue
            if request.get("mediator_gender") and m.get("gender") != request["mediator_gender"]:
                continue
            modes = [x for x in request["modalities"] if x in m["modalities"]]
            if modes:
                out.append((m["id"], modes))
        return out

    def places_for(self, request, days=None, only=None):
        """Every (mediator, day, start, modality) where the request fits the planted plan."""
        office = request["office"]
        found = []
        for mediator_id, modes in self.suitable(request):
            if only and mediator_id not in only:
                continue
            for d in days if days is not None else range(HORIZON_DAYS):
                for s, e in self.office_open(office, d):
                    first = -(-s // SLOT) * SLOT
                    for start in range(first, e - request["duration_minutes"] + 1, SLOT):
                        for mode in modes:
                            if self.fits(mediator_id, d, start, request["duration_minutes"], office,
                                         mode == "in_person"):
                                found.append((mediator_id, d, start, mode))
                                break
        return found

    def open_days(self, office_id):
        return [d for d in range(HORIZON_DAYS) if self.office_open(office_id, d)]


def rules_on(rules, day):
    name = DAYS[day.weekday()]
    spans = sorted((minutes(r["from"]), minutes(r["to"])) for r in rules
                   if name in r.get("days", []) or r.get("date") == str(day))
    merged = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def absolute(text):
    day, clock = text.split("T")
    return (date.fromisoformat(day) - START).days * 1440 + minutes(clock)


def cut(span, hole):
    s, e = span
    a, b = hole
    if b <= s or e <= a:
        return [span]
    return [x for x in ((s, a), (b, e)) if x[0] < x[1]]


def stamp(d, minute):
    return f"{START + timedelta(days=d)}T{hhmm(minute)}"


def ordered(request):
    return {k: request[k] for k in REQUEST_KEYS if k in request}


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.municipalities = [{"id": i, "name": n, "location": {"lat": lat, "lon": lon}}
                               for i, n, (lat, lon), _ in MUNICIPALITIES]
        self.municipalities.append({"id": MILANO[0], "name": MILANO[1],
                                    "location": {"lat": MILANO[2][0], "lon": MILANO[2][1]}})
        names = {i: n for i, n, _, _ in MUNICIPALITIES}
        self.offices = []
        for town, kind, rules, capacity, closed in OFFICES:
            office = {"id": f"{town}-{kind}", "name": f"{OFFICE_NAMES[kind]} - {names[town]}", "municipality": town,
                      "opening": [{"days": d, "from": f, "to": t} for d, f, t in rules]}
            if closed:
                office["closed"] = closed
            if capacity is not None:
                office["capacity"] = capacity
            self.offices.append(office)
        self.mediators = []
        self.mediator_id = {}
        for n, (key, name, home, gender, langs, modes, skills, avail, per_day, per_week) in enumerate(MEDIATORS, 1):
            m = {"id": f"m-{n:03d}-{key}", "name": name, "home": home,
                 "languages": [{"code": c, "level": lv} for c, lv in langs], "modalities": modes, "skills": skills,
                 "gender": gender, "availability": [{"days": d, "from": f, "to": t} for d, f, t in avail]}
            if key in ABSENCES:
                m["absences"] = [{"from": a, "to": b} for a, b in ABSENCES[key]]
            if per_day:
                m["max_minutes_per_day"] = per_day
            if per_week:
                m["max_minutes_per_week"] = per_week
            self.mediators.append(m)
            self.mediator_id[key] = m["id"]
        places = {m["id"]: (m["location"]["lat"], m["location"]["lon"]) for m in self.municipalities}
        self.week = Week(self.offices, self.mediators, places)
        self.kinds = {}
        for town, kind, *_ in OFFICES:
            self.kinds.setdefault(town, []).append(kind)

    # -- one request, placed in the planted plan first
    def place(self, request, fixed=False, days=None, only=None, prefer=None, span=None):
        """Gives the request a place in the planted plan and writes its start or
        window around it. Returns the placed mediator, or None (request unchanged)."""
        options = self.week.places_for(request, days, only)
        if not options:
            return None
        if prefer:
            preferred = [o for o in options if o[0] == prefer]
            options = preferred or options
        mediator_id, d, start, mode = self.rng.choice(options)
        self.week.book(mediator_id, d, start, request["duration_minutes"], request["office"], mode == "in_person")
        if fixed:
            request["start"] = stamp(d, start)
        else:
            self.window(request, d, span)
        return mediator_id, d, start

    def window(self, request, d, span=None):
        """From the opening of an open day at or before `d` to the closing of one at or after it."""
        days = self.week.open_days(request["office"])
        i = days.index(d)
        back, ahead = span if span is not None else (self.rng.choice([0, 0, 1]), self.rng.choice([0, 1, 1, 2]))
        first, last = days[max(0, i - back)], days[min(len(days) - 1, i + ahead)]
        request["earliest"] = stamp(first, self.week.office_open(request["office"], first)[0][0])
        request["latest"] = stamp(last, self.week.office_open(request["office"], last)[-1][1])

    def new(self, town, kind, languages, **fields):
        r = {"office": f"{town}-{kind}", "service": SERVICE[kind], "languages": list(languages),
             "duration_minutes": fields.pop("duration", None) or self.rng.choice(DURATIONS[kind]),
             "modalities": fields.pop("modalities", None) or list(self.rng.choice(MODALITIES[kind]))}
        r.update(fields)
        return r

    def random_request(self, town=None, kind=None, languages=None):
        rng = self.rng
        if town is None:
            town = rng.choices([m[0] for m in MUNICIPALITIES], weights=[m[3] for m in MUNICIPALITIES])[0]
        if kind is None:
            kinds = [k for k in self.kinds[town] if k in ("sportello", "servizi-sociali", "consultorio")]
            kind = rng.choices(kinds, weights=[{"sportello": 6, "servizi-sociali": 4, "consultorio": 3}[k]
                                               for k in kinds])[0]
        if languages is None:
            languages = rng.choices([d[0] for d in DEMAND], weights=[d[1] for d in DEMAND])[0]
        r = self.new(town, kind, languages)
        priority = rng.choices(*PRIORITIES)[0]
        if priority != "normal":
            r["priority"] = priority
        if kind in SKILL and rng.random() < 0.3:
            r["skills"] = [SKILL[kind]]
        if kind == "consultorio" and rng.random() < 0.4:
            r["mediator_gender"] = "f"
        return r

    def build(self):
        rng, week, mid = self.rng, self.week, self.mediator_id
        requests = []  # in the order they are placed; ids come at the end

        # 1. Appointments already communicated: placed first, where they were promised.
        promised = [("mustapha", ["ar-ma", "ar", "fr"], "rozzano", "sportello", 0, "09:30", 45, True),
                    ("arjola", ["sq"], "rozzano", "servizi-sociali", 1, "09:00", 60, True),
                    ("asif", ["ur", "pa"], "binasco", "servizi-sociali", 2, "09:30", 60, False),
                    ("maricel", ["tl", "en"], "opera", "sportello", 3, "10:00", 45, False)]
        for who, langs, town, kind, d, at, duration, locked in promised:
            r = self.new(town, kind, langs, duration=duration, modalities=["in_person", "phone"], priority="high")
            assert week.fits(mid[who], d, minutes(at), duration, r["office"], True), (who, town, kind)
            week.book(mid[who], d, minutes(at), duration, r["office"], True)
            self.window(r, d, (0, 1))
            r["previous"] = {"mediator": mid[who], "start": stamp(d, minutes(at))}
            if locked:
                r["locked"] = True
            requests.append(r)

        # 2. The workshop: one mediator per language and session, the same one
        # for both sessions where possible.
        library = "rozzano-biblioteca"
        workshop = {"id": "cucito-rozzano", "title": "Cucito creativo per donne italiane e straniere - Rozzano",
                    "office": library, "priority": "high", "languages": ["ar", "bn", "uk", "tl"],
                    "sessions": [{"id": "s1", "start": "2026-04-28T14:30", "duration_minutes": 120},
                                 {"id": "s2", "start": "2026-04-30T14:30", "duration_minutes": 120}]}
        for lang in workshop["languages"]:
            chosen = None
            for session in workshop["sessions"]:
                d, start = absolute(session["start"]) // 1440, absolute(session["start"]) % 1440
                speakers = [m["id"] for m in self.mediators if "in_person" in m["modalities"]
                            and any(serves(x["code"], lang) for x in m["languages"])]
                free = [m for m in speakers if week.fits(m, d, start, 120, library, True, opening=False)]
                pick = chosen if chosen in free else (free[0] if free else None)
                if pick:
                    week.book(pick, d, start, 120, library, True)
                    chosen = pick

        # 3. Five requests written to stay unserved, each for its own reason.
        unservable = [
            # An Afghan newcomer who speaks only Pashto: nobody does.
            self.new("opera", "sportello", ["ps"], duration=60, modalities=["in_person", "phone"], priority="high",
                     earliest="2026-04-27T14:00", latest="2026-04-30T12:30"),
            # Fula, and a woman mediator wanted at the consultorio: the only Fula speaker is a man.
            self.new("pieve-emanuele", "consultorio", ["ff"], duration=60, modalities=["in_person"],
                     mediator_gender="f", earliest="2026-04-27T08:30", latest="2026-04-30T12:30"),
            # An appointment given for Friday 1 May: the desk is closed for the holiday.
            self.new("rozzano", "sportello", ["zh"], duration=45, modalities=["in_person", "phone"],
                     start="2026-05-01T10:00"),
        ]
        requests += unservable
        # Two Tigrinya meetings at the same hour for the one Tigrinya speaker.
        clash = [self.new("opera", "servizi-sociali", ["ti"], duration=60, modalities=["in_person", "phone"],
                          priority="high", start="2026-04-30T10:00"),
                 self.new("pieve-emanuele", "consultorio", ["ti"], duration=45, modalities=["in_person"],
                          start="2026-04-30T10:30", mediator_gender="f")]
        assert week.fits(mid["senait"], 3, minutes("10:00"), 60, "opera-servizi-sociali", True)
        week.book(mid["senait"], 3, minutes("10:00"), 60, "opera-servizi-sociali", True)
        requests += clash

        # 4. Family cases across services, the same mediator wished for.
        families = [
            ("rozzano", ["ar-eg", "ar"], ["servizi-sociali", "scuola", "tutela-minori"]),
            ("rozzano", ["ur", "pa", "en"], ["servizi-sociali", "tutela-minori"]),
            ("rozzano", ["uk", "ru"], ["tutela-minori", "servizi-sociali"]),
            ("pieve-emanuele", ["zh"], ["scuola", "servizi-sociali", "tutela-minori"]),
            ("opera", ["ar-ma", "ar", "fr"], ["servizi-sociali", "scuola"]),
            ("binasco", ["sq"], ["scuola", "servizi-sociali"]),
            ("lacchiarella", ["wo", "fr"], ["servizi-sociali", "tutela-minori"]),
            ("pieve-emanuele", ["bn", "en"], ["consultorio", "servizi-sociali"]),
        ]
        for n, (town, langs, kinds) in enumerate(families, 1):
            case = f"case-{town[:3]}-{n:02d}"
            keeper = None
            for kind in kinds:
                place_town = "rozzano" if kind == "tutela-minori" else town
                r = self.random_request(place_town, kind, langs)
                r["case"] = case
                fixed = kind in ("scuola", "tutela-minori")
                if kind == "tutela-minori":
                    r["skills"] = ["psycho-social"]
                    r["min_level"] = "fluent"
                    r["priority"] = rng.choice(["high", "urgent"])
                    r.pop("mediator_gender", None)
                if kind == "scuola":
                    r["duration_minutes"] = rng.choice([30, 45])
                placed = self.place(r, fixed=fixed, prefer=keeper)
                if placed is None:
                    continue
                keeper = keeper or placed[0]
                requests.append(r)

        # 5. School talks with teachers at fixed times.
        for _ in range(5):
            for _attempt in range(20):
                town = rng.choice([t for t, ks in self.kinds.items() if "scuola" in ks])
                r = self.random_request(town, "scuola")
                r["duration_minutes"] = rng.choice([30, 45])
                r.pop("priority", None)
                if self.place(r, fixed=True):
                    requests.append(r)
                    break

        # 6. The showcase requests (r-0001, r-0002), then the rest of the week.
        first = self.new("rozzano", "sportello", ["ar-ma", "ar", "fr"], duration=45,
                         modalities=["in_person", "phone"], priority="high")
        self.place(first, days=[0, 1, 2], span=(2, 0))
        second = self.new("rozzano", "servizi-sociali", ["es"], duration=60,
                          modalities=["in_person", "phone"])
        self.place(second, days=[1, 2], span=(1, 1))
        while len(requests) + 2 < TOTAL_REQUESTS:
            r = self.random_request()
            fixed = r["office"].endswith("consultorio") and rng.random() < 0.5
            wish = rng.random() < 0.15  # the resident asks for the mediator met last time
            placed = self.place(r, fixed=fixed)
            if placed is None:
                continue
            if wish:
                r["preferred_mediator"] = placed[0]
            requests.append(r)

        # Ids: the showcase first, then the others in a registration order.
        rng.shuffle(requests)
        requests = [first, second] + requests
        # 7. Format 1.1: a psycho-social team meeting with an Eritrean family
        # whose parents speak Arabic and Tigrinya needs two mediators at once
        # (`roles`), last so that the requests before it stay as they were.
        requests.append(self.meeting())
        for n, r in enumerate(requests, 1):
            r["id"] = f"r-{n:04d}"
        return {
            "format": "ponte-problem/1",
            "network": {"name": "Ambito Visconteo Sud Milano", "timezone": "Europe/Rome", "slot_minutes": SLOT,
                        "holidays": "IT", "breaks": dict(BREAKS)},
            "horizon": {"start": str(START), "end": str(START + timedelta(days=HORIZON_DAYS - 1))},
            "municipalities": self.municipalities,
            "travel": dict(TRAVEL),
            "offices": self.offices,
            "mediators": self.mediators,
            "requests": [ordered(r) for r in requests],
            "workshops": [workshop],
        }


    def meeting(self):
        """The two-role meeting at the team's rooms in Rozzano, at the first
        quarter hour of the week when an Arabic-speaking mediator of the team
        and a Tigrinya one are both free (in person, or by phone when that is
        the only way)."""
        office, duration = "rozzano-tutela-minori", 60
        roles = [{"languages": ["ar"], "min_level": "fluent", "skills": ["psycho-social"]},
                 {"languages": ["ti", "am"], "min_level": "fluent"}]
        r = self.new("rozzano", "tutela-minori", [], duration=duration, modalities=["in_person", "phone"],
                     priority="high", case="case-roz-09", roles=roles)
        del r["languages"]
        choices = [self.week.suitable(dict(r, **role)) for role in roles]
        for d in range(HORIZON_DAYS):
            for s, e in self.week.office_open(office, d):
                for start in range(s, e - duration + 1, SLOT):
                    picked = []
                    for options in choices:
                        free = [(m, mode) for m, modes in options for mode in modes
                                if m not in [x for x, _ in picked]
                                and self.week.fits(m, d, start, duration, office, mode == "in_person")]
                        if not free:
                            break
                        picked.append(free[0])
                    else:
                        for m, mode in picked:
                            self.week.book(m, d, start, duration, office, mode == "in_person")
                        r["start"] = stamp(d, start)
                        return r
        raise RuntimeError("no time for the two-role meeting")


def build(seed):
    return Generator(seed).build()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default=str(Path(__file__).with_name("visconteo-week.json")))
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    doc = build(args.seed)
    Path(args.output).write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(doc['offices'])} offices, {len(doc['mediators'])} mediators, "
          f"{len(doc['requests'])} requests, {sum(len(w['sessions']) for w in doc['workshops'])} workshop sessions")


if __name__ == "__main__":
    main()
