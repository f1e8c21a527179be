// biome-ignore-all lint/suspicious/noExplicitAny: dashboard JSON models are untyped by nature
import { existsSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { createGenerator } from "ts-json-schema-generator";
import { beforeAll, describe, expect, it } from "vitest";
import { DATA_SOURCE_VARIABLES } from "../../src/catalog/dashboards";
import { renderArtifacts } from "../../src/render/artifacts";
import { exportDataSources, externalDataSources, inClusterDataSources } from "../../src/render/dashboards/data-sources";
import { dashboardUid, type RenderedDashboard, renderDashboards } from "../../src/render/dashboards/render";
import { type EnvironmentSpec, resolveEnvironment } from "../../src/spec";
import { allPanels } from "../support/dashboards";
import { ROOT } from "../support/run";
import { bundled } from "../support/synth";

/**
 * The dashboard model of @grafana/schema (the TypeScript types Grafana generates from its CUE schema). The package
 * ships no JSON Schema, so ts-json-schema-generator derives one here from `raw/dashboard/x/types.gen.d.ts`. The
 * generator uses the TypeScript 5 compiler API (its own dependency, installed nested under it: the project's
 * TypeScript 7 native compiler has no JavaScript API).
 */
const TYPES = join(ROOT, "node_modules", "@grafana", "schema", "dist", "types", "raw", "dashboard", "x", "types.gen.d.ts");

const environments = (["dev", "staging", "prod"] as const).map((n) => resolveEnvironment(bundled(n)));
const prod = environments[2];

/**
 * Keys the generated schema does not list but Grafana reads, by definition, with the reason. Everything else is
 * closed (`additionalProperties: false`), so a misspelled key fails the test.
 */
const EXTENSIONS: Record<string, Record<string, string>> = {
  AnnotationQuery: {
    expr: "Prometheus annotation query (the data source's own annotation fields)",
    step: "Prometheus annotation query step",
    titleFormat: "Prometheus annotation title template",
    tagKeys: "Prometheus annotation tags from labels",
    useValueForTime: "Prometheus annotation option",
  },
  VariableModel: {
    definition: "the query text shown by the variable editor (query variables)",
    auto: "interval variables' auto option; the foundation SDK writes it on every variable",
    auto_min: "same",
    auto_count: "same",
  },
};

let validate: ReturnType<Ajv["compile"]>;

beforeAll(() => {
  expect(existsSync(TYPES), "@grafana/schema dashboard types").toBe(true);
  const schema = createGenerator({ path: TYPES, type: "Dashboard", skipTypeCheck: true, additionalProperties: false }).createSchema(
    "Dashboard",
  );
  const definitions = schema.definitions as Record<string, { properties: Record<string, unknown> }>;
  for (const [name, keys] of Object.entries(EXTENSIONS)) for (const key of Object.keys(keys)) definitions[name].properties[key] = {};
  validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
}, 60_000);

function paths(spec: EnvironmentSpec) {
  return [
    { path: "export", sources: exportDataSources(spec) },
    ...(spec.kubernetes ? [{ path: "in-cluster", sources: inClusterDataSources(spec) }] : []),
    ...(spec.grafana.external ? [{ path: "external", sources: externalDataSources(spec).uids }] : []),
  ];
}

describe("dashboard models", () => {
  it("every exported dashboard file is a valid Grafana dashboard model (JSON Schema from @grafana/schema)", () => {
    const problems: string[] = [];
    for (const spec of environments) {
      const files = Object.entries(renderArtifacts(spec).files).filter(([name]) => name.startsWith("grafana/dashboards/"));
      expect(files.length, spec.name).toBeGreaterThanOrEqual(6);
      for (const [name, text] of files) {
        if (!validate(JSON.parse(text))) problems.push(`${spec.name} ${name}: ${new Ajv().errorsText(validate.errors)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("the schema check rejects a broken model, so a clean result means something", () => {
    const model = structuredClone(renderDashboards(prod, exportDataSources(prod))[0].model) as any;
    model.panels[1].gridPos = { x: "left" };
    model.templating.list[0].type = "dropdown";
    model.panels[2].titel = "misspelled";
    expect(validate(model)).toBe(false);
    const messages = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    expect(messages).toContain("/panels/1/gridPos/x must be number");
    expect(messages).toContain("/templating/list/0/type must be equal to one of the allowed values");
    expect(messages.some((m) => m.startsWith("/panels/2 must NOT have additional properties"))).toBe(true);
  });

  it("export writes one file per dashboard, and the bundled environments have the expected ones", () => {
    const names = (spec: EnvironmentSpec) =>
      Object.keys(renderArtifacts(spec).files)
        .filter((f) => f.startsWith("grafana/dashboards/"))
        .sort();
    const expected = ["aws", "business", "databases", "logs", "overview", "performance", "resources", "traces"].map(
      (s) => `grafana/dashboards/${s}.json`,
    );
    expect(names(prod)).toEqual(expected);
    expect(names(environments[0])).toEqual(expected.filter((f) => !f.endsWith("aws.json"))); // dev has no cloud section
  });

  it("panel ids are unique within each dashboard, and uids are unique and at most 40 characters", () => {
    for (const spec of environments) {
      const dashboards = renderDashboards(spec, exportDataSources(spec));
      for (const d of dashboards) {
        const ids = allPanels(d.model).map((p) => p.id);
        expect(
          ids.every((id) => Number.isInteger(id)),
          `${spec.name}/${d.slug}`,
        ).toBe(true);
        expect(new Set(ids).size, `${spec.name}/${d.slug}`).toBe(ids.length);
      }
      const uids = dashboards.map((d) => d.uid);
      expect(new Set(uids).size).toBe(uids.length);
      expect(uids.every((uid) => uid.length <= 40 && /^[a-zA-Z0-9_-]+$/.test(uid))).toBe(true);
    }
    const long = dashboardUid("a-very-long-environment-name-of-forty-ch", "performance");
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long.endsWith("-performance")).toBe(true);
    expect(long).not.toBe(dashboardUid("a-very-long-environment-name-of-forty-cx", "performance"));
  });

  it("every target has a refId, unique within its panel (Grafana keys results, overrides and transformations by it)", () => {
    const problems: string[] = [];
    let targets = 0;
    for (const spec of environments) {
      for (const d of renderDashboards(spec, exportDataSources(spec))) {
        for (const panel of allPanels(d.model)) {
          const refIds = (panel.targets ?? []).map((t: any) => t.refId);
          targets += refIds.length;
          if (refIds.some((r: unknown) => typeof r !== "string" || r === "") || new Set(refIds).size !== refIds.length) {
            problems.push(`${spec.name}/${d.slug} "${panel.title}": ${JSON.stringify(refIds)}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(targets).toBeGreaterThan(100);
  });

  it("dashboard links and the deploy annotation toggle show above the panels, not in the controls dropdown", () => {
    for (const spec of environments) {
      for (const d of renderDashboards(spec, exportDataSources(spec))) {
        const model = d.model as any;
        expect(model.links.length, `${spec.name}/${d.slug}`).toBeGreaterThan(0);
        for (const item of [...model.links, ...model.annotations.list]) {
          expect(item.placement, `${spec.name}/${d.slug} "${item.title ?? item.name}"`).toBeUndefined();
          expect(item.asDropdown ?? false, `${spec.name}/${d.slug} "${item.title ?? item.name}"`).toBe(false);
          expect(item.hide ?? false).toBe(false);
        }
      }
    }
  });

  it("every data source reference resolves to a data source provisioned on the delivery path, of the right type", () => {
    const problems: string[] = [];
    for (const spec of environments) {
      for (const { path, sources } of paths(spec)) {
        const provisioned = new Map(Object.entries(sources).map(([kind, uid]) => [uid as string, kind]));
        for (const d of renderDashboards(spec, sources)) {
          const model = d.model as any;
          const variables = new Map<string, any>(model.templating.list.map((v: any) => [v.name, v]));
          const check = (ref: any, where: string) => {
            if (!ref) return;
            const variable = /^\$\{(\w+)\}$/.exec(ref.uid ?? "")?.[1];
            const resolved = variable ? variables.get(variable) : undefined;
            if (variable && resolved?.type !== "datasource")
              return problems.push(`${path} ${spec.name}/${d.slug} ${where}: no data source variable ${variable}`);
            const uid = resolved ? resolved.current.value : ref.uid;
            const kind = provisioned.get(uid);
            if (!kind) problems.push(`${path} ${spec.name}/${d.slug} ${where}: uid "${uid}" is not provisioned`);
            else if (kind !== ref.type || (resolved && resolved.query !== kind))
              problems.push(`${path} ${spec.name}/${d.slug} ${where}: ${ref.type} vs ${kind}`);
          };
          for (const panel of allPanels(model)) {
            check(panel.datasource, `panel "${panel.title}"`);
            for (const target of panel.targets ?? []) check(target.datasource, `panel "${panel.title}" target`);
          }
          for (const v of model.templating.list) check(v.datasource, `variable ${v.name}`);
          for (const a of model.annotations.list) check(a.datasource, `annotation ${a.name}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("the external Prometheus data source carries the slowest scrape interval as timeInterval (what $__rate_interval builds on)", () => {
    const timeInterval = (spec: EnvironmentSpec) =>
      externalDataSources(spec).definitions.find((d) => d.type === "prometheus")?.jsonData?.timeInterval;
    expect(timeInterval(prod)).toBe("30s");
    const slow = resolveEnvironment({
      ...bundled("prod"),
      services: [
        ...(bundled("prod").services ?? []),
        { name: "batch", namespace: "shop", team: bundled("prod").services?.[0]?.team, metrics: { interval: "1m" } },
      ],
    });
    expect(timeInterval(slow)).toBe("1m");
  });

  it("the external path uses the environment's own data source uids; a missing data source drops its dashboards", () => {
    const external = renderDashboards(prod, externalDataSources(prod).uids);
    const variable = (d: RenderedDashboard, name: string) => (d.model as any).templating.list.find((v: any) => v.name === name);
    expect(variable(external[0], DATA_SOURCE_VARIABLES.prometheus.name).current.value).toBe("prod-prometheus");
    const noLoki = resolveEnvironment({
      ...bundled("prod"),
      grafana: {
        delivery: ["external"],
        external: {
          url: "https://g.example.com",
          auth: { terraformVariable: "t" },
          dataSources: { prometheusUrl: "https://p.example.com", auth: { prometheus: { type: "sigv4", region: "eu-west-1" } } },
        },
      },
    });
    const slugs = renderDashboards(noLoki, externalDataSources(noLoki).uids).map((d) => d.slug);
    expect(slugs).not.toContain("logs");
    expect(slugs).not.toContain("traces");
    expect(slugs).not.toContain("overview"); // it shows the error log rate from Loki
    expect(slugs).toContain("performance");
  });

  it("links between dashboards resolve to a dashboard of the same environment and delivery path", () => {
    const problems: string[] = [];
    for (const spec of environments) {
      for (const { path, sources } of paths(spec)) {
        const dashboards = renderDashboards(spec, sources);
        const uids = new Set(dashboards.map((d) => d.uid));
        let links = 0;
        for (const d of dashboards) {
          const model = d.model as any;
          const all = [...model.links, ...allPanels(model).flatMap((p) => p.links ?? [])];
          for (const link of all) {
            links++;
            const uid = /^\/d\/([^/?]+)/.exec(link.url ?? "")?.[1];
            if (!uid || !uids.has(uid)) problems.push(`${path} ${spec.name}/${d.slug}: "${link.title}" -> ${link.url}`);
          }
        }
        expect(links).toBeGreaterThan(dashboards.length);
      }
    }
    expect(problems).toEqual([]);
  });

  it("the in-cluster path of an AWS environment without EKS leaves the AWS dashboard out (no CloudWatch data source there)", () => {
    const kubeconfig = resolveEnvironment({
      ...bundled("staging"),
      kubernetes: { ...bundled("staging").kubernetes, connection: { type: "kubeconfig" } },
    });
    expect(renderDashboards(kubeconfig, inClusterDataSources(kubeconfig)).map((d) => d.slug)).not.toContain("aws");
    expect(renderDashboards(kubeconfig, exportDataSources(kubeconfig)).map((d) => d.slug)).toContain("aws");
  });

  it("the latency panel of a service shows its objective (ServiceHighLatency's warning tier) and twice it (critical), and links exemplars to traces", () => {
    const performance = renderDashboards(prod, inClusterDataSources(prod)).find((d) => d.slug === "performance");
    const latency = allPanels(performance?.model).find((p) => p.title === "checkout: latency");
    expect(latency.fieldConfig.defaults.thresholds.steps).toContainEqual({ value: 0.3, color: "orange" });
    expect(latency.fieldConfig.defaults.thresholds.steps).toContainEqual({ value: 0.6, color: "red" });
    expect(latency.targets.every((t: any) => t.exemplar === true)).toBe(true);
    expect(latency.links.map((l: any) => l.url)).toEqual(["/d/prod-traces?var-service=checkout"]);
  });
});

describe("Overview dashboard", () => {
  const sloPanel = (spec: EnvironmentSpec) => {
    const overview = renderDashboards(spec, exportDataSources(spec)).find((d) => d.slug === "overview");
    return allPanels(overview?.model).find((p) => String(p.title).startsWith("SLO compliance"));
  };

  it("colours each service's SLO bar against that service's own objective, not a fixed 99/99.9", () => {
    const base = bundled("dev");
    const team = base.services?.[0]?.team;
    const spec = resolveEnvironment({
      ...base,
      services: [
        { name: "strict", namespace: "shop", team, slo: { availabilityPercent: 99.95 } },
        { name: "relaxed", namespace: "shop", team, slo: { availabilityPercent: 95 } },
      ],
    });
    const overrides = Object.fromEntries(
      sloPanel(spec).fieldConfig.overrides.map((o: any) => [
        o.matcher.options,
        o.properties.find((p: any) => p.id === "thresholds").value.steps,
      ]),
    );
    expect(overrides.strict).toEqual([
      { value: null, color: "red" },
      { value: 99.95, color: "green" },
    ]);
    expect(overrides.relaxed).toEqual([
      { value: null, color: "red" },
      { value: 95, color: "green" },
    ]);
    expect(sloPanel(spec).fieldConfig.overrides.every((o: any) => o.matcher.id === "byName")).toBe(true);
    // A 96 % service reads red on a 99.95 % objective and green on a 95 % one; the scale leaves room below 95.
    expect(sloPanel(spec).fieldConfig.defaults.min).toBeLessThan(95);
  });

  it("names the window the SLO really covers: its objective window cut to the metrics retention (3 days in dev)", () => {
    const dev = environments[0];
    expect(dev.retention.metrics.toPrometheus()).toBe("3d");
    expect(sloPanel(dev).title).toBe("SLO compliance (availability over 3d)");
    expect(sloPanel(dev).description).toContain("over 3d");
    const long = resolveEnvironment({ ...bundled("prod"), retention: { metrics: "60d" } });
    expect(sloPanel(long).title).toBe(`SLO compliance (availability over ${long.services[0].slo?.window.toPrometheus()})`);
  });
});

describe("Traces dashboard", () => {
  it("shows the trace pipeline's losses from the same counters its alerts watch", () => {
    const traces = renderDashboards(prod, inClusterDataSources(prod)).find((d) => d.slug === "traces");
    const panelExprs = allPanels(traces?.model).flatMap((p) => (p.targets ?? []).map((t: any) => t.expr ?? ""));
    const rules = renderArtifacts(prod).prometheusRules.monitoring.groups.flatMap((g: any) => g.rules);
    for (const alert of ["TracesRefused", "TracesExportFailing"]) {
      const expr: string = rules.find((r: any) => r.alert === alert).expr;
      for (const metric of new Set(expr.match(/otelcol_\w+/g)))
        expect(
          panelExprs.some((e) => e.includes(metric)),
          `${alert}: ${metric} on the dashboard`,
        ).toBe(true);
    }
  });
});

describe("AWS dashboard", () => {
  it("lists the watched resources in variables and repeats one row per resource, so its size does not grow with them", () => {
    const aws = renderDashboards(prod, exportDataSources(prod)).find((d) => d.slug === "aws");
    const model = aws?.model as any;
    const variable = (name: string) => model.templating.list.find((v: any) => v.name === name);
    expect(variable("rds_cluster").query).toBe("orders-db : shop-prod-orders");
    expect(variable("ec2").query).toBe("app-servers : tag.Role = 'app' AND tag.Environment = 'prod'");
    expect(variable("sqs").query).toBe("orders-queue : shop-prod-orders");
    expect(variable("dlq").query).toBe("orders-queue : shop-prod-orders-dlq");
    const rows = allPanels(model).filter((p) => p.type === "row");
    // One row per watch kind with resources, in the registry's order (src/catalog/cloudwatch/registry.ts).
    expect(rows.map((r) => r.repeat)).toEqual([
      "ec2",
      "rds_cluster",
      "alb",
      "lambda",
      "sqs",
      "dlq",
      "dynamodb",
      "ecs",
      "apigw_rest",
      "apigw_http",
      "elasticache",
      "states",
    ]);
    expect(variable("dynamodb").query).toBe("carts-table : shop-prod-carts,sessions-table : shop-prod-sessions");
    expect(variable("ecs").query).toBe("checkout-api");
    const cpu = allPanels(model).find((p) => p.title === "CPU" && p.targets[0].namespace === "AWS/RDS");
    expect(cpu.targets[0]).toMatchObject({
      dimensions: { DBClusterIdentifier: "$rds_cluster" },
      region: "eu-west-1",
      metricName: "CPUUtilization",
    });

    const many = resolveEnvironment({
      ...bundled("prod"),
      cloud: {
        ...bundled("prod").cloud,
        provider: "aws",
        region: "eu-west-1",
        watch: { lambdaFunctions: Array.from({ length: 500 }, (_, i) => ({ name: `fn-${i}`, functionName: `shop-fn-${i}` })) },
      },
    });
    const big = renderDashboards(many, exportDataSources(many)).find((d) => d.slug === "aws");
    expect(allPanels(big?.model).length).toBe(4); // one repeated row, three panels
  });
});
