import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toYaml } from "../../src/render/artifacts";
import type { ToolRun } from "../support/tools";
import { decidingRules } from "./deciding-rules";

/** One input series of a promtool unit test. */
export interface Series {
  readonly series: string;
  readonly values: string;
}

export interface ExpectedAlert {
  readonly exp_labels: Record<string, string>;
  readonly exp_annotations?: Record<string, string>;
}

export interface AlertCheck {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: readonly ExpectedAlert[];
}

export interface PromtoolCase {
  readonly name: string;
  readonly interval?: string;
  readonly input_series: readonly Series[];
  readonly alert_rule_test?: readonly AlertCheck[];
  readonly promql_expr_test?: ReadonlyArray<{
    expr: string;
    eval_time: string;
    exp_samples: ReadonlyArray<{ labels: string; value: number }>;
  }>;
}

/**
 * One `promtool test rules` file: cases against rule files inside the test's folder (paths relative to it), of which
 * it loads the rules that decide what the cases check (decidingRules).
 */
export interface PromtoolTestFile {
  readonly ruleFiles: readonly string[];
  readonly cases: readonly PromtoolCase[];
  /** @default "1m" */
  readonly evaluationInterval?: string;
}

/**
 * Runs several test files in one `promtool test rules` process (one start, one pass over the arguments) and resolves
 * to each file's own result, by the key it was given: its section of promtool's output (promtool reports file by file,
 * "Unit Testing: <file>", then SUCCESS or what failed) and status 0 when that section passed. A test that owns one
 * file therefore still fails alone, with promtool's message for its cases. Asynchronous, so that a test file can wait
 * on real servers while promtool runs. Killed after `timeoutMs`: every file then has status null and the whole output.
 */
export async function promtoolTests<K extends string>(
  promtool: string,
  dir: string,
  files: Readonly<Record<K, PromtoolTestFile>>,
  timeoutMs = 240_000,
): Promise<Record<K, ToolRun>> {
  const keys = Object.keys(files) as K[];
  const paths = keys.map((key) => writeTestFile(dir, files[key]));
  // stdout ("Unit Testing:", SUCCESS) and stderr (FAILED and the details) into one file, in the order promtool wrote
  // them, so that each failure stays in its file's section.
  const log = join(dir, `promtool-${Math.random().toString(36).slice(2)}.log`);
  const fd = openSync(log, "w");
  let status: number | null;
  try {
    status = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(promtool, ["test", "rules", ...paths], { cwd: dir, stdio: ["ignore", fd, fd] });
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.once("error", reject);
      child.once("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  } finally {
    closeSync(fd);
  }
  const output = readFileSync(log, "utf8");
  const sections = output.split(/^(?=Unit Testing: {2})/m);
  return Object.fromEntries(
    keys.map((key, i) => {
      if (status === null) return [key, { status, output: `promtool was killed after ${timeoutMs} ms:\n${output}` }];
      const section = sections.find((s) => s.startsWith(`Unit Testing:  ${paths[i]}\n`));
      if (!section) return [key, { status: status === 0 ? 1 : status, output: `no report of ${paths[i]} in:\n${output}` }];
      return [key, { status: /^ {2}SUCCESS$/m.test(section) ? 0 : 1, output: section }];
    }),
  ) as Record<K, ToolRun>;
}

/**
 * Tests that each check promtool test files, all run in one promtool process (one start, not one per test). Each test
 * registers a builder of its files at collection time (`add`); the first `results` call builds them all (a builder
 * that throws fails its own test only) and runs them; `results(title)` gives that test's files' reports, in order.
 */
export function promtoolBatch(promtool: string, dir: string) {
  const builders = new Map<string, () => PromtoolTestFile[]>();
  const all = once(async () => {
    const built = new Map<string, PromtoolTestFile[] | Error>();
    for (const [title, build] of builders)
      try {
        built.set(title, build());
      } catch (error) {
        built.set(title, error as Error);
      }
    const files: Record<string, PromtoolTestFile> = {};
    for (const [title, outcome] of built)
      if (Array.isArray(outcome)) for (const [i, file] of outcome.entries()) files[`${title}#${i}`] = file;
    const reports = await promtoolTests(promtool, dir, files);
    return new Map(
      [...built].map(([title, outcome]) => [title, Array.isArray(outcome) ? outcome.map((_, i) => reports[`${title}#${i}`]) : outcome]),
    );
  });
  return {
    add(title: string, build: () => PromtoolTestFile[]): void {
      // A second test of one title would read the first one's report, and the first would never run its cases.
      if (builders.has(title)) throw new Error(`two promtool tests are titled "${title}": each needs a title of its own`);
      builders.set(title, build);
    },
    /** The reports of the files of the test `title`; rejects with its builder's error. */
    async results(title: string): Promise<ToolRun[]> {
      const outcome = (await all()).get(title);
      if (outcome instanceof Error) throw outcome;
      return outcome ?? [];
    },
  };
}

/** `compute`'s value, computed on the first call: the tests of a file share one promtool run, whichever runs first. */
export function once<T>(compute: () => T): () => T {
  let result: { value: T } | undefined;
  return () => {
    result ??= { value: compute() };
    return result.value;
  };
}

/**
 * Writes a test file into `dir` that loads, of `ruleFiles`, the rules deciding what its cases check (decidingRules);
 * returns its name (relative to `dir`, as promtool then reports it).
 */
function writeTestFile(dir: string, { ruleFiles, cases, evaluationInterval = "1m" }: PromtoolTestFile): string {
  const name = `test-${Math.random().toString(36).slice(2)}.yaml`;
  const rules = decidingRules(dir, ruleFiles, cases);
  writeFileSync(
    join(dir, name),
    toYaml({
      rule_files: rules.ruleFiles,
      evaluation_interval: evaluationInterval,
      group_eval_order: rules.groupEvalOrder,
      tests: cases.map(({ name, interval, ...rest }) => ({ name, interval: interval ?? "1m", ...rest })),
    }),
  );
  return name;
}

/** A counter that grows by `perSecond` per second, sampled every minute for `minutes` minutes. */
export function counter(perSecond: number, minutes: number, start = 0): string {
  return `${start}+${round(perSecond * 60)}x${minutes}`;
}

/** A gauge that stays at `value` for `minutes` one-minute samples. */
export function gauge(value: number, minutes: number): string {
  return `${round(value)}+0x${minutes}`;
}

function round(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * Expands the small subset of Go templating the catalog's annotations use ({{ $labels.x }}, {{ $value }},
 * {{ printf "%.Nf" $value }}) for an expected alert, so tests check the text people receive.
 */
export function expandAnnotation(template: string, labels: Record<string, string>, value: number): string {
  return template
    .replaceAll(/\{\{ printf "%\.(\d)f" \$value \}\}/g, (_, digits) => goFixed(value, Number(digits)))
    .replaceAll(/\{\{ \$value \}\}/g, String(value))
    .replaceAll(/\{\{ \$labels\.(\w+) \}\}/g, (_, name) => labels[name] ?? "");
}

/** Go's %.Nf: like toFixed, but exact ties round to even (94.5 -> "94"), as strconv does. */
function goFixed(value: number, digits: number): string {
  const scaled = value * 10 ** digits;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled)) {
    const floor = Math.floor(scaled);
    return ((floor % 2 === 0 ? floor : floor + 1) / 10 ** digits).toFixed(digits);
  }
  return value.toFixed(digits);
}
