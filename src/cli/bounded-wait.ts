import type { Bound } from "./alert-bounds";

interface WaitOptions {
  /** What was observed instead, for the failure message (alert states, notifications received). @default - nothing */
  readonly seen?: () => string | Promise<string>;
  /** Where the one allowance for scheduling noise is announced. @default - stderr */
  readonly log?: (line: string) => void;
  /** @default 200 */
  readonly intervalMs?: number;
}

/**
 * Polls `check` until it returns a value: within the derived `bound`, then once more as long for scheduling noise (a
 * loaded machine delays processes, not the arithmetic of intervals), then fails naming what did not arrive, how long
 * it waited, how the bound was derived and what was seen instead. A check that throws counts as "not yet".
 */
export async function waitWithin<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  bound: Bound,
  options: WaitOptions = {},
): Promise<T> {
  const start = Date.now();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  for (const attempt of [1, 2]) {
    const deadline = start + attempt * bound.seconds * 1000;
    for (;;) {
      const value = await Promise.resolve()
        .then(check)
        .catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(options.intervalMs ?? 200, Math.max(1, deadline - Date.now()))));
    }
    if (attempt === 1)
      log(`${what}: not within the ${bound.seconds} s bound (${bound.derivation}); waiting once more as long for scheduling noise`);
  }
  const seen = options.seen
    ? await Promise.resolve()
        .then(options.seen)
        .catch((e: unknown) => `(could not tell: ${String(e)})`)
    : "";
  throw new Error(
    `${what} did not arrive within ${((Date.now() - start) / 1000).toFixed(1)} s (twice the ${bound.seconds} s bound: ${bound.derivation})${seen ? `; seen: ${seen}` : ""}`,
  );
}

/**
 * Polls `check` every `intervalMs` until it returns a value, or throws after `timeoutMs` naming what did not arrive:
 * for what no configured interval bounds (a process starting), where `waitWithin` has no bound to derive.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined;
    try {
      value = await check();
    } catch {
      value = undefined;
    }
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
