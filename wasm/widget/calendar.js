// Calendar arithmetic on local dates written "YYYY-MM-DD" (no time zones:
// the snapshot's times are already local to its zone).

/** {y, m (0-11), d} of "YYYY-MM-DD". */
export function parseDate(iso) {
  return { y: Number(iso.slice(0, 4)), m: Number(iso.slice(5, 7)) - 1, d: Number(iso.slice(8, 10)) };
}

/** "YYYY-MM-DD" of a year, month (0-11, may overflow) and day (may overflow). */
export function isoDate(y, m, d) {
  const date = new Date(Date.UTC(y, m, d));
  return date.toISOString().slice(0, 10);
}

/** The date `days` days after `iso` (negative: before). */
export function addDays(iso, days) {
  const { y, m, d } = parseDate(iso);
  return isoDate(y, m, d + days);
}

/** The same day `months` months later, clamped to the month's last day. */
export function addMonths(iso, months) {
  const { y, m, d } = parseDate(iso);
  const last = new Date(Date.UTC(y, m + months + 1, 0)).getUTCDate();
  return isoDate(y, m + months, Math.min(d, last));
}

/** "YYYY-MM" of a date. */
export function monthOf(iso) {
  return iso.slice(0, 7);
}

/** Day of the week, Monday = 0 ... Sunday = 6. */
export function mondayIndex(iso) {
  const { y, m, d } = parseDate(iso);
  return (new Date(Date.UTC(y, m, d)).getUTCDay() + 6) % 7;
}

/**
 * The weeks (Monday first) shown for the month of `iso`: rows of seven
 * dates, `null` outside the month.
 */
export function monthWeeks(iso) {
  const { y, m } = parseDate(iso);
  const first = isoDate(y, m, 1);
  const days = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const weeks = [];
  let week = new Array(mondayIndex(first)).fill(null);
  for (let d = 1; d <= days; d++) {
    week.push(isoDate(y, m, d));
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length) weeks.push(week.concat(new Array(7 - week.length).fill(null)));
  return weeks;
}

/** The current local date-time "YYYY-MM-DDTHH:MM" in an IANA zone. */
export function localNow(timezone, now = new Date()) {
  try {
    const parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(now);
    const get = (type) => parts.find((p) => p.type === type)?.value ?? "00";
    return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
  } catch {
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
  }
}

/** "HH:MM" plus `minutes` (within the day). */
export function addClock(hhmm, minutes) {
  const total = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)) + minutes;
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

/**
 * The day a date-grid key moves to from `day` (the WAI-ARIA date picker's
 * keys: arrows by day and week, Home/End to the week's ends, Page Up/Down by
 * month, with Shift by year; left and right swap in right-to-left text), or
 * null for any other key.
 */
export function dayAfterKey(day, key, shiftKey, rtl) {
  switch (key) {
    case "ArrowRight": return addDays(day, rtl ? -1 : 1);
    case "ArrowLeft": return addDays(day, rtl ? 1 : -1);
    case "ArrowDown": return addDays(day, 7);
    case "ArrowUp": return addDays(day, -7);
    case "Home": return addDays(day, -mondayIndex(day));
    case "End": return addDays(day, 6 - mondayIndex(day));
    case "PageUp": return addMonths(day, shiftKey ? -12 : -1);
    case "PageDown": return addMonths(day, shiftKey ? 12 : 1);
    default: return null;
  }
}
