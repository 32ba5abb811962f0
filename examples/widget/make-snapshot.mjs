#!/usr/bin/env node
// Writes the demo's availability snapshot (snapshot.json), deterministic:
//   node examples/widget/make-snapshot.mjs [FIRST-DAY] [WEEKS] > examples/widget/snapshot.json
// The format is the widget's provisional `ponte-availability/1` (see
// wasm/widget/slots.js); the core will publish real snapshots (issue 4).

const first = process.argv[2] ?? "2026-12-01";
const weeks = Number(process.argv[3] ?? 9);

const offices = [
  { id: "rozzano-sportello", name: "Sportello stranieri", municipality: "Rozzano",
    opening: { 1: ["09:00", "12:30"], 3: ["09:00", "12:30"], 5: ["09:00", "12:30"] } },
  { id: "rozzano-consultorio", name: "Consultorio familiare", municipality: "Rozzano",
    opening: { 2: ["14:00", "17:00"], 4: ["09:00", "12:00"] } },
  { id: "opera-biblioteca", name: "Biblioteca civica", municipality: "Opera",
    opening: { 1: ["14:00", "18:00"], 3: ["14:00", "18:00"] } },
];
const languages = ["ar", "ur", "zh", "ro", "sq", "uk", "ti", "fr", "es", "en", "bn"];
// Closed: 8 Dec, 24-26 Dec, 31 Dec - 6 Jan (holidays and the Christmas break).
const closed = new Set(["2026-12-08", "2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31",
  "2027-01-01", "2027-01-02", "2027-01-04", "2027-01-05", "2027-01-06"]);

let seed = 20261201;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pad = (n) => String(n).padStart(2, "0");
const clock = (m) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
const minutes = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

const slots = [];
const start = new Date(`${first}T00:00:00Z`);
for (let i = 0; i < weeks * 7; i++) {
  const day = new Date(start.getTime() + i * 86400000);
  const iso = day.toISOString().slice(0, 10);
  if (closed.has(iso)) continue;
  for (const office of offices) {
    const hours = office.opening[day.getUTCDay()];
    if (!hours) continue;
    for (let m = minutes(hours[0]); m + 60 <= minutes(hours[1]); m += 30) {
      if (random() < 0.55) continue; // taken
      const spoken = languages.filter(() => random() < 0.3);
      if (!spoken.length) spoken.push(languages[Math.floor(random() * languages.length)]);
      const modalities = random() < 0.7 ? ["in_person", "video"] : ["in_person"];
      if (random() < 0.2) modalities.push("phone");
      slots.push({ office: office.id, start: `${iso}T${clock(m)}`, end: `${iso}T${clock(m + 60)}`, languages: spoken, modalities });
    }
  }
}

const snapshot = {
  format: "ponte-availability/1",
  timezone: "Europe/Rome",
  offices: offices.map(({ id, name, municipality }) => ({ id, name, municipality })),
  slots,
};
process.stdout.write(JSON.stringify(snapshot, null, 1) + "\n");
