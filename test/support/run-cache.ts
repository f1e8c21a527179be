// Results that several test files compute from the same inputs (the bundled environments' synth, `helm template` of
// their releases), shared by the test processes of one run through files in the run's temporary folder. Only under
// vitest's global setup (MONITORING_TEST_RUN_CACHE): sources do not change during a run, and the folder goes with it.
// The workers run in parallel: the first to ask for a result computes it under a lock file and the others wait for
// it (bounded, and only while the holder is alive), so each result is computed once per run, not once per worker.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** How long a process waits for another's computation before computing it itself (a hung holder, not a slow one). */
const WAIT_LIMIT_MS = 10 * 60_000;
const POLL_MS = 50;

/** The cache folder of this run, or undefined outside a vitest run (then nothing is cached across processes). */
function folder(): string | undefined {
  const dir = process.env.MONITORING_TEST_RUN_CACHE;
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  return dir;
}

function entry(dir: string, kind: string, key: string): string {
  return join(dir, `${kind}-${createHash("sha256").update(key).digest("hex")}`);
}

/** Takes the lock of an entry: true when this process must compute it, false when another process holds it. */
function tryLock(file: string): boolean {
  try {
    writeFileSync(`${file}.lock`, String(process.pid), { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  }
}

/** Whether another live process still computes the entry (a lock left by a process that died does not count). */
function lockedByOther(file: string): boolean {
  let pid: number;
  try {
    const text = readFileSync(`${file}.lock`, "utf8");
    // Created but its pid not yet written: being taken right now (unless left so by a crash long ago).
    if (text === "") return Date.now() - statSync(`${file}.lock`).mtimeMs < 5_000;
    pid = Number(text);
  } catch {
    return false;
  }
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function store(file: string, text: string): void {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

function unlock(file: string): void {
  rmSync(`${file}.lock`, { force: true });
}

/** The next step for an entry: its stored text, "compute" (lock taken, or no one left to wait for), or "wait". */
function look(file: string, since: number): { text: string } | "compute" | "wait" {
  if (existsSync(file)) return { text: readFileSync(file, "utf8") };
  if (tryLock(file)) return "compute";
  // A holder that failed removes its lock without storing: compute it here too (and fail the same way).
  if (!lockedByOther(file) || Date.now() - since > WAIT_LIMIT_MS) return "compute";
  return "wait";
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** The text stored under (kind, key), else `compute()`'s, stored for the other processes (written atomically). */
export function runCached(kind: string, key: string, compute: () => string): string {
  const dir = folder();
  if (!dir) return compute();
  const file = entry(dir, kind, key);
  const since = Date.now();
  for (;;) {
    const next = look(file, since);
    if (next === "wait") {
      Atomics.wait(sleeper, 0, 0, POLL_MS);
      continue;
    }
    if (next !== "compute") return next.text;
    try {
      const text = compute();
      store(file, text);
      return text;
    } finally {
      unlock(file);
    }
  }
}

/** As runCached, for an asynchronous computation. */
export async function runCachedAsync(kind: string, key: string, compute: () => Promise<string>): Promise<string> {
  const dir = folder();
  if (!dir) return compute();
  const file = entry(dir, kind, key);
  const since = Date.now();
  for (;;) {
    const next = look(file, since);
    if (next === "wait") {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      continue;
    }
    if (next !== "compute") return next.text;
    try {
      const text = await compute();
      store(file, text);
      return text;
    } finally {
      unlock(file);
    }
  }
}
