import { parser as logqlParser } from "@grafana/lezer-logql";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import { LOG_STREAM_LABELS } from "../../../modules/alloy/config";
import type { RunbookContent } from "../../catalog/runbooks/types";

/** A query quoted in a runbook's diagnosis steps. */
export interface RunbookQuery {
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
 * (LogQL when it starts with a stream selector, PromQL otherwise; shell commands and SQL parse as neither).
 */
export function runbookQueries(runbook: RunbookContent): RunbookQuery[] {
  const spans = runbook.diagnosis.flatMap((step) => [...step.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
  const queries: RunbookQuery[] = [];
  for (const text of spans) {
    const sample = fillPlaceholders(text);
    if (sample.trimStart().startsWith("{") && parses(logqlParser as unknown as Parser, sample)) queries.push({ language: "logql", text });
    else if (/[({[]/.test(sample) && !/^(kubectl|helm|crictl|du|psql|aws|gcloud|az)\b/.test(sample) && parses(promqlParser, sample))
      queries.push({ language: "promql", text });
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
