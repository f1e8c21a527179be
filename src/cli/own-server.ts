import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, createWriteStream, mkdirSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "./bounded-wait";
import { EXAMPLE_INSTANCE_HEADER } from "./example-service";

/**
 * Readiness of a server this process started on 127.0.0.1, as itself: a port picked free can be taken by another
 * process before ours binds it, and a check that only asks whether something answers then passes on the other
 * server (CI: a game day's fault injection got HTTP 404 from it). Used by game days, drills and the e2e harnesses.
 */

/** Another process holds the port a server was given (it may be retried on another port). */
export class PortTakenError extends Error {}

/** How much of a process's stderr is kept to say why it exited. */
const LAST_WORDS_CHARS = 4_000;
/** How long one identity probe may take (a server that does not answer in time is asked again). */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Starts a server with its standard output going to `logPath` itself, not through this process (the example service
 * logs a line per request: piping them cost this process CPU); standard error is appended there too and read by
 * {@link lastWordsOf} (why it exited), which the returned function gives.
 */
export function spawnLogged(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  logPath: string,
): { child: ChildProcess; lastWords: () => string } {
  const out = openSync(logPath, "a");
  let child: ChildProcess;
  try {
    child = spawn(command, [...args], { env: { ...process.env, ...env }, stdio: ["ignore", out, "pipe"] });
  } finally {
    closeSync(out);
  }
  child.stderr?.pipe(createWriteStream(logPath, { flags: "a" }));
  return { child, lastWords: lastWordsOf(child) };
}

/**
 * Stops a child this process started: SIGTERM, SIGKILL after `graceMs`, resolved once it has exited. A child that
 * exited already, by itself or by a signal, returns at once: its exit event has fired and will not fire again.
 */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Keeps the end of `child`'s stderr (read it once the child has closed: why it exited, EADDRINUSE). */
export function lastWordsOf(child: ChildProcess): () => string {
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-LAST_WORDS_CHARS);
  });
  return () => stderr;
}

/** A server process this process started, to wait for on its port. */
export interface OwnServer {
  /** The component, in messages ("Alertmanager", a service's name). */
  readonly what: string;
  readonly port: number;
  /** Undefined while the process runs; once it has exited, the end of its stderr. */
  readonly exited: () => string | undefined;
  /** True when the server on the port is ours, false for another server, undefined or a throw while nothing can tell yet. */
  readonly isOurs: () => Promise<boolean | undefined>;
}

/**
 * Waits until `server` answers on its port as itself. A server that answers there while ours has exited, or that
 * never answers as ours, is someone else's: an error naming the component and the port (a PortTakenError), never
 * readiness, or whatever comes next would reach the other server.
 */
export async function waitForOwnServer(server: OwnServer, timeoutMs: number): Promise<void> {
  const { what, port } = server;
  let foreign = false;
  const outcome = await waitFor(
    `${what} to answer on 127.0.0.1:${port}`,
    async () => {
      if (server.exited() !== undefined) return "exited" as const;
      const ours = await server.isOurs();
      if (ours) return "ours" as const;
      if (ours === false) foreign = true;
      return undefined;
    },
    timeoutMs,
  ).catch((error: Error) => {
    if (!foreign) throw error;
    throw new PortTakenError(`127.0.0.1:${port} answers for another server, not the ${what} started here: ${error.message}`);
  });
  if (outcome === "ours") return;
  const words = server.exited() ?? "";
  const why =
    words.includes("EADDRINUSE") || words.includes("address already in use")
      ? "the port is in use"
      : words.trim().split("\n").slice(-3).join(" | ");
  const message = `${what} exited before answering on 127.0.0.1:${port} (${why || "no output"})`;
  throw foreign || why === "the port is in use" ? new PortTakenError(`${message}: another process holds the port`) : new Error(message);
}

/** Whether the Prometheus at `url` is the one started with `storagePath`: its flags name its storage folder. */
export async function prometheusIsOurs(url: string, storagePath: string): Promise<boolean | undefined> {
  const response = await fetch(`${url}/api/v1/status/flags`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  if (!response.ok) return undefined;
  const body = (await response.json().catch(() => undefined)) as { data?: Record<string, string> } | undefined;
  return body?.data?.["storage.tsdb.path"] === storagePath;
}

/**
 * Whether the Alertmanager at `url` is ready and loaded the configuration that contains `marker`: a path only that
 * configuration names (its templates' or its secret files' folder). Alertmanager's API shows no flags, only the
 * configuration it loaded, with URLs masked as secrets.
 */
export async function alertmanagerIsOurs(url: string, marker: string): Promise<boolean | undefined> {
  const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  await ready.arrayBuffer();
  if (!ready.ok) return undefined;
  const status = await fetch(`${url}/api/v2/status`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  const body = (await status.json().catch(() => undefined)) as { config?: { original?: string } } | undefined;
  return body?.config?.original?.includes(marker) ?? false;
}

/** The metric node_exporter's textfile collector exports to name the stack that started it. */
const NODE_EXPORTER_ID_METRIC = "local_stack_info";

/**
 * node_exporter flags that make it export `id` (through its textfile collector, from a file written to `dir`), so
 * that `nodeExporterIsOurs` can tell it from another node_exporter on the port.
 */
export function nodeExporterIdentity(dir: string, id: string): string[] {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "identity.prom"), `# TYPE ${NODE_EXPORTER_ID_METRIC} gauge\n${NODE_EXPORTER_ID_METRIC}{id="${id}"} 1\n`);
  return ["--collector.textfile", `--collector.textfile.directory=${dir}`];
}

/** Whether the node_exporter at `url` exports `id` (started with `nodeExporterIdentity(…, id)`). */
export async function nodeExporterIsOurs(url: string, id: string): Promise<boolean> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  return response.ok && (await response.text()).includes(`${NODE_EXPORTER_ID_METRIC}{id="${id}"} 1`);
}

/** Whether the example service at `url` is the one started with SERVICE_INSTANCE_ID `instanceId`. */
export async function exampleServiceIsOurs(url: string, instanceId: string): Promise<boolean | undefined> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  await response.arrayBuffer();
  // Every answer of ours carries the id, an injected error too: without it, another server's; with it but failing,
  // ours, not ready yet.
  if (response.headers.get(EXAMPLE_INSTANCE_HEADER) !== instanceId) return false;
  return response.ok ? true : undefined;
}
