/** One formatter per time zone: creating an Intl.DateTimeFormat costs about a millisecond (ICU loads the zone). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of `timeZone` from UTC at the instant `utcMillis`, in minutes (Berlin in winter: 60, New York in summer: -240). */
export function utcOffsetMinutes(timeZone: string, utcMillis: number): number {
  const name = offsetFormatter(timeZone)
    .formatToParts(utcMillis)
    .find((p) => p.type === "timeZoneName")?.value;
  // "GMT" alone at offset zero, otherwise "GMT+05:30" / "GMT-04:00".
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
