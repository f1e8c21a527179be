import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const planDir = join(root, "src/plan");

/** Module specifiers of a TypeScript file's imports and re-exports (type-only ones included: they are coupling too). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)|\brequire\(\s*"([^"]+)"\s*\)/g),
  ].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** The file a relative specifier names (`./x` -> x.ts or x/index.ts). */
function resolveRelative(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, "index.ts"), base])
    if (existsSync(candidate) && candidate.endsWith(".ts")) return candidate;
  throw new Error(`${relative(root, from)}: cannot resolve ${specifier}`);
}

/** Every project file src/plan reaches through imports, with the package specifiers each of them imports. */
function reachedFromPlan(): { files: Map<string, string[]>; packages: Array<{ file: string; specifier: string }> } {
  const files = new Map<string, string[]>();
  const packages: Array<{ file: string; specifier: string }> = [];
  const queue = readdirSync(planDir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(planDir, f));
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    const found = specifiers(file);
    files.set(file, found);
    for (const specifier of found) {
      if (specifier.startsWith(".")) queue.push(resolveRelative(file, specifier));
      else packages.push({ file: relative(root, file), specifier });
    }
  }
  return { files, packages };
}

describe("the plan's layer", () => {
  const { files, packages } = reachedFromPlan();

  it("reaches no construct, stack, cdktf or provider code, directly or through what it imports", () => {
    const projectFiles = [...files.keys()].map((f) => relative(root, f));
    expect(projectFiles.filter((f) => !f.startsWith("src/"))).toEqual([]);
    expect(projectFiles.filter((f) => f.startsWith("src/terraform/"))).toEqual([]);
    expect(packages.filter((p) => /^(cdktf|constructs|@cdktf\/)/.test(p.specifier))).toEqual([]);
    // The walk saw the whole planner (a broken walk would pass vacuously).
    expect(projectFiles).toEqual(
      expect.arrayContaining(["src/plan/plan.ts", "src/plan/aws-alarms.ts", "src/catalog/cloudwatch/registry.ts"]),
    );
  });

  it("imports no renderer: renderers read the plan, never the other way round", () => {
    const fromRender = [...files.entries()]
      .filter(([file]) => file.startsWith(planDir))
      .flatMap(([file, found]) =>
        found
          .filter((s) => s.startsWith(".") && resolveRelative(file, s).includes("/src/render/"))
          .map((s) => `${relative(root, file)}: ${s}`),
      );
    expect(fromRender).toEqual([]);
  });
});

/** Every .ts file under a folder of the project. */
function filesUnder(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(root, folder, f));
}

/** Relative imports of the files under `folder` that land in `target` (a project folder), as "file: specifier". */
function importsInto(folder: string, target: string): string[] {
  return filesUnder(folder).flatMap((file) =>
    specifiers(file)
      .filter((s) => s.startsWith(".") && relative(root, resolve(dirname(file), s)).startsWith(`${target}/`))
      .map((s) => `${relative(root, file)}: ${s}`),
  );
}

describe("the layers around the plan", () => {
  it("catalog and renderers import no construct module: modules translate their output, never the reverse", () => {
    expect(importsInto("src/catalog", "modules")).toEqual([]);
    expect(importsInto("src/render", "modules")).toEqual([]);
  });

  it("modules take plain props: none imports the spec (its schemas and types are the app's, not a module user's)", () => {
    expect(importsInto("modules", "src/spec")).toEqual([]);
  });
});
