import { mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILT_FOLDERS } from "../support/require-ts";
import { ROOT } from "../support/run";
import { writeDated } from "../support/tools";

const { buildIsStale, markBuildCurrent, SOURCES } = require(join(ROOT, "bin", "stale-build.js")) as {
  buildIsStale: (root: string, entry: string, sources?: readonly string[]) => boolean;
  markBuildCurrent: (outDir: string, folders: readonly string[], at: Date) => void;
  SOURCES: readonly string[];
};

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A checkout whose files are dated `at` seconds: the build (dist/app.js) at 2,000, sources before it. */
function checkout(): { root: string; write: (path: string, at: number) => void; built: string } {
  const root = mkdtempSync(join(tmpdir(), "stale-build-"));
  roots.push(root);
  const write = (path: string, at: number) => writeDated(root, path, at);
  write("src/a/b/deep.ts", 1_000);
  write("src/top.ts", 1_000);
  write("package.json", 1_000);
  write("dist/app.js", 2_000);
  return { root, write, built: join(root, "dist", "app.js") };
}

describe("whether the app's bundle must be rebuilt before it runs (bin/stale-build.js)", () => {
  it("is not when every source is older than the build, and a source path that does not exist is no source", () => {
    const { root, built } = checkout();
    expect(buildIsStale(root, built, ["src", "package.json", "modules"])).toBe(false);
  });

  it("is when the build is missing", () => {
    const { root } = checkout();
    expect(buildIsStale(root, join(root, "dist", "missing.js"), ["src"])).toBe(true);
  });

  it("is when a TypeScript, JSON or JavaScript file anywhere below a source folder is newer; other files do not count", () => {
    for (const [file, stale] of [
      ["src/a/b/c/new.ts", true],
      ["src/a/data.json", true],
      ["src/a/b/plain.js", true],
      ["src/a/notes.md", false],
      ["src/a/b/c/d/e/f/image.png", false],
    ] as const) {
      const { root, write, built } = checkout();
      write(file, 3_000);
      expect(buildIsStale(root, built, ["src"]), file).toBe(stale);
    }
  });

  it("is when a listed file is newer", () => {
    const { root, write, built } = checkout();
    write("package.json", 3_000);
    expect(buildIsStale(root, built, ["src", "package.json"])).toBe(true);
  });

  it("follows a linked folder to its files", () => {
    const { root, built } = checkout();
    const elsewhere = mkdtempSync(join(tmpdir(), "stale-build-linked-"));
    roots.push(elsewhere);
    writeFileSync(join(elsewhere, "linked.ts"), "");
    utimesSync(join(elsewhere, "linked.ts"), 3_000, 3_000);
    symlinkSync(elsewhere, join(root, "src", "linked"));
    expect(buildIsStale(root, built, ["src"])).toBe(true);
  });

  it("dates the build against every folder the build compiles: an edited example or bench source makes it stale", () => {
    // The CLI, the example service's start and the test workers' require (BUILT_FOLDERS) load dist/ when current.
    const { include } = JSON.parse(readFileSync(join(ROOT, "tsconfig.build.json"), "utf8")) as { include: string[] };
    for (const folder of [...include, ...BUILT_FOLDERS]) expect(SOURCES, folder).toContain(folder);
    const { root, write, built } = checkout();
    write("examples/service/src/server.ts", 3_000);
    expect(buildIsStale(root, built)).toBe(true);
  });

  it("after an incremental build, every built file is current, and a source saved during the build is not", () => {
    const { root, write } = checkout();
    // tsc re-emitted only what changed: the CLI's entry is new, the example service's build is as old as before.
    write("dist/src/cli/main.js", 1_500);
    write("dist/examples/service/main.js", 1_500);
    write("examples/service/server.ts", 1_800);
    write("src/a/b/deep.ts", 1_800);
    markBuildCurrent(join(root, "dist"), ["src", "examples", "modules"], new Date(2_000_000));
    expect(buildIsStale(root, join(root, "dist", "src", "cli", "main.js"), ["src"])).toBe(false);
    expect(buildIsStale(root, join(root, "dist", "examples", "service", "main.js"), ["examples/service"])).toBe(false);
    write("examples/service/server.ts", 2_100);
    expect(buildIsStale(root, join(root, "dist", "examples", "service", "main.js"), ["examples/service"])).toBe(true);
  });
});
