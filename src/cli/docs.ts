import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadEnvironments } from "../../stacks/environments";
import { renderArtifacts } from "../render/artifacts";
import { renderMonitoringDoc } from "../render/docs/monitoring-doc";
import { cloudCostMarkdown } from "../review/cloud-cost";
import { costMarkdown, DEFAULT_ASSUMPTIONS, estimateCloudWatchCost } from "../review/cost";
import type { EnvironmentSpec } from "../spec/environment";
import { cloudCostEstimate, cloudWatchInputs } from "./cost";

/**
 * The documentation of one environment, with the cost estimate of what its stack creates in its cloud's monitoring
 * services (CloudWatch; Google Cloud Logging; Azure Monitor counted, not priced).
 * `runbooksFromPage`: where the exported runbooks are relative to the page (see `DocExtras`).
 */
export function environmentDoc(spec: EnvironmentSpec, runbooksFromPage?: string): string {
  const cloud = cloudCostEstimate(spec, DEFAULT_ASSUMPTIONS);
  if (cloud) return renderMonitoringDoc(spec, renderArtifacts(spec), { costMarkdown: cloudCostMarkdown(cloud), runbooksFromPage });
  const { alarms, model } = cloudWatchInputs(spec);
  const hasCloudWatch = alarms.some((a) => a.cloud === "aws") || model.logGroups.size > 0;
  return renderMonitoringDoc(spec, renderArtifacts(spec), {
    ...(hasCloudWatch ? { costMarkdown: costMarkdown(estimateCloudWatchCost(alarms, model)) } : {}),
    runbooksFromPage,
  });
}

/**
 * `monitoring-stack docs --out <dir> [--reference <dir>]` (`npm run docs`): writes <dir>/<env>.md for every
 * environment of the app and, with `--reference` (from a clone), the reference pages generated from the code.
 */
export function docsCommand(options: { readonly out?: string; readonly reference?: string }): number {
  const out = resolve(options.out ?? join("docs", "environments"));
  mkdirSync(out, { recursive: true });
  for (const spec of loadEnvironments()) {
    writeFileSync(join(out, `${spec.name}.md`), environmentDoc(spec));
    process.stdout.write(`wrote ${join(out, `${spec.name}.md`)}\n`);
  }
  if (options.reference) {
    const dir = resolve(options.reference);
    mkdirSync(dir, { recursive: true });
    const { referenceDocs } = require("./reference-docs") as typeof import("./reference-docs");
    for (const [file, text] of Object.entries(referenceDocs())) {
      writeFileSync(join(dir, file), text);
      process.stdout.write(`wrote ${join(dir, file)}\n`);
    }
  }
  return 0;
}
