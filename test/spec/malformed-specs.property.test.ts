import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { checkEnvironment } from "../../src/spec";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

/** Every node of a JSON document with its path. */
function nodes(value: Json, path: Path = []): Array<{ path: Path; value: Json }> {
  const here = [{ path, value }];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => nodes(v, [...path, i]))];
  if (value && typeof value === "object") return [...here, ...Object.entries(value).flatMap(([k, v]) => nodes(v, [...path, k]))];
  return here;
}

/** Maps whose keys are free-form (tags, label selectors): an extra key there is valid, so never mutate them. */
const FREE_FORM = new Set(["tags", "selector"]);
const isFreeForm = (path: Path) => path.some((key) => FREE_FORM.has(String(key)));

function setAt(root: Json, path: Path, mutate: (parent: Record<string | number, Json>, key: string | number) => void): Json {
  const copy = structuredClone(root);
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  mutate(parent, path[path.length - 1]);
  return copy;
}

const formatPath = (path: Path) => path.reduce<string>((t, k) => (typeof k === "number" ? `${t}[${k}]` : t ? `${t}.${k}` : k), "");

/** A bundled spec with exactly one change that no schema rule accepts, and the path of the change. */
const malformedSpec = fc
  .tuple(fc.constantFrom(...Object.values(BUNDLED_ENVIRONMENTS).map((e) => JSON.parse(JSON.stringify(e)) as Json)), fc.nat(), fc.nat())
  .chain(([spec, pick, kind]) => {
    const all = nodes(spec).filter((n) => n.path.length > 0 && !isFreeForm(n.path));
    const node = all[pick % all.length];
    const objects = nodes(spec).filter((n) => n.value && typeof n.value === "object" && !Array.isArray(n.value) && !isFreeForm(n.path));
    const target = objects[pick % objects.length];
    // A value no field accepts there: nothing in the spec is nullable or a list of mixed values, and booleans go
    // only where the original value is not itself a boolean.
    const wrongValue = fc.oneof(
      fc.constant(null),
      ...(typeof node.value === "boolean" ? [] : [fc.boolean()]),
      fc.array(fc.integer(), { maxLength: 2 }).map((a) => [...a, true]),
    );
    switch (kind % 3) {
      case 0: // an unknown key on an object
        return fc.string({ minLength: 1, maxLength: 12 }).map((suffix) => {
          const key = `zz_${suffix}`;
          return {
            spec: setAt(spec, [...target.path, key], (p, k) => {
              p[k] = 1;
            }),
            where: [...target.path, key],
          };
        });
      case 1: // a value the field does not accept
        return wrongValue.map((value) => ({
          spec: setAt(spec, node.path, (p, k) => {
            p[k] = value;
          }),
          where: node.path,
        }));
      default: // the top-level name, removed or made empty, plus a wrong value elsewhere
        return wrongValue.map((value) => {
          const renamed = setAt(spec, ["name"], (p, k) => {
            p[k] = "";
          });
          return {
            spec: setAt(renamed, node.path, (p, k) => {
              p[k] = value;
            }),
            where: node.path,
          };
        });
    }
  });

describe("malformed specs (property-based)", () => {
  it("always produce clear problems that point at the change, never a crash", () => {
    fc.assert(
      fc.property(malformedSpec, ({ spec, where }) => {
        const result = checkEnvironment(spec);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.problems.length).toBeGreaterThan(0);
        for (const problem of result.problems) {
          expect(problem.message.length).toBeGreaterThan(5);
          expect(problem.message).not.toMatch(/\n\s+at |\[object Object\]|undefined/);
          // Every message says what was expected (and, where there was a value, what was received) or names the rule broken.
          expect(problem.message).toMatch(/expected|unknown key|required|duplicate|must|needs|no channel|not a member/);
        }
        const changed = formatPath(where);
        const related = result.problems.some((p) => p.path === "" || changed.startsWith(p.path) || p.path.startsWith(changed));
        expect(related, `${changed} not among ${JSON.stringify(result.problems)}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("reject arbitrary non-object documents with one problem", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.anything())), (input) => {
        const result = checkEnvironment(input);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.problems[0].message).toMatch(/^expected an environment object, received/);
      }),
      { numRuns: 100 },
    );
  });
});
