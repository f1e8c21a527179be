import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Clock ticks per second of /proc/stat's CPU times (USER_HZ; procfs divides by this constant, not by sysconf). */
export const USER_HZ = 100;

interface SimulatedCpuOptions {
  /** Number of CPUs (one `cpuN` line each). @default 2 */
  readonly cpus?: number;
  /** Busy share at start, in percent. @default 5 */
  readonly busyPercent?: number;
  /** Milliseconds since an epoch; injected by tests. @default Date.now */
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
 * average. Here the counters advance with wall-clock time, busy for exactly the set share of it, as a kernel's do:
 * the sum over modes is the elapsed time, so however late a write runs, the rate Prometheus computes is the set one.
 */
export class SimulatedCpu {
  readonly path: string;
  private readonly cpus: number;
  private readonly now: () => number;
  private busy: number;
  private last: number;
  /** Seconds per CPU in each mode this simulation drives (the other modes stay at zero). */
  private readonly seconds = { user: 100, system: 20, idle: 1000 };
  private timer?: NodeJS.Timeout;

  constructor(
    readonly dir: string,
    options: SimulatedCpuOptions = {},
  ) {
    this.path = join(dir, "stat");
    this.cpus = options.cpus ?? 2;
    this.now = options.now ?? Date.now;
    this.busy = share(options.busyPercent ?? 5);
    this.last = this.now();
  }

  /** The busy share from now on, in percent (0-100): the time until now is accounted at the previous share first. */
  set busyPercent(percent: number) {
    this.advance();
    this.busy = share(percent);
  }

  get busyPercent(): number {
    return this.busy * 100;
  }

  /** Advances the counters to now and writes `stat` atomically (node_exporter never reads half a file). */
  write(): void {
    this.advance();
    const ticks = (s: number) => Math.floor(s * USER_HZ);
    const line = (name: string, n: number) =>
      `${name} ${ticks(this.seconds.user * n)} 0 ${ticks(this.seconds.system * n)} ${ticks(this.seconds.idle * n)} 0 0 0 0 0 0`;
    const lines = [line("cpu", this.cpus), ...Array.from({ length: this.cpus }, (_, i) => line(`cpu${i}`, 1))];
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(`${this.path}.tmp`, `${lines.join("\n")}\n`);
    renameSync(`${this.path}.tmp`, this.path);
  }

  /** Writes now and every `everyMs` until `stop` (a late timer only delays a write, never skews the counters). */
  start(everyMs = 250): void {
    this.write();
    this.timer ??= setInterval(() => this.write(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private advance(): void {
    const now = this.now();
    const elapsed = Math.max(0, (now - this.last) / 1000);
    this.last = now;
    // Busy time split as a typical workload's, four fifths user, one fifth system.
    this.seconds.user += elapsed * this.busy * 0.8;
    this.seconds.system += elapsed * this.busy * 0.2;
    this.seconds.idle += elapsed * (1 - this.busy);
  }
}

function share(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new Error(`busy share must be 0-100 %, received ${percent}`);
  return percent / 100;
}
