import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { entryCommand, ROOT } from "../support/run";

// The same bounded helpers the game day uses against its local stack.
export { waitFor } from "../../src/cli/bounded-wait";
export { freePort } from "../../src/cli/free-port";

export class Processes {
  private readonly running = new Map<string, ChildProcess>();

  constructor(private readonly logDir: string) {
    process.once("exit", () => {
      for (const child of this.running.values()) child.kill("SIGKILL");
    });
  }

  start(name: string, command: string, args: readonly string[], env: Record<string, string> = {}): ChildProcess {
    if (this.running.has(name)) throw new Error(`${name} is already running`);
    const log = createWriteStream(join(this.logDir, `${name}.log`), { flags: "a" });
    const child = spawn(command, [...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.once("exit", () => {
      if (this.running.get(name) === child) this.running.delete(name);
    });
    this.running.set(name, child);
    return child;
  }

  /** Sends a signal to a running process (SIGHUP: Prometheus and Alertmanager reload their configuration). */
  signal(name: string, signal: NodeJS.Signals): void {
    const child = this.running.get(name);
    if (!child) throw new Error(`${name} is not running`);
    child.kill(signal);
  }

  isRunning(name: string): boolean {
    return this.running.has(name);
  }

  async stop(name: string, graceMs = 5_000): Promise<void> {
    const child = this.running.get(name);
    if (!child || child.exitCode !== null) {
      this.running.delete(name);
      return;
    }
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
    this.running.delete(name);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((name) => this.stop(name)));
  }

  log(name: string): string {
    try {
      return readFileSync(join(this.logDir, `${name}.log`), "utf8");
    } catch {
      return "";
    }
  }
}

/**
 * Runs an entry point of the project (see `entryCommand`) without blocking the event loop, so that receivers served
 * by the test process keep answering while the command runs (spawnSync would starve them). Bounded by `timeoutMs`.
 */
export function runTsAsync(
  entry: string,
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const [command, prefix] = entryCommand(entry);
    const child = spawn(command, [...prefix, ...args], {
      cwd: ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (c: Buffer) => {
      stdout += c.toString("utf8");
    });
    child.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
