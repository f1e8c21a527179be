import { describe, expect, it } from "vitest";
import { waitWithin } from "../../src/cli/bounded-wait";

describe("waiting within a derived bound", () => {
  it("returns as soon as the value arrives", async () => {
    let calls = 0;
    expect(await waitWithin("x", () => (++calls >= 2 ? "got" : undefined), { seconds: 1, derivation: "d" }, { intervalMs: 10 })).toBe(
      "got",
    );
  });

  it("allows one more bound for scheduling noise, and says so", async () => {
    const lines: string[] = [];
    // Arrives only once the first bound has passed (announced), however slowly this machine runs the test.
    const value = await waitWithin(
      "late",
      () => (lines.length > 0 ? 1 : undefined),
      { seconds: 0.1, derivation: "d" },
      {
        intervalMs: 10,
        log: (l) => lines.push(l),
      },
    );
    expect(value).toBe(1);
    expect(lines).toEqual(["late: not within the 0.1 s bound (d); waiting once more as long for scheduling noise"]);
  });

  it("fails after twice the bound, naming what did not arrive, how long, why that long and what was seen", async () => {
    const start = Date.now();
    await expect(
      waitWithin(
        "HostHighCpuLoad on the pager",
        () => undefined,
        { seconds: 0.2, derivation: "scrape 0.1 s + for 0.1 s" },
        {
          intervalMs: 10,
          log: () => {},
          seen: () => "Prometheus: critical pending",
        },
      ),
    ).rejects.toThrow(
      /^HostHighCpuLoad on the pager did not arrive within \d+\.\d s \(twice the 0\.2 s bound: scrape 0\.1 s \+ for 0\.1 s\); seen: Prometheus: critical pending$/,
    );
    expect(Date.now() - start).toBeGreaterThanOrEqual(400);
  });
});
