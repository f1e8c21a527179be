import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, waitFor } from "../../src/cli/gameday-stack";
import { SimulatedCpu, USER_HZ } from "../../src/cli/simulated-cpu";
import { realTool } from "../support/tools";

/** The `cpuN` lines of a /proc/stat file: name -> [user, nice, system, idle, ...] in ticks. */
function read(path: string): Map<string, number[]> {
  return new Map(
    readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split(" "))
      .map(([name, ...fields]) => [name, fields.map(Number)] as const),
  );
}
const busy = (before: number[], after: number[]) => {
  const d = after.map((v, i) => v - before[i]);
  return (d[0] + d[2]) / d.reduce((a, b) => a + b, 0);
};

describe("the simulated kernel's CPU counters (a drill's load that does not depend on the neighbours)", () => {
  it("advance with wall-clock time, busy for exactly the set share, however late each write runs", () => {
    let now = 0;
    const cpu = new SimulatedCpu(mkdtempSync(join(tmpdir(), "proc-")), { cpus: 2, busyPercent: 5, now: () => now });
    cpu.write();
    const quiet = read(cpu.path);
    now += 10_000; // ten seconds without a write: a starved timer
    cpu.busyPercent = 98; // the quiet ten seconds are accounted at 5 % first
    now += 500;
    cpu.write();
    const busyStart = read(cpu.path);
    expect(busy(quiet.get("cpu0") as number[], busyStart.get("cpu0") as number[])).toBeCloseTo((10 * 0.05 + 0.5 * 0.98) / 10.5, 2);
    now += 7_300;
    cpu.write();
    const busyEnd = read(cpu.path);
    const [before, after] = [busyStart.get("cpu1") as number[], busyEnd.get("cpu1") as number[]];
    expect(busy(before, after)).toBeCloseTo(0.98, 2);
    // Like a kernel's: the modes add up to the elapsed time on every CPU; the `cpu` line is their sum.
    expect(after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)).toBeCloseTo(7.3 * USER_HZ, -1);
    const total = busyEnd.get("cpu") as number[];
    expect(total[3]).toBeGreaterThanOrEqual(2 * after[3] - 1);
    expect(total[3]).toBeLessThanOrEqual(2 * after[3] + 1);
    expect([...busyEnd.keys()]).toEqual(["cpu", "cpu0", "cpu1"]);
  });

  it("rejects a share outside 0-100 %", () => {
    const cpu = new SimulatedCpu(mkdtempSync(join(tmpdir(), "proc-")));
    expect(() => {
      cpu.busyPercent = 120;
    }).toThrow("busy share must be 0-100 %, received 120");
  });

  const nodeExporter = realTool("prometheus-node-exporter");
  it.skipIf(nodeExporter.skip)(
    "node_exporter's own cpu collector reads it (--path.procfs) as node_cpu_seconds_total",
    async () => {
      const cpu = new SimulatedCpu(mkdtempSync(join(tmpdir(), "proc-")), { busyPercent: 50 });
      cpu.write();
      const port = await freePort();
      const child = spawn(
        nodeExporter.path as string,
        [`--web.listen-address=127.0.0.1:${port}`, `--path.procfs=${cpu.dir}`, "--collector.disable-defaults", "--collector.cpu"],
        { stdio: "ignore" },
      );
      try {
        const text = await waitFor(
          `node_exporter on 127.0.0.1:${port} serving node_cpu_seconds_total`,
          async () => {
            const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
            return body.includes("node_cpu_seconds_total") ? body : undefined;
          },
          20_000,
        );
        const written = read(cpu.path);
        const value = (c: string, mode: string) =>
          Number(new RegExp(`^node_cpu_seconds_total\\{cpu="${c}",mode="${mode}"\\} (\\S+)$`, "m").exec(text)?.[1]);
        for (const c of ["0", "1"]) {
          const [user, , system, idle] = written.get(`cpu${c}`) as number[];
          expect(value(c, "user")).toBe(user / USER_HZ);
          expect(value(c, "system")).toBe(system / USER_HZ);
          expect(value(c, "idle")).toBe(idle / USER_HZ);
        }
        expect(text).not.toMatch(/node_cpu_seconds_total\{cpu="2"/);
      } finally {
        child.kill("SIGKILL");
      }
    },
    30_000,
  );
});
