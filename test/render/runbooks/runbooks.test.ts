import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../../environments";
import { renderArtifacts } from "../../../src/render/artifacts";
import { runbookQueries } from "../../../src/render/gameday/runbook-queries";
import { RUNBOOK_PLACEHOLDER } from "../../../src/render/runbooks/facts";
import { resolveEnvironment } from "../../../src/spec";
import { loadEnvironments } from "../../../stacks/environments";

/** The runbook pages `monitoring-stack export` writes for every bundled environment. */
const environments = loadEnvironments().map((spec) => {
  const artifacts = renderArtifacts(spec);
  const pages = Object.entries(artifacts.files).filter(([path]) => path.startsWith("runbooks/"));
  return { spec, artifacts, pages };
});

/** Prod with every AWS watch kind, two resources on one page, anomaly bands, a dead-letter queue and an Aurora cluster. */
function richAws() {
  const prod = BUNDLED_ENVIRONMENTS.prod;
  if (prod.cloud?.provider !== "aws") throw new Error("the bundled prod environment is expected on AWS");
  const watch = prod.cloud.watch ?? {};
  return resolveEnvironment({
    ...prod,
    name: "rich",
    cloud: {
      ...prod.cloud,
      watch: {
        ...watch,
        ec2: [...(watch.ec2 ?? []), { name: "batch", tags: { Role: "batch" } }],
        rds: [...(watch.rds ?? []), { name: "reports-db", identifier: "shop-reports", maxConnections: 200 }],
        lambdaFunctions: [
          ...(watch.lambdaFunctions ?? []),
          { name: "resizer", functionName: "shop-resizer", service: "catalog", anomalyDetection: true },
        ],
        sqsQueues: [{ name: "mail", queueName: "shop-mail", deadLetterQueueName: "shop-mail-dlq", anomalyDetection: true }],
      },
    },
  });
}

/**
 * Placeholders a runbook keeps because nobody knows them before the incident: a choice made then (`<n>` more capacity,
 * the `<previous>` version) or a value read from the alert's labels or the event (`<instance>`, `<key id>`).
 */
const CHOSEN_DURING_THE_INCIDENT = new Set([
  ...["n", "previous", "larger", "larger tier", "GiB", "pid", "vol", "instance-id", "key id", "execution"],
  // One member of a watched group, named by the incident or by the step before: a VM of a label selector or resource
  // group, its disk, a subscription of the dead-letter topic the step before lists.
  ...["vm", "disk", "dlq-subscription"],
]);
const ALERT_LABELS = new Set([
  ...["instance", "node", "mountpoint", "device", "namespace", "pod", "container", "name", "selector", "job_name"],
  ...["cronjob", "pvc", "size", "exporter"],
]);

describe("generated runbooks", () => {
  it("leave no placeholder the generator can fill: every cloud page names the watched resources (bundled and a rich spec)", () => {
    let filled = 0;
    for (const spec of [...environments.map((e) => e.spec), richAws()]) {
      const artifacts = renderArtifacts(spec);
      const alertPages = new Set(artifacts.alerts.map((a) => `runbooks/${a.alert}.md`));
      for (const [path, page] of Object.entries(artifacts.files)) {
        if (!path.startsWith("runbooks/")) continue;
        const alertPage = alertPages.has(path);
        // A cloud page no alarm of this environment links to has no resource to fill from.
        if (!alertPage && page.includes("links here yet")) continue;
        if (!alertPage) filled++;
        const left = [...page.matchAll(RUNBOOK_PLACEHOLDER)].map((m) => m[1]);
        const fillable = left.filter((name) => !CHOSEN_DURING_THE_INCIDENT.has(name) && !(alertPage && ALERT_LABELS.has(name)));
        expect(fillable, `${spec.name} ${path}`).toEqual([]);
      }
    }
    expect(filled).toBeGreaterThan(20);
  });

  it("repeat a step per resource when a page covers several, each with its own name", () => {
    const page = renderArtifacts(richAws()).files["runbooks/aws-lambda-error-rate.md"];
    // Each command names the environment's region (a responder's default region may be another).
    const cloud = richAws().cloud;
    if (cloud?.provider !== "aws") throw new Error("richAws is on AWS");
    const { region } = cloud;
    expect(page).toContain(`thumbnailer: \`aws lambda get-function --region ${region} --function-name shop-prod-thumbnailer`);
    expect(page).toContain(`resizer: \`aws lambda get-function --region ${region} --function-name shop-resizer`);
    const cluster = renderArtifacts(richAws()).files["runbooks/aws-rds-free-memory.md"];
    // An Aurora cluster is measured by its cluster dimension; a plain instance by its own.
    expect(cluster).toContain("--dimensions Name=DBClusterIdentifier,Value=shop-prod-orders");
    expect(cluster).toContain("--dimensions Name=DBInstanceIdentifier,Value=shop-reports");
    const composite = renderArtifacts(richAws()).files["runbooks/aws-composite-errors-with-latency.md"];
    expect(composite).not.toContain("links here yet");
    expect(composite).toContain("--alarm-names rich-checkout-composite-errorsWithLatency-critical");
  });

  it("fill Google and Azure pages from the spec: names, resource groups, log fields", () => {
    const byProvider = (provider: string) => {
      const found = environments.find((e) => e.spec.cloud?.provider === provider);
      if (!found) throw new Error(`no bundled environment on ${provider}`);
      return found;
    };
    const gcp = byProvider("gcp");
    if (gcp.spec.cloud?.provider !== "gcp") throw new Error("unreachable");
    const run = gcp.spec.cloud.watch.cloudRun[0];
    const runPage = gcp.artifacts.files["runbooks/gcp-run-error-rate.md"];
    expect(runPage).toContain(`resource.labels.service_name="${run.serviceName}"`);
    // gcloud names the environment's project: a responder's default project may be another.
    expect(runPage).toContain(`gcloud run services update-traffic ${run.serviceName} --project ${gcp.spec.cloud.project} `);
    const check = gcp.spec.cloud.uptimeChecks[0];
    expect(gcp.artifacts.files["runbooks/gcp-uptime-check-failed.md"]).toContain(`curl -sv ${check.url}`);
    const azure = byProvider("azure");
    if (azure.spec.cloud?.provider !== "azure") throw new Error("unreachable");
    const queue = azure.spec.cloud.watch.serviceBusQueues[0];
    expect(azure.artifacts.files["runbooks/azure-servicebus-depth.md"]).toContain(
      `az servicebus queue show --subscription ${azure.spec.cloud.subscriptionId} -g ${queue.resourceGroup} --namespace-name ${queue.namespace} -n ${queue.queueName}`,
    );
    const logs = azure.spec.cloud.watch.logs[0];
    const field = logs.payloadColumn ? `${logs.payloadColumn}["${logs.fields.durationMs}"]` : logs.fields.durationMs;
    expect(azure.artifacts.files["runbooks/azure-logs-latency.md"]).toContain(`todouble(${field})`);
  });

  it("give each Azure database server the CLI of its engine (az postgres or az mysql flexible-server)", () => {
    const input = structuredClone(BUNDLED_ENVIRONMENTS.azure);
    if (input.cloud?.provider !== "azure") throw new Error("the bundled azure environment is on Azure");
    const [orders] = input.cloud.watch?.databases ?? [];
    input.cloud.watch = {
      ...input.cloud.watch,
      databases: [orders, { ...orders, name: "users-db", serverName: "shop-users", engine: "mysql" }],
    };
    const page = renderArtifacts(resolveEnvironment(input)).files["runbooks/azure-database-cpu.md"];
    expect(page).toContain("az postgres flexible-server update --subscription");
    expect(page).toMatch(/az postgres flexible-server update [^`]* -n shop-orders /);
    expect(page).toMatch(/az mysql flexible-server update [^`]* -n shop-users /);
    expect(page).not.toMatch(/az postgres flexible-server update [^`]* -n shop-users /);
  });

  it("a page shared by several services quotes each service's own queries", () => {
    for (const { spec, artifacts } of environments) {
      for (const alert of artifacts.alerts.filter((a) => a.labels?.service)) {
        const page = artifacts.files[`runbooks/${alert.alert}.md`];
        for (const query of runbookQueries(alert.runbook))
          expect(page, `${spec.name} ${alert.alert} (${alert.labels?.service})`).toContain(query.text);
      }
    }
  });

  it("name the cloud's own alarms, console and CLI: no CloudWatch or SNS on a Google or Azure page", () => {
    const words = { aws: /CloudWatch|aws cloudwatch/, gcp: /Cloud Monitoring|gcloud/, azure: /Azure Monitor|az monitor/ } as const;
    for (const { spec, artifacts, pages } of environments) {
      const provider = spec.cloud?.provider;
      if (!provider) continue;
      const cloudPages = pages.filter(([path]) => !artifacts.alerts.some((a) => path === `runbooks/${a.alert}.md`));
      expect(cloudPages.length, spec.name).toBeGreaterThan(0);
      for (const [path, page] of cloudPages) {
        expect(page, `${spec.name} ${path}`).toMatch(words[provider]);
        if (provider !== "aws") expect(page, `${spec.name} ${path}`).not.toMatch(/CloudWatch|\bSNS\b|aws cloudwatch/);
      }
    }
  });

  it("name the owning team, its real escalation chain and the incident channel, and leave no placeholder for a person to fill", () => {
    for (const { spec, pages } of environments) {
      for (const [path, page] of pages) {
        const where = `${spec.name} ${path}`;
        expect(page, where).toMatch(/\nOwning team: .+\./);
        expect(page, where).not.toMatch(/\b(TODO|TBD|FIXME)\b/);
        // The spec's own URLs (runbook base, the endpoints its uptime checks probe) are what the environment asked for;
        // anything else from example.com is a placeholder.
        const own = [spec.runbookBaseUrl, ...(spec.cloud?.provider === "gcp" ? spec.cloud.uptimeChecks.map((u) => u.url) : [])];
        const text = own.reduce((t: string, url) => (url ? t.replaceAll(url, "") : t), page);
        expect(text, where).not.toMatch(/<team>|<owner>|<release>|<monitoring namespace>|example\.com|security on-call|within 30 minutes/i);
        if (spec.incident) expect(page, where).toContain(spec.incident.channel);
        if (spec.oncall) {
          // Every team named as owner shows its escalation policy with its rotations and timings.
          const owners = [...page.matchAll(/team ([a-z0-9-]+)/g)].map((m) => m[1]);
          for (const name of new Set(owners)) {
            const team = spec.oncall.teams.find((t) => t.name === name);
            if (!team) continue;
            expect(page, where).toContain(`PagerDuty escalation policy of team ${name}`);
            for (const level of team.escalation) expect(page, where).toContain(`escalating after ${level.escalateAfterMinutes} min`);
            for (const rotation of team.rotations.filter((r) => team.escalation.some((l) => l.notify.includes(r.name))))
              expect(page, where).toContain(`rotation ${rotation.name} (${rotation.members.join(" → ")}`);
          }
        } else expect(page, where).toContain("No on-call rotation is defined");
      }
    }
  });

  it("say where the Watchdog really goes: the heartbeat receiver, not a severity's channels", () => {
    for (const { spec, artifacts } of environments) {
      const page = artifacts.files["runbooks/Watchdog.md"];
      if (!page || !artifacts.routing) continue;
      const notifications = page.match(/\nNotifications: (.+)\./)?.[1] ?? "";
      const heartbeat = spec.alerting.heartbeat;
      if (heartbeat && "url" in heartbeat)
        expect(notifications, spec.name).toMatch(new RegExp(`^info → ${artifacts.routing.heartbeatReceiver} `));
      else expect(notifications, spec.name).toContain("nobody");
    }
  });

  it("link other runbooks absolutely under runbookBaseUrl (relatively without one) and only to files the export writes", () => {
    let links = 0;
    for (const { spec, artifacts, pages } of environments) {
      const exported = new Set([...Object.keys(artifacts.files), "docs/MONITORING.md"]);
      for (const [path, page] of pages) {
        for (const [, target] of page.matchAll(/\]\(([^)]+)\)/g)) {
          // Grafana dashboard links: checked in dashboard-links.test.ts; cloud consoles: in cloud-console-links.test.ts.
          if (target.includes("/d/")) continue;
          if (/^https:\/\/([a-z0-9-]+\.console\.aws\.amazon\.com|console\.cloud\.google\.com|portal\.azure\.com)\//.test(target)) continue;
          links++;
          const where = `${spec.name} ${path} → ${target}`;
          if (/^[a-z]+:/.test(target)) {
            expect(spec.runbookBaseUrl, where).toBeDefined();
            expect(target.startsWith(`${spec.runbookBaseUrl}/`), where).toBe(true);
            expect(exported.has(`runbooks/${target.slice(`${spec.runbookBaseUrl}/`.length)}`), where).toBe(true);
          } else {
            const resolved = new URL(target, "file:///export/runbooks/").pathname.replace(/^\/export\//, "");
            expect(exported.has(resolved), where).toBe(true);
            if (spec.runbookBaseUrl) expect(target.startsWith("../docs/"), `${where}: pages link each other absolutely`).toBe(true);
          }
        }
      }
    }
    expect(links).toBeGreaterThan(0);
  });
});
