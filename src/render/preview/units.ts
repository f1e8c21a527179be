/**
 * Formatting of a value in a Grafana unit (the units the dashboards use: short, percent, percentunit, s, ms, bytes,
 * Bps, ops, reqps), written once as browser JavaScript: the page formats uPlot's axis ticks with it, and the
 * preview's stat and table cells are formatted with the same function in Node (`formatValue` below).
 */
export const UNIT_FORMATTER_JS = `
function formatValue(unit, value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "-";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  var abs = Math.abs(value);
  function fixed(v) {
    var a = Math.abs(v);
    var digits = a === 0 || a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    return String(Number(v.toFixed(digits)));
  }
  function scaled(v, base, units, space) {
    var i = 0;
    while (Math.abs(v) >= base && i < units.length - 1) { v = v / base; i++; }
    return fixed(v) + (space ? " " : "") + units[i];
  }
  function si(v, suffix) {
    var units = ["", " K", " M", " G", " T", " P"];
    var i = 0;
    while (Math.abs(v) >= 1000 && i < units.length - 1) { v = v / 1000; i++; }
    return fixed(v) + units[i] + suffix;
  }
  function duration(seconds) {
    var a = Math.abs(seconds);
    if (a === 0) return "0 s";
    if (a < 1e-6) return fixed(seconds * 1e9) + " ns";
    if (a < 1e-3) return fixed(seconds * 1e6) + " µs";
    if (a < 1) return fixed(seconds * 1e3) + " ms";
    if (a < 60) return fixed(seconds) + " s";
    if (a < 3600) return fixed(seconds / 60) + " min";
    if (a < 86400) return fixed(seconds / 3600) + " hour";
    return fixed(seconds / 86400) + " day";
  }
  switch (unit) {
    case "percent": return fixed(value) + "%";
    case "percentunit": return fixed(value * 100) + "%";
    case "s": return duration(value);
    case "ms": return duration(value / 1000);
    case "bytes": case "decbytes":
      return unit === "bytes" ? scaled(value, 1024, ["B", "KiB", "MiB", "GiB", "TiB", "PiB"], true) : scaled(value, 1000, ["B", "kB", "MB", "GB", "TB", "PB"], true);
    case "Bps": case "binBps":
      return unit === "binBps" ? scaled(value, 1024, ["B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"], true) : scaled(value, 1000, ["B/s", "kB/s", "MB/s", "GB/s", "TB/s"], true);
    case "ops": return si(value, " ops/s");
    case "reqps": return si(value, " req/s");
    case "none": return String(value);
    default: return abs >= 1000 ? si(value, "") : fixed(value);
  }
}
`;

/** {@link UNIT_FORMATTER_JS} as a Node function. */
export const formatValue: (unit: string | undefined, value: number | null) => string = new Function(
  `${UNIT_FORMATTER_JS}\nreturn formatValue;`,
)();
