import { parser as logqlParser } from "@grafana/lezer-logql";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import { LOG_STREAM_LABELS } from "../../catalog/loki/streams";
import type { SeriesSource } from "../../catalog/prometheus/series-sources";
import type { RunbookContent } from "../../catalog/runbooks/types";

/** A query quoted in a runbook's diagnosis steps. */
interface RunbookQuery {
  readonly language: "promql" | "logql";
  /** As written in the runbook (placeholders such as `<instance>` kept). */
  readonly text: string;
}

type Parser = typeof promqlParser;

function parses(parser: Parser, query: string): boolean {
  let ok = true;
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) ok = false;
    },
  });
  return ok;
}

/** Sample values for the placeholders runbooks use, so that a query can be parsed before labels are known. */
const SAMPLE = "sample";

/** Replaces `<name>` placeholders with the alert's labels (or a sample value when the alert has none). */
export function fillPlaceholders(text: string, labels: Readonly<Record<string, string>> = {}): string {
  return text.replace(/<([a-z][a-z _-]*)>/g, (_, name: string) => {
    const key = name.trim().replace(/[ -]/g, "_");
    return labels[key] ?? labels[key === "service" ? "job" : key] ?? SAMPLE;
  });
}

/**
 * The PromQL and LogQL queries of a runbook: every backticked span of its diagnosis steps that parses as one
 * (LogQL when it starts with a stream selector or is a LogQL metric query PromQL cannot parse, PromQL otherwise;
 * shell commands and SQL parse as neither).
 */
export function runbookQueries(runbook: RunbookContent): RunbookQuery[] {
  const spans = runbook.diagnosis.flatMap((step) => [...step.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
  const queries: RunbookQuery[] = [];
  for (const text of spans) {
    const sample = fillPlaceholders(text);
    const command = /^(kubectl|helm|crictl|du|psql|aws|gcloud|az)\b/.test(sample);
    const promql = /[({[]/.test(sample) && !command && parses(promqlParser, sample);
    const logql = sample.includes("{") && !command && parses(logqlParser as unknown as Parser, sample);
    if (logql && (sample.trimStart().startsWith("{") || !promql)) queries.push({ language: "logql", text });
    else if (promql) queries.push({ language: "promql", text });
  }
  return queries;
}

/** Label names a LogQL query selects streams by (every stream selector in it). */
export function logqlSelectorLabels(query: string): string[] {
  const sample = fillPlaceholders(query);
  const labels: string[] = [];
  const tree = (logqlParser as unknown as Parser).parse(sample);
  tree.iterate({
    enter: (node) => {
      if (node.name === "Matcher" && node.node.parent?.name === "Matchers") {
        const identifier = node.node.getChild("Identifier");
        if (identifier) labels.push(sample.slice(identifier.from, identifier.to));
      }
    },
  });
  return [...new Set(labels)];
}

/** Stream-selector labels of a LogQL query that the log agent never sets on a stream (so it matches nothing). */
export function unknownStreamLabels(query: string): string[] {
  const known = new Set<string>(LOG_STREAM_LABELS);
  return logqlSelectorLabels(query).filter((label) => !known.has(label));
}

/** One vector selector of a PromQL query: its metric name and label matchers (values as written). */
interface PromqlSelector {
  readonly metric: string;
  readonly matchers: ReadonlyArray<{ readonly label: string; readonly value: string }>;
}

/** The vector selectors of a PromQL query (placeholders such as `<instance>` kept in the values). */
export function promqlSelectors(query: string): PromqlSelector[] {
  // Placeholders become same-length identifiers so that positions map back to the original text.
  const sample = query.replace(/<[a-z][a-z _-]*>/g, (m) => "x".repeat(m.length));
  const selectors: PromqlSelector[] = [];
  promqlParser.parse(sample).iterate({
    enter: (node) => {
      if (node.name !== "VectorSelector") return;
      const identifier = node.node.getChild("Identifier");
      const matchers = node.node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? [];
      selectors.push({
        metric: identifier ? query.slice(identifier.from, identifier.to) : "",
        matchers: matchers.map((m) => {
          const name = m.getChild("LabelName");
          const value = m.getChild("StringLiteral");
          return {
            label: name ? query.slice(name.from, name.to) : "",
            value: value ? query.slice(value.from + 1, value.to - 1) : "",
          };
        }),
      });
    },
  });
  return selectors;
}

/** Sources a metric name belongs to (several services may share a RED metric name). */
function sourcesOf(metric: string, sources: readonly SeriesSource[]): SeriesSource[] {
  return sources.filter((s) => s.metric.test(metric));
}

/** Labels that identify a scrape target: an alert's value of them means something only within the alert's source. */
const TARGET_IDENTITY = new Set(["instance", "job"]);

/**
 * Why a runbook's PromQL query would return nothing where its sources run: a metric of no known source, a matcher on
 * a label its source never sets, or a target label filled from an alert of another source (node_exporter's `instance`
 * on a cAdvisor series). `alertSources` are the sources of the alert the runbook belongs to.
 */
export function seriesLabelDefects(query: string, sources: readonly SeriesSource[], alertSources: readonly string[]): string[] {
  const defects: string[] = [];
  for (const selector of promqlSelectors(query)) {
    const own = sourcesOf(selector.metric, sources);
    if (!own.length) {
      defects.push(`${selector.metric || "a selector without metric name"} comes from no known source`);
      continue;
    }
    const labels = new Set(own.flatMap((s) => s.labels));
    for (const { label, value } of selector.matchers) {
      if (!labels.has(label)) defects.push(`${selector.metric} selected by ${label}, which ${own[0].name} never sets`);
      else if (TARGET_IDENTITY.has(label) && /^<[^>]+>$/.test(value) && !own.some((s) => alertSources.includes(s.name)))
        defects.push(`${selector.metric} (${own[0].name}) selected by the alert's ${label}, which belongs to ${alertSources.join(", ")}`);
    }
  }
  return defects;
}

/**
 * The sources an alert expression reads, following recording rules (`records`: name -> expressions) down to the
 * scraped metrics.
 */
export function alertSources(expr: string, records: ReadonlyMap<string, readonly string[]>, sources: readonly SeriesSource[]): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (text: string) => {
    for (const { metric } of promqlSelectors(text)) {
      const definitions = records.get(metric);
      if (definitions) {
        if (seen.has(metric)) continue;
        seen.add(metric);
        for (const definition of definitions) visit(definition);
      } else for (const source of sourcesOf(metric, sources)) found.add(source.name);
    }
  };
  visit(expr);
  return [...found];
}
