import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const codeCache = join(__dirname, "..", "..", "bin", "code-cache.js");

/** Runs `file` through runWithCodeCache in a fresh node process: what it printed, and whether the cache was used. */
function run(file: string): { out: string; used: boolean; status: number | null } {
  const result = spawnSync(
    process.execPath,
    ["-e", `const used = require(${JSON.stringify(codeCache)}).runWithCodeCache(${JSON.stringify(file)}); console.log("used=" + used);`],
    { encoding: "utf8", timeout: 30_000 },
  );
  const lines = result.stdout.trim().split("\n");
  return { out: lines.slice(0, -1).join("\n"), used: lines.at(-1) === "used=true", status: result.status };
}

const caches = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".code-cache"));

describe("the bundled app run with V8's code cache (bin/code-cache.js)", () => {
  it("runs the file as a CommonJS module, writes the cache after the first run and uses it from the second", () => {
    const dir = mkdtempSync(join(tmpdir(), "code-cache-"));
    const file = join(dir, "app.js");
    writeFileSync(
      file,
      'module.exports = 1; console.log(require("node:path").basename(__filename), __dirname === require("node:path").dirname(__filename), typeof exports);\n',
    );
    expect(run(file)).toEqual({ out: "app.js true object", used: false, status: 0 });
    expect(caches(dir)).toHaveLength(1);
    expect(run(file)).toEqual({ out: "app.js true object", used: true, status: 0 });
  });

  it("never runs the bytecode of a previous build, even of the same length (V8 only checks the length)", () => {
    const dir = mkdtempSync(join(tmpdir(), "code-cache-"));
    const file = join(dir, "app.js");
    writeFileSync(file, 'console.log("one");\n');
    expect(run(file).out).toBe("one");
    expect(run(file).used).toBe(true);
    const [first] = caches(dir);
    writeFileSync(file, 'console.log("two");\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(run(file)).toEqual({ out: "two", used: false, status: 0 });
    // The previous build's cache is gone, the new one is used next time.
    expect(caches(dir)).toHaveLength(1);
    expect(caches(dir)[0]).not.toBe(first);
    expect(run(file)).toEqual({ out: "two", used: true, status: 0 });
  });

  it("reads a file that is not ASCII as UTF-8 (esbuild writes ASCII, read faster as Latin-1)", () => {
    const dir = mkdtempSync(join(tmpdir(), "code-cache-"));
    const file = join(dir, "app.js");
    writeFileSync(file, 'console.log("caf\u00e9 \u2713", "caf\\u00e9");\n');
    expect(run(file).out).toBe("caf\u00e9 \u2713 caf\u00e9");
  });

  it("writes no cache after a run that failed (a spec error compiles little of the app)", () => {
    const dir = mkdtempSync(join(tmpdir(), "code-cache-"));
    const file = join(dir, "app.js");
    writeFileSync(file, "process.exitCode = 1;\n");
    expect(run(file).status).toBe(1);
    expect(caches(dir)).toHaveLength(0);
  });

  it("the bench runs its bundles the same way, each seeing its own arguments as if node had been given it", () => {
    const dir = mkdtempSync(join(tmpdir(), "code-cache-"));
    const file = join(dir, "once.js");
    writeFileSync(file, "console.log(JSON.stringify([require('node:path').basename(process.argv[1]), ...process.argv.slice(2)]));\n");
    const cachedRun = join(__dirname, "..", "..", "bench", "cached-run.js");
    const bench = () => spawnSync(process.execPath, [cachedRun, file, "large", "10"], { encoding: "utf8", timeout: 30_000 });
    expect(bench().stdout.trim()).toBe('["once.js","large","10"]');
    expect(caches(dir)).toHaveLength(1);
    expect(bench().stdout.trim()).toBe('["once.js","large","10"]');
  });

  it("tunes V8 for a short run without a word on this node (V8 12 and later refuse the flag: left unset there)", () => {
    const shortRun = join(__dirname, "..", "..", "bin", "short-run.js");
    const tuned = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(shortRun)}).tuneForShortRun(); console.log("ran")`], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect({ status: tuned.status, stdout: tuned.stdout.trim(), stderr: tuned.stderr }).toEqual({ status: 0, stdout: "ran", stderr: "" });
    // Node 20's V8 has the flag; node 22's and 24's (12.4, 13.6) have not: node would refuse it on the command line.
    const { shortRunFlags } = require(shortRun) as { shortRunFlags: (v8Version: string) => string[] };
    expect(shortRunFlags("11.3.244.8-node.33")).toEqual(["--interrupt-budget=540672"]);
    expect(shortRunFlags("12.4.254.21-node.57")).toEqual([]);
    expect(shortRunFlags("13.6.233.10-node.28")).toEqual([]);
  });
});
