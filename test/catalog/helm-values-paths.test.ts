import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CHARTS, LOCAL_CHARTS } from "../../src/catalog/charts";
import { resolveEnvironment } from "../../src/spec";
import { localChart } from "../support/helm";
import { parseYaml } from "../support/parse-yaml";
import { ROOT } from "../support/run";
import { bundled, resourcesOf, synthEnvironments, type TerraformJson } from "../support/synth";

/**
 * Helm ignores a misspelled key silently. This test walks every values path the project sets (in the synthesized
 * helm_release resources of the bundled environments plus a spec that turns on every optional branch) and checks that
 * the path exists in the pinned chart's default values.yaml or values.schema.json under ../shared/reference/helm/.
 */
const REFERENCE = join(ROOT, "..", "shared", "reference", "helm");
const present = existsSync(REFERENCE);
if (!present)
  process.stderr.write(`skipping the Helm values-path checks: ${REFERENCE} is absent (it ships beside the project, not in it)\n`);

/**
 * Paths whose content is legitimately free-form: the chart passes them through to a component's own configuration or
 * to a Kubernetes object, so values.yaml has no keys below them. Keyed by chart, then path; the value is the reason.
 */
const FREE_FORM: Record<string, Record<string, string>> = {
  [LOCAL_CHARTS.prometheusRules.chart]: { rules: "PrometheusRule specs (groups) by object name" },
  "kube-prometheus-stack": {
    "defaultRules.disabled":
      "alert name -> true, read by every templates/prometheus/rules-1.14 template as .Values.defaultRules.disabled.<AlertName> (default {})",
    "alertmanager.config": "Alertmanager's own configuration file (route, receivers, inhibit_rules)",
    "alertmanager.templateFiles": "notification template files by file name",
    "alertmanager.alertmanagerSpec.storage": "a prometheus-operator StorageSpec (volumeClaimTemplate); default {}",
    "prometheus.prometheusSpec.storageSpec": "a prometheus-operator StorageSpec (volumeClaimTemplate); default {}",
    "prometheus.prometheusSpec.externalLabels": "label name -> value map added to every series and alert",
    "grafana.grafana.ini": "grafana.ini sections and keys (Grafana's own configuration)",
    "grafana.sidecar.datasources.exemplarTraceIdDestinations": "documented in the chart's comments: { datasourceUid, traceIdLabelName }",
    "grafana.ingress.ingressClassName": "read by the grafana chart's templates/ingress.yaml; only a commented example in values.yaml",
    "grafana.persistence.storageClassName": "read by the grafana chart's templates/pvc.yaml; only a commented example in values.yaml",
    "alertmanager.alertmanagerSpec.alertmanagerConfigSelector": "a Kubernetes LabelSelector (default {}), passed to the Alertmanager CR",
    "alertmanager.alertmanagerSpec.alertmanagerConfigNamespaceSelector":
      "a Kubernetes LabelSelector (default {}), passed to the Alertmanager CR",
    "prometheus.prometheusSpec.ruleNamespaceSelector": "a Kubernetes LabelSelector (default {}), passed to the Prometheus CR",
    "prometheus.prometheusSpec.arbitraryFSAccessThroughSMs":
      "values.yaml shows false, but templates/prometheus/prometheus.yaml passes it through toYaml into the CR's object field { deny }",
    "prometheus-node-exporter.securityContext":
      "subchart prometheus-node-exporter 4.x values (pod securityContext), not in reference/helm; read in its vendored values.yaml",
    "prometheus-node-exporter.containerSecurityContext":
      "subchart prometheus-node-exporter 4.x values (container securityContext), not in reference/helm; read in its vendored values.yaml",
    "kube-state-metrics.collectorsExclude": "subchart kube-state-metrics values (list of collectors to drop), not in reference/helm",
    "grafana.podLabels":
      "pod labels (Entra Workload ID's azure.workload.identity/use); only a commented example ('## Pod Labels') in values.yaml",
  },
  loki: {
    "loki.schemaConfig": "Loki's schema_config block (required; default {})",
    "loki.storage.bucketNames":
      "required by the templates for object storage ('Please define loki.storage.bucketNames.chunks'); only commented in values.yaml",
    "loki.limits_config": "Loki's limits_config block, merged into the generated config",
    "loki.compactor": "Loki's compactor block (default {})",
    "loki.rulerConfig": "Loki's ruler block (storage, alertmanager_url)",
    "ruler.directories": "tenant -> rule file name -> rule file text",
  },
  jaeger: {
    userconfig: "Jaeger v2's own (OpenTelemetry-style) configuration; the chart renders it as the config file",
    "jaeger.resources": "read by templates/jaeger/jaeger-deploy.yaml; only a commented example in values.yaml",
  },
  "opentelemetry-collector": {
    "config.processors": "collector component configuration (the collector's own schema), e.g. tail_sampling",
    "config.exporters": "collector component configuration (the collector's own schema), e.g. otlp/jaeger",
  },
  "prometheus-postgres-exporter": {
    "config.datasource.passwordSecret": "a Secret reference { name, key }, documented in the chart's comments (default {})",
  },
};

/** Map-valued keys whose children are Kubernetes-API objects or plain string maps, wherever they appear. */
const FREE_FORM_KEYS: Record<string, string> = {
  resources: "Kubernetes ResourceRequirements (requests/limits)",
  annotations: "annotation name -> value map",
  securityContext: "Kubernetes (Pod)SecurityContext",
  podSecurityContext: "Kubernetes PodSecurityContext",
  containerSecurityContext: "Kubernetes SecurityContext",
};

const CHART_VERSIONS: Record<string, string> = Object.fromEntries(Object.values(CHARTS).map((c) => [c.chart, c.version]));

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The project's own charts, by name: their values.yaml is in the repository. */
const LOCAL: Record<string, string> = Object.fromEntries(Object.values(LOCAL_CHARTS).map((c) => [c.chart, join(ROOT, c.directory)]));

/**
 * A chart's defaults and schema, read and parsed once per chart (every environment's releases are checked against them).
 * YAML here and in the releases' values is read with the fast reader (the yaml package's values, ~6 times faster).
 */
function load(chart: string): { defaults: Json; schema?: Json } {
  const loaded = references.get(chart) ?? loadUncached(chart);
  references.set(chart, loaded);
  return loaded;
}
const references = new Map<string, { defaults: Json; schema?: Json }>();

function loadUncached(chart: string): { defaults: Json; schema?: Json } {
  const dir = LOCAL[chart] ?? join(REFERENCE, chart, CHART_VERSIONS[chart]);
  const defaults = parseYaml(readFileSync(join(dir, "values.yaml"), "utf8")) as Json;
  if (chart === "kube-prometheus-stack") {
    // The Grafana subchart's defaults sit under `grafana.`, merged key by key as Helm does (the parent's
    // `grafana.sidecar.dashboards` sets a few keys; the subchart documents the rest, e.g. folderAnnotation).
    const grafana = parseYaml(readFileSync(join(REFERENCE, "grafana", "12.11.1", "values.yaml"), "utf8")) as Json;
    defaults.grafana = deepMerge(grafana, defaults.grafana as Json);
  }
  const schemaFile = join(dir, "values.schema.json");
  return { defaults, schema: existsSync(schemaFile) ? JSON.parse(readFileSync(schemaFile, "utf8")) : undefined };
}

function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = isMap(out[key]) && isMap(value) ? deepMerge(out[key] as Json, value) : value;
  return out;
}

function schemaChild(schema: Json | undefined, key: string): Json | undefined {
  const properties = schema?.properties;
  return isMap(properties) && isMap(properties[key]) ? (properties[key] as Json) : undefined;
}

/** Every path of `ours` that the chart does not know, with why. */
function unknownPaths(chart: string, ours: Json): string[] {
  const { defaults, schema } = load(chart);
  const freeForm = FREE_FORM[chart] ?? {};
  const problems: string[] = [];
  const walk = (value: Json, def: unknown, sch: Json | undefined, path: string): void => {
    for (const [key, child] of Object.entries(value)) {
      const p = path ? `${path}.${key}` : key;
      if (p in freeForm || (key in FREE_FORM_KEYS && isMap(child))) continue;
      const inDefaults = isMap(def) && key in def;
      const childSchema = schemaChild(sch, key);
      if (!inDefaults && !childSchema) {
        problems.push(`${p}: not in values.yaml${schema ? " or values.schema.json" : ""}`);
        continue;
      }
      if (!isMap(child)) continue;
      const childDefault = inDefaults ? (def as Json)[key] : undefined;
      if (isMap(childDefault) && Object.keys(childDefault).length > 0) walk(child, childDefault, childSchema, p);
      else if (childSchema && isMap(childSchema.properties)) walk(child, undefined, childSchema, p);
      else if (childDefault === null || childDefault === undefined || isMap(childDefault)) {
        if (Object.keys(child).length > 0) problems.push(`${p}: the chart documents no keys below it; list it in FREE_FORM with a reason`);
      } else problems.push(`${p}: the chart's default is a ${typeof childDefault}, the project sets a map`);
    }
  };
  walk(ours, defaults, schema, "");
  return problems;
}

/** A spec that exercises every optional branch of the composition. */
function everythingSpec() {
  const dev = bundled("dev");
  return resolveEnvironment({
    ...dev,
    name: "everything",
    kubernetes: {
      connection: { type: "kubeconfig" },
      storageClass: "standard",
      grafana: { ingress: { host: "grafana.example.com", className: "nginx", annotations: { "cert-manager.io/cluster-issuer": "le" } } },
      tracing: {
        sampling: { type: "tail", percent: 5, slowerThanMs: 500 },
        storage: { type: "elasticsearch", url: "https://es.example.com:9200", credentialsSecret: { name: "es" } },
      },
      databases: [
        { name: "a", engine: "postgres", host: "pg", user: "u", passwordSecret: { name: "pg" } },
        { name: "b", engine: "mysql", host: "my", database: "shop", user: "u", passwordSecret: { name: "my" } },
      ],
    },
  });
}

let releases: { chart: string; env: string; values: Json }[] = [];

beforeAll(() => {
  const specs = [...(["dev", "staging", "prod", "gcp", "azure"] as const).map((n) => resolveEnvironment(bundled(n))), everythingSpec()];
  const stacks = synthEnvironments(specs);
  releases = Object.entries(stacks).flatMap(([env, stack]: [string, TerraformJson]) =>
    resourcesOf(stack, "helm_release").flatMap((r) =>
      ((r.values as string[] | undefined)?.length ? (r.values as string[]) : ["{}"]).map((text) => ({
        chart: localChart(r.chart as string)?.chart ?? (r.chart as string),
        env,
        values: (parseYaml(text) ?? {}) as Json,
      })),
    ),
  );
});

describe("Helm values paths", () => {
  it.skipIf(!present)("every path the project sets exists in the pinned chart's defaults (skipped: ../shared absent)", () => {
    const problems = releases.flatMap(({ chart, env, values }) => {
      if (chart === "prometheus-operator-crds")
        return Object.keys(values).length ? [`${env} ${chart}: no reference values to check against`] : [];
      if (!LOCAL[chart]) expect(existsSync(join(REFERENCE, chart, CHART_VERSIONS[chart])), `reference files of ${chart}`).toBe(true);
      return unknownPaths(chart, values).map((p) => `${env} ${chart}: ${p}`);
    });
    expect(problems).toEqual([]);
    expect(new Set(releases.map((r) => r.chart)).size).toBe(Object.keys(CHARTS).length + Object.keys(LOCAL_CHARTS).length);
  });

  it.skipIf(!present)("catches a misspelled key (so that a clean result means something) (skipped: ../shared absent)", () => {
    expect(unknownPaths("loki", { loki: { schemaConfg: { configs: [] } } })).toEqual([
      "loki.schemaConfg: not in values.yaml or values.schema.json",
    ]);
    expect(unknownPaths("kube-prometheus-stack", { prometheus: { prometheusSpec: { retenton: "1d" } } })).toEqual([
      "prometheus.prometheusSpec.retenton: not in values.yaml",
    ]);
    expect(unknownPaths("kube-prometheus-stack", { grafana: { admin: { existingSecret: "x" }, adminn: {} } })).toEqual([
      "grafana.adminn: not in values.yaml",
    ]);
    expect(unknownPaths("alloy", { alloy: { configMap: { content: "x" } }, controller: { type: "daemonset" } })).toEqual([]);
  });

  it.skipIf(!present)("pins match the reference README (skipped: ../shared absent)", () => {
    const readme = readFileSync(join(REFERENCE, "README.md"), "utf8");
    for (const pin of Object.values(CHARTS)) {
      expect(readme, `${pin.chart} ${pin.version}`).toContain(pin.version);
      expect(readme, `${pin.chart} repository`).toContain(pin.repository);
    }
  });
});
