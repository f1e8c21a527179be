import { parse as parseYaml } from "yaml";
import { PROFILES, prometheusVolumeGi } from "../../../src/catalog/profiles";
import { slowTraceThresholdMs } from "../../../src/catalog/slow-traces";
import type { EnvironmentSpec } from "../../../src/spec/environment";
import type { KubeObject, RenderedRelease } from "../../support/helm";
import type { TerraformJson } from "../../support/synth";
import type { Finding } from "./finding";

/**
 * Each spec setting that feeds a chart reaches the rendered field that carries it: retention (metrics, logs and log
 * streams, traces), storage class and size, replicas, resources, the Grafana ingress host and class, trace sampling
 * and storage. A value a chart ignores (a key it does not read, a default that wins) shows up here as the rendered
 * field keeping the chart's default.
 */
export function valuesReachFindings(
  env: string,
  spec: EnvironmentSpec,
  stack: TerraformJson,
  rendered: readonly RenderedRelease[],
): Finding[] {
  const k8s = spec.kubernetes;
  if (!k8s) return [];
  const size = PROFILES[spec.profile];
  const objects = rendered.flatMap((r) => r.objects.map((o) => ({ o, chart: r.release.chart })));
  const one = (kind: string, chart: string, name?: (n: string) => boolean) =>
    objects.filter((x) => x.o.kind === kind && x.chart === chart && (!name || name(x.o.metadata.name))).map((x) => x.o);
  const messages: string[] = [];
  const expect = (
    setting: string,
    where: string,
    actual: unknown,
    expected: unknown,
    same: (a: unknown, b: unknown) => boolean = equal,
  ) => {
    if (!same(actual, expected)) messages.push(`${setting} = ${show(expected)} does not reach ${where} (rendered ${show(actual)})`);
  };

  const [prometheus] = one("Prometheus", "kube-prometheus-stack");
  const [alertmanager] = one("Alertmanager", "kube-prometheus-stack");
  const storageClass = k8s.storageClass;
  const claimOf = (o: KubeObject | undefined) => o?.spec?.storage?.volumeClaimTemplate?.spec;
  if (prometheus) {
    const at = `Prometheus/${prometheus.metadata.name}`;
    expect("retention.metrics", `${at} spec.retention`, prometheus.spec.retention, spec.retention.metrics.toPrometheus(), sameDuration);
    if (spec.retention.metricsSize)
      expect("retention.metricsSize", `${at} spec.retentionSize`, prometheus.spec.retentionSize, spec.retention.metricsSize);
    expect("profile prometheus.replicas", `${at} spec.replicas`, prometheus.spec.replicas, size.prometheus.replicas);
    expect("profile prometheus.resources", `${at} spec.resources`, prometheus.spec.resources, size.prometheus.resources);
    expect(
      "profile prometheus storage",
      `${at} spec.storage`,
      claimOf(prometheus)?.resources?.requests?.storage,
      `${prometheusVolumeGi(spec.retention.metricsSize, size.prometheus.storageGi)}Gi`,
    );
  }
  if (alertmanager) {
    const at = `Alertmanager/${alertmanager.metadata.name}`;
    expect("profile alertmanager.replicas", `${at} spec.replicas`, alertmanager.spec.replicas, size.alertmanager.replicas);
    expect("profile alertmanager.resources", `${at} spec.resources`, alertmanager.spec.resources, size.alertmanager.resources);
    expect(
      "profile alertmanager storage",
      `${at} spec.storage`,
      claimOf(alertmanager)?.resources?.requests?.storage,
      `${size.alertmanager.storageGi}Gi`,
    );
  }

  // Storage class of every volume the stack asks for.
  const classes: [string, unknown][] = [];
  for (const { o } of objects) {
    const at = `${o.kind}/${o.metadata.name}`;
    if (o.kind === "PersistentVolumeClaim") classes.push([at, o.spec?.storageClassName]);
    for (const t of o.spec?.volumeClaimTemplates ?? [])
      classes.push([`${at} volumeClaimTemplates ${t.metadata?.name}`, t.spec?.storageClassName]);
    if (o.kind === "Prometheus" || o.kind === "Alertmanager") classes.push([`${at} spec.storage`, claimOf(o)?.storageClassName]);
  }
  for (const [id, claim] of Object.entries<TerraformJson>(stack.resource?.kubernetes_persistent_volume_claim_v1 ?? {})) {
    classes.push([`kubernetes_persistent_volume_claim_v1.${id}`, claim.spec?.storage_class_name]);
  }
  for (const [where, actual] of classes) expect("kubernetes.storageClass", where, actual, storageClass);

  // Loki: retention and every volume claim's size; the resources of each Loki component.
  const lokiConfig = one("ConfigMap", "loki", (n) => n === "loki")[0]?.data?.["config.yaml"];
  if (lokiConfig) {
    const config = parseYaml(lokiConfig);
    expect(
      "retention.logs",
      "Loki config limits_config.retention_period",
      config?.limits_config?.retention_period,
      spec.retention.logs.toPrometheus(),
      sameDuration,
    );
    const streams: { selector?: string; period?: string }[] = config?.limits_config?.retention_stream ?? [];
    for (const stream of spec.retention.logStreams) {
      expect(
        `retention.logStreams ${stream.selector}`,
        "Loki config limits_config.retention_stream",
        streams.find((s) => s.selector === stream.selector)?.period,
        stream.period.toPrometheus(),
        sameDuration,
      );
    }
    if (streams.length !== spec.retention.logStreams.length)
      messages.push(`retention.logStreams has ${spec.retention.logStreams.length} entries, Loki's retention_stream ${streams.length}`);
  }
  for (const set of one("StatefulSet", "loki")) {
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      expect(
        "profile loki.storageGi",
        `StatefulSet/${set.metadata.name} volumeClaimTemplates ${t.metadata?.name}`,
        t.spec?.resources?.requests?.storage,
        `${size.loki.storageGi}Gi`,
      );
    }
  }
  for (const workload of [...one("StatefulSet", "loki"), ...one("Deployment", "loki")]) {
    for (const c of workload.spec?.template?.spec?.containers ?? []) {
      if (!LOKI_COMPONENTS.has(c.name)) continue;
      expect("profile loki.resources", `${workload.kind}/${workload.metadata.name} container ${c.name}`, c.resources, size.loki.resources);
    }
  }

  // Alloy, the log agent: resources.
  for (const set of one("DaemonSet", "alloy")) {
    const c = set.spec?.template?.spec?.containers?.find((x: { name: string }) => x.name === "alloy");
    expect("profile alloy.resources", `DaemonSet/${set.metadata.name} container alloy`, c?.resources, size.alloy.resources);
  }

  // Jaeger: resources, and how long traces are kept (whole hours; whole days for search backends' index cleaner).
  for (const d of one("Deployment", "jaeger")) {
    const c = d.spec?.template?.spec?.containers?.find((x: { name: string }) => x.name === "jaeger");
    expect("profile jaeger.resources", `Deployment/${d.metadata.name} container jaeger`, c?.resources, size.jaeger.resources);
  }
  const traceStorage = k8s.tracing.storage ?? { type: "badger" as const };
  const traceHours = Math.ceil(spec.retention.traces.toSeconds() / 3600);
  const userConfig = one("ConfigMap", "jaeger").find((o) => typeof o.data?.["user-config.yaml"] === "string");
  const backends = Object.values(parseYaml(userConfig?.data["user-config.yaml"] ?? "{}")?.extensions?.jaeger_storage?.backends ?? {});
  // biome-ignore lint/suspicious/noExplicitAny: a parsed configuration document
  const backend = backends[0] as any;
  if (traceStorage.type === "badger") {
    expect("retention.traces", "Jaeger badger ttl.spans", backend?.badger?.ttl?.spans, `${traceHours}h`, sameDuration);
  } else if (traceStorage.type === "memory") {
    expect("kubernetes.tracing.storage.maxTraces", "Jaeger memory max_traces", backend?.memory?.max_traces, traceStorage.maxTraces);
  } else {
    const [cleaner] = one("CronJob", "jaeger", (n) => n.endsWith("-es-index-cleaner"));
    expect(
      "retention.traces",
      "Jaeger index cleaner's days (CronJob args[0])",
      cleaner?.spec?.jobTemplate?.spec?.template?.spec?.containers?.[0]?.args?.[0],
      String(Math.max(1, Math.ceil(traceHours / 24))),
    );
  }

  // Grafana: resources and the ingress.
  for (const d of one("Deployment", "kube-prometheus-stack", (n) => n.endsWith("-grafana"))) {
    const c = d.spec?.template?.spec?.containers?.find((x: { name: string }) => x.name === "grafana");
    expect("profile grafana.resources", `Deployment/${d.metadata.name} container grafana`, c?.resources, size.grafana.resources);
  }
  const ingress = k8s.grafana.ingress;
  const ingresses = one("Ingress", "kube-prometheus-stack", (n) => n.endsWith("-grafana"));
  if (ingress) {
    const [i] = ingresses;
    expect("kubernetes.grafana.ingress.host", "Ingress grafana spec.rules[0].host", i?.spec?.rules?.[0]?.host, ingress.host);
    expect("kubernetes.grafana.ingress.className", "Ingress grafana spec.ingressClassName", i?.spec?.ingressClassName, ingress.className);
    const annotations = i?.metadata?.annotations ?? {};
    for (const [key, value] of Object.entries(ingress.annotations))
      expect(`kubernetes.grafana.ingress.annotations["${key}"]`, "Ingress grafana metadata.annotations", annotations[key], value);
    // An ALB terminates TLS with the ACM certificate; any other class with the TLS Secret.
    if (ingress.certificateArn) {
      expect(
        "kubernetes.grafana.ingress.certificateArn",
        "Ingress grafana annotation alb.ingress.kubernetes.io/certificate-arn",
        annotations["alb.ingress.kubernetes.io/certificate-arn"],
        ingress.certificateArn,
      );
    } else {
      expect(
        "kubernetes.grafana.ingress.tlsSecret",
        "Ingress grafana spec.tls[0].secretName",
        i?.spec?.tls?.[0]?.secretName,
        ingress.tlsSecret,
      );
    }
  } else if (ingresses.length > 0) messages.push("no kubernetes.grafana.ingress, but an Ingress for Grafana is rendered");

  // The collector: replicas, resources and sampling.
  const sampling = k8s.tracing.sampling;
  for (const d of one("Deployment", "opentelemetry-collector")) {
    expect(
      "profile collector.replicas (1 with tail sampling)",
      `Deployment/${d.metadata.name} spec.replicas`,
      d.spec?.replicas,
      sampling.type === "tail" ? 1 : size.collector.replicas,
    );
    expect(
      "profile collector.resources",
      `Deployment/${d.metadata.name} container 0`,
      d.spec?.template?.spec?.containers?.[0]?.resources,
      size.collector.resources,
    );
  }
  const relay = one("ConfigMap", "opentelemetry-collector")[0]?.data?.relay;
  if (relay) {
    const processors = parseYaml(relay)?.processors ?? {};
    if (sampling.type === "probabilistic") {
      expect(
        "kubernetes.tracing.sampling.percent",
        "collector probabilistic_sampler.sampling_percentage",
        processors.probabilistic_sampler?.sampling_percentage,
        sampling.percent,
      );
    } else {
      const policies: { type: string; probabilistic?: { sampling_percentage: number }; latency?: { threshold_ms: number } }[] =
        processors.tail_sampling?.policies ?? [];
      expect(
        "kubernetes.tracing.sampling.percent",
        "collector tail_sampling probabilistic policy",
        policies.find((p) => p.type === "probabilistic")?.probabilistic?.sampling_percentage,
        sampling.percent,
      );
      expect(
        "kubernetes.tracing.sampling.decisionWait",
        "collector tail_sampling.decision_wait",
        processors.tail_sampling?.decision_wait,
        sampling.decisionWait.toPrometheus(),
        sameDuration,
      );
      expect(
        "kubernetes.tracing.sampling.keepErrors",
        "collector tail_sampling status_code policy",
        policies.some((p) => p.type === "status_code"),
        sampling.keepErrors,
      );
      // Always a latency policy: the spec's slowerThanMs, else the threshold the "Slow traces" table searches for.
      expect(
        "kubernetes.tracing.sampling.slowerThanMs",
        "collector tail_sampling latency policy",
        policies.find((p) => p.type === "latency")?.latency?.threshold_ms,
        slowTraceThresholdMs(spec),
      );
    }
  }
  return [...new Set(messages)].sort().map((message) => ({ env, check: "values-reach", message }));
}

/** Loki's own containers (not the gateway's nginx or the caches' memcached). */
const LOKI_COMPONENTS = new Set([
  "loki",
  "compactor",
  "ingester",
  "distributor",
  "querier",
  "query-frontend",
  "query-scheduler",
  "index-gateway",
  "ruler",
]);

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

/** Quantities as strings and keys sorted, so `cpu: 1` equals `cpu: "1"`. */
function normalize(v: unknown): unknown {
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([k, c]) => [k, normalize(c)]),
    );
  return v;
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/** Durations compared by length: Loki renders "72h" where the spec says "3d". */
function sameDuration(a: unknown, b: unknown): boolean {
  const seconds = (v: unknown) => {
    if (typeof v !== "string" || !/^(\d+(ms|s|m|h|d|w|y))+$/.test(v)) return Number.NaN;
    let total = 0;
    for (const [, n, unit] of v.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(n) * UNIT_SECONDS[unit];
    return total;
  };
  return seconds(a) === seconds(b);
}

function show(v: unknown): string {
  return v === undefined ? "(unset)" : JSON.stringify(v);
}
