/**
 * Realistic service traffic for promtool tests, generated (promtool's `a+bxn` notation only draws straight lines):
 * a quiet base with one daily peak (ramps and plateau) whose start and height vary from day to day, multiplicative
 * noise per sample, organic growth, and incidents that multiply traffic or latency for a while. Deterministic: a
 * seeded generator, so a failing case can be replayed.
 */
export interface TrafficShape {
  readonly days: number;
  /** Sample step in minutes. @default 5 */
  readonly stepMinutes?: number;
  /** Requests/s outside the peak. @default 20 */
  readonly base?: number;
  /** Peak height as a multiple of the base. @default 3.5 */
  readonly peakFactor?: number;
  /** Start of the peak's ramp-up, minutes after midnight. @default 18 * 60 */
  readonly peakStart?: number;
  /** Ramp duration (up and down), and plateau duration, in minutes. @default 20, 120 */
  readonly rampMinutes?: number;
  readonly plateauMinutes?: number;
  /** The peak starts up to ± this many minutes off `peakStart`, a different amount every day. @default 30 */
  readonly jitterMinutes?: number;
  /** The peak height varies by up to ± this fraction from day to day. @default 0.1 */
  readonly heightJitter?: number;
  /** Relative standard deviation of every sample. @default 0.05 */
  readonly noise?: number;
  /** Organic growth per day, e.g. 0.03 for 3 %. @default 0 */
  readonly growthPerDay?: number;
  /** p99 latency in seconds off-peak; the peak adds 30 % of it. @default 0.25 */
  readonly latency?: number;
  /** Incidents: traffic or latency multiplied by `factor` from minute `from` (inclusive) to `to` (exclusive). */
  readonly events?: readonly TrafficEvent[];
  /** @default 1 */
  readonly seed?: number;
}

export interface TrafficEvent {
  readonly signal: "traffic" | "latency";
  readonly from: number;
  readonly to: number;
  readonly factor: number;
}

export interface GeneratedTraffic {
  /** Requests/s per step, from minute 0. */
  readonly rate: readonly number[];
  /** p99 latency in seconds per step. */
  readonly p99: readonly number[];
  readonly stepMinutes: number;
  /** Where each day's peak ramp starts, and the middle of its plateau (minutes from the start). */
  readonly peakStarts: readonly number[];
  readonly peakMiddles: readonly number[];
}

export const DAY = 1440;

/** mulberry32: a tiny seeded PRNG, good enough for test noise. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function generateTraffic(shape: TrafficShape): GeneratedTraffic {
  const step = shape.stepMinutes ?? 5;
  const base = shape.base ?? 20;
  const peakFactor = shape.peakFactor ?? 3.5;
  const ramp = shape.rampMinutes ?? 20;
  const plateau = shape.plateauMinutes ?? 120;
  const jitter = shape.jitterMinutes ?? 30;
  const heightJitter = shape.heightJitter ?? 0.1;
  const noise = shape.noise ?? 0.05;
  const latency = shape.latency ?? 0.25;
  const rnd = random(shape.seed ?? 1);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const days = Array.from({ length: shape.days + 1 }, (_, d) => ({
    start: d * DAY + (shape.peakStart ?? 18 * 60) + Math.round((rnd() * 2 - 1) * jitter),
    height: 1 + (rnd() * 2 - 1) * heightJitter,
  }));
  /** 0 off-peak, 1 on the plateau, linear on the ramps. */
  const peakness = (minute: number) => {
    const day = days[Math.floor(minute / DAY)];
    const t = minute - day.start;
    if (t < 0 || t >= 2 * ramp + plateau) return 0;
    if (t < ramp) return t / ramp;
    if (t < ramp + plateau) return 1;
    return (2 * ramp + plateau - t) / ramp;
  };
  const factor = (signal: TrafficEvent["signal"], minute: number) =>
    (shape.events ?? []).filter((e) => e.signal === signal && minute >= e.from && minute < e.to).reduce((f, e) => f * e.factor, 1);
  const rate: number[] = [];
  const p99: number[] = [];
  for (let minute = 0; minute <= shape.days * DAY; minute += step) {
    const p = peakness(minute) * days[Math.floor(minute / DAY)].height;
    const growth = (1 + (shape.growthPerDay ?? 0)) ** (minute / DAY);
    const level = base * growth * (1 + (peakFactor - 1) * p);
    rate.push(Math.max(0, level * (1 + noise * gauss()) * factor("traffic", minute)));
    p99.push(Math.max(0.001, latency * (1 + 0.3 * p) * (1 + noise * gauss()) * factor("latency", minute)));
  }
  return {
    rate,
    p99,
    stepMinutes: step,
    peakStarts: days.map((d) => d.start),
    peakMiddles: days.map((d) => d.start + ramp + plateau / 2),
  };
}

/** promtool's explicit value list (3 significant decimals keep the test files small). */
export function promtoolValues(values: readonly number[]): string {
  return values.map((v) => Number(v.toFixed(3))).join(" ");
}
