// One synth in a fresh process (as `cdktf synth` runs the app): prints {"ms", "rssMb", "cpuS", "resources", "alarms"}.
// Scenarios: `bundled`, `bundled-aws`, `large <n>` (n x 1,000 AWS resources, n x 100 services), `lambdas <n>` (one
// service owning n Lambda functions).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { BUNDLED_ENVIRONMENTS } from "../environments";
import { resolveEnvironments } from "../src/spec";
import { collectBetweenPhases } from "../src/util/collect-garbage";
import { MonitoringStack } from "../stacks/monitoring-stack";
import { countOutput } from "./count-output";
import { lambdaSpec, largeSpec } from "./large-spec";

const [scenario, scale = "1"] = process.argv.slice(2);
const started = performance.now();
// "bundled-aws": the three AWS/local environments the bundled figure had before Google Cloud and Azure joined, so the
// import cost of the new providers is compared on the same work.
const AWS_ERA = ["dev", "staging", "prod"];
const inputs =
  scenario === "bundled" || scenario === "bundled-aws"
    ? Object.entries(BUNDLED_ENVIRONMENTS)
        .filter(([source]) => scenario === "bundled" || AWS_ERA.includes(source))
        .map(([source, input]) => ({ source, input }))
    : scenario === "lambdas"
      ? [{ source: "lambdas", input: lambdaSpec(Number(scale)) }]
      : [{ source: "large", input: largeSpec(1000 * Number(scale), 100 * Number(scale)) }];
// BENCH_OUTDIR keeps the output there (to compare two versions' output byte for byte); a temporary folder otherwise.
const keep = process.env.BENCH_OUTDIR;
const outdir = keep ?? mkdtempSync(join(tmpdir(), "bench-"));
// As the app: a large synth collects its garbage between phases.
collectBetweenPhases();
const app = new App({ outdir });
for (const spec of resolveEnvironments(inputs)) new MonitoringStack(app, { spec });
app.synth();
const ms = performance.now() - started;
// Under npm run bench (BENCH_COUNT=parent) the bench counts the kept output itself: this process only synthesizes.
const counts = process.env.BENCH_COUNT === "parent" ? {} : countOutput(outdir);
if (!keep) rmSync(outdir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, cpuS: cpuSeconds(), ...counts })}\n`);

/** CPU time of this process so far (user + system), seconds. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
