import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../../environments";
import { renderRouting } from "../../../src/render/alertmanager/config";
import { missedUpdates } from "../../../src/render/gameday/comms";
import { localRouting, localSecrets } from "../../../src/render/gameday/local-routing";
import { incidentRoles, onCallAt } from "../../../src/render/gameday/roles";
import type { TimelineEvent } from "../../../src/render/gameday/run";
import { resolveEnvironment } from "../../../src/spec";

const prod = resolveEnvironment(BUNDLED_ENVIRONMENTS.prod);

describe("incident roles at drill time", () => {
  const rotation = {
    name: "primary",
    type: "weekly" as const,
    handoff: "09:00",
    timeZone: "Europe/Berlin",
    members: ["alice", "bob", "carol"],
  };

  it("hands over weekly at the handoff time in the rotation's zone, from the schedule's fixed start", () => {
    // 2025-01-06 is the schedule start (a Monday): alice until the next Monday 09:00 Berlin time.
    expect(onCallAt(rotation, new Date("2025-01-06T08:30:00Z"))).toBe("alice");
    expect(onCallAt(rotation, new Date("2025-01-13T07:59:00Z"))).toBe("alice");
    expect(onCallAt(rotation, new Date("2025-01-13T08:01:00Z"))).toBe("bob");
    expect(onCallAt(rotation, new Date("2025-01-27T08:01:00Z"))).toBe("alice");
    // Summer time: the handoff stays at 09:00 local (07:00 UTC).
    expect(onCallAt(rotation, new Date("2025-07-07T07:01:00Z"))).toBe(onCallAt(rotation, new Date("2025-07-13T12:00:00Z")));
  });

  it("makes the owning team's primary the commander, its secondary the communications lead, another member the scribe", () => {
    const at = new Date("2025-01-13T10:00:00Z");
    const roles = incidentRoles(prod, "checkout", at);
    expect(roles).toMatchObject({ incidentCommander: "bob", communicationsLead: "carol", scribe: "alice" });
    expect(incidentRoles(prod, undefined, at).incidentCommander).toMatch(/^(dave|erin)$/);
    expect(incidentRoles(prod, "checkout", at, { commander: "zoe" }).incidentCommander).toBe("zoe");
    // Team platform has two members: nobody is left to be the scribe, and no one gets two roles.
    const platform = incidentRoles(prod, undefined, at);
    expect(new Set([platform.incidentCommander, platform.communicationsLead]).size).toBe(2);
    expect(platform.scribe).toMatch(/^unassigned \(team platform has 2 members/);
  });
});

describe("incident channel cadence", () => {
  const ev = (kind: TimelineEvent["kind"], offsetSeconds: number): TimelineEvent => ({ kind, offsetSeconds, at: "", detail: "" });

  it("flags status updates that were due and not posted", () => {
    const events = [ev("incident-message", 10), ev("incident-message", 28), ev("incident-message", 95), ev("resolved", 100)];
    expect(missedUpdates(events, 20)).toEqual(["status update due at +50 s was not posted", "status update due at +70 s was not posted"]);
    expect(missedUpdates([ev("incident-message", 10), ev("resolved", 25)], 20)).toEqual([]);
    expect(missedUpdates([ev("resolved", 25)], 20)).toEqual(["no message was posted to the incident channel"]);
  });
});

describe("local routing for game days", () => {
  it("changes only endpoints: PagerDuty, SNS and SMTP point at the recorders; routes and receivers stay", () => {
    const config = renderRouting(prod, { secretsDir: "/s" }).config;
    const local = localRouting(config, { http: "http://127.0.0.1:1", smtp: "127.0.0.1:2" });
    expect(local.route).toEqual(config.route);
    expect(local.receivers.map((r: { name: string }) => r.name)).toEqual(config.receivers.map((r: { name: string }) => r.name));
    const pd = local.receivers.find((r: { name: string }) => r.name === "pagerduty-checkout");
    expect(pd.pagerduty_configs[0].url).toBe("http://127.0.0.1:1/pagerduty/v2/enqueue");
    expect(local.global).toMatchObject({ smtp_smarthost: "127.0.0.1:2", smtp_require_tls: false });
    expect(config.global.smtp_smarthost).toBe("email-smtp.eu-west-1.amazonaws.com:587"); // the input is not mutated
    // Every credential file the rendered configuration names gets a local value.
    const secrets = localSecrets(prod, "/s", { http: "http://127.0.0.1:1", smtp: "127.0.0.1:2" });
    const named = JSON.stringify(config).match(/\/s\/[^"]+/g) ?? [];
    for (const path of named) expect(Object.keys(secrets), path).toContain(path);
  });
});
