// Results that several test files compute from the same inputs (the bundled environments' synth, `helm template` of
// their releases), shared by the test processes of one run through files in the run's temporary folder. Only under
// vitest's global setup (MONITORING_TEST_RUN_CACHE): sources do not change during a run, and the folder goes with it.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The cache folder of this run, or undefined outside a vitest run (then nothing is cached across processes). */
function folder(): string | undefined {
  const dir = process.env.MONITORING_TEST_RUN_CACHE;
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The text stored under (kind, key), else `compute()`'s, stored for the other processes (written atomically). */
export function runCached(kind: string, key: string, compute: () => string): string {
  const dir = folder();
  if (!dir) return compute();
  const file = join(dir, `${kind}-${createHash("sha256").update(key).digest("hex")}`);
  if (existsSync(file)) return readFileSync(file, "utf8");
  const text = compute();
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
  return text;
}

/** As runCached, for an asynchronous computation. */
export async function runCachedAsync(kind: string, key: string, compute: () => Promise<string>): Promise<string> {
  const dir = folder();
  if (!dir) return compute();
  const file = join(dir, `${kind}-${createHash("sha256").update(key).digest("hex")}`);
  if (existsSync(file)) return readFileSync(file, "utf8");
  const text = await compute();
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
  return text;
}
