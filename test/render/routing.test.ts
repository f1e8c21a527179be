import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { environmentDoc } from "../../src/cli/docs";
import { renderRouting } from "../../src/render/alertmanager/config";
import { renderArtifacts } from "../../src/render/artifacts";
import { checkEnvironment, type EnvironmentInput, resolveEnvironment } from "../../src/spec";
import { bundled } from "../support/synth";
import { alertmanagerTool, amtoolReceivers, runTool, writeTree } from "../support/tools";

const amtool = alertmanagerTool("amtool");

/** The receivers amtool resolves for an alert with these labels, in routing-tree order. */
const routesOf = (configYaml: string, labels: Record<string, string>): string[] =>
  amtoolReceivers(amtool.path as string, configYaml, labels);

describe.skipIf(amtool.skip)("Alertmanager routing, checked with amtool config routes test", () => {
  const prod = renderArtifacts(resolveEnvironment(BUNDLED_ENVIRONMENTS.prod));
  const config = prod.files["alertmanager/alertmanager.yml"];

  it("sends critical alerts to PagerDuty (the owning team's service), SMS and Slack", () => {
    expect(routesOf(config, { alertname: "ServiceHighErrorRatio", severity: "critical", service: "checkout" })).toEqual([
      "pagerduty-checkout",
      "duty-phone",
      "prod-alerts",
    ]);
  });

  it("sends warnings to Slack and email (never PagerDuty: warnings do not page), and info to the email digest", () => {
    expect(routesOf(config, { alertname: "HostHighCpuLoad", severity: "warning" })).toEqual(["prod-alerts", "platform-team"]);
    expect(routesOf(config, { alertname: "ServiceHighLatency", severity: "warning", service: "checkout" })).toEqual([
      "prod-alerts",
      "platform-team",
    ]);
    expect(routesOf(config, { alertname: "Something", severity: "info" })).toEqual(["platform-team"]);
  });

  it("sends the Watchdog only to the heartbeat receiver", () => {
    expect(routesOf(config, { alertname: "Watchdog", severity: "info", heartbeat: "true" })).toEqual(["heartbeat"]);
  });

  it("follows each channel's own severities", () => {
    const input: EnvironmentInput = bundled("dev");
    input.channels = [
      { type: "email", name: "everything", addresses: ["a@example.com"], severities: ["critical", "warning", "info"] },
      { type: "webhook", name: "pages-only", url: { kubernetesSecret: { name: "hook", key: "url" } }, severities: ["critical"] },
    ];
    const yaml = renderArtifacts(resolveEnvironment(input)).files["alertmanager/alertmanager.yml"];
    expect(routesOf(yaml, { severity: "critical" })).toEqual(["everything", "pages-only"]);
    expect(routesOf(yaml, { severity: "warning" })).toEqual(["everything"]);
  });
});

describe.skipIf(amtool.skip)("the dead man's switch, checked with amtool", () => {
  it.each(["staging", "prod", "gcp", "azure"] as const)("%s sends the Watchdog to a heartbeat receiver that delivers somewhere", (env) => {
    const artifacts = renderArtifacts(resolveEnvironment(BUNDLED_ENVIRONMENTS[env]));
    const yaml = artifacts.files["alertmanager/alertmanager.yml"];
    expect(routesOf(yaml, { alertname: "Watchdog", severity: "none" })).toEqual(["heartbeat"]);
    const heartbeat = ((artifacts.routing?.config.receivers ?? []) as Array<Record<string, unknown>>).find((r) => r.name === "heartbeat");
    expect(heartbeat?.webhook_configs, `${env}: the heartbeat receiver has no integration`).toEqual([
      { url_file: "/etc/alertmanager/secrets/alertmanager-heartbeat/credential", send_resolved: false },
    ]);
  });

  it("a cluster environment without a heartbeat is rejected, unless it opts out with a reason stated in its docs", () => {
    const input = bundled("staging");
    input.alerting = { ...input.alerting, heartbeat: undefined };
    const result = checkEnvironment(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`)).toContainEqual(
      expect.stringMatching(
        /^alerting\.heartbeat: required with a cluster: the Watchdog needs a dead man's switch .*disabled: true, reason/,
      ),
    );
    input.alerting.heartbeat = { disabled: true, reason: "a throw-away cluster" };
    expect(environmentDoc(resolveEnvironment(input))).toContain(
      "**No heartbeat service** (`alerting.heartbeat`: disabled, a throw-away cluster)",
    );
  });
});

describe.skipIf(amtool.skip)("runbook links in notifications, rendered with amtool template render", () => {
  const templates = renderArtifacts(resolveEnvironment(BUNDLED_ENVIRONMENTS.prod)).alertmanagerTemplates;
  const render = (runbookUrl: string, text: string): string => {
    const data = {
      receiver: "x",
      status: "firing",
      alerts: [
        {
          status: "firing",
          labels: { alertname: "A", severity: "warning" },
          annotations: { summary: "S", description: "D", runbook_url: runbookUrl },
          startsAt: "2026-01-01T00:00:00Z",
        },
      ],
      groupLabels: {},
      commonLabels: { alertname: "A", severity: "warning" },
      commonAnnotations: { runbook_url: runbookUrl },
      externalURL: "http://alertmanager",
    };
    const dir = writeTree({ ...templates, "data.json": JSON.stringify(data) });
    const result = runTool(amtool.path as string, [
      "template",
      "render",
      `--template.glob=${join(dir, "*.tmpl")}`,
      `--template.data=${join(dir, "data.json")}`,
      `--template.text=${text}`,
    ]);
    expect(result.status, result.output).toBe(0);
    return result.output;
  };

  it("an absolute runbook URL is a link; a relative path (no runbookBaseUrl) is never sent as one", () => {
    expect(render("https://runbooks.example.com/monitoring/a.md", '{{ template "monitoring.text" . }}')).toContain(
      "Runbook: https://runbooks.example.com/monitoring/a.md\n",
    );
    expect(render("https://runbooks.example.com/monitoring/a.md", '{{ template "monitoring.email.html" . }}')).toContain(
      '<a href="https://runbooks.example.com/monitoring/a.md">Runbook</a>',
    );
    expect(render("runbooks/a.md", '{{ template "monitoring.text" . }}')).toContain(
      "Runbook: runbooks/a.md in the exported runbooks (no runbookBaseUrl set)",
    );
    expect(render("runbooks/a.md", '{{ template "monitoring.email.html" . }}')).not.toContain("href=");
  });
});

describe("Alertmanager configuration", () => {
  const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS.prod);
  const routing = renderRouting(spec);

  it("holds no credential, only files mounted from Kubernetes Secrets", () => {
    const text = JSON.stringify(routing.config);
    expect(text).not.toMatch(/"(api_url|routing_key|service_key|url|auth_password)":/);
    expect(text).toContain('"routing_key_file":"/etc/alertmanager/secrets/alertmanager-pagerduty-checkout/routing-key"');
    expect(text).toContain('"api_url_file":"/etc/alertmanager/secrets/alertmanager-prod-alerts/credential"');
    expect(routing.config.global.smtp_auth_password_file).toBe("/etc/alertmanager/secrets/alertmanager-smtp/credential");
  });

  it("lists the Secrets to mount, and which of them the stack must create from a Terraform-readable reference", () => {
    const bySecret = Object.fromEntries(routing.secretMounts.map((m) => [m.secretName, m]));
    expect(Object.keys(bySecret).sort()).toEqual([
      "alertmanager-heartbeat",
      "alertmanager-pagerduty-catalog",
      "alertmanager-pagerduty-checkout",
      "alertmanager-pagerduty-platform",
      "alertmanager-prod-alerts",
      "alertmanager-smtp",
    ]);
    expect(bySecret["alertmanager-prod-alerts"].create).toEqual({ ssmParameter: "/monitoring/prod/slack-webhook-url" });
    expect(bySecret["alertmanager-pagerduty-checkout"].createFromPagerdutyService).toBe("checkout");
    const dev = renderRouting(resolveEnvironment(BUNDLED_ENVIRONMENTS.dev));
    expect(dev.secretMounts).toEqual([{ secretName: "alertmanager-slack", key: "webhook-url", purpose: 'slack channel "dev-alerts"' }]);
  });

  it("lets a critical alert silence the matching warning", () => {
    const [criticalOverLower, warningOverInfo] = routing.config.inhibit_rules;
    expect(criticalOverLower).toMatchObject({ source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'] });
    expect(criticalOverLower.equal).toContain("alertname");
    expect(warningOverInfo.target_matchers).toEqual(['severity="info"']);
  });

  it("repeats notifications per severity, as the spec says", () => {
    const input = bundled("prod");
    input.alerting = { ...input.alerting, repeatInterval: { critical: "30m" } };
    const routes = renderRouting(resolveEnvironment(input)).config.route.routes;
    expect(routes.find((r: { matchers: string[] }) => r.matchers[0] === 'severity="critical"').repeat_interval).toBe("30m");
    expect(routes.find((r: { matchers: string[] }) => r.matchers[0] === 'severity="warning"').repeat_interval).toBe("4h");
  });
});
