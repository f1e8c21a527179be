import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** When a large synth collects its garbage: above this much heap in use, once it has grown enough since the last time. */
export interface CollectionPolicy {
  /** Heap in use (bytes) below which nothing is collected. @default 256 MiB */
  readonly floor: number;
  /** How many times the heap left live by the previous collection here it must have grown to. @default 1.5 */
  readonly growth: number;
}

/** The policy of a program that has turned the collections on (the app, `synth`, the bench). */
export const LARGE_SYNTH_POLICY: CollectionPolicy = { floor: 256 * 2 ** 20, growth: 1.5 };

/** The policy turned on in this process; none until a program that owns its synth turns it on. */
let active: CollectionPolicy | undefined;
/** The heap in use after this module's last collection (bytes); 0 before the first. */
let liveAfterLast = 0;
let collect: (() => void) | undefined;

/**
 * Turns the collections between a synth's phases on for this process (`false`: off again). Call it once, at the start
 * of a program that owns its whole process and synthesizes a large environment (thousands of watched resources): the
 * project's app, `monitoring-stack synth`, the bench, or your own cdktf app's `main.ts` before it builds its stacks.
 * Never from a library, a test runner or a long-lived server that imports the stack: off by default, the stack never
 * forces a collection of a heap whose size is not its own. Small environments stay under `policy.floor` and never
 * collect either way.
 */
export function collectBetweenPhases(policy: CollectionPolicy | false = LARGE_SYNTH_POLICY): void {
  active = policy || undefined;
}

/**
 * Collects the garbage of a large synth at the end of a phase (validation, building a stack, resolving it), when the
 * collections are on (`collectBetweenPhases`) and the heap in use has passed `policy.floor` and grown `policy.growth`
 * times since the last collection here; returns whether it did. V8 lets the heap grow to about four times what a full
 * collection left live before it collects again: at 10,000 watched resources it collected once near the end of
 * validation (about 270 MB live) and never again, so every phase's garbage stayed in memory together and synth peaked
 * at about 1.2 GB (docs/benchmarks.md). Collected here, the peak is the live data plus one phase's garbage. Smaller
 * synths (the bundled environments, 1,000 resources) stay under the floor and never pay for a collection. No heap
 * limit is set: a larger spec only takes more memory.
 */
export function collectGarbageAfterPhase(policy: CollectionPolicy | undefined = active): boolean {
  if (!policy) return false;
  const used = getHeapStatistics().used_heap_size;
  if (used < policy.floor || used < policy.growth * liveAfterLast) return false;
  collect ??= fullCollection();
  collect();
  liveAfterLast = getHeapStatistics().used_heap_size;
  return true;
}

/**
 * V8's full collection (the `gc` function `--expose-gc` gives), without the command-line flag: the flag is set for
 * the moment a new context is made, which then holds `gc`, and unset again. Unset, V8's flag hash is what it was, so
 * the code cache the app saves after the run (bin/code-cache.js) still matches the next run's flags.
 */
export function fullCollection(): () => void {
  // Started with --expose-gc (a profile, a test): that gc, and the flags stay as they were given.
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return exposed;
  setFlagsFromString("--expose-gc");
  try {
    return runInNewContext("gc") as () => void;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}
