import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parser as promql } from "@prometheus-io/lezer-promql";
import { toYaml } from "../../src/render/artifacts";
import { parseYaml } from "../support/parse-yaml";

interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
}

interface Group {
  readonly name: string;
  readonly rules: readonly Rule[];
}

/** What a promtool test case checks: the alerts it names and the expressions it evaluates. */
export interface Checks {
  readonly alert_rule_test?: ReadonlyArray<{ readonly alertname: string }>;
  readonly promql_expr_test?: ReadonlyArray<{ readonly expr: string }>;
}

/** Rule files for one promtool test file, and the order its groups are evaluated in at each step. */
export interface DecidingRules {
  readonly ruleFiles: string[];
  readonly groupEvalOrder: string[];
}

/**
 * The rules of `ruleFiles` (inside `dir`) that decide what `cases` check: the alerts they name (alert_rule_test, or
 * an ALERTS selector of a checked expression) and, transitively, the recording rules that those and the checked
 * expressions read. promtool evaluates every loaded rule at every step, so a test pays for each rule it loads; the
 * others only write series that nothing checked reads, so leaving them out changes no result. A file whose every rule
 * is kept is used as it is; one with some kept becomes a copy of its groups with only those rules, in their order
 * (`dir/subsets/`, named by content), and one with none is left out. The groups are evaluated in the order the whole
 * set would be (recording-only groups first, decided on the whole groups): each kept rule reads what it read there.
 * Every alert is kept when an ALERTS selector does not name its alerts (`alertname="X"` or `alertname=~"X|Y"`), and
 * every rule when an expression selects series without a fixed metric name.
 */
export function decidingRules(dir: string, ruleFiles: readonly string[], cases: readonly Checks[]): DecidingRules {
  const files = ruleFiles.map((file) => ({ file, groups: readGroups(join(dir, file)) }));
  const groupEvalOrder = recordingGroupsFirst(files.flatMap((f) => f.groups));
  const rules = files.flatMap((f) => f.groups.flatMap((g) => g.rules));
  const kept = keptRules(rules, cases);
  if (kept === "all") return { ruleFiles: [...ruleFiles], groupEvalOrder };
  const used: string[] = [];
  const groupsUsed = new Set<string>();
  for (const { file, groups } of files) {
    const subset = groups.map((g) => ({ ...g, rules: g.rules.filter((r) => kept.has(r)) })).filter((g) => g.rules.length > 0);
    for (const g of subset) groupsUsed.add(g.name);
    const all = groups.every((g) => g.rules.every((r) => kept.has(r)));
    if (all) used.push(file);
    else if (subset.length > 0) used.push(writeSubset(dir, file, subset));
  }
  return { ruleFiles: used, groupEvalOrder: groupEvalOrder.filter((name) => groupsUsed.has(name)) };
}

/** Parsed rule files by their text: the harnesses ask for the same deployed files again and again. */
const parsedFiles = new Map<string, Group[]>();

function readGroups(path: string): Group[] {
  const text = readFileSync(path, "utf8");
  let groups = parsedFiles.get(text);
  if (!groups) {
    groups = ((parseYaml(text) as { groups?: Group[] } | null)?.groups ?? []).map((g) => ({ ...g, rules: g.rules ?? [] }));
    parsedFiles.set(text, groups);
  }
  return groups;
}

/**
 * Every group's name, recording-only groups first. Without an order promtool evaluates the groups of one timestamp in
 * Go map order, so an alert may read a recording rule before that timestamp's sample exists; with an evaluation
 * interval longer than the 5-minute lookback it then sees no data and resets its `for:` (a flaky test). Prometheus
 * itself evaluates every minute, where the previous sample is always in reach.
 */
function recordingGroupsFirst(groups: readonly Group[]): string[] {
  const recording = groups.filter((g) => g.rules.length > 0 && g.rules.every((r) => r.record !== undefined));
  return [...new Set([...recording, ...groups].map((g) => g.name))];
}

/** The checked alerts' rules and, transitively, every recording rule of a series they or the checks read. */
function keptRules(rules: readonly Rule[], cases: readonly Checks[]): Set<Rule> | "all" {
  const kept = new Set<Rule>();
  // Adds what an expression reads; false when that is not a fixed set (every rule is then kept).
  const addRead = (expr: string): boolean => {
    const read = seriesRead(expr);
    if (read === "any") return false;
    if (read.alerts === "any") for (const rule of rules) if (rule.alert !== undefined) kept.add(rule);
    for (const rule of rules) {
      if (rule.record !== undefined && read.names.has(rule.record)) kept.add(rule);
      if (rule.alert !== undefined && read.alerts !== "any" && read.alerts.has(rule.alert)) kept.add(rule);
    }
    return true;
  };
  for (const c of cases) {
    // An alert defined nowhere keeps no rule: its checks see no alert, as they would among all the rules.
    for (const { alertname } of c.alert_rule_test ?? []) for (const rule of rules) if (rule.alert === alertname) kept.add(rule);
    for (const { expr } of c.promql_expr_test ?? []) if (!addRead(expr)) return "all";
  }
  // A Set visits what is added while it is iterated: the closure over what kept rules read.
  for (const rule of kept) if (!addRead(rule.expr)) return "all";
  return kept;
}

/** A copy of `file`'s groups with only the given rules, in `dir/subsets/`, named by its content; its path in `dir`. */
function writeSubset(dir: string, file: string, groups: readonly Group[]): string {
  const text = toYaml({ groups });
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 12);
  const path = `subsets/${file.replaceAll("/", "_").replace(/\.ya?ml$/, "")}-${hash}.yaml`;
  mkdirSync(join(dir, "subsets"), { recursive: true });
  writeFileSync(join(dir, path), text);
  return path;
}

type SyntaxNode = ReturnType<typeof promql.parse>["topNode"];

interface SeriesRead {
  /** Metric names read. */
  readonly names: Set<string>;
  /** The alerts whose ALERTS or ALERTS_FOR_STATE series are read; "any" when the selector does not name them. */
  readonly alerts: Set<string> | "any";
}

const reads = new Map<string, SeriesRead | "any">();

/** What an expression reads, from the PromQL parser's tree; "any" when that is not a fixed set of metric names. */
function seriesRead(expr: string): SeriesRead | "any" {
  let read = reads.get(expr);
  if (!read) {
    read = parseRead(expr);
    reads.set(expr, read);
  }
  return read;
}

function parseRead(expr: string): SeriesRead | "any" {
  const names = new Set<string>();
  let alerts: Set<string> | "any" = new Set();
  let dynamic = false;
  promql.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) dynamic = true;
      if (node.name !== "VectorSelector") return;
      const identifier = node.node.getChild("Identifier");
      // `{__name__="x"}` and friends: no identifier; treated as unknown rather than parsed.
      if (!identifier) dynamic = true;
      else {
        const name = expr.slice(identifier.from, identifier.to);
        names.add(name);
        if ((name === "ALERTS" || name === "ALERTS_FOR_STATE") && alerts !== "any") {
          const named = alertnames(expr, node.node);
          alerts = named === "any" ? "any" : new Set([...alerts, ...named]);
        }
      }
      return false;
    },
  });
  return dynamic ? "any" : { names, alerts };
}

/**
 * The alerts an ALERTS selector can select: the values of its `alertname="X"` or `alertname=~"X|Y"` matchers (all of
 * them, which is more than their intersection); "any" without one.
 */
function alertnames(expr: string, selector: SyntaxNode): string[] | "any" {
  const named: string[] = [];
  let found = false;
  for (const matcher of selector.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
    const label = matcher.getChild("LabelName");
    const op = matcher.getChild("MatchOp");
    const value = matcher.getChild("StringLiteral");
    if (!label || !op || !value || expr.slice(label.from, label.to) !== "alertname") continue;
    const literal = expr.slice(value.from + 1, value.to - 1);
    const names = literal.split("|");
    const operator = expr.slice(op.from, op.to);
    if (literal.includes("\\") || !names.every((n) => /^\w+$/.test(n))) return "any";
    if (operator === "=") named.push(literal);
    else if (operator === "=~") named.push(...names);
    else return "any";
    found = true;
  }
  return found ? named : "any";
}
