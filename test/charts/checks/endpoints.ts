import { parse as parseYaml } from "yaml";
import type { KubeObject, RenderedRelease } from "../../support/helm";
import type { Finding } from "./finding";

/**
 * Every in-cluster address one component is configured to reach names a Service the stack renders, on a port that
 * Service defines: URLs in configuration (ConfigMaps, Secrets, container args and env, operator objects), addresses
 * without a scheme (Loki's gRPC and memcached clients, memberlist), the collector's exporter endpoints,
 * Prometheus's Alertmanager endpoints and Ingress backends; and every ServiceMonitor or PodMonitor of the stack's
 * namespaces selects a rendered Service or pod with the port it scrapes. Addresses in namespaces the stack does not
 * install into (a user's database, a mail relay) are the user's and not checked here. Writing to Prometheus's
 * remote-write receiver also needs the receiver enabled.
 */
export function endpointFindings(env: string, rendered: readonly RenderedRelease[]): Finding[] {
  const namespaces = new Set(rendered.map((r) => r.release.namespace));
  const services = new Map<string, KubeObject>();
  const prometheuses: KubeObject[] = [];
  for (const r of rendered) {
    for (const o of r.objects) {
      const ns = o.metadata.namespace ?? r.release.namespace;
      if (o.kind === "Service") services.set(`${ns}/${o.metadata.name}`, o);
      if (o.kind === "Prometheus") {
        prometheuses.push(o);
        // The operator's governing Service of every Prometheus (not in the chart): pods are reachable one by one as
        // <pod>.prometheus-operated.<ns>.svc.
        services.set(`${ns}/${PROMETHEUS_OPERATED}`, {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: PROMETHEUS_OPERATED, namespace: ns },
          spec: { ports: [{ name: "web", port: 9090 }] },
        });
      }
    }
  }
  const messages = new Set<string>();
  const check = (address: Address, from: string) => {
    if (!namespaces.has(address.namespace)) return;
    const service = services.get(`${address.namespace}/${address.service}`);
    const where = `${address.text} (${from})`;
    if (!service) {
      messages.add(`${where}: no Service ${address.namespace}/${address.service} is rendered`);
      return;
    }
    const ports: { name?: string; port: number }[] = service.spec?.ports ?? [];
    if (address.port !== undefined && !ports.some((p) => p.port === address.port || p.name === address.port)) {
      messages.add(
        `${where}: Service ${address.namespace}/${address.service} has no port ${address.port} (has ${ports.map((p) => p.port).join(", ")})`,
      );
    }
    const serves = (p: KubeObject) =>
      prometheusServiceName(p) === address.service ||
      (address.service === PROMETHEUS_OPERATED && address.pod?.startsWith(`prometheus-${p.metadata.name}-`) === true);
    if (address.path?.endsWith("/api/v1/write") && prometheuses.some(serves)) {
      const prometheus = prometheuses.find(serves);
      if (prometheus?.spec?.enableRemoteWriteReceiver !== true)
        messages.add(`${where}: Prometheus ${prometheus?.metadata.name} does not enable its remote-write receiver`);
    }
  };

  for (const r of rendered) {
    for (const o of r.objects) {
      if (SKIPPED_KINDS.has(o.kind) || o.metadata.labels?.grafana_dashboard !== undefined) continue;
      const from = `${o.kind}/${o.metadata.namespace ?? r.release.namespace}/${o.metadata.name}`;
      // Collector exporter endpoints first: they may name a Service of the same namespace without `.svc`.
      const checked = new Set<string>();
      if (o.kind === "ConfigMap") {
        for (const [key, text] of Object.entries(o.data ?? {})) {
          for (const endpoint of collectorEndpoints(String(text))) {
            const address = hostPort(endpoint, r.release.namespace);
            if (!address) continue;
            checked.add(address.text);
            check(address, `${from} ${key}`);
          }
        }
      }
      for (const text of strings(o)) {
        for (const address of urlsIn(text, r.release.namespace)) check(address, from);
        for (const address of serviceAddressesIn(text)) if (!checked.has(address.text)) check(address, from);
      }
      if (o.kind === "Ingress") {
        const namespace = o.metadata.namespace ?? r.release.namespace;
        for (const rule of o.spec?.rules ?? []) {
          for (const path of rule.http?.paths ?? []) {
            const service = path.backend?.service;
            if (!service) continue;
            const port = service.port?.number ?? service.port?.name;
            check({ text: `ingress backend ${service.name}:${port}`, service: service.name, namespace, port }, from);
          }
        }
      }
      if (o.kind === "ServiceMonitor" || o.kind === "PodMonitor") {
        for (const message of scrapeTargetProblems(o, r.release.namespace, rendered, namespaces)) messages.add(`${from}: ${message}`);
      }
      if (o.kind === "Prometheus") {
        for (const am of o.spec?.alerting?.alertmanagers ?? []) {
          const namespace = am.namespace ?? r.release.namespace;
          check({ text: `alertmanager ${namespace}/${am.name}:${am.port}`, service: am.name, namespace, port: am.port }, from);
        }
      }
    }
  }
  return [...messages].sort().map((message) => ({ env, check: "endpoints", message }));
}

/** A label selector (matchLabels and matchExpressions) against a set of labels. */
function selects(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const has = (key: string) => labels !== undefined && key in labels;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels?.[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const value = labels?.[e.key];
    if (e.operator === "In" && !(has(e.key) && (e.values ?? []).includes(value as string))) return false;
    if (e.operator === "NotIn" && has(e.key) && (e.values ?? []).includes(value as string)) return false;
    if (e.operator === "Exists" && !has(e.key)) return false;
    if (e.operator === "DoesNotExist" && has(e.key)) return false;
  }
  return true;
}

/**
 * A ServiceMonitor or PodMonitor of the stack's own namespaces selects rendered Services (pods) and scrapes ports they
 * name: a selector or port name that matches nothing is no error anywhere, the target just never appears. Monitors of
 * other namespaces (the cluster's kubelet and API server, the user's applications) are not checked here.
 */
function scrapeTargetProblems(
  monitor: KubeObject,
  releaseNamespace: string,
  rendered: readonly RenderedRelease[],
  installed: ReadonlySet<string>,
): string[] {
  const own = monitor.metadata.namespace ?? releaseNamespace;
  const selector = monitor.spec?.namespaceSelector;
  if (selector?.any === true) return [];
  const namespaces: string[] = selector?.matchNames ?? [own];
  if (!namespaces.every((n) => installed.has(n))) return [];
  const service = monitor.kind === "ServiceMonitor";
  const targets = rendered.flatMap((r) =>
    r.objects
      .filter((o) => namespaces.includes(o.metadata.namespace ?? r.release.namespace))
      .flatMap((o) => {
        if (service) return o.kind === "Service" ? [{ name: o.metadata.name, labels: o.metadata.labels, ports: o.spec?.ports ?? [] }] : [];
        const template = ["Deployment", "StatefulSet", "DaemonSet"].includes(o.kind) ? o.spec?.template : undefined;
        if (!template) return [];
        const ports = (template.spec?.containers ?? []).flatMap((c: { ports?: unknown[] }) => c.ports ?? []);
        return [{ name: o.metadata.name, labels: template.metadata?.labels, ports }];
      })
      .filter((t) => selects(monitor.spec?.selector, t.labels)),
  );
  const what = service ? "Service" : "pod";
  if (targets.length === 0) return [`selects no rendered ${what} in ${namespaces.join(", ")}`];
  const problems: string[] = [];
  for (const endpoint of (service ? monitor.spec?.endpoints : monitor.spec?.podMetricsEndpoints) ?? []) {
    if (typeof endpoint.port !== "string") continue;
    if (!targets.some((t) => t.ports.some((p: { name?: string }) => p.name === endpoint.port)))
      problems.push(`scrapes port ${endpoint.port}, which no selected ${what} names (${targets.map((t) => t.name).join(", ")})`);
  }
  return problems;
}

/** Kinds whose strings are not addresses a component dials: CRD schemas, alert rule texts. */
const SKIPPED_KINDS = new Set(["CustomResourceDefinition", "PrometheusRule"]);

interface Address {
  /** As written in the configuration. */
  readonly text: string;
  readonly service: string;
  readonly namespace: string;
  /** A port number, or a port name (prometheus-operator endpoints). */
  readonly port?: number | string;
  readonly path?: string;
  /** The pod, for `<pod>.<headless service>.<namespace>` addresses. */
  readonly pod?: string;
}

/** The headless Service prometheus-operator creates for the pods of every Prometheus. */
const PROMETHEUS_OPERATED = "prometheus-operated";

/**
 * Every string of an object, with Secret data decoded. A data value that is a YAML or JSON document counts without its
 * disabled sections (`enabled: false`): Loki's config keeps the addresses of components it does not run.
 */
function strings(object: KubeObject): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) for (const c of v) walk(c);
    else if (v && typeof v === "object" && (v as { enabled?: unknown }).enabled !== false) for (const c of Object.values(v)) walk(c);
  };
  walk({ ...object, data: undefined });
  const data = object.data ?? {};
  for (const value of Object.values(data)) {
    const text = object.kind === "Secret" ? Buffer.from(String(value), "base64").toString("utf8") : String(value);
    const document = parsedDocument(text);
    if (document) walk(document);
    else out.push(text);
  }
  return out;
}

/**
 * Texts parsed so far: the five environments hold many of the same (dashboards, configs), and the tests that break one
 * object check every other object of the environment again. Only read (walked), so shared.
 */
const documents = new Map<string, object | undefined>();

/** A YAML (or JSON) mapping or list; undefined for other text (nginx or Alloy configuration, a plain value). */
function parsedDocument(text: string): object | undefined {
  if (documents.has(text)) return documents.get(text);
  let document: object | undefined;
  try {
    const value: unknown = parseYaml(text);
    document = value !== null && typeof value === "object" ? value : undefined;
  } catch {
    document = undefined;
  }
  documents.set(text, document);
  return document;
}

/**
 * In-cluster addresses without a scheme, as gRPC and memcached clients take them: `service.namespace.svc[:port]`
 * (optionally `dns+`), and DNS SRV lookups `dnssrv+_<port name>._tcp.service.namespace.svc` (`dnssrvnoa+` too),
 * which resolve only when the Service has a port of that name. The `.svc` suffix keeps external names out.
 */
function serviceAddressesIn(text: string): Address[] {
  const out: Address[] = [];
  const pattern =
    /(?<![\w./+-])(dns\+|dnssrv\+|dnssrvnoa\+)?(?:_([a-z0-9-]+)\._tcp\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9-]+)+?\.svc(\.cluster\.local)?)(?::(\d+))?(?![\w.-])/g;
  for (const m of text.matchAll(pattern)) {
    const [, lookup, portName, host, , , , port] = m;
    if (portName && !lookup?.startsWith("dnssrv")) continue;
    const address = inCluster(host, "", false);
    if (!address) continue;
    out.push({ ...address, text: m[0], port: portName ?? (port ? Number(port) : undefined) });
  }
  return out;
}

const SCHEME_PORTS: Record<string, number> = { http: 80, https: 443 };

/** In-cluster URLs (`scheme://service.namespace[.svc[.cluster.local]][:port][/path]`) in a text. */
function urlsIn(text: string, defaultNamespace: string): Address[] {
  const out: Address[] = [];
  for (const m of text.matchAll(/\b(https?|grpc):\/\/([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9-]+)*)(:(\d+))?(\/[^\s"'`,;)}]*)?/g)) {
    const address = inCluster(m[2], defaultNamespace, false);
    if (!address) continue;
    const port = m[6] ? Number(m[6]) : SCHEME_PORTS[m[1]];
    out.push({ ...address, text: m[0], port, path: m[7] });
  }
  return out;
}

/** `service.namespace[.svc[.cluster.local]]`, or a bare `service` when `bareIsService` (same namespace). */
function inCluster(host: string, defaultNamespace: string, bareIsService: boolean): Omit<Address, "text"> | undefined {
  const parts = host.replace(/\.svc(\.cluster\.local)?$/, "").split(".");
  if (parts.length === 1)
    return bareIsService && !["localhost"].includes(host) ? { service: host, namespace: defaultNamespace } : undefined;
  // Two labels may also be an external name (coredns.io): the caller only checks namespaces the stack installs into.
  if (parts.length === 2) return { service: parts[0], namespace: parts[1] };
  // One pod behind a headless Service: `<pod>.<service>.<namespace>.svc` (the .svc suffix is required here).
  if (parts.length === 3 && /\.svc(\.cluster\.local)?$/.test(host)) return { pod: parts[0], service: parts[1], namespace: parts[2] };
  return undefined;
}

/** `host:port` of an exporter endpoint without a scheme (OTLP gRPC); undefined for an external host. */
function hostPort(endpoint: string, defaultNamespace: string): Address | undefined {
  const m = /^([a-z0-9.-]+):(\d+)$/.exec(endpoint);
  if (!m) return undefined;
  const address = inCluster(m[1], defaultNamespace, true);
  return address && { ...address, text: endpoint, port: Number(m[2]) };
}

/** The `endpoint` of every exporter in an OpenTelemetry Collector configuration (a ConfigMap value), if it is one. */
function collectorEndpoints(text: string): string[] {
  if (!/\bexporters:/.test(text) || !/\bservice:/.test(text)) return [];
  let config: { exporters?: Record<string, { endpoint?: unknown } | null> } | null;
  try {
    config = parseYaml(text);
  } catch {
    return [];
  }
  return Object.values(config?.exporters ?? {})
    .map((e) => e?.endpoint)
    .filter((e): e is string => typeof e === "string" && !e.includes("://"));
}

/** The Service prometheus-operator and kube-prometheus-stack put in front of a Prometheus (the chart's own Service). */
function prometheusServiceName(prometheus: KubeObject): string {
  return prometheus.metadata.name;
}
