import { isMainThread } from "node:worker_threads";
import { PAGERDUTY_TIME_ZONES } from "../../catalog/pagerduty/time-zones";

/**
 * Offset of `timeZone` from UTC at the instant `utcMillis`, in minutes (Berlin in winter: 60, New York in summer: -240).
 * Only the zones PagerDuty accepts are taken, as its provider does at plan.
 */
export function utcOffsetMinutes(timeZone: string, utcMillis: number): number {
  if (!PAGERDUTY_TIME_ZONES.has(timeZone)) {
    throw new Error(`time zone "${timeZone}" is not one PagerDuty accepts (such as "Europe/Berlin" or "Etc/UTC")`);
  }
  // Node applies a change of process.env.TZ to Date only on the main thread (a worker's env is a copy).
  return isMainThread ? offsetUnderTz(timeZone, utcMillis) : offsetFromIntl(timeZone, utcMillis);
}

/**
 * The offset read from Date with `process.env.TZ` set to the zone for the call (the previous value is restored):
 * Intl.DateTimeFormat gives the same offsets (tested for every zone), but its first use loads ICU's locale data,
 * 30-100 ms of every synth's start (#19). TZ falls back to UTC for a name it does not know: the caller checks it.
 */
function offsetUnderTz(timeZone: string, utcMillis: number): number {
  const previous = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    // getTimezoneOffset is UTC minus local time; 0 - keeps UTC's offset a positive zero.
    return 0 - new Date(utcMillis).getTimezoneOffset();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

/** One formatter per time zone, for worker threads: creating an Intl.DateTimeFormat costs a millisecond or more. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The offset Intl names ("GMT+05:30", "GMT-04:00", or "GMT" alone at zero). */
function offsetFromIntl(timeZone: string, utcMillis: number): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    formatters.set(timeZone, formatter);
  }
  const name = formatter.formatToParts(utcMillis).find((p) => p.type === "timeZoneName")?.value;
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? "");
  if (!match) throw new Error(`cannot read the UTC offset of time zone "${timeZone}" (got "${name}")`);
  if (!match[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/**
 * A wall-clock time in a time zone as RFC 3339 with that zone's offset at that instant, e.g.
 * ("2025-01-06", "09:00", "Europe/Berlin") -> "2025-01-06T09:00:00+01:00" and in July "+02:00". PagerDuty's provider
 * parses schedule layer times with Go's time.RFC3339, which requires the offset, and wants full minutes.
 * Around a DST change: a skipped wall time keeps the offset before the change, a repeated one is its later occurrence.
 */
export function zonedRfc3339(date: string, time: string, timeZone: string): string {
  const wall = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(wall)) throw new Error(`not a date and time of day: "${date}" "${time}"`);
  // The offset at the wall time read as UTC is right except within a few hours of a DST change: correct once.
  const guess = utcOffsetMinutes(timeZone, wall);
  const offset = utcOffsetMinutes(timeZone, wall - guess * 60_000);
  return `${date}T${time}:00${formatOffset(offset)}`;
}
