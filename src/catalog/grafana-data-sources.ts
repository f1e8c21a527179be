/** A Grafana data source as provisioning files take it (`grafana.additionalDataSources`). */
export interface GrafanaDataSource {
  readonly name: string;
  readonly uid: string;
  readonly type: string;
  readonly url?: string;
  readonly access?: "proxy";
  readonly isDefault?: boolean;
  readonly editable?: boolean;
  readonly jsonData?: Readonly<Record<string, unknown>>;
}

/** Uids the data sources are linked by (traces to logs, logs to traces, exemplars to traces). */
export const DATA_SOURCE_UIDS = { prometheus: "prometheus", loki: "loki", jaeger: "jaeger", cloudwatch: "cloudwatch" } as const;

/**
 * Loki, with a derived field that turns a trace id into a link to the trace: from the `trace_id` structured metadata
 * the log agent extracts, and from `trace_id`/`traceId` in JSON or logfmt lines.
 */
export function lokiDataSource(url: string, tracesUid: string = DATA_SOURCE_UIDS.jaeger): GrafanaDataSource {
  return {
    name: "Loki",
    uid: DATA_SOURCE_UIDS.loki,
    type: "loki",
    access: "proxy",
    url,
    editable: false,
    jsonData: {
      maxLines: 1000,
      derivedFields: [
        {
          name: "TraceID",
          matcherType: "label",
          matcherRegex: "trace_id",
          datasourceUid: tracesUid,
          url: "${__value.raw}",
          urlDisplayLabel: "View trace",
        },
        {
          name: "TraceIDInLine",
          matcherType: "regex",
          matcherRegex: '(?:trace_?[iI][dD])"?[:=]\\s*"?([0-9a-fA-F]{16,32})',
          datasourceUid: tracesUid,
          url: "${__value.raw}",
          urlDisplayLabel: "View trace",
        },
      ],
    },
  };
}

/** Jaeger, with traces-to-logs: a span links to its service's logs in Loki around the span, filtered by trace id. */
export function jaegerDataSource(url: string, logsUid: string = DATA_SOURCE_UIDS.loki): GrafanaDataSource {
  return {
    name: "Jaeger",
    uid: DATA_SOURCE_UIDS.jaeger,
    type: "jaeger",
    access: "proxy",
    url,
    editable: false,
    jsonData: {
      tracesToLogsV2: {
        datasourceUid: logsUid,
        spanStartTimeShift: "-5m",
        spanEndTimeShift: "5m",
        filterByTraceID: true,
        filterBySpanID: false,
        tags: [
          { key: "k8s.namespace.name", value: "namespace" },
          { key: "service.name", value: "app" },
        ],
      },
      nodeGraph: { enabled: true },
    },
  };
}

/** CloudWatch metrics and logs, authenticated with the pod's workload identity (no keys). */
export function cloudWatchDataSource(region: string): GrafanaDataSource {
  return {
    name: "CloudWatch",
    uid: DATA_SOURCE_UIDS.cloudwatch,
    type: "cloudwatch",
    editable: false,
    jsonData: { authType: "default", defaultRegion: region },
  };
}
