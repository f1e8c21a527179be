import { channelSeverities } from "../../spec/channels";
import type { EnvironmentSpec } from "../../spec/environment";
import type { Severity } from "../../spec/primitives";

/** Channels a cloud's alarms of a severity reach (plus the owning team's PagerDuty service for pages, with on-call). */
export function cloudChannels(
  spec: EnvironmentSpec,
  severity: Severity,
  reaches: (type: string, channel: unknown) => boolean = () => true,
): string {
  const channels = spec.channels
    .filter((c) => channelSeverities(c).includes(severity) && reaches(c.type, c))
    .map((c) => `${c.name} (${c.type})`);
  const page = spec.oncall && severity === "critical" ? ["the owning team's PagerDuty service"] : [];
  return [...page, ...channels].join(", ") || "no channel";
}
