#!/usr/bin/env python3
"""Generate the bundled example week of the Ambito Visconteo Sud Milano.

    python3 examples/data/make_visconteo.py [OUTPUT.json] [--seed N]

Writes a `ponte-problem/1` document (default: visconteo-week.json next to
this script) describing one week (Monday 27 April - Sunday 3 May 2026, with
1 May a national holiday) of linguistic-cultural mediation in the 11
municipalities of the Ambito Visconteo Sud Milano, Rozzano lead municipality:

- the 11 municipalities with approximate real coordinates, plus Milano as
  the home town of some mediators;
- offices: a foreigners' desk (sportello stranieri) and social services in
  every town, family health centres (consultori) in Rozzano, Pieve Emanuele
  and Binasco, schools and libraries in the larger towns, with plausible
  weekly hours (mornings, one or two afternoons, Saturday at libraries);
- 15 mediators with plausible languages (Arabic variants, Chinese, Spanish,
  Ukrainian/Russian, Bengali, Romanian, Albanian, Urdu/Punjabi, Tagalog,
  Sinhala, Wolof/French, English, Tigrinya/Amharic), levels, modalities,
  skills, availability and maxima;
- 70 requests with services, priorities, windows or fixed starts, family
  cases, a few already communicated (`previous`, some `locked`), and a few
  that no mediator can serve (Pashto, Fula);
- the "cucito creativo" sewing workshop for Italian and foreign women at
  the Rozzano library: four languages, two sessions.

Every person and family is invented. Python 3 standard library only; the
output is deterministic for a seed (default 2026) and byte-identical across
runs. Check it with

    cargo run --release --example ponte -- validate examples/data/visconteo-week.json
    ../shared/tools/ponte-check --validate examples/data/visconteo-week.json   # when present
"""

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path

START = date(2026, 4, 27)  # Monday
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
HOLIDAY = date(2026, 5, 1)  # Festa del lavoro: closed everywhere (holidays "IT")

# id, name, (lat, lon), population (thousands, for demand), offices
MUNICIPALITIES = [
    ("rozzano", "Rozzano", (45.3817, 9.1553), 42, ["sportello", "servizi-sociali", "consultorio", "scuola", "biblioteca"]),
    ("pieve-emanuele", "Pieve Emanuele", (45.3515, 9.2038), 15, ["sportello", "servizi-sociali", "consultorio", "scuola", "biblioteca"]),
    ("opera", "Opera", (45.3748, 9.2109), 14, ["sportello", "servizi-sociali", "scuola", "biblioteca"]),
    ("locate-di-triulzi", "Locate di Triulzi", (45.3572, 9.2224), 10, ["sportello", "servizi-sociali", "scuola"]),
    ("binasco", "Binasco", (45.3297, 9.0996), 7, ["sportello", "servizi-sociali", "consultorio", "scuola"]),
    ("lacchiarella", "Lacchiarella", (45.3226, 9.1369), 9, ["sportello", "servizi-sociali", "scuola"]),
    ("basiglio", "Basiglio", (45.3590, 9.1580), 8, ["sportello", "servizi-sociali"]),
    ("zibido-san-giacomo", "Zibido San Giacomo", (45.3606, 9.1108), 7, ["sportello", "servizi-sociali", "scuola"]),
    ("casarile", "Casarile", (45.3161, 9.1017), 4, ["sportello", "servizi-sociali"]),
    ("noviglio", "Noviglio", (45.3590, 9.0536), 4, ["sportello", "servizi-sociali"]),
    ("vernate", "Vernate", (45.3159, 9.0612), 3, ["sportello", "servizi-sociali"]),
]
MILANO = ("milano", "Milano", (45.4642, 9.1900))

OFFICE_NAMES = {
    "sportello": "Sportello stranieri",
    "servizi-sociali": "Servizi sociali",
    "consultorio": "Consultorio familiare",
    "scuola": "Istituto comprensivo",
    "biblioteca": "Biblioteca civica",
}
SERVICE = {
    "sportello": "foreigners-desk",
    "servizi-sociali": "social-services",
    "consultorio": "health",
    "scuola": "school",
    "biblioteca": "community",
}
SKILL = {"servizi-sociali": "social-services", "consultorio": "health", "scuola": "school"}

# id suffix, name, home, gender, languages, modalities, skills, availability, max/day, max/week
MEDIATORS = [
    ("mustapha", "Mustapha K.", "opera", "m", [("ar-ma", "native"), ("fr", "fluent")], ["in_person", "phone", "video"], ["school"],
     [(["mon", "wed", "thu"], "08:30", "13:00"), (["tue", "thu"], "14:00", "17:30")], None, 720),
    ("souleymane", "Souleymane M.", "pieve-emanuele", "m", [("wo", "native"), ("fr", "fluent"), ("ff", "working")], ["in_person", "phone"], ["social-services"],
     [(["tue", "thu"], "09:00", "13:00"), (["wed"], "14:00", "18:00")], 360, None),
    ("mona", "Mona S.", "pieve-emanuele", "f", [("ar-eg", "native"), ("ar", "fluent"), ("en", "working")], ["in_person"], ["health", "school", "social-services"],
     [(["mon", "tue", "wed", "thu"], "09:00", "13:00"), (["tue", "wed"], "14:00", "17:00")], 420, 960),
    ("jose", "José L.", "rozzano", "m", [("es", "native"), ("pt", "fluent")], ["in_person", "phone"], ["social-services"],
     [(["mon", "tue", "wed", "thu"], "09:00", "13:00"), (["tue", "thu"], "14:00", "17:00")], None, 900),
    ("aissatou", "Aissatou L.", "basiglio", "f", [("wo", "native"), ("fr", "native")], ["in_person", "phone", "video"], ["social-services", "health"],
     [(["mon", "tue", "thu"], "08:30", "12:30"), (["wed"], "14:00", "17:00")], 480, None),
    ("taslima", "Taslima E.", "lacchiarella", "f", [("bn", "native"), ("en", "fluent"), ("hi", "working")], ["in_person", "phone"], ["health"],
     [(["mon", "tue", "wed", "thu"], "08:30", "12:30"), (["tue", "thu"], "14:00", "17:00")], 480, None),
    ("iryna", "Iryna D.", "pieve-emanuele", "f", [("uk", "native"), ("ru", "native")], ["phone", "video"], ["health", "social-services"],
     [(["mon", "tue", "wed", "thu"], "09:00", "12:00")], 180, None),
    ("andrii", "Andrii H.", "zibido-san-giacomo", "m", [("uk", "native"), ("ru", "fluent")], ["in_person", "phone"], ["social-services"],
     [(["tue", "thu"], "09:00", "17:00")], 300, None),
    ("arjola", "Arjola I.", "rozzano", "f", [("sq", "native"), ("en", "working")], ["in_person", "video"], ["social-services", "school"],
     [(["mon", "tue", "wed", "thu"], "08:30", "12:30"), (["thu"], "14:00", "17:00")], 300, None),
    ("ion", "Ion L.", "rozzano", "m", [("ro", "native"), ("es", "working")], ["in_person", "phone"], ["health"],
     [(["mon", "wed", "thu"], "09:00", "16:00")], 420, None),
    ("anwar", "Anwar V.", "rozzano", "m", [("bn", "native"), ("en", "fluent"), ("ur", "working")], ["in_person", "video"], ["health", "social-services"],
     [(["mon", "tue", "wed"], "09:00", "13:00"), (["tue", "thu"], "14:00", "18:00")], 240, 720),
    ("asif", "Asif H.", "binasco", "m", [("ur", "native"), ("pa", "native"), ("en", "fluent")], ["in_person", "phone", "video"], ["social-services", "psycho-social"],
     [(["mon", "tue", "wed", "thu"], "09:00", "12:30")], None, None),
    ("xiaoyan", "Xiaoyan P.", "milano", "f", [("zh", "native"), ("en", "working")], ["phone", "video"], ["health", "school", "psycho-social"],
     [(["mon", "tue", "wed", "thu", "fri"], "09:00", "13:00")], None, 600),
    ("maricel", "Maricel I.", "milano", "f", [("tl", "native"), ("en", "fluent"), ("si", "working")], ["in_person", "phone"], ["health", "social-services"],
     [(["tue", "thu"], "09:00", "17:00")], 300, None),
    ("senait", "Senait T.", "opera", "f", [("ti", "native"), ("am", "fluent"), ("ar", "working"), ("en", "working")], ["in_person", "phone"], ["social-services", "health"],
     [(["mon", "wed"], "13:30", "17:30"), (["tue", "thu"], "09:00", "12:30")], 240, None),
]

# Demand: language preference lists with weights (residents' languages, most preferred first).
DEMAND = [
    (["ar-ma", "ar", "fr"], 12), (["ar-eg", "ar"], 6), (["ar", "fr"], 4), (["zh"], 7), (["es"], 6),
    (["uk", "ru"], 6), (["ru"], 2), (["bn", "en"], 6), (["ro"], 5), (["sq"], 5), (["ur", "pa", "en"], 4),
    (["pa", "ur"], 2), (["tl", "en"], 3), (["si", "en"], 1), (["wo", "fr"], 4), (["fr"], 2), (["en"], 2),
    (["ti", "am", "ar"], 2), (["pt", "es"], 1), (["ps", "ur"], 1), (["ff", "wo", "fr"], 1), (["ff"], 1),
]


def hhmm(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes(text):
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def opening(kind, rng):
    """Weekly opening hours of an office by kind, with a little variety."""
    mornings = sorted(rng.sample(["mon", "tue", "wed", "thu", "fri"], {"sportello": 3, "servizi-sociali": 3,
                                                                       "consultorio": 4, "scuola": 5, "biblioteca": 4}[kind]),
                      key=DAYS.index)
    start = {"scuola": "08:00", "consultorio": "08:30"}.get(kind, "09:00")
    end = {"scuola": "13:00", "biblioteca": "12:30"}.get(kind, "12:30")
    rules = [{"days": mornings, "from": start, "to": end}]
    if kind in ("sportello", "servizi-sociali", "consultorio"):
        rules.append({"days": [rng.choice(["tue", "wed", "thu"])], "from": "14:00", "to": "17:00"})
    if kind == "biblioteca":
        rules.append({"days": ["tue", "wed", "thu", "fri"], "from": "14:00", "to": "18:30"})
        rules.append({"days": ["sat"], "from": "09:00", "to": "12:30"})
    return rules


def open_intervals(rules, day):
    name = DAYS[day.weekday()]
    return [(minutes(r["from"]), minutes(r["to"])) for r in rules if name in r.get("days", [])]


def build(seed):
    rng = random.Random(seed)
    municipalities = [{"id": i, "name": n, "location": {"lat": lat, "lon": lon}} for i, n, (lat, lon), _, _ in MUNICIPALITIES]
    municipalities.append({"id": MILANO[0], "name": MILANO[1], "location": {"lat": MILANO[2][0], "lon": MILANO[2][1]}})

    offices = []
    for mid, name, _, _, kinds in MUNICIPALITIES:
        for kind in kinds:
            office = {"id": f"{mid}-{kind}", "name": f"{OFFICE_NAMES[kind]} - {name}", "municipality": mid,
                      "opening": opening(kind, rng)}
            if kind == "sportello" and mid in ("rozzano", "pieve-emanuele"):
                office["capacity"] = 2
            offices.append(office)
    by_id = {o["id"]: o for o in offices}

    mediators = []
    for n, (key, name, home, gender, langs, modes, skills, avail, per_day, per_week) in enumerate(MEDIATORS, 1):
        m = {"id": f"m-{n:03d}-{key}", "name": name, "home": home,
             "languages": [{"code": c, "level": lv} for c, lv in langs], "modalities": modes, "skills": skills,
             "gender": gender, "availability": [{"days": d, "from": f, "to": t} for d, f, t in avail]}
        if per_day:
            m["max_minutes_per_day"] = per_day
        if per_week:
            m["max_minutes_per_week"] = per_week
        mediators.append(m)
    mediators[9]["absences"] = [{"from": "2026-04-29T00:00", "to": "2026-04-30T00:00"}]  # Ion: a day off

    # Requests.
    towns = [(mid, pop) for mid, _, _, pop, _ in MUNICIPALITIES]
    demand = [langs for langs, w in DEMAND for _ in range(w)]
    workdays = [START + timedelta(days=d) for d in range(5) if START + timedelta(days=d) != HOLIDAY]
    requests = []
    cases = {}
    n = 0
    while len(requests) < 70:
        n += 1
        town = rng.choices([t for t, _ in towns], weights=[p for _, p in towns])[0]
        kinds = [k for k in next(x[4] for x in MUNICIPALITIES if x[0] == town) if k != "biblioteca"]
        kind = rng.choices(kinds, weights=[{"sportello": 5, "servizi-sociali": 4, "consultorio": 2, "scuola": 2}[k] for k in kinds])[0]
        office = by_id[f"{town}-{kind}"]
        langs = list(rng.choice(demand))
        duration = rng.choice({"sportello": [30, 45, 60], "servizi-sociali": [45, 60, 90], "consultorio": [45, 60],
                               "scuola": [45, 60, 90]}[kind])
        r = {"id": f"r-{len(requests) + 1:04d}", "office": office["id"], "service": SERVICE[kind], "languages": langs,
             "duration_minutes": duration}
        day = rng.choice(workdays)
        spans = open_intervals(office["opening"], day)
        fixed = kind in ("scuola", "consultorio") and spans and rng.random() < 0.5
        if fixed:
            a, b = rng.choice(spans)
            if b - a < duration:
                continue
            r["start"] = f"{day}T{hhmm(a + 15 * rng.randrange((b - a - duration) // 15 + 1))}"
        else:
            last = min(day + timedelta(days=rng.choice([2, 3, 4])), START + timedelta(days=3))
            r["earliest"] = f"{day}T08:00"
            r["latest"] = f"{last}T18:00"
        modes = {"sportello": [["in_person"], ["in_person", "phone"], ["video", "phone"]],
                 "servizi-sociali": [["in_person"], ["in_person", "phone"]],
                 "consultorio": [["in_person"], ["in_person", "video"]],
                 "scuola": [["in_person"], ["in_person", "phone"]]}[kind]
        r["modalities"] = rng.choice(modes)
        r["priority"] = rng.choices(["urgent", "high", "normal", "low"], weights=[3, 12, 62, 23])[0]
        if kind in SKILL and rng.random() < 0.3:
            r["skills"] = [SKILL[kind]]
        if kind == "consultorio" and rng.random() < 0.3:
            r["mediator_gender"] = "f"
        if kind in ("servizi-sociali", "scuola") and rng.random() < 0.35:
            key = (town, langs[0])
            cases.setdefault(key, f"case-{town[:3]}-{len(cases) + 1:02d}")
            r["case"] = cases[key]
        if r["priority"] == "normal" and not fixed:
            del r["priority"]
        requests.append(r)

    # A few appointments already communicated: fixed start, the mediator
    # free, speaking the language and available then; some locked.
    previous_plan = [("mustapha", "ar-ma", "rozzano-sportello", date(2026, 4, 27), "09:30", True),
                     ("arjola", "sq", "rozzano-servizi-sociali", date(2026, 4, 28), "09:00", True),
                     ("asif", "ur", "binasco-servizi-sociali", date(2026, 4, 29), "09:30", False),
                     ("maricel", "tl", "pieve-emanuele-sportello", date(2026, 4, 30), "10:00", False)]
    for i, (who, lang, office_id, day, at, locked) in enumerate(previous_plan):
        office = by_id[office_id]
        spans = open_intervals(office["opening"], day)
        t = minutes(at)
        if not any(a <= t and t + 45 <= b for a, b in spans):
            # Open the office that morning (a one-off opening for the meeting).
            office["opening"].append({"date": str(day), "from": "09:00", "to": "12:30"})
        m = next(m for m in mediators if m["id"].endswith(who))
        r = requests[10 + i * 13]
        kind = office_id.split("-", 1)[1] if not office_id.startswith(("pieve", "locate", "zibido")) else office_id.split("-", 2)[2]
        r.clear()
        r.update({"id": f"r-{10 + i * 13 + 1:04d}", "office": office_id, "service": SERVICE.get(kind, "foreigners-desk"),
                  "languages": [lang], "duration_minutes": 45, "start": f"{day}T{at}", "modalities": ["in_person"],
                  "priority": "high", "previous": {"mediator": m["id"], "start": f"{day}T{at}"}})
        if locked:
            r["locked"] = True

    workshops = [{
        "id": "cucito-rozzano",
        "title": "Cucito creativo per donne italiane e straniere - Rozzano",
        "office": "rozzano-biblioteca",
        "priority": "high",
        "languages": ["ar-ma", "bn", "uk", "tl"],
        "sessions": [{"id": "s1", "start": "2026-04-28T14:30", "duration_minutes": 120},
                     {"id": "s2", "start": "2026-04-30T14:30", "duration_minutes": 120}],
    }]
    # The library opens on Tuesday and Thursday afternoons (rule above).
    return {
        "format": "ponte-problem/1",
        "network": {"name": "Ambito Visconteo Sud Milano", "timezone": "Europe/Rome", "slot_minutes": 15, "holidays": "IT"},
        "horizon": {"start": str(START), "end": str(START + timedelta(days=6))},
        "municipalities": municipalities,
        "travel": {"speed_kmh": 30, "road_factor": 1.3, "intra_municipality_minutes": 5},
        "offices": offices,
        "mediators": mediators,
        "requests": requests,
        "workshops": workshops,
    }


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
