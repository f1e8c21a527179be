import { describe, expect, it } from "vitest";
import { renderArtifacts } from "../../../src/render/artifacts";
import { runbookQueries } from "../../../src/render/gameday/runbook-queries";
import { loadEnvironments } from "../../../stacks/environments";

/** The runbook pages `monitoring-stack export` writes for every bundled environment. */
const environments = loadEnvironments().map((spec) => {
  const artifacts = renderArtifacts(spec);
  const pages = Object.entries(artifacts.files).filter(([path]) => path.startsWith("runbooks/"));
  return { spec, artifacts, pages };
});

describe("generated runbooks", () => {
  it("a page shared by several services quotes each service's own queries", () => {
    for (const { spec, artifacts } of environments) {
      for (const alert of artifacts.alerts.filter((a) => a.labels?.service)) {
        const page = artifacts.files[`runbooks/${alert.alert}.md`];
        for (const query of runbookQueries(alert.runbook))
          expect(page, `${spec.name} ${alert.alert} (${alert.labels?.service})`).toContain(query.text);
      }
    }
  });
});
