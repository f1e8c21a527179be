import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it, vi } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { PAGERDUTY_TIME_ZONES } from "../../src/catalog/pagerduty/time-zones";
import { renderArtifacts } from "../../src/render/artifacts";
import { utcOffsetMinutes, zonedRfc3339 } from "../../src/render/oncall/rfc3339";
import { checkEnvironment, type EnvironmentInput, resolveEnvironment } from "../../src/spec";
import { bundled, resourcesOf, synthEnvironments, type TerraformJson } from "../support/synth";
import { alertmanagerTool, amtoolReceivers } from "../support/tools";

const amtool = alertmanagerTool("amtool");
const prodSpec = resolveEnvironment(BUNDLED_ENVIRONMENTS.prod);
const stacks = synthEnvironments([
  prodSpec,
  resolveEnvironment(BUNDLED_ENVIRONMENTS.dev),
  resolveEnvironment(BUNDLED_ENVIRONMENTS.staging),
]);

function problems(input: EnvironmentInput): Array<{ path: string; message: string }> {
  const result = checkEnvironment(input);
  if (result.ok) throw new Error("expected the spec to be invalid");
  return [...result.problems];
}

/** The receivers amtool resolves for an alert with these labels, in routing-tree order. */
const routes = (configYaml: string, labels: Record<string, string>): string[] => amtoolReceivers(amtool.path as string, configYaml, labels);

describe("on-call spec", () => {
  it("names the services without an owner when the environment requires ownership", () => {
    const input = bundled("prod");
    input.services = [...(input.services ?? []), { name: "search", namespace: "shop" }, { name: "reviews", namespace: "shop" }];
    const found = problems(input).find((p) => p.path === "oncall.requireOwnership");
    expect(found?.message).toBe("every service needs an owning team (services[].team), but these have none: search, reviews");
  });

  it("rejects owners, rotation members and escalation targets that do not exist", () => {
    const input = bundled("prod");
    input.services = [{ ...(input.services ?? [])[0], team: "payment" }];
    const oncall = structuredClone(input.oncall);
    if (!oncall) throw new Error("prod has on-call");
    oncall.teams[0].rotations[0].members = ["alice", "zoe"];
    oncall.teams[0].escalation[0].notify = ["primery"];
    oncall.defaultTeam = "ops";
    input.oncall = oncall;
    const paths = Object.fromEntries(problems(input).map((p) => [p.path, p.message]));
    expect(paths["services[0].team"]).toContain('received "payment"');
    expect(paths["oncall.teams[0].rotations[0].members[1]"]).toContain('"zoe" is not a member of team payments');
    expect(paths["oncall.teams[0].escalation[0].notify[0]"]).toContain('received "primery"');
    expect(paths["oncall.defaultTeam"]).toContain('received "ops"');
  });
});

describe.skipIf(amtool.skip)("routing follows ownership (amtool config routes test)", () => {
  const config = renderArtifacts(prodSpec).files["alertmanager/alertmanager.yml"];

  it("pages a service's owning team through its PagerDuty service, besides the chat and SMS channels", () => {
    expect(routes(config, { alertname: "ServiceHighErrorRatio", severity: "critical", service: "checkout" })).toEqual([
      "pagerduty-checkout",
      "duty-phone",
      "prod-alerts",
    ]);
    expect(routes(config, { alertname: "ServiceHighErrorRatio", severity: "critical", service: "catalog" })).toEqual([
      "pagerduty-catalog",
      "duty-phone",
      "prod-alerts",
    ]);
    // Warnings never page: chat and email only.
    expect(routes(config, { alertname: "ServiceHighLatency", severity: "warning", service: "checkout" })).toEqual([
      "prod-alerts",
      "platform-team",
    ]);
  });

  it("sends alerts of no particular service to the default team's platform service", () => {
    expect(routes(config, { alertname: "HostHighCpuLoad", severity: "critical", instance: "node-1" })).toEqual([
      "pagerduty-platform",
      "duty-phone",
      "prod-alerts",
    ]);
  });

  it("falls back to the default team for services without an owner", () => {
    const input = bundled("prod");
    if (!input.oncall) throw new Error("prod has on-call");
    input.oncall = { ...input.oncall, requireOwnership: false };
    input.services = [...(input.services ?? []), { name: "search", namespace: "shop" }];
    const spec = resolveEnvironment(input);
    expect(routes(renderArtifacts(spec).files["alertmanager/alertmanager.yml"], { severity: "critical", service: "search" })[0]).toBe(
      "pagerduty-search",
    );
    const stack = synthEnvironments([spec]).prod;
    const search = resourcesOf(stack, "pagerduty_service").find((s) => s.name === "prod search");
    const platformPolicy = Object.entries(stack.resource.pagerduty_escalation_policy).find(
      ([, p]) => (p as TerraformJson).name === "prod platform",
    )?.[0];
    expect(search?.escalation_policy).toBe(`\${pagerduty_escalation_policy.${platformPolicy}.id}`);
  });
});

describe("PagerDuty resources of prod", () => {
  const prod = stacks.prod;

  it("has a schedule per rotation and an escalation policy per team, with the spec's delays", () => {
    const schedules = resourcesOf(prod, "pagerduty_schedule");
    expect(schedules.map((s) => s.name).sort()).toEqual(["prod payments primary", "prod payments secondary", "prod platform primary"]);
    const payments = schedules.find((s) => s.name === "prod payments primary");
    expect(payments?.time_zone).toBe("Europe/Berlin");
    expect(payments?.layer[0]).toMatchObject({ rotation_turn_length_seconds: 604800, start: "2025-01-06T09:00:00+01:00" });
    expect(payments?.layer[0].users).toHaveLength(3);
    const policy = resourcesOf(prod, "pagerduty_escalation_policy").find((p) => p.name === "prod payments");
    expect(policy?.rule.map((r: TerraformJson) => r.escalation_delay_in_minutes)).toEqual([15, 15, 30]);
    expect(policy?.rule[0].target[0].type).toBe("schedule_reference");
    expect(policy?.rule[2].target[0].type).toBe("user_reference");
  });

  it("has a PagerDuty service per spec service plus the platform, urgency from the alert's severity", () => {
    const services = resourcesOf(prod, "pagerduty_service");
    expect(services.map((s) => s.name).sort()).toEqual(["prod catalog", "prod checkout", "prod platform"]);
    expect(services.find((s) => s.name === "prod catalog")?.incident_urgency_rule).toEqual({ type: "constant", urgency: "severity_based" });
    expect(services.find((s) => s.name === "prod checkout")?.incident_urgency_rule).toMatchObject({ type: "use_support_hours" });
    const integrations = resourcesOf(prod, "pagerduty_service_integration").filter((i) => i.type === "events_api_v2_inbound_integration");
    expect(integrations).toHaveLength(3);
  });

  it("hands routing keys to Alertmanager only by reference, through Secrets the stack creates", () => {
    const secrets = resourcesOf(prod, "kubernetes_secret_v1").filter((s) => s.metadata.name.startsWith("alertmanager-pagerduty-"));
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual([
      "alertmanager-pagerduty-catalog",
      "alertmanager-pagerduty-checkout",
      "alertmanager-pagerduty-platform",
    ]);
    for (const secret of secrets)
      expect(secret.data_wo["routing-key"]).toMatch(/^\$\{sensitive\(pagerduty_service_integration\.[\w-]+\.integration_key\)\}$/);
    expect(prod.terraform.required_providers.pagerduty).toEqual({ source: "PagerDuty/pagerduty", version: "~> 3.30" });
    // The API token is read ephemerally: a provider configuration is never stored.
    expect(prod.provider.pagerduty[0].token).toMatch(/^\$\{jsondecode\(ephemeral\.aws_secretsmanager_secret_version\./);
  });

  it("names the owning team in runbooks and the on-call chain in the docs", () => {
    const files = renderArtifacts(prodSpec).files;
    expect(files["runbooks/ServiceHighErrorRatio.md"]).toContain("Owning team: checkout: team payments; catalog: team platform.");
    expect(files["runbooks/HostHighCpuLoad.md"]).toContain("Owning team: platform: team platform.");
    // Cloud alarms' runbooks too: the teams of the services whose resources carry the alarm.
    expect(files["runbooks/aws-ec2-cpu.md"]).toContain("Owning team: checkout: team payments.");
    expect(files["runbooks/aws-lambda-error-rate.md"]).toContain("catalog: team platform");
  });
});

/**
 * Rules terraform-provider-pagerduty 3.30 enforces at plan time (resource_pagerduty_schedule.go, _service.go,
 * _escalation_policy.go, util.go): a value that breaks one fails `terraform plan` before any API call.
 */
describe("PagerDuty resources pass the provider's own validation", () => {
  // Go's time.Parse(time.RFC3339): date, 'T', time, optional fraction, then 'Z' or a numeric offset; no bare local time.
  const GO_RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  const summerSpec = (() => {
    const input = bundled("prod");
    const oncall = structuredClone(input.oncall);
    if (!oncall) throw new Error("prod has on-call");
    oncall.teams[0].rotations[0] = { ...oncall.teams[0].rotations[0], timeZone: "America/New_York", handoff: "18:30" };
    oncall.teams[1].rotations[0] = { ...oncall.teams[1].rotations[0], timeZone: "Asia/Kathmandu" };
    input.oncall = oncall;
    return resolveEnvironment(input);
  })();
  const cases = { prod: stacks.prod, "prod with New York and Kathmandu rotations": synthEnvironments([summerSpec]).prod };

  it.each(Object.entries(cases))("%s: schedule layers start at RFC 3339 times with the zone's offset, on a full minute", (_, stack) => {
    for (const schedule of resourcesOf(stack, "pagerduty_schedule")) {
      expect(PAGERDUTY_TIME_ZONES.has(schedule.time_zone), schedule.time_zone).toBe(true);
      for (const layer of schedule.layer) {
        for (const field of ["start", "rotation_virtual_start"]) {
          expect(layer[field], `${schedule.name} ${field}`).toMatch(GO_RFC3339);
          // validateRFC3339: "please set the time to a full minute".
          expect(new Date(layer[field]).getUTCSeconds()).toBe(0);
          // The offset written is the zone's own at that instant: the wall clock in time_zone reads the hand-off.
          const wall = new Intl.DateTimeFormat("en-GB", { timeZone: schedule.time_zone, hour: "2-digit", minute: "2-digit" }).format(
            new Date(layer[field]),
          );
          expect(wall, `${schedule.name} ${field}`).toBe(layer[field].slice(11, 16));
        }
        expect(layer.rotation_turn_length_seconds).toBeGreaterThanOrEqual(3600);
        expect(layer.rotation_turn_length_seconds).toBeLessThanOrEqual(365 * 86_400);
        expect(layer.users.length).toBeGreaterThan(0);
      }
    }
    const berlin = resourcesOf(cases.prod, "pagerduty_schedule").find((s) => s.name === "prod payments primary");
    expect(berlin?.layer[0].start).toBe("2025-01-06T09:00:00+01:00");
  });

  it("services: support hours in an accepted zone as HH:MM:SS, exactly one block when urgency uses them", () => {
    for (const service of resourcesOf(stacks.prod, "pagerduty_service")) {
      const usesHours = service.incident_urgency_rule?.type === "use_support_hours";
      // customizePagerDutyServiceDiff: use_support_hours needs exactly one support_hours block and no general urgency.
      expect(Boolean(service.support_hours), service.name).toBe(usesHours);
      if (!usesHours) continue;
      expect(service.incident_urgency_rule.urgency).toBeUndefined();
      expect(PAGERDUTY_TIME_ZONES.has(service.support_hours.time_zone)).toBe(true);
      expect(service.support_hours.type).toBe("fixed_time_per_day");
      expect(service.support_hours.start_time).toMatch(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);
      expect(service.support_hours.end_time).toMatch(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);
      expect(service.support_hours.days_of_week.every((d: number) => d >= 1 && d <= 7)).toBe(true);
    }
  });

  it("escalation policies: names without \\ / & < >, 0-9 loops, delays of at least a minute", () => {
    for (const policy of resourcesOf(stacks.prod, "pagerduty_escalation_policy")) {
      expect(policy.name).toMatch(/^[^\\/&<>]*[^\\/&<> ]$/);
      expect(policy.num_loops).toBeGreaterThanOrEqual(0);
      expect(policy.num_loops).toBeLessThanOrEqual(9);
      for (const rule of policy.rule) expect(rule.escalation_delay_in_minutes).toBeGreaterThanOrEqual(1);
    }
  });

  it("the spec accepts only time zones PagerDuty accepts, naming the value", () => {
    const input = bundled("prod");
    const oncall = structuredClone(input.oncall);
    if (!oncall?.teams[0].supportHours) throw new Error("prod has on-call with support hours");
    oncall.teams[0].rotations[0].timeZone = "UTC";
    oncall.teams[0].supportHours.timeZone = "America/Toronto";
    input.oncall = oncall;
    const paths = Object.fromEntries(problems(input).map((p) => [p.path, p.message]));
    expect(paths["oncall.teams[0].rotations[0].timeZone"]).toBe(
      'expected a time zone PagerDuty accepts, such as "Europe/Berlin" or "Etc/UTC", received "UTC"',
    );
    expect(paths["oncall.teams[0].supportHours.timeZone"]).toContain('received "America/Toronto"');
  });
});

describe("zonedRfc3339", () => {
  it("writes the offset in force at that instant, through DST and at odd offsets", () => {
    expect(zonedRfc3339("2025-01-06", "09:00", "Europe/Berlin")).toBe("2025-01-06T09:00:00+01:00");
    expect(zonedRfc3339("2025-07-07", "09:00", "Europe/Berlin")).toBe("2025-07-07T09:00:00+02:00");
    expect(zonedRfc3339("2025-07-07", "18:30", "America/New_York")).toBe("2025-07-07T18:30:00-04:00");
    expect(zonedRfc3339("2025-01-06", "08:00", "Etc/UTC")).toBe("2025-01-06T08:00:00+00:00");
    expect(zonedRfc3339("2025-01-06", "09:00", "Asia/Kathmandu")).toBe("2025-01-06T09:00:00+05:45");
    // Berlin switches to summer time at 01:00 UTC on 2025-03-30: 00:30 is still winter, 04:00 summer.
    expect(zonedRfc3339("2025-03-30", "00:30", "Europe/Berlin")).toBe("2025-03-30T00:30:00+01:00");
    expect(zonedRfc3339("2025-03-30", "04:00", "Europe/Berlin")).toBe("2025-03-30T04:00:00+02:00");
  });

  it("reads the same offsets on the main thread (Date under TZ) as in a worker thread (Intl), for every PagerDuty zone", async () => {
    // A worker's process.env is a copy: TZ changes nothing there, so workers read Intl's offset names. The runtime's
    // ICU data has every zone (Intl throws for a name it does not know, where TZ would fall back to UTC).
    const instants = [
      ...Array.from({ length: 12 }, (_, month) => Date.UTC(2025, month, 15, 12)),
      // Hours either side of the European and North American changes of 2025.
      ...[Date.UTC(2025, 2, 30), Date.UTC(2025, 9, 26), Date.UTC(2025, 2, 9), Date.UTC(2025, 10, 2)].flatMap((day) =>
        Array.from({ length: 13 }, (_, h) => day + (h - 2) * 3_600_000),
      ),
    ];
    const zones = [...PAGERDUTY_TIME_ZONES];
    const main = zones.map((zone) => instants.map((at) => utcOffsetMinutes(zone, at)));
    const source = join(__dirname, "..", "..", "src", "render", "oncall", "rfc3339.ts");
    const worker = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       require("tsx/cjs/api").register();
       const { utcOffsetMinutes } = require(workerData.source);
       parentPort.postMessage(workerData.zones.map((zone) => workerData.instants.map((at) => utcOffsetMinutes(zone, at))));`,
      { eval: true, workerData: { source, zones, instants } },
    );
    const inWorker = await new Promise<number[][]>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    await worker.terminate();
    expect(Object.fromEntries(zones.map((zone, i) => [zone, inWorker[i]]))).toEqual(
      Object.fromEntries(zones.map((zone, i) => [zone, main[i]])),
    );
    // Half-hour, quarter-hour and negative offsets are among them.
    expect(main.flat()).toEqual(expect.arrayContaining([345, 330, -240, 0, 60, 120]));
  });

  it("leaves the process's own time zone as it was, set or not", () => {
    const january = () => new Date(2025, 0, 6, 12).getTimezoneOffset();
    vi.stubEnv("TZ", "Asia/Kathmandu");
    expect(utcOffsetMinutes("America/New_York", Date.UTC(2025, 6, 7))).toBe(-240);
    expect([process.env.TZ, january()]).toEqual(["Asia/Kathmandu", -345]);
    vi.stubEnv("TZ", undefined);
    const unset = january();
    expect(utcOffsetMinutes("Asia/Kathmandu", Date.UTC(2025, 6, 7))).toBe(345);
    expect(["TZ" in process.env, january()]).toEqual([false, unset]);
  });

  it("refuses a time zone PagerDuty does not accept, as its provider does at plan", () => {
    expect(() => zonedRfc3339("2025-01-06", "09:00", "America/Toronto")).toThrow(
      'time zone "America/Toronto" is not one PagerDuty accepts',
    );
    expect(() => zonedRfc3339("2025-01-06", "09:00", "Mars/Olympus")).toThrow("is not one PagerDuty accepts");
  });
});

describe("environments without PagerDuty", () => {
  it.each(["dev", "staging"])("%s synthesizes no PagerDuty provider, resource or receiver", (env) => {
    const text = JSON.stringify(stacks[env]);
    expect(text).not.toMatch(/pagerduty_(schedule|service|escalation)|PagerDuty\/pagerduty/);
    expect(renderArtifacts(resolveEnvironment(BUNDLED_ENVIRONMENTS[env])).files["alertmanager/alertmanager.yml"]).not.toContain(
      "pagerduty-",
    );
  });
});

describe("on-call is additive", () => {
  it("adds only its own resources: without `oncall` the same environment synthesizes everything else unchanged", () => {
    const without = bundled("prod");
    without.oncall = undefined;
    const plain = synthEnvironments([resolveEnvironment(without)]).prod;
    const paged = stacks.prod;
    const ids = (stack: TerraformJson, kind: "resource" | "data") =>
      new Set(Object.entries(stack[kind] ?? {}).flatMap(([type, byId]) => Object.keys(byId as object).map((id) => `${type}.${id}`)));
    for (const kind of ["resource", "data"] as const) {
      const before = ids(plain, kind);
      const after = ids(paged, kind);
      expect(
        [...before].filter((id) => !after.has(id)),
        `${kind}s lost`,
      ).toEqual([]);
      const added = [...after].filter((id) => !before.has(id));
      const isOncall = (id: string) =>
        /^pagerduty_/.test(id) ||
        /route-oncall/.test(id) ||
        /^kubernetes_secret_v1\..*pagerduty/.test(id) ||
        /alertmanager_secret-alertmanager-pagerduty/.test(id);
      // The PagerDuty provider's API token is read from the secret store named in `oncall.token`.
      const readsOncallToken = (id: string) => {
        const [type, name] = [id.slice(0, id.indexOf(".")), id.slice(id.indexOf(".") + 1)];
        return kind === "data" && paged.data[type][name].secret_id === "monitoring/prod/pagerduty-api";
      };
      expect(
        added.filter((id) => !isOncall(id) && !readsOncallToken(id)),
        `${kind}s added besides on-call`,
      ).toEqual([]);
      // What both have is identical, except the two places on-call routes through: Alertmanager's routing and the alarms' actions.
      for (const id of [...before].filter(
        (i) => !/^helm_release\..*metrics_release|^aws_cloudwatch_metric_alarm|^aws_cloudwatch_composite_alarm/.test(i),
      )) {
        const [type, name] = [id.slice(0, id.indexOf(".")), id.slice(id.indexOf(".") + 1)];
        // Releases also wait for the on-call Secrets; apart from that dependency they are the same.
        const withoutOncallDeps = (r: TerraformJson) =>
          r.depends_on ? { ...r, depends_on: r.depends_on.filter((d: string) => !isOncall(d.replace(/^resource\./, ""))) } : r;
        expect(withoutOncallDeps(paged[kind][type][name]), id).toEqual(plain[kind][type][name]);
      }
    }
    expect(plain.provider.pagerduty).toBeUndefined();
  });
});
