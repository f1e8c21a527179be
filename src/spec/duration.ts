/**
 * {@link Duration.toPrometheus}'s text by whole seconds, made once per span: a large spec's rules, alarms and
 * dashboards ask for the same few spans tens of thousands of times.
 */
const PROMETHEUS_TEXTS = new Map<number, string>();

/**
 * A span of time, parsed once from the Prometheus notation used throughout the spec ("30s", "5m", "1h30m", "15d").
 * Kept as one immutable value so that no module mixes seconds, minutes and days.
 */
export class Duration {
  /** Units accepted in spec strings, in the order Prometheus requires them. */
  private static readonly UNITS: ReadonlyArray<readonly [string, number]> = [
    ["w", 7 * 86_400],
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ];
  private static readonly PATTERN = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

  static seconds(n: number): Duration {
    return new Duration(n);
  }
  static minutes(n: number): Duration {
    return new Duration(n * 60);
  }
  static hours(n: number): Duration {
    return new Duration(n * 3_600);
  }
  static days(n: number): Duration {
    return new Duration(n * 86_400);
  }

  /** Parses "1h30m"-style text; returns undefined for anything else (callers report the error). */
  static tryParse(text: string): Duration | undefined {
    const match = Duration.PATTERN.exec(text);
    if (!match || text === "") return undefined;
    let total = 0;
    Duration.UNITS.forEach(([, factor], i) => {
      const part = match[i + 1];
      if (part !== undefined) total += Number(part) * factor;
    });
    return total > 0 ? new Duration(total) : undefined;
  }

  static parse(text: string): Duration {
    const parsed = Duration.tryParse(text);
    if (!parsed) throw new Error(`'${text}' is not a duration such as "30s", "5m", "1h30m" or "15d"`);
    return parsed;
  }

  private constructor(private readonly totalSeconds: number) {
    if (!Number.isInteger(totalSeconds) || totalSeconds <= 0) {
      throw new Error(`a duration must be a positive whole number of seconds, received ${totalSeconds}`);
    }
  }

  toSeconds(): number {
    return this.totalSeconds;
  }
  toMinutes(): number {
    return this.totalSeconds / 60;
  }
  toDays(): number {
    return this.totalSeconds / 86_400;
  }

  /** Prometheus/Loki notation without weeks, which people read less easily ("90s" becomes "1m30s", 15 days "15d"). */
  toPrometheus(): string {
    let text = PROMETHEUS_TEXTS.get(this.totalSeconds);
    if (text === undefined) {
      let rest = this.totalSeconds;
      text = "";
      for (const [unit, factor] of Duration.UNITS.slice(1)) {
        const count = Math.floor(rest / factor);
        if (count > 0) {
          text += `${count}${unit}`;
          rest -= count * factor;
        }
      }
      PROMETHEUS_TEXTS.set(this.totalSeconds, text);
    }
    return text;
  }

  /** Whole hours, as Loki and Jaeger retention settings want them ("744h"). Rounds up. */
  toHoursString(): string {
    return `${Math.ceil(this.totalSeconds / 3_600)}h`;
  }

  equals(other: Duration): boolean {
    return this.totalSeconds === other.totalSeconds;
  }

  toString(): string {
    return this.toPrometheus();
  }

  toJSON(): string {
    return this.toPrometheus();
  }
}
