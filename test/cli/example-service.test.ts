import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleServiceCommand } from "../../src/cli/example-service";
import { ROOT } from "../support/run";
import { writeDated } from "../support/tools";

/** A checkout with the example's sources (and the project's bin/ for the staleness check), dated `at` seconds. */
function checkout(): { root: string; write: (path: string, at: number) => void } {
  const root = mkdtempSync(join(tmpdir(), "example-service-"));
  symlinkSync(join(ROOT, "bin"), join(root, "bin"));
  const write = (path: string, at: number) => writeDated(root, path, at);
  for (const file of ["main.ts", "server.ts"]) write(join("examples", "instrumented-service", "src", file), 1_000);
  write("tsconfig.json", 1_000);
  return { root, write };
}

const COMPILED = join("dist", "examples", "instrumented-service", "src", "main.js");

describe("the command that starts the example service", () => {
  it("runs the build with node when it is newer than the example's sources", () => {
    const { root, write } = checkout();
    write(COMPILED, 2_000);
    expect(exampleServiceCommand(root)).toEqual({ command: process.execPath, args: [join(root, COMPILED)] });
  });

  it("runs the sources through tsx without a build, or when a source changed after it", () => {
    const { root, write } = checkout();
    const tsx = {
      command: join(root, "node_modules", ".bin", "tsx"),
      args: [join(root, "examples", "instrumented-service", "src", "main.ts")],
    };
    expect(exampleServiceCommand(root)).toEqual(tsx);
    write(COMPILED, 2_000);
    write(join("examples", "instrumented-service", "src", "server.ts"), 3_000);
    expect(exampleServiceCommand(root)).toEqual(tsx);
  });
});
