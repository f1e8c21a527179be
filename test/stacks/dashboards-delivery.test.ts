// biome-ignore-all lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped by nature
import { TerraformStack, Testing } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { GrafanaDashboards } from "../../modules/grafana-dashboards";
import { externalDataSources, inClusterDataSources } from "../../src/render/dashboards/data-sources";
import { renderDashboards } from "../../src/render/dashboards/render";
import { resolveEnvironment } from "../../src/spec";
import { bundled, helmValues, resourcesOf, synthEnvironment, synthEnvironments, type TerraformJson } from "../support/synth";

let stacks: Record<string, TerraformJson> = {};
const specs = (["dev", "staging", "prod"] as const).map((n) => resolveEnvironment(bundled(n)));

beforeAll(() => {
  stacks = synthEnvironments(specs);
});

/** What Terraform hands to the API for a string: `$${` and `%%{` are escapes of a literal `${` and `%{`. */
const terraformUnescape = (text: string) => text.replaceAll("$${", "${").replaceAll("%%{", "%{");

const dashboardMaps = (stack: TerraformJson) =>
  resourcesOf(stack, "kubernetes_config_map_v1").filter((c: any) => c.metadata.labels?.grafana_dashboard === "1");

describe("in-cluster dashboards", () => {
  it("every environment with a cluster gets one labelled ConfigMap per dashboard, in its own folder", () => {
    for (const spec of specs) {
      const maps = dashboardMaps(stacks[spec.name]);
      const expected = renderDashboards(spec, inClusterDataSources(spec));
      expect(maps.map((m: any) => m.metadata.name).sort()).toEqual(expected.map((d) => `${spec.name}-dashboard-${d.slug}`).sort());
      for (const map of maps) {
        expect(map.metadata.namespace).toBe("monitoring");
        expect(map.metadata.annotations).toEqual({ grafana_folder: `monitoring-${spec.name}` });
        const [[file, json]] = Object.entries(map.data as Record<string, string>);
        const dashboard = expected.find((d) => `${d.slug}.json` === file);
        // The ConfigMap holds exactly the rendered model once Terraform has undone its escapes.
        expect(JSON.parse(terraformUnescape(json))).toEqual(dashboard?.model);
        // Grafana's ${prometheus} must not be evaluated by Terraform.
        expect(json).not.toMatch(/(?<!\$)\$\{(?!TfToken)/);
        expect(map.depends_on).toEqual([expect.stringMatching(/^helm_release\./)]);
      }
    }
  });

  it("Grafana's sidecar reads the folder annotation and turns sub-directories into folders", () => {
    const release = resourcesOf(stacks.dev, "helm_release").find((r: any) => r.chart === "kube-prometheus-stack") ?? {};
    const sidecar = helmValues(release).grafana.sidecar.dashboards;
    expect(sidecar).toMatchObject({
      label: "grafana_dashboard",
      labelValue: "1",
      // Grafana's own namespace (null: the sidecar watches where it runs), where the ConfigMaps above live.
      searchNamespace: null,
      folderAnnotation: "grafana_folder",
      provider: { foldersFromFilesStructure: true },
    });
  });

  it("refuses at synth a dashboard a ConfigMap cannot hold, naming it", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "t");
    expect(
      () =>
        new GrafanaDashboards(stack, "d", {
          namespace: "m",
          folder: "f",
          namePrefix: "x",
          // The file name counts with the JSON: 1 MiB of data in all, one byte over.
          dashboards: [{ slug: "huge", json: "x".repeat(1_048_577 - "huge.json".length) }],
        }),
    ).toThrow('dashboard "huge" is 1048577 bytes, over the 1 MiB a ConfigMap can hold');
  });

  it("dev and staging use only the in-cluster path: no Grafana provider, no grafana_* resource", () => {
    for (const env of ["dev", "staging"]) {
      expect(stacks[env].provider?.grafana).toBeUndefined();
      expect(Object.keys(stacks[env].resource).filter((t) => t.startsWith("grafana_"))).toEqual([]);
    }
  });
});

describe("external Grafana (prod)", () => {
  it("configures the provider from a sensitive variable, never a literal", () => {
    const prod = stacks.prod;
    expect(prod.provider.grafana).toEqual([{ url: "https://shop.grafana.net", auth: "${var.grafana_auth}" }]);
    expect(prod.variable.grafana_auth).toMatchObject({ sensitive: true, type: "string" });
    expect(prod.terraform.required_providers.grafana).toEqual({ source: "grafana/grafana", version: "~> 4.40" });
  });

  it("creates the folder, the environment's data sources and the same dashboards, in that folder", () => {
    const prod = stacks.prod;
    const spec = specs[2];
    const [folder] = resourcesOf(prod, "grafana_folder");
    expect(folder).toMatchObject({ title: "monitoring-prod", uid: "prod-dashboards" });
    const sources = resourcesOf(prod, "grafana_data_source");
    expect(sources.map((s: any) => [s.type, s.uid, s.url]).sort()).toEqual(
      [
        ["cloudwatch", "prod-cloudwatch", undefined],
        ["jaeger", "prod-jaeger", "https://jaeger.prod.example.com"],
        ["loki", "prod-loki", "https://loki.prod.example.com"],
        ["prometheus", "prod-prometheus", "https://prometheus.prod.example.com"],
      ].sort(),
    );
    // Logs link to traces and exemplars open traces, through the environment's own uids.
    const loki = JSON.parse(terraformUnescape(sources.find((s: any) => s.type === "loki")?.json_data_encoded));
    expect(loki.derivedFields[0]).toMatchObject({ datasourceUid: "prod-jaeger", url: "${__value.raw}" });
    const prometheus = JSON.parse(terraformUnescape(sources.find((s: any) => s.type === "prometheus")?.json_data_encoded));
    expect(prometheus.exemplarTraceIdDestinations).toEqual([{ name: "trace_id", datasourceUid: "prod-jaeger" }]);

    const dashboards = resourcesOf(prod, "grafana_dashboard");
    const rendered = renderDashboards(spec, externalDataSources(spec).uids);
    const byUid = (models: any[]) => Object.fromEntries(models.map((m) => [m.uid, m]));
    expect(byUid(dashboards.map((d: any) => JSON.parse(terraformUnescape(d.config_json))))).toEqual(byUid(rendered.map((d) => d.model)));
    for (const d of dashboards) {
      expect(d.folder).toMatch(/^\$\{grafana_folder\.[^}]+\.uid\}$/);
      expect(d.overwrite).toBe(true);
    }
    // Same dashboards on both paths: the in-cluster ones differ only in the data source variables' uids.
    expect(rendered.map((d) => d.slug)).toEqual(renderDashboards(spec, inClusterDataSources(spec)).map((d) => d.slug));
  });

  it("mirrors the channels as contact points and the severity routing as the notification policy", () => {
    // A fixed set of channels, so that the expectations below do not follow edits of the bundled prod.
    const stack = synthEnvironment({
      ...bundled("prod"),
      channels: [
        { type: "pagerduty", name: "on-call", routingKey: { secretsManager: "monitoring/prod/pagerduty", jsonKey: "routing_key" } },
        { type: "sms", name: "duty-phone", phoneNumbers: ["+14155550100"] },
        { type: "slack", name: "alerts", channel: "#alerts-prod", webhookUrl: { ssmParameter: "/monitoring/prod/slack" } },
        { type: "email", name: "platform-team", addresses: ["platform@example.com", "sre@example.com"] },
        { type: "webhook", name: "incidents", url: { terraformVariable: "incident_webhook_url" }, severities: ["critical"] },
      ],
    });
    const points = resourcesOf(stack, "grafana_contact_point");
    // sms has no Grafana contact point (SNS delivers it); the others, credentials by reference.
    expect(points.map((p: any) => p.name).sort()).toEqual(["prod-alerts", "prod-incidents", "prod-on-call", "prod-platform-team"]);
    const byName = Object.fromEntries(points.map((p: any) => [p.name, p]));
    expect(byName["prod-on-call"].pagerduty[0].integration_key).toMatch(/^\$\{jsondecode\(data\.aws_secretsmanager_secret_version\./);
    expect(byName["prod-alerts"].slack[0]).toEqual({
      url: expect.stringMatching(/^\$\{data\.aws_ssm_parameter\./),
      recipient: "#alerts-prod",
    });
    expect(byName["prod-incidents"].webhook[0]).toEqual({ url: "${var.incident_webhook_url}" });
    expect(stack.variable.incident_webhook_url).toMatchObject({ sensitive: true });
    expect(byName["prod-platform-team"].email[0].addresses).toEqual(["platform@example.com", "sre@example.com"]);

    const [policy] = resourcesOf(stack, "grafana_notification_policy");
    expect(policy.contact_point).toBe("prod-on-call");
    expect(policy.group_by).toEqual(["alertname", "namespace", "job", "severity"]);
    const routes = policy.policy.map((p: any) => `${p.matcher[0].value} -> ${p.contact_point} every ${p.repeat_interval}`);
    expect(routes).toEqual([
      "critical -> prod-on-call every 1h",
      "critical -> prod-alerts every 1h",
      "critical -> prod-incidents every 1h",
      "warning -> prod-alerts every 4h",
      "warning -> prod-platform-team every 4h",
      "info -> prod-platform-team every 1d",
    ]);
    expect(policy.policy.every((p: any) => p.continue === true)).toBe(true);
  });

  it("an environment without a cluster can use the external path alone", () => {
    const input = bundled("prod");
    delete input.kubernetes;
    const stack = synthEnvironment({
      ...input,
      alerting: { ...input.alerting, heartbeat: undefined },
      grafana: { ...input.grafana, delivery: ["external"] },
    });
    expect(dashboardMaps(stack)).toEqual([]);
    expect(resourcesOf(stack, "grafana_dashboard").length).toBeGreaterThanOrEqual(6);
  });
});
