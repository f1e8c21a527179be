import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { type EngineVariant, emittedOn, METRIC_SOURCES } from "../../src/catalog/dashboards/metric-origins";
import { renderArtifacts } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { canHaveData } from "../support/dashboards";
import { TEST_ENVIRONMENT } from "./environment";

/**
 * The database alerts against the metric names the pinned exporters emit (read in their source at the pinned
 * versions, listed in metric-origins with what each engine variant lacks): a rule that reads a name an engine
 * version does not have can never fire there (mysqld_exporter on MySQL 8.4 has only ..._seconds_behind_source).
 */
const rules = renderArtifacts(resolveEnvironment(TEST_ENVIRONMENT))
  .prometheusRules.databases.groups.flatMap((g) => g.rules)
  .filter((r) => r.alert);

const ENGINES: Record<string, { prefix: string; variants: EngineVariant[] }> = {
  postgres: { prefix: "Postgresql", variants: ["postgresql", "aurora-postgresql"] },
  mysql: { prefix: "Mysql", variants: ["mysql-8.0", "mysql-8.4", "aurora-mysql"] },
};

/** Alerts that cannot work on a variant, and what watches the condition there instead. */
const ELSEWHERE: Record<string, string> = {
  "PostgresqlReplicationLag aurora-postgresql":
    "CloudWatch's AuroraReplicaLagMaximum: the aws RDS watch of the cluster and the databases dashboard (Aurora replicates in storage)",
  "MysqlReplicationLag aurora-mysql":
    "CloudWatch's AuroraReplicaLagMaximum: the aws RDS watch of the cluster and the databases dashboard (an Aurora MySQL reader has no replica status)",
};

function metrics(expr: string): string[] {
  const names: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name === "VectorSelector") {
        const id = node.node.getChild("Identifier");
        if (id) names.push(expr.slice(id.from, id.to));
      }
    },
  });
  return names;
}

describe("database alerts and the pinned exporters' metric names", () => {
  it.each(Object.entries(ENGINES))("%s: every metric an alert reads is one the pinned exporter emits", (engine, { prefix }) => {
    const source = METRIC_SOURCES.find((s) => s.component.includes(engine === "postgres" ? "postgres_exporter" : "mysqld_exporter"));
    const own = rules.filter((r) => r.alert?.startsWith(prefix));
    expect(own.length).toBeGreaterThan(3);
    const unknown = own.flatMap((r) =>
      metrics(r.expr)
        .filter((m) => !source?.metrics.includes(m))
        .map((m) => `${r.alert}: ${m}`),
    );
    expect(unknown).toEqual([]);
  });

  it.each(Object.entries(ENGINES))("%s: every alert can fire on every supported engine version", (_engine, { prefix, variants }) => {
    const blind = rules
      .filter((r) => r.alert?.startsWith(prefix))
      .flatMap((r) => variants.filter((v) => !canHaveData(r.expr, (m) => emittedOn(m, v))).map((v) => `${r.alert} ${v}`));
    expect([...new Set(blind)].filter((b) => !ELSEWHERE[b])).toEqual([]);
  });
});
