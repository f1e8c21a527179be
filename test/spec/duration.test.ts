import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Duration } from "../../src/spec/duration";

/** The Prometheus text of a span as days, hours, minutes and seconds, each left out when zero. */
function expectedText(seconds: number): string {
  const parts: Array<[number, string]> = [
    [Math.floor(seconds / 86_400), "d"],
    [Math.floor((seconds % 86_400) / 3_600), "h"],
    [Math.floor((seconds % 3_600) / 60), "m"],
    [seconds % 60, "s"],
  ];
  return parts.map(([count, unit]) => (count > 0 ? `${count}${unit}` : "")).join("");
}

describe("Duration.toPrometheus", () => {
  it("writes each span's own text, however many spans asked before it and in whatever order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 * 86_400 }), { minLength: 1, maxLength: 20 }), (spans) => {
        for (const seconds of [...spans, ...spans.reverse()]) {
          const text = Duration.seconds(seconds).toPrometheus();
          expect(text).toBe(expectedText(seconds));
          expect(Duration.parse(text).toSeconds()).toBe(seconds);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("writes weeks as days and 90 seconds as 1m30s", () => {
    expect(Duration.parse("2w").toPrometheus()).toBe("14d");
    expect(Duration.parse("90s").toPrometheus()).toBe("1m30s");
    expect(Duration.parse("1h30m").toPrometheus()).toBe("1h30m");
  });
});
