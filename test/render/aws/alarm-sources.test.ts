import { describe, expect, it } from "vitest";
import { largeSpec } from "../../../bench/large-spec";
import { alarmEntry } from "../../../modules/aws-alarms";
import { AWS_WATCH_KINDS } from "../../../src/catalog/cloudwatch";
import { renderAwsAlarms } from "../../../src/render/aws/alarm-set";
import { alarmSource } from "../../../src/render/aws/alarms";
import { resolveEnvironments } from "../../../src/spec";
import type { AwsCloudSpec } from "../../../src/spec/clouds/aws";
import { AWS_RENDER_INPUTS } from "../../support/alarms";

/**
 * The tiers of a preset on a resource (warning and critical) are two alarms of one source: they share the source
 * object (read-only data, kept once for each preset and resource, #19), and it is the one the catalog describes.
 */
describe("preset alarm sources", () => {
  const [spec] = resolveEnvironments([{ source: "sources", input: largeSpec(60, 6) }]);
  const cloud = spec.cloud as AwsCloudSpec;
  const { alarms } = renderAwsAlarms(spec, cloud, AWS_RENDER_INPUTS);
  const presets = alarms.filter((a) => a.meta?.anomaly === undefined);

  it("is one object for the tiers of a preset on a resource, and the catalog's source", () => {
    const byResourcePreset = new Map<string, typeof presets>();
    for (const alarm of presets) {
      const key = `${alarm.meta?.resource}/${alarm.meta?.preset}`;
      byResourcePreset.set(key, [...(byResourcePreset.get(key) ?? []), alarm]);
    }
    const tiered = [...byResourcePreset.values()].filter((group) => group.length > 1);
    expect(tiered.length).toBeGreaterThan(20);
    for (const group of tiered) for (const alarm of group) expect(alarm.source).toBe(group[0].source);
    // The catalog's own description of an SQS queue's first preset, with the preset's period.
    const queue = cloud.watch.sqsQueues[0];
    const preset = AWS_WATCH_KINDS.sqsQueues.presets[0];
    const alarm = presets.find((a) => a.meta?.resource === queue.name && a.meta?.preset === preset.id);
    expect(alarm?.source).toEqual(alarmSource(preset.source(queue as never), preset.periodSeconds));
  });

  // An entry's members in the order AwsAlarms has always given them (a consumer of the exported alarmEntry may write it).
  const ENTRY_MEMBERS = [
    "alarm_description",
    "comparison_operator",
    "evaluation_periods",
    "datapoints_to_alarm",
    "treat_missing_data",
    "threshold",
    "threshold_metric_id",
    "namespace",
    "metric_name",
    "dimensions",
    "extended_statistic",
    "statistic",
    "period",
    "metric_query",
    "alarm_actions",
    "ok_actions",
  ];

  it("gives every for_each entry its members in one order, with a metric or its queries", () => {
    const entries = alarms.map((alarm) => alarmEntry(alarm));
    expect(new Set(entries.map((e) => "metric_query" in e))).toEqual(new Set([true, false]));
    for (const entry of entries) {
      const order = Object.keys(entry).map((key) => ENTRY_MEMBERS.indexOf(key));
      expect(
        order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1])),
        Object.keys(entry).join(", "),
      ).toBe(true);
    }
  });
});
