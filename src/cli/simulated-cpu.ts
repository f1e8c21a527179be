import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Clock ticks per second of /proc/stat's CPU times (USER_HZ; procfs divides by this constant, not by sysconf). */
export const USER_HZ = 100;

/** When each busy share began: [milliseconds since the epoch, share 0-1], in order. */
type Schedule = ReadonlyArray<readonly [number, number]>;

/**
 * The `cpu` lines of /proc/stat at `now` for a schedule of busy shares, as JavaScript source: the writer process runs
 * it and `stat` evaluates it, so there is one implementation. Busy time is split four fifths user, one fifth system.
 */
const STAT_SOURCE = `(schedule, now, cpus) => {
  let user = 100, system = 20, idle = 1000;
  schedule.forEach(([from, busy], i) => {
    const to = Math.min(now, i + 1 < schedule.length ? schedule[i + 1][0] : now);
    const elapsed = Math.max(0, (to - from) / 1000);
    user += elapsed * busy * 0.8;
    system += elapsed * busy * 0.2;
    idle += elapsed * (1 - busy);
  });
  const ticks = (s) => Math.floor(s * ${USER_HZ});
  const line = (name, n) => name + " " + ticks(user * n) + " 0 " + ticks(system * n) + " " + ticks(idle * n) + " 0 0 0 0 0 0";
  return [line("cpu", cpus), ...Array.from({ length: cpus }, (_, i) => line("cpu" + i, 1))].join("\\n") + "\\n";
}`;
const statAt = new Function(`return ${STAT_SOURCE}`)() as (schedule: Schedule, now: number, cpus: number) => string;

/** The writer process: rewrites `stat` (atomically) from the schedule every 100 ms; exits when its parent goes. */
const WRITER_SOURCE = `const fs = require("node:fs");
const [dir, cpus] = process.argv.slice(1);
const stat = ${STAT_SOURCE};
const tick = () => {
  let schedule;
  try { schedule = JSON.parse(fs.readFileSync(dir + "/schedule.json", "utf8")); } catch { return; }
  fs.writeFileSync(dir + "/stat.tmp", stat(schedule, Date.now(), Number(cpus)));
  fs.renameSync(dir + "/stat.tmp", dir + "/stat");
};
tick();
setInterval(tick, 100);
process.stdin.on("end", () => process.exit(0)).resume();`;

interface SimulatedCpuOptions {
  /** Number of CPUs (one `cpuN` line each). @default 2 */
  readonly cpus?: number;
  /** Busy share at start, in percent. @default 5 */
  readonly busyPercent?: number;
  /** Milliseconds since the epoch; injected by tests. @default Date.now */
  readonly now?: () => number;
}

/**
 * The CPU accounting of a simulated kernel, for node_exporter's own cpu collector: `<dir>/stat` in /proc/stat's
 * format, read when node_exporter runs with `--path.procfs=<dir>`. Everything downstream is real: node_exporter 1.5
 * parses it with procfs 0.8 (`cpuN user nice system idle iowait irq softirq steal guest guest_nice`, in USER_HZ
 * ticks) into `node_cpu_seconds_total`, Prometheus scrapes it, the rendered rules fire and Alertmanager routes.
 *
 * Why not a real CPU burner: the host is shared, so its CPU is whatever the neighbours make it. On a loaded machine
 * it is above the CPU threshold before a burner starts (the alert is already firing, nothing new fires) and stays
 * above it after the burner stops (nothing resolves), so a drill on real /proc/stat passes or fails with the load
 * average. Here the counters are a function of wall-clock time and the busy shares set so far, as a kernel's are:
 * the modes add up to the elapsed time. A small process of its own rewrites the file every 100 ms: a file written
 * from the busy test process went stale when a loaded machine starved it (load 40), and counters that stop read as
 * a CPU that never idles; a process that mostly sleeps is woken at once by the scheduler.
 */
export class SimulatedCpu {
  readonly path: string;
  private readonly cpus: number;
  private readonly now: () => number;
  private readonly schedule: Array<[number, number]>;
  private writer?: ChildProcess;

  constructor(
    readonly dir: string,
    options: SimulatedCpuOptions = {},
  ) {
    this.path = join(dir, "stat");
    this.cpus = options.cpus ?? 2;
    this.now = options.now ?? Date.now;
    this.schedule = [[this.now(), share(options.busyPercent ?? 5)]];
  }

  /** The busy share from now on, in percent (0-100). */
  set busyPercent(percent: number) {
    this.schedule.push([this.now(), share(percent)]);
    if (this.writer) this.writeSchedule();
  }

  get busyPercent(): number {
    return (this.schedule.at(-1)?.[1] ?? 0) * 100;
  }

  /** The `cpu` lines of /proc/stat now. */
  stat(): string {
    return statAt(this.schedule, this.now(), this.cpus);
  }

  /** Writes `stat` and starts the process that keeps it current, until `stop`. */
  start(): void {
    if (this.writer) return;
    mkdirSync(this.dir, { recursive: true });
    this.writeSchedule();
    atomically(this.path, this.stat());
    this.writer = spawn(process.execPath, ["-e", WRITER_SOURCE, this.dir, String(this.cpus)], { stdio: ["pipe", "ignore", "inherit"] });
  }

  /** Stops the writer process (by its PID) and waits for it to exit. */
  async stop(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    if (!writer || writer.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => writer.once("exit", () => resolve()));
    writer.kill("SIGTERM");
    await exited;
  }

  private writeSchedule(): void {
    atomically(join(this.dir, "schedule.json"), JSON.stringify(this.schedule));
  }
}

function atomically(path: string, content: string): void {
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
}

function share(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new Error(`busy share must be 0-100 %, received ${percent}`);
  return percent / 100;
}
