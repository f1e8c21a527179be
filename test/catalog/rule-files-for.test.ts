import { describe, expect, it } from "vitest";
import { toYaml } from "../../src/render/artifacts";
import { writeTree } from "../support/tools";
import { ruleFilesFor } from "./promtool";

/**
 * The promtool harnesses test an alert against the rule files that decide it: a file left out wrongly would change
 * what promtool computes (a recorded input missing, an alert no longer held back by another's state).
 */
const group = (name: string, rules: Array<Record<string, string>>) => toYaml({ groups: [{ name, rules }] });
const dir = writeTree({
  "recording.yaml": group("recording", [{ record: "job:requests:rate5m", expr: "sum by (job) (rate(requests_total[5m]))" }]),
  "twice.yaml": group("twice", [{ record: "job:requests:ratio", expr: "job:requests:rate5m / 2" }]),
  "alerts.yaml": group("alerts", [
    { alert: "RequestsHigh", expr: "job:requests:ratio > 1" },
    { alert: "DiskFull", expr: "disk_used_ratio > 0.9" },
  ]),
  "other.yaml": group("other", [{ alert: "MemoryHigh", expr: "memory_used_ratio > 0.9" }]),
  "held.yaml": group("held", [{ alert: "Held", expr: 'cpu_busy > 0.9 unless on () ALERTS{alertname="MemoryHigh"}' }]),
  "dynamic.yaml": group("dynamic", [{ alert: "AnyHigh", expr: '{__name__=~"queue_.*"} > 100' }]),
});
const ALL = ["recording.yaml", "twice.yaml", "alerts.yaml", "other.yaml", "held.yaml", "dynamic.yaml"];

describe("ruleFilesFor: the rule files that decide an alert", () => {
  it("keeps the alert's file and, transitively, the files recording what it reads", () => {
    expect(ruleFilesFor(dir, ALL, ["RequestsHigh"])).toEqual(["recording.yaml", "twice.yaml", "alerts.yaml"]);
    expect(ruleFilesFor(dir, ALL, ["DiskFull"])).toEqual(["alerts.yaml"]);
    expect(ruleFilesFor(dir, ALL, ["DiskFull", "MemoryHigh"])).toEqual(["alerts.yaml", "other.yaml"]);
  });

  it("keeps every file when an alert reads other alerts' state, selects by a name pattern, or is defined nowhere", () => {
    expect(ruleFilesFor(dir, ALL, ["Held"])).toEqual(ALL);
    expect(ruleFilesFor(dir, ALL, ["AnyHigh"])).toEqual(ALL);
    expect(ruleFilesFor(dir, ALL, ["Missing"])).toEqual(ALL);
  });
});
