import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { environmentDoc } from "../../src/cli/docs";
import { renderArtifacts } from "../../src/render/artifacts";
import { awsDocSection } from "../../src/render/docs/aws-section";
import { resolveEnvironment } from "../../src/spec";
import { Duration } from "../../src/spec/duration";
import { loadEnvironments } from "../../stacks/environments";
import { logqlErrors, promqlErrors } from "../support/queries";
import { ROOT } from "../support/run";

const specs = loadEnvironments();

describe("generated monitoring documentation", () => {
  it.each(specs.map((s) => s.name))("docs/environments/%s.md is up to date (run `npm run docs` when this fails)", (env) => {
    const spec = specs.find((s) => s.name === env);
    if (!spec) throw new Error(env);
    const committed = readFileSync(join(ROOT, "docs", "environments", `${env}.md`), "utf8");
    expect(committed).toBe(environmentDoc(spec));
  });

  const prod = resolveEnvironment(BUNDLED_ENVIRONMENTS.prod);
  const doc = environmentDoc(prod);

  it("lists every alert and every cloud alarm with its severity, routing and runbook link", () => {
    const artifacts = renderArtifacts(prod);
    for (const alert of artifacts.alerts) expect(doc).toContain(`| ${alert.alert}`);
    for (const name of new Set(artifacts.alerts.map((a) => a.alert)))
      expect(doc).toContain(`(https://runbooks.example.com/monitoring/${name}.md)`);
    const alarms = awsDocSection(prod).alarms;
    expect(alarms.length).toBeGreaterThan(20);
    for (const alarm of alarms) expect(doc).toContain(`| ${alarm.name} |`);
    const cpu = doc.split("\n").find((l) => l.startsWith("| prod-checkout-app-servers-cpu-critical |"));
    expect(cpu).toContain("| > 90 |");
    expect(cpu).toContain("| critical |");
    expect(cpu).toContain("the owning team's PagerDuty service");
  });

  it("states the grouping waits and update intervals the Alertmanager configuration sets", () => {
    const config = parse(renderArtifacts(prod).files["alertmanager/alertmanager.yml"]) as {
      route: {
        group_wait: string;
        group_interval: string;
        routes: Array<{ matchers: string[]; group_wait?: string; group_interval?: string }>;
      };
    };
    const seconds = (d: string) => Duration.parse(d).toSeconds();
    const info = config.route.routes.find((r) => r.matchers.includes('severity="info"'));
    const row = (severity: string) => doc.split("\n").find((l) => l.startsWith(`| ${severity} |`)) ?? "";
    expect(row("critical")).toContain(
      `after ${seconds(config.route.group_wait)} s (grouping wait), updates every ${seconds(config.route.group_interval) / 60} min`,
    );
    expect(row("info")).toContain(
      `first digest after ${seconds(info?.group_wait ?? "") / 60} min, then every ${Duration.parse(info?.group_interval ?? "").toPrometheus()}`,
    );
  });

  it("describes the data flow, escalation, dashboards, queries, retention, cost and incident response", () => {
    expect(doc).toMatch(/```mermaid\nflowchart LR\n/);
    expect(doc).toContain('am --> ch0["duty-phone (SMS: 1 number)"]');
    expect(doc).toContain(
      "| critical | the owning team's PagerDuty service (platform alerts: platform service), duty-phone (SMS: 1 number), prod-alerts (Slack #alerts-prod) | after 30 s",
    );
    expect(doc).toContain(
      "| checkout | payments | prod checkout | critical: high urgency at any time; warning: high during 09:00–18:00 Europe/Berlin (days 1, 2, 3, 4, 5), low otherwise | 1. rotation primary (alice → bob → carol, weekly, hand-off 09:00 Europe/Berlin), escalating after 15 min<br>2. rotation secondary",
    );
    expect(doc).toContain("every 1h–1h5m while unresolved (at an update once 1h has passed)");
    expect(doc).toContain("Grafana: https://grafana.prod.example.com");
    expect(doc).toContain('job:http_request_error_ratio:rate5m{namespace="shop", job="checkout"}');
    expect(doc).toContain('{namespace="shop", app="checkout"} | json | level=~"error|fatal|critical|panic|50|60"');
    expect(doc).toContain("(Logs Insights)");
    expect(doc).toContain("| metrics (Prometheus) | 30d, at most 90GB |");
    expect(doc).toContain("| CloudWatch log group /shop/prod/catalog | 90 days |");
    expect(doc).toMatch(/## Cost estimate\n\n\| item \| quantity/);
    expect(doc).toContain("**Status update template**");
    expect(doc).toContain("# Postmortem: <title> (<date>)");
    expect(doc).toContain(
      "Critical alerts page the owning team's on-call through PagerDuty and escalate along the team's escalation policy",
    );
  });

  it("gives first queries for a host outage, database connectivity, a deployment failure and the node journal, each of which parses", () => {
    for (const title of ["Host outage", "Database connectivity", "Deployment failure", "Node journal"])
      expect(doc).toContain(`### ${title}`);
    // Placeholders the alert names (<node>, <namespace>) are filled as a person would.
    const blocks = [...doc.matchAll(/```(promql|logql)\n([\s\S]*?)```/g)];
    expect(blocks.length).toBeGreaterThan(8);
    for (const [, language, body] of blocks) {
      for (const query of body.split("\n").filter((l) => l.trim() && !l.startsWith("#"))) {
        const filled = query.replace(/<[^>]+>/g, "x");
        expect(language === "promql" ? promqlErrors(filled) : logqlErrors(filled), query).toEqual([]);
      }
    }
    // The journal's stream labels are the ones the log agent sets.
    expect(doc).toContain('{job="node/journal", node="<node>", unit=~"kubelet.service|containerd.service"}');
    // Incident severity is the commander's call on impact, apart from the alert's severity.
    expect(doc).toMatch(/\| incident severity \| impact \| response \|\n\| --- \| --- \| --- \|\n\| SEV1 \|/);
    expect(doc).toContain("| alert severity | declare an incident?");
  });

  it("names the console dashboards the cloud backend creates, and none where it creates none", () => {
    expect(doc).toContain("CloudWatch: the `prod-monitoring` dashboard in the console shows the watched resources and alarm states.");
    const noDashboard = BUNDLED_ENVIRONMENTS.prod as { cloud: Record<string, unknown> };
    const withoutDashboard = resolveEnvironment({
      ...noDashboard,
      cloud: { ...noDashboard.cloud, dashboard: false },
    } as typeof BUNDLED_ENVIRONMENTS.prod);
    expect(environmentDoc(withoutDashboard)).not.toContain("dashboard in the console");
    // Google Cloud and Azure create no console dashboard (their docs said a CloudWatch one showed their resources).
    for (const env of ["gcp", "azure"])
      expect(environmentDoc(resolveEnvironment(BUNDLED_ENVIRONMENTS[env]))).not.toContain("dashboard in the console");
  });

  it("leaves out what an environment does not have", () => {
    const dev = environmentDoc(resolveEnvironment(BUNDLED_ENVIRONMENTS.dev));
    expect(dev).not.toContain("## Cloud alarms");
    expect(dev).not.toContain("## Cost estimate");
    expect(dev).toContain("**No heartbeat service** (`alerting.heartbeat`: disabled, a developer's local cluster");
    expect(dev).toContain("kubectl -n monitoring port-forward svc/kube-prometheus-stack-grafana 3000:80");
  });
});
