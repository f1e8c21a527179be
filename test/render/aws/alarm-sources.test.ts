import { describe, expect, it } from "vitest";
import { largeSpec } from "../../../bench/large-spec";
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
});
