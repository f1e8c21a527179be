// npm run bench: synth wall time and peak RSS, median of several fresh processes per scenario.
// The app runs compiled (bin/cdktf-app.js runs dist/ after an up-to-date check); one row shows the tsx path too.
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = join(__dirname, "..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const compiled = join(root, "dist", "bench", "synth-once.js");
execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json")], {
  stdio: "inherit",
});

interface Scenario {
  readonly name: string;
  readonly args: readonly string[];
  /** @default "compiled" - node on dist/, as `cdktf synth` runs the app */
  readonly runner?: "compiled" | "tsx";
  /** Targets from the foundation issue: wall time of the whole process and its peak RSS. */
  readonly maxSeconds: number;
  readonly maxMb: number;
}

const scenarios: Scenario[] = [
  { name: "bundled environments (5 stacks: AWS, GCP, Azure, local)", args: ["bundled"], maxSeconds: 1, maxMb: 200 },
  { name: "bundled dev, staging, prod (3 stacks, as before GCP/Azure)", args: ["bundled-aws"], maxSeconds: 1, maxMb: 200 },
  // Development path (tsx transpiles on every run): shown for comparison, no target.
  {
    name: "bundled, from source via tsx (no build)",
    args: ["bundled"],
    runner: "tsx",
    maxSeconds: Number.POSITIVE_INFINITY,
    maxMb: Number.POSITIVE_INFINITY,
  },
  { name: "large: 1,000 AWS resources, 100 services", args: ["large", "1"], maxSeconds: 2, maxMb: 400 },
  { name: "large x2: 2,000 AWS resources, 200 services", args: ["large", "2"], maxSeconds: 4, maxMb: 800 },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = scenarios.map((scenario) => {
  const walls: number[] = [];
  const synths: number[] = [];
  const rss: number[] = [];
  let resources = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const [command, script] = scenario.runner === "tsx" ? [tsx, join(root, "bench", "synth-once.ts")] : [process.execPath, compiled];
    const run = spawnSync(command, [script, ...scenario.args], { encoding: "utf8", timeout: 120_000 });
    if (run.status !== 0) throw new Error(`${scenario.name} failed:\n${run.stderr}`);
    walls.push((performance.now() - start) / 1000);
    const result = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
    synths.push(result.ms / 1000);
    rss.push(result.rssMb);
    resources = result.resources;
  }
  const wall = median(walls);
  const mb = median(rss);
  return {
    scenario: scenario.name,
    "resources+data": resources,
    "process s (median)": wall.toFixed(2),
    "synth s (median)": median(synths).toFixed(2),
    "peak RSS MB (median)": mb.toFixed(0),
    target: Number.isFinite(scenario.maxSeconds) ? `<= ${scenario.maxSeconds} s, <= ${scenario.maxMb} MB` : "-",
    met: wall <= scenario.maxSeconds && mb <= scenario.maxMb ? "yes" : "NO",
  };
});

console.log(`synth benchmark, ${RUNS} runs per scenario, node ${process.version}`);
console.table(rows);
