import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { waitFor } from "../../src/cli/bounded-wait";
import { freePort } from "../../src/cli/free-port";
import { SimulatedCpu, USER_HZ } from "../../src/cli/simulated-cpu";
import { realTool } from "../support/tools";

/** The `cpuN` lines of /proc/stat text: name -> [user, nice, system, idle, ...] in ticks. */
function read(text: string): Map<string, number[]> {
  return new Map(
    text
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
    const quiet = read(cpu.stat());
    now += 10_000; // ten seconds without a write: a starved timer
    cpu.busyPercent = 98; // the quiet ten seconds are accounted at 5 % first
    now += 500;
    const busyStart = read(cpu.stat());
    expect(busy(quiet.get("cpu0") as number[], busyStart.get("cpu0") as number[])).toBeCloseTo((10 * 0.05 + 0.5 * 0.98) / 10.5, 2);
    now += 7_300;
    const busyEnd = read(cpu.stat());
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
    "node_exporter's own cpu collector reads it (--path.procfs), kept current by its own writer process",
    async () => {
      const cpu = new SimulatedCpu(mkdtempSync(join(tmpdir(), "proc-")), { busyPercent: 50 });
      cpu.start();
      const port = await freePort();
      const child = spawn(
        nodeExporter.path as string,
        [`--web.listen-address=127.0.0.1:${port}`, `--path.procfs=${cpu.dir}`, "--collector.disable-defaults", "--collector.cpu"],
        { stdio: "ignore" },
      );
      const value = (text: string, c: string, mode: string) =>
        Number(new RegExp(`^node_cpu_seconds_total\\{cpu="${c}",mode="${mode}"\\} (\\S+)$`, "m").exec(text)?.[1]);
      const scrape = (what: string, accept: (body: string) => boolean) =>
        waitFor(
          `node_exporter on 127.0.0.1:${port} serving ${what}`,
          async () => {
            const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
            return accept(body) ? body : undefined;
          },
          20_000,
        );
      try {
        const first = await scrape("node_cpu_seconds_total", (body) => body.includes("node_cpu_seconds_total"));
        // The writer process keeps the file current: counters rise between scrapes. Bounded, not a fixed pause: on a
        // loaded machine the writer's next rewrite (every 100 ms) can come late.
        const second = await scrape("counters newer than the first scrape", (body) => value(body, "1", "idle") > value(first, "1", "idle"));
        for (const c of ["0", "1"]) {
          expect(value(first, c, "idle")).toBeGreaterThanOrEqual(1000);
          expect(value(second, c, "idle")).toBeGreaterThan(value(first, c, "idle"));
          expect(value(second, c, "user")).toBeGreaterThan(value(first, c, "user"));
        }
        expect(second).not.toMatch(/node_cpu_seconds_total\{cpu="2"/);
      } finally {
        child.kill("SIGKILL");
        await cpu.stop();
      }
    },
    30_000,
  );
});
