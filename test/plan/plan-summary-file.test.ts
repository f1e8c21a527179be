import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { largeSpec } from "../../bench/large-spec";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { planSummaryText, writePlanSummaryFile } from "../../src/review/summarize-plan";
import { resolveEnvironments } from "../../src/spec";

/**
 * Synth writes the plan file (monitoring-plan.json) an alarm at a time instead of as one string of the whole
 * summary: the file must hold the same bytes as the summary's JSON text, which `diff` and `cost` read.
 */
describe("writePlanSummaryFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "plan-summary-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const specs = resolveEnvironments([
    ...Object.entries(BUNDLED_ENVIRONMENTS).map(([source, input]) => ({ source, input })),
    { source: "large", input: largeSpec(120, 12) },
    // No cloud and no cluster: both lists of the summary are empty.
    {
      source: "bare",
      input: {
        ...largeSpec(0, 1),
        name: "bare",
        profile: "small",
        backend: { type: "local", allowLocalState: true },
        cloud: undefined,
        kubernetes: undefined,
      },
    },
  ]);

  it.each(specs.map((spec) => [spec.name, spec] as const))("writes the summary text of %s", (name, spec) => {
    const file = join(dir, `${name}.json`);
    writePlanSummaryFile(file, spec);
    expect(readFileSync(file, "utf8")).toBe(planSummaryText(spec));
  });

  // The file's member order, which diffs of two syntheses compare line by line: the plan's members, then how the cloud
  // deploys the alarm (summaries are built member by member; a composite's name and kind replaced in place).
  const ALARM_MEMBERS = [
    "name",
    "origin",
    "severity",
    "service",
    "resource",
    "comparison",
    "evaluation",
    "tier",
    "cloud",
    "kind",
    "members",
    "metricCount",
    "scope",
    "actions",
  ];

  it("lists every alarm's members in the file's order", () => {
    for (const spec of specs) {
      for (const alarm of JSON.parse(planSummaryText(spec)).alarms as object[]) {
        const order = Object.keys(alarm).map((key) => ALARM_MEMBERS.indexOf(key));
        expect(
          order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1])),
          `${spec.name}: ${Object.keys(alarm).join(", ")}`,
        ).toBe(true);
      }
    }
  });

  it("covers alarms of every cloud and empty lists", () => {
    const texts = specs.map((spec) => JSON.parse(planSummaryText(spec)) as { alerts: unknown[]; alarms: Array<{ cloud: string }> });
    expect(new Set(texts.flatMap((t) => t.alarms.map((a) => a.cloud)))).toEqual(new Set(["aws", "gcp", "azure"]));
    expect(texts.some((t) => t.alerts.length === 0 && t.alarms.length === 0)).toBe(true);
  });
});
