import { AsyncLocalStorage } from "node:async_hooks";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { alertmanagerIsOurs, spawnLogged, stopChild, waitForOwnServer } from "../../src/cli/own-server";
import { capturingWrite } from "../support/run";
import { projectModule } from "./project-module";

// The same bounded helpers the game day uses against its local stack.
export { waitFor } from "../../src/cli/bounded-wait";
export { freePort } from "../../src/cli/free-port";

export class Processes {
  private readonly running = new Map<string, ChildProcess>();
  /** The end of each process's stderr once it has exited (why it did: EADDRINUSE), by process name. */
  private readonly lastWords = new Map<string, string>();

  constructor(private readonly logDir: string) {
    process.once("exit", () => {
      for (const child of this.running.values()) child.kill("SIGKILL");
    });
  }

  start(name: string, command: string, args: readonly string[], env: Record<string, string> = {}): ChildProcess {
    if (this.running.has(name)) throw new Error(`${name} is already running`);
    const path = join(this.logDir, `${name}.log`);
    const { child, lastWords } = spawnLogged(command, args, env, path);
    // On close, not exit: its output has been read by then (why it exited).
    child.once("close", () => {
      if (this.running.get(name) !== child) return; // stopped by stop()
      this.lastWords.set(name, lastWords());
      this.running.delete(name);
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

  /**
   * Waits until the process started as `name` answers on `port` as itself (`isOurs`, one of src/cli/own-server.ts's
   * probes): another server on the port, or the process exiting first, is an error naming `what` and the port.
   */
  waitForOwn(name: string, what: string, port: number, timeoutMs: number, isOurs: () => Promise<boolean | undefined>): Promise<void> {
    const exited = () => (this.running.has(name) ? undefined : (this.lastWords.get(name) ?? ""));
    return waitForOwnServer({ what, port, exited, isOurs }, timeoutMs);
  }

  /**
   * Waits until the Alertmanager started as `name` (startAlertmanager) on `port` is ready with the configuration that
   * contains `marker`: a path only that configuration names (its secret files' or its templates' folder; URLs are
   * shown masked).
   */
  waitForAlertmanager(name: string, port: number, marker: string, timeoutMs = 15_000): Promise<void> {
    return this.waitForOwn(name, "Alertmanager", port, timeoutMs, () => alertmanagerIsOurs(`http://127.0.0.1:${port}`, marker));
  }

  async stop(name: string, graceMs = 5_000): Promise<void> {
    const child = this.running.get(name);
    if (child) await stopChild(child, graceMs);
    this.running.delete(name);
  }

  /**
   * Starts a real Alertmanager as the tests run one (its configuration and data folder, on 127.0.0.1 only, no gossip:
   * a single instance that answers at once); returns the base URL of its API.
   */
  startAlertmanager(name: string, binary: string, files: { readonly config: string; readonly data: string }, port: number): string {
    this.start(name, binary, [
      `--config.file=${files.config}`,
      `--storage.path=${files.data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
    ]);
    return `http://127.0.0.1:${port}/api/v2`;
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

/** What one in-process CLI call wrote, found by the asynchronous context its writes come from. */
const cliCalls = new AsyncLocalStorage<{ stdout: string; stderr: string }>();
let writesRouted = false;

/**
 * Sends each write to stdout or stderr made inside a `runCliConcurrently` call (its asynchronous context, timers and
 * promises included) to that call's capture; writes from anywhere else pass through. Once per process.
 */
function routeWrites(): void {
  if (writesRouted) return;
  writesRouted = true;
  for (const name of ["stdout", "stderr"] as const) {
    const stream = process[name];
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    const captured = (call: { stdout: string; stderr: string }) =>
      capturingWrite((text) => {
        call[name] += text;
      });
    stream.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
      const call = cliCalls.getStore();
      if (!call) return write(chunk, encoding, callback);
      return (captured(call) as (...args: unknown[]) => boolean)(chunk, encoding, callback);
    }) as typeof stream.write;
  }
}

/**
 * Runs `monitoring-stack <args>` in this process: the CLI's own `run` (what bin/monitoring-stack.js calls; the build
 * when current, else the sources: see projectModule), loaded once per file instead of once per command (a CLI
 * process costs 1-3 s of CPU, nearly all of it loading modules; a call in a loaded process costs hundredths). Unlike
 * test/support/run.ts's `runCli`, calls may overlap, as the drills' commands do: each call's output is told apart by
 * its asynchronous context. The file's process is the e2e file's own (vitest.config.mts), whose environment variables
 * the commands read; stdin is not a terminal, as for a spawned command. A call that does not finish within
 * `timeoutMs` has status null, as a killed process. Real CLI processes are run by test/cli/conventions.test.ts.
 */
export async function runCliConcurrently(
  args: readonly string[],
  timeoutMs: number,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  routeWrites();
  process.stdin.isTTY = false;
  process.env.CHECKPOINT_DISABLE = "1";
  const { run } = projectModule<typeof import("../../src/cli/main")>("src/cli/main.ts");
  const captured = { stdout: "", stderr: "" };
  let timer: NodeJS.Timeout | undefined;
  const status = await cliCalls.run(captured, () =>
    Promise.race([
      run(args).catch((error: unknown) => {
        // As bin/monitoring-stack.js reports a rejection.
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        return 1;
      }),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      }),
    ]),
  );
  clearTimeout(timer);
  return { status, ...captured };
}
