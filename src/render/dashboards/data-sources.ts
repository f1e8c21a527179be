import { cloudDashboards } from "../../catalog/dashboards/clouds";
import type { DashboardDataSources } from "../../catalog/dashboards/types";
import { DATA_SOURCE_UIDS, type GrafanaDataSource, jaegerDataSource, lokiDataSource } from "../../catalog/grafana-data-sources";
import { Duration } from "../../spec/duration";
import type { EnvironmentSpec } from "../../spec/environment";
import type { DataSourceAuthSpec } from "../../spec/grafana";

/** Data sources of the in-cluster Grafana (provisioned by kube-prometheus-stack, see modules/kube-prometheus). */
export function inClusterDataSources(spec: EnvironmentSpec): DashboardDataSources {
  const cloud = cloudDashboards(spec);
  return {
    prometheus: DATA_SOURCE_UIDS.prometheus,
    loki: DATA_SOURCE_UIDS.loki,
    jaeger: DATA_SOURCE_UIDS.jaeger,
    ...(cloud?.inClusterDataSource(spec) ? { [cloud.kind]: DATA_SOURCE_UIDS[cloud.kind as keyof typeof DATA_SOURCE_UIDS] } : {}),
  };
}

/**
 * What `monitoring-stack export` writes: the in-cluster uids, and every dashboard of the environment (a Grafana that
 * imports the files by hand picks its own data source of each type through the dashboards' variables).
 */
export function exportDataSources(spec: EnvironmentSpec): DashboardDataSources {
  const cloud = cloudDashboards(spec);
  return { ...inClusterDataSources(spec), ...(cloud ? { [cloud.kind]: cloud.kind } : {}) };
}

/**
 * Prometheus' scrape interval when the chart sets none (kube-prometheus-stack 88.5.3 leaves
 * `prometheusSpec.scrapeInterval` empty, so the operator's 30s applies; the chart's in-cluster data source gets the
 * same `timeInterval`).
 */
const DEFAULT_SCRAPE_INTERVAL = Duration.seconds(30);

/**
 * The external Prometheus data source's `timeInterval` (Grafana's "scrape interval"): the slowest scrape of the
 * environment, so `$__rate_interval` (at least 4 x timeInterval) always spans enough samples of every target.
 */
export function prometheusTimeInterval(spec: EnvironmentSpec): Duration {
  return [DEFAULT_SCRAPE_INTERVAL, ...spec.services.map((s) => s.metrics.interval)].reduce((a, b) =>
    b.toSeconds() > a.toSeconds() ? b : a,
  );
}

/**
 * The data sources the stack provisions in an external Grafana. Uids and names carry the environment: several
 * environments may share one Grafana.
 */
export function externalDataSources(spec: EnvironmentSpec): {
  readonly uids: DashboardDataSources;
  readonly definitions: GrafanaDataSource[];
  /** The spec's authentication of each data source with a URL, by uid. */
  readonly auth: Readonly<Record<string, DataSourceAuthSpec>>;
} {
  const external = spec.grafana.external;
  if (!external) throw new Error(`environment "${spec.name}" has no grafana.external section`);
  const urls = external.dataSources;
  const uid = (kind: string) => `${spec.name}-${kind}`;
  const jaegerUid = urls.jaegerUrl ? uid("jaeger") : undefined;
  const lokiUid = urls.lokiUrl ? uid("loki") : undefined;
  const definitions: GrafanaDataSource[] = [
    {
      name: `Prometheus (${spec.name})`,
      uid: uid("prometheus"),
      type: "prometheus",
      access: "proxy",
      url: urls.prometheusUrl,
      jsonData: {
        httpMethod: "POST",
        timeInterval: prometheusTimeInterval(spec).toPrometheus(),
        ...(jaegerUid ? { exemplarTraceIdDestinations: [{ name: "trace_id", datasourceUid: jaegerUid }] } : {}),
      },
    },
  ];
  if (urls.lokiUrl && lokiUid) {
    definitions.push({ ...lokiDataSource(urls.lokiUrl, jaegerUid ?? uid("jaeger")), name: `Loki (${spec.name})`, uid: lokiUid });
  }
  if (urls.jaegerUrl && jaegerUid) {
    definitions.push({ ...jaegerDataSource(urls.jaegerUrl, lokiUid ?? uid("loki")), name: `Jaeger (${spec.name})`, uid: jaegerUid });
  }
  const cloud = cloudDashboards(spec);
  if (cloud) definitions.push(cloud.externalDataSource(spec, uid(cloud.kind)));
  const uids = Object.fromEntries(definitions.map((d) => [d.type, d.uid])) as unknown as DashboardDataSources;
  const auth = Object.fromEntries(
    (["prometheus", "loki", "jaeger"] as const).flatMap((kind) => {
      const entry = urls.auth[kind];
      return entry ? [[uid(kind), entry]] : [];
    }),
  );
  return { uids, definitions, auth };
}
