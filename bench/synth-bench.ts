// npm run bench: every figure of the performance targets, each with its target, as medians of fresh processes.
// The app runs bundled into one file, as `npm run synth` runs it (bin/bundle.js, esbuild); one row shows the tsx path
// too. Machine load changes wall times several-fold: compare figures measured in the same minute, or the CPU column.
// BENCH_RUNS (default 5) sets the repeats; BENCH_HUGE_RUNS (default 3) those of the 10,000-resource scenario, which
// BENCH_SKIP_HUGE=1 leaves out. Figures are only meaningful on a quiet machine.
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const HUGE_RUNS = Number(process.env.BENCH_HUGE_RUNS ?? Math.min(RUNS, 3));
const SKIP_HUGE = process.env.BENCH_SKIP_HUGE === "1";
const root = join(__dirname, "..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const { bundle } = require(join(root, "bin", "bundle.js")) as { bundle: (entry: string, outfile: string) => Promise<string> };

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Measured {
  /** Wall time of the whole process, seconds (median). */
  readonly wall: number;
  /** Time inside the app from its first line to the written output, seconds (median); NaN when not reported. */
  readonly synth: number;
  /** CPU time of the process (user + system), seconds (median): what load changes least; NaN when not reported. */
  readonly cpu: number;
  /** Peak RSS of the process, MB (median); NaN when not reported. */
  readonly rssMb: number;
  /** The last run's own report (resources, alarms). */
  readonly report: Record<string, number>;
  /** The error's first line when a run failed (the scenario crashes: a finding, not a bench error). */
  readonly failure?: string;
}

/** Runs a command `runs` times in fresh processes; the command may print a JSON report as its last line. */
function measure(label: string, command: string, args: readonly string[], runs: number): Measured {
  const walls: number[] = [];
  const synths: number[] = [];
  const rss: number[] = [];
  const cpu: number[] = [];
  let report: Record<string, number> = {};
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const run = spawnSync(command, args, {
      cwd: root,
      encoding: "utf8",
      timeout: 600_000,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" },
    });
    if (run.status !== 0) {
      const message = `${run.stderr}`.split("\n").find((line) => /^\w*Error\b|^error\b/i.test(line.trim())) ?? `exit ${run.status}`;
      process.stderr.write(`${label} failed:\n${run.stderr}\n`);
      return { wall: Number.NaN, synth: Number.NaN, cpu: Number.NaN, rssMb: Number.NaN, report, failure: message.trim().slice(0, 160) };
    }
    walls.push((performance.now() - start) / 1000);
    const last = run.stdout.trim().split("\n").pop() ?? "";
    if (last.startsWith("{")) {
      report = JSON.parse(last);
      synths.push(report.ms / 1000);
      rss.push(report.rssMb);
      if (report.cpuS !== undefined) cpu.push(report.cpuS);
    }
  }
  return {
    wall: median(walls),
    synth: synths.length > 0 ? median(synths) : Number.NaN,
    cpu: cpu.length > 0 ? median(cpu) : Number.NaN,
    rssMb: rss.length > 0 ? median(rss) : Number.NaN,
    report,
  };
}

async function main(): Promise<void> {
  const synthOnce = await bundle("bench/synth-once.ts", "dist/synth-once.js");
  const rawBaseline = await bundle("bench/raw-baseline.ts", "dist/raw-baseline.js");
  const app = (args: readonly string[], runs = RUNS) => measure(args.join(" "), process.execPath, [synthOnce, ...args], runs);

  interface Row {
    figure: string;
    measured: string;
    target: string;
    met: string;
  }
  const rows: Row[] = [];
  const s = (x: number) => (Number.isNaN(x) ? "-" : `${x.toFixed(2)} s`);
  const mb = (x: number) => (Number.isNaN(x) ? "-" : `${x.toFixed(0)} MB`);
  const row = (figure: string, m: Measured, maxSeconds?: number, maxMb?: number) =>
    rows.push({
      figure,
      measured: m.failure ? `FAILED: ${m.failure}` : `${s(m.wall)} (synth ${s(m.synth)}, CPU ${s(m.cpu)}), ${mb(m.rssMb)}`,
      target: maxSeconds === undefined ? "-" : `<= ${maxSeconds} s${maxMb === undefined ? "" : `, <= ${maxMb} MB`}`,
      met: m.failure
        ? "NO"
        : maxSeconds === undefined
          ? "-"
          : m.wall <= maxSeconds && (maxMb === undefined || m.rssMb <= maxMb)
            ? "yes"
            : "NO",
    });

  row("bundled environments, the app (5 stacks)", app(["bundled"]), 1.0, 150);
  row("bundled dev, staging, prod (3 stacks)", app(["bundled-aws"]));
  row("bundled, from source via tsx (no build)", measure("tsx", tsx, [join(root, "bench", "synth-once.ts"), "bundled"], RUNS));
  // What the README tells users to run: the app, writing cdktf.out (RSS of the process tree is not measured).
  row("npm run synth (the app, bundled environments)", measure("npm run synth", "npm", ["run", "--silent", "synth"], RUNS), 1.5);
  // The cdktf CLI around the same app (what `cdktf deploy` runs first): its own start-up is most of it.
  row(
    "cdktf synth (the CLI around the app)",
    measure("cdktf synth", join(root, "node_modules", ".bin", "cdktf"), ["synth"], Math.min(RUNS, 3)),
  );

  const large = app(["large", "1"]);
  row("large: 1,000 AWS resources, 100 services", large, 1.5);
  const large2 = app(["large", "2"]);
  row("large x2: 2,000 AWS resources, 200 services", large2);
  const points: Array<[number, number]> = [
    [1000, large.synth],
    [2000, large2.synth],
  ].filter(([, y]) => !Number.isNaN(y)) as Array<[number, number]>;
  if (!SKIP_HUGE) {
    const huge = app(["large", "10"], HUGE_RUNS);
    row("large x10: 10,000 AWS resources, 1,000 services", huge, 10, 1024);
    if (!huge.failure) points.push([10_000, huge.synth]);
  }
  // Least-squares slope of synth time over watched resources; linear when the largest point sits on the line through
  // the two smallest (within 25%).
  if (points.length >= 2) {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const mx = mean(points.map(([x]) => x));
    const my = mean(points.map(([, y]) => y));
    const slope = points.reduce((acc, [x, y]) => acc + (x - mx) * (y - my), 0) / points.reduce((acc, [x]) => acc + (x - mx) ** 2, 0);
    const [[x1, y1], [x2, y2]] = points;
    const [xn, yn] = points[points.length - 1];
    const predicted = y1 + ((y2 - y1) / (x2 - x1)) * (xn - x1);
    rows.push({
      figure: "synth time per 1,000 watched resources (slope)",
      measured: `${(slope * 1000).toFixed(3)} s; at ${xn} resources ${s(yn)} vs ${s(predicted)} on the line`,
      target: "linear (within 25% of the line, needs the 10,000 point)",
      met: points.length > 2 ? (Math.abs(yn - predicted) <= 0.25 * predicted ? "yes" : "NO") : "-",
    });
  } else {
    rows.push({
      figure: "synth time per 1,000 watched resources (slope)",
      measured: "FAILED: needs two large scenarios",
      target: "linear",
      met: "NO",
    });
  }

  // Alarms per second against a raw-cdktf app emitting the same number of aws_cloudwatch_metric_alarm resources.
  if (large.failure) {
    rows.push({ figure: "alarms per second vs raw cdktf", measured: "FAILED: the large scenario failed", target: "ratio >= 1", met: "NO" });
  } else {
    const alarms = large.report.alarms;
    const raw = measure("raw baseline", process.execPath, [rawBaseline, String(alarms)], RUNS);
    const ours = alarms / large.wall;
    const theirs = alarms / raw.wall;
    row(`raw cdktf: ${alarms} aws_cloudwatch_metric_alarm, one construct each`, raw);
    // Per CPU second too: on a loaded machine wall times say more about the neighbours than about synth.
    const byCpu = !Number.isNaN(large.cpu) && !Number.isNaN(raw.cpu);
    const oursCpu = alarms / large.cpu;
    const theirsCpu = alarms / raw.cpu;
    rows.push({
      figure: `alarms per second, large (${alarms} alarms) vs raw cdktf`,
      measured: `${ours.toFixed(0)}/s vs ${theirs.toFixed(0)}/s: ratio ${(ours / theirs).toFixed(2)}${byCpu ? `; per CPU second ${oursCpu.toFixed(0)} vs ${theirsCpu.toFixed(0)}: ratio ${(oursCpu / theirsCpu).toFixed(2)}` : ""}`,
      target: "ratio >= 1 (per CPU second when measured)",
      met: (byCpu ? oursCpu >= theirsCpu : ours >= theirs) ? "yes" : "NO",
    });
  }

  console.log(
    `synth benchmark: medians of ${RUNS} fresh processes (${SKIP_HUGE ? "10,000 skipped" : `${HUGE_RUNS} for 10,000`}), node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg()[0].toFixed(1)} at the end (above the core count, wall times measure the neighbours)`,
  );
  console.table(rows);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
