import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { EMPTIED_DEFAULT_RULE_GROUPS, REPLACED_DEFAULT_RULES } from "../../src/catalog/prometheus/default-rules";
import { renderArtifacts } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { helmValues, prometheusRuleFiles, resourcesOf, synthEnvironments, type TerraformJson } from "../support/synth";

const specs = ["dev", "prod"].map((env) => resolveEnvironment(BUNDLED_ENVIRONMENTS[env]));
const stacks = synthEnvironments(specs);

function releaseValues(stack: TerraformJson, chart: string): TerraformJson {
  const release = resourcesOf(stack, "helm_release").find((r) => r.chart === chart);
  if (!release) throw new Error(`no ${chart} release`);
  return helmValues(release);
}

describe.each(specs.map((s) => s.name))("the %s stack deploys exactly what export writes", (env) => {
  const files = renderArtifacts(resolveEnvironment(BUNDLED_ENVIRONMENTS[env])).files;
  const stack = stacks[env];
  const metrics = releaseValues(stack, "kube-prometheus-stack");

  it("Prometheus rules: one PrometheusRule per exported rule file, same content, none in kube-prometheus-stack's values", () => {
    const exported = Object.entries(files).filter(([p]) => p.startsWith("prometheus/rules/"));
    const deployed = prometheusRuleFiles(stack);
    expect(Object.keys(deployed).sort()).toEqual(exported.map(([p]) => p.slice("prometheus/rules/".length, -".yaml".length)).sort());
    for (const [path, text] of exported) {
      const name = path.slice("prometheus/rules/".length, -".yaml".length);
      expect(deployed[name], path).toEqual(parse(text));
    }
    expect(metrics.additionalPrometheusRulesMap).toBeUndefined();
  });

  it("Alertmanager: the exported configuration, its templates and the Secrets it reads", () => {
    expect(metrics.alertmanager.config).toEqual(parse(files["alertmanager/alertmanager.yml"]));
    expect(metrics.alertmanager.templateFiles["monitoring.tmpl"]).toBe(files["alertmanager/templates/monitoring.tmpl"]);
    const paths = JSON.stringify(metrics.alertmanager.config).match(/\/etc\/alertmanager\/secrets\/[^/"]+/g) ?? [];
    const mounted = metrics.alertmanager.alertmanagerSpec.secrets;
    expect(new Set(paths.map((p) => p.split("/").pop()))).toEqual(new Set(mounted));
  });

  it("Loki ruler: the exported LogQL rule files, mounted for the ruler, recorded series written to Prometheus", () => {
    const configMap = resourcesOf(stack, "kubernetes_config_map_v1").find((c) => c.metadata.name === "loki-rules");
    const exported = Object.entries(files).filter(([p]) => p.startsWith("loki/rules/"));
    expect(Object.keys(configMap?.data ?? {}).sort()).toEqual(exported.map(([p]) => p.slice("loki/rules/".length)).sort());
    for (const [path, text] of exported) expect(parse(configMap?.data[path.slice("loki/rules/".length)])).toEqual(parse(text));
    const loki = releaseValues(stack, "loki");
    // One client per Prometheus replica, through the headless Service (test/charts/loki.test.ts).
    const clients = Object.values(loki.loki.rulerConfig.remote_write.clients) as Array<{ url: string }>;
    expect(clients.length).toBeGreaterThan(0);
    for (const c of clients) expect(c.url).toMatch(/^http:\/\/prometheus-.+-\d+\.prometheus-operated\..+:9090\/api\/v1\/write$/);
    expect(metrics.prometheus.prometheusSpec.enableRemoteWriteReceiver).toBe(true);
  });

  it("keeps the chart's default rule groups on and turns off the alerts the catalog replaces, rule by rule", () => {
    // Only groups left with no alert are off whole (the chart would render them with rules: null, which the CRD rejects).
    expect(metrics.defaultRules.rules).toEqual({ general: false });
    expect(Object.keys(EMPTIED_DEFAULT_RULE_GROUPS)).toEqual(["general"]);
    for (const alert of EMPTIED_DEFAULT_RULE_GROUPS.general) expect(REPLACED_DEFAULT_RULES[alert]).toBeDefined();
    expect(Object.keys(metrics.defaultRules.disabled).sort()).toEqual(Object.keys(REPLACED_DEFAULT_RULES).sort());
    expect(metrics.defaultRules.disabled.KubeNodeNotReady).toBe(true);
  });
});

describe("Alertmanager credentials", () => {
  it("come from Secrets the stack creates from references, never from literals", () => {
    const created = resourcesOf(stacks.prod, "kubernetes_secret_v1").filter((s) => s.metadata.name.startsWith("alertmanager-"));
    const byName = Object.fromEntries(created.map((s) => [s.metadata.name, s]));
    expect(Object.keys(byName).sort()).toEqual([
      "alertmanager-heartbeat",
      "alertmanager-pagerduty-catalog",
      "alertmanager-pagerduty-checkout",
      "alertmanager-pagerduty-platform",
      "alertmanager-prod-alerts",
      "alertmanager-smtp",
    ]);
    // Write-only, from ephemeral reads: never in state (test/stacks/secret-state.test.ts checks every stack).
    expect(byName["alertmanager-heartbeat"].data_wo.credential).toMatch(
      /^\$\{jsondecode\(ephemeral\.aws_secretsmanager_secret_version\.[\w-]+\.secret_string\)\.url\}$/,
    );
    expect(byName["alertmanager-pagerduty-checkout"].data_wo["routing-key"]).toMatch(
      /^\$\{sensitive\(pagerduty_service_integration\.[\w-]+\.integration_key\)\}$/,
    );
    expect(byName["alertmanager-prod-alerts"].data_wo.credential).toMatch(/^\$\{ephemeral\.aws_ssm_parameter\.[\w-]+\.value\}$/);
  });

  it("are mounted as they are when they already exist in the cluster", () => {
    expect(resourcesOf(stacks.dev, "kubernetes_secret_v1")).toEqual([]);
    expect(releaseValues(stacks.dev, "kube-prometheus-stack").alertmanager.alertmanagerSpec.secrets).toEqual(["alertmanager-slack"]);
  });
});

describe("service discovery matches the rules", () => {
  it("labels every service's series with the job and namespace its alert rules select", () => {
    const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS.prod);
    const monitors = releaseValues(stacks.prod, "kube-prometheus-stack").prometheus.additionalPodMonitors as TerraformJson[];
    const rules = renderArtifacts(spec).prometheusRules;
    for (const service of spec.services) {
      const monitor = monitors.find((m) => m.name === service.name);
      expect(monitor?.namespaceSelector.matchNames).toEqual([service.namespace]);
      expect(monitor?.podMetricsEndpoints[0].relabelings).toContainEqual({
        action: "replace",
        targetLabel: "job",
        replacement: service.name,
      });
      expect(JSON.stringify(rules[`service-${service.name}`])).toContain(`namespace=\\"${service.namespace}\\", job=\\"${service.name}\\"`);
    }
  });
});

describe("SMS through Amazon SNS", () => {
  it("gives Alertmanager an IRSA role that may publish SMS, bound to its service account only", () => {
    const values = releaseValues(stacks.prod, "kube-prometheus-stack");
    const annotation = values.alertmanager.serviceAccount.annotations["eks.amazonaws.com/role-arn"];
    expect(annotation).toMatch(/^\$\{aws_iam_role\.[\w-]+\.arn\}$/);
    const roleId = annotation.match(/aws_iam_role\.([\w-]+)\.arn/)[1];
    const role = stacks.prod.resource.aws_iam_role[roleId];
    expect(JSON.stringify(role)).toContain("alertmanager");
    const documents = Object.values(stacks.prod.data.aws_iam_policy_document) as TerraformJson[];
    const trust = documents.find((d) => JSON.stringify(d).includes("system:serviceaccount:monitoring:kube-prometheus-alertmanager"));
    expect(trust).toBeDefined();
    const publish = documents.find((d) => (d.statement as TerraformJson[]).some((s) => s.sid === "PublishSmsToPhoneNumbers"));
    expect(publish?.statement.find((s: TerraformJson) => s.sid === "PublishSmsToPhoneNumbers")).toMatchObject({ actions: ["sns:Publish"] });
  });

  it("adds no such role where no channel sends SMS", () => {
    expect(releaseValues(stacks.dev, "kube-prometheus-stack").alertmanager.serviceAccount.annotations).toEqual({});
  });
});
