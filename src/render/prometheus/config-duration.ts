/**
 * Prometheus' duration grammar (prometheus/common `model.ParseDuration`), which Alertmanager and PromQL ranges share:
 * integers with units y, w, d, h, m, s, ms, each at most once and in that order, or a bare "0". Unlike the spec's
 * `Duration` (whole seconds, by design), it reads what a rendered or running configuration may hold: "250ms", "0s".
 */
const PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds per unit, in the pattern's group order (a year is 365 days, as upstream). */
const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1];

/**
 * Seconds in a duration read from a Prometheus or Alertmanager configuration; `field` names where it came from.
 * A YAML number is taken as its text, as Go's YAML decoder does (so `0` is valid and `5` is not).
 * Throws, naming the field, for anything Prometheus would refuse: never a silent 0.
 */
export function configSeconds(value: unknown, field: string): number {
  const text = typeof value === "number" ? String(value) : value;
  if (text === "0") return 0;
  const match = typeof text === "string" && text !== "" ? PATTERN.exec(text) : null;
  if (!match) {
    throw new Error(
      `${field}: ${JSON.stringify(value)} is not a Prometheus duration (whole numbers with units y, w, d, h, m, s, ms in that order, such as "250ms", "1m30s" or "0")`,
    );
  }
  return UNIT_MS.reduce((ms, factor, i) => ms + Number(match[i + 1] ?? 0) * factor, 0) / 1000;
}
