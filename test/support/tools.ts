import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runCached, runCachedAsync } from "./run-cache";

/** Debian packages that provide the real validators and servers (installed by .ci/run). */
const PACKAGES: Record<string, string> = {
  promtool: "prometheus",
  prometheus: "prometheus",
  amtool: "prometheus-alertmanager",
  "prometheus-alertmanager": "prometheus-alertmanager",
  "prometheus-node-exporter": "prometheus-node-exporter",
};

function which(name: string): string | undefined {
  const result = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * A real tool for a test suite. On a developer machine without it the suite is skipped with a message saying what
 * to install; under CI=true a missing tool fails the suite, because CI installs it.
 */
export function realTool(name: string): { path: string | undefined; skip: boolean; reason: string } {
  const path = which(name);
  const reason = `${name} is not installed (apt-get install ${PACKAGES[name] ?? name})`;
  if (!path && process.env.CI) throw new Error(`${reason}; CI must install it`);
  if (!path) process.stderr.write(`skipping tests that need ${name}: ${reason}\n`);
  return { path, skip: !path, reason };
}

export interface ToolRun {
  readonly status: number | null;
  readonly output: string;
}

/** Runs a tool with a timeout (default 60 s); returns exit status and combined output. */
export function runTool(path: string, args: readonly string[], cwd?: string, timeoutMs = 60_000): ToolRun {
  const result = spawnSync(path, [...args], { encoding: "utf8", timeout: timeoutMs, cwd });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * `runTool` without blocking: independent long tool runs (promtool over days of samples) can overlap, e.g. in
 * `it.concurrent` tests. Killed after `timeoutMs` (status null then). The output is runTool's: stdout, then stderr.
 */
export function runToolAsync(path: string, args: readonly string[], cwd?: string, timeoutMs = 60_000): Promise<ToolRun> {
  return new Promise((resolve) => {
    const child = spawn(path, [...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, output: `${stdout}${stderr}` });
    });
  });
}

/** Writes a set of relative-path files into a fresh temporary folder and returns it. */
export function writeTree(files: Readonly<Record<string, string>>, prefix = "artifacts-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** Writes an empty file at `path` under `root` (folders made as needed), modified `at` seconds after the epoch. */
export function writeDated(root: string, path: string, at: number): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), "");
  utimesSync(join(root, path), at, at);
}

/**
 * A tool's version as [major, minor, patch], from `<tool> --version`: asked once per run and binary (the files that
 * check it share the answer through the run cache).
 */
export function toolVersion(path: string): number[] {
  const { size, mtimeMs } = statSync(path);
  const text = runCached("tool-version", `${path}\0${size}\0${mtimeMs}`, () =>
    execFileSync(path, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }),
  );
  return (text.match(/version (\d+)\.(\d+)\.(\d+)/)?.slice(1) ?? ["0", "0", "0"]).map(Number);
}

/** `amtool config routes test` of one alert's labels: the arguments after the config file. */
function routesTestArgs(file: string, labels: Readonly<Record<string, string>>): string[] {
  return ["config", "routes", "test", `--config.file=${file}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
}

function routesTestKey(amtool: string, configYaml: string, labels: Readonly<Record<string, string>>): string {
  return JSON.stringify([amtool, configYaml, labels]);
}

/**
 * `amtool config routes test` for an alert with `labels` against an Alertmanager config: the same config and labels
 * are asked by several files (the Watchdog of each bundled environment), so amtool answers each once per run.
 */
export function amtoolRoutesTest(amtool: string, configYaml: string, labels: Readonly<Record<string, string>>): ToolRun {
  const text = runCached("amtool-routes", routesTestKey(amtool, configYaml, labels), () => {
    const dir = writeTree({ "alertmanager.yml": configYaml }, "amtool-routes-");
    return JSON.stringify(runTool(amtool, routesTestArgs(join(dir, "alertmanager.yml"), labels)));
  });
  return JSON.parse(text) as ToolRun;
}

/** The receivers amtool resolves for an alert with these labels, in routing-tree order (an error when amtool fails). */
export function amtoolReceivers(amtool: string, configYaml: string, labels: Readonly<Record<string, string>>): string[] {
  const result = amtoolRoutesTest(amtool, configYaml, labels);
  if (result.status !== 0) throw new Error(`amtool config routes test failed (${result.status}):\n${result.output}`);
  // amtool prints a warning about --alertmanager.url on stderr; the receivers are the first line.
  return result.output.trim().split("\n")[0].split(",");
}

/** {@link amtoolRoutesTest} without blocking, for many alerts run a few at a time. */
export async function amtoolRoutesTestAsync(
  amtool: string,
  configYaml: string,
  labels: Readonly<Record<string, string>>,
): Promise<ToolRun> {
  const text = await runCachedAsync("amtool-routes", routesTestKey(amtool, configYaml, labels), async () => {
    const dir = writeTree({ "alertmanager.yml": configYaml }, "amtool-routes-");
    return JSON.stringify(await runToolAsync(amtool, routesTestArgs(join(dir, "alertmanager.yml"), labels)));
  });
  return JSON.parse(text) as ToolRun;
}

/**
 * Alertmanager's tools at 0.26 or newer: the rendered configuration uses webhook `url_file` (0.26+), as the
 * Alertmanager of kube-prometheus-stack reads it. scripts/install-validators.sh installs 0.28 from Debian trixie.
 */
export function alertmanagerTool(name: "amtool" | "prometheus-alertmanager"): { path: string | undefined; skip: boolean; reason: string } {
  const tool = realTool(name);
  if (!tool.path) return tool;
  const [major, minor] = toolVersion(tool.path);
  if (major > 0 || minor >= 26) return tool;
  const reason = `${name} ${major}.${minor} predates url_file (0.26); run scripts/install-validators.sh`;
  if (process.env.CI) throw new Error(reason);
  process.stderr.write(`skipping tests that need ${name}: ${reason}\n`);
  return { path: undefined, skip: true, reason };
}
