import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { checkEnvironment, type EnvironmentInput, type EnvironmentSpec } from "../../src/spec";
import { stackProblems } from "../../stacks/build-check";

// biome-ignore lint/suspicious/noExplicitAny: the generator writes arbitrary (valid-looking) values into spec inputs
type Loose = any;

/** Names a user might pick: a small pool (so collisions, also generated ones, are frequent) plus random and extreme ones. */
const name = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom("app", "servers", "app-servers", "checkout", "checkout-app", "orders", "orders-db", "x", "platform-x"),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/) },
  { weight: 1, arbitrary: fc.nat(9).map((n) => `${"abcdefghij"[n]}${"long-name-".repeat(4)}`.slice(0, 40).replace(/-$/, "z")) },
);
const duration = fc.constantFrom("1s", "30s", "5m", "15m", "1h", "1d", "2d", "30d", "400d", "4000d", "9999w");
const threshold = fc.oneof(fc.constantFrom(0, 1, 50, 80, 90, 99.9, 100, 101, 1e6), fc.double({ min: 0, max: 200, noNaN: true }));
const signal = fc.constantFrom(
  "cpuUtilization",
  "memoryUtilization",
  "errorRatio",
  "latencyP99",
  "diskHoursUntilFull",
  "networkErrorsPerSecond",
);
const override = fc.record({ warning: threshold, critical: threshold, for: duration }, { requiredKeys: [] });

/** One edit a user might make to a bundled environment. */
const edit = fc.oneof(
  name.map((n) => (s: Loose) => (s.name = n)),
  fc.tuple(name, fc.nat(), fc.nat(40)).map(([n, pick, copies]) => (s: Loose) => {
    const lists = Object.values(s.cloud?.watch ?? {}) as Loose[][];
    const list = lists.filter((l) => l.length > 0)[pick % Math.max(1, lists.length)];
    if (!list?.length) return;
    for (let i = 0; i < copies % 12; i++) list.push({ ...structuredClone(list[0]), name: i === 0 ? n : `${n.slice(0, 36)}-${i}` });
  }),
  fc.tuple(name, fc.nat()).map(([n, pick]) => (s: Loose) => {
    const all = (Object.values(s.cloud?.watch ?? {}) as Loose[][]).flat();
    if (all.length > 0) all[pick % all.length].name = n;
  }),
  fc.tuple(name, fc.nat()).map(([n, pick]) => (s: Loose) => {
    const all = (Object.values(s.cloud?.watch ?? {}) as Loose[][]).flat();
    const services = s.services.map((x: Loose) => x.name);
    if (all.length > 0) all[pick % all.length].service = services.length > 0 ? services[pick % services.length] : undefined;
    void n;
  }),
  fc.tuple(name, fc.option(override), fc.boolean()).map(([n, thresholds, slo]) => (s: Loose) => {
    s.services.push({
      name: n,
      ...(slo ? { slo: { availabilityPercent: 99.5, latencyP99Ms: 250 } } : {}),
      ...(thresholds ? { thresholds: { cpuUtilization: thresholds } } : {}),
    });
  }),
  fc.constantFrom(20, 250).map((count) => (s: Loose) => {
    for (let i = 0; i < count; i++) s.services.push({ name: `svc-${i}`, slo: { availabilityPercent: 99.9 } });
  }),
  fc.tuple(signal, override).map(
    ([sig, o]) =>
      (s: Loose) =>
        (s.thresholds = { ...s.thresholds, [sig]: o }),
  ),
  fc.tuple(signal, override, fc.nat()).map(([sig, o, pick]) => (s: Loose) => {
    const all = (Object.values(s.cloud?.watch ?? {}) as Loose[][]).flat();
    if (all.length > 0) all[pick % all.length].thresholds = { [sig]: o };
  }),
  fc.tuple(name, fc.nat()).map(([n, pick]) => (s: Loose) => {
    if (s.channels.length > 0) s.channels[pick % s.channels.length].name = n;
  }),
  fc.tuple(name, fc.nat()).map(([n, pick]) => (s: Loose) => {
    const dbs = s.kubernetes?.databases;
    if (dbs?.length) dbs[pick % dbs.length].name = n;
  }),
  fc.tuple(name, fc.nat()).map(([n, pick]) => (s: Loose) => {
    const teams = s.oncall?.teams;
    if (teams?.length) teams[pick % teams.length].rotations[0].name = n;
  }),
  fc.tuple(duration, duration, duration).map(
    ([metrics, logs, traces]) =>
      (s: Loose) =>
        (s.retention = { ...s.retention, metrics, logs, traces }),
  ),
  fc.constantFrom("small", "ha").map((profile) => (s: Loose) => (s.profile = profile)),
);

const validLookingSpec = fc
  .tuple(fc.constantFrom(...Object.keys(BUNDLED_ENVIRONMENTS)), fc.array(edit, { minLength: 1, maxLength: 4 }))
  .map(([env, edits]) => {
    const spec = structuredClone(BUNDLED_ENVIRONMENTS[env]) as Loose;
    spec.services ??= [];
    for (const apply of edits) apply(spec);
    return spec as EnvironmentInput;
  });

/** Every message says what is wrong; none is a stack trace, a JS artefact or an echo of an object. */
const CLEAR =
  /expected|unknown key|required|duplicate|must|needs|no channel|not a member|generates|reserved|resolves|cannot|at most|at least/;

describe("valid-looking specs (property-based)", () => {
  it("are rejected by validate with clear messages, or synthesize: never an exception", () => {
    const accepted: EnvironmentSpec[] = [];
    fc.assert(
      fc.property(validLookingSpec, (input) => {
        const result = checkEnvironment(input);
        if (result.ok) {
          accepted.push(result.spec);
          return;
        }
        for (const problem of result.problems) {
          expect(problem.message).toMatch(CLEAR);
          expect(problem.message).not.toMatch(/\n\s+at |\[object Object\]|undefined|NaN/);
        }
      }),
      { numRuns: 60 },
    );
    // Synth is about 0.3 s per environment: a bounded sample of the accepted specs is built (the rest were checked).
    const sample = accepted.filter((_, i) => i % Math.max(1, Math.floor(accepted.length / 10)) === 0).slice(0, 10);
    expect(sample.length).toBeGreaterThan(3);
    // validate's last step builds the stack and checks its generated names against the providers' rules: it may reject
    // (a long environment name that makes an IAM role name too long), clearly and at a spec path, but never throw.
    for (const spec of sample) {
      for (const problem of stackProblems(spec)) {
        expect(problem.message, spec.name).not.toMatch(/^the stack cannot be built from this spec/);
        expect(problem.message, spec.name).toMatch(/would be refused: /);
        expect(problem.path, spec.name).not.toBe("");
      }
    }
  }, 120_000);
});
