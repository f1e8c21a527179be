import { describe, expect, it } from "vitest";
import { checkEnvironment, type EnvironmentInput, resolveEnvironment } from "../../src/spec";

const minimal: EnvironmentInput = {
  name: "demo",
  channels: [{ type: "email", name: "team", addresses: ["team@example.com"], severities: ["critical", "warning", "info"] }],
};

describe("incident channel (spec field `incident`)", () => {
  it("is optional, apart from the alert channels, with a 30-minute status-update cadence by default", () => {
    expect(resolveEnvironment(minimal).incident).toBeUndefined();
    const spec = resolveEnvironment({
      ...minimal,
      incident: { channel: "#incident-demo", webhookUrl: { kubernetesSecret: { name: "incident", key: "url" } } },
    });
    expect(spec.incident?.channel).toBe("#incident-demo");
    expect(spec.incident?.statusUpdateEvery.toMinutes()).toBe(30);
  });

  it("rejects a bad channel name and a cloud reference without that cloud, naming both", () => {
    const result = checkEnvironment({ ...minimal, incident: { channel: "incident", webhookUrl: { ssmParameter: "/x" } } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(expect.arrayContaining(["incident.channel"]));
    const cloud = checkEnvironment({ ...minimal, incident: { channel: "#incident", webhookUrl: { ssmParameter: "/x" } } });
    expect(cloud.ok).toBe(false);
    if (!cloud.ok)
      expect(cloud.problems.map((p) => `${p.path}: ${p.message}`).join("\n")).toContain(
        'incident.webhookUrl: this reference needs a cloud section with provider "aws"',
      );
  });
});
