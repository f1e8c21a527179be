import { mkdirSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertmanagerTool, realTool } from "../support/tools";
import { freePort } from "./processes";
import { projectModule } from "./project-module";

const { BUNDLED_ENVIRONMENTS } = projectModule<typeof import("../../environments")>("environments/index.ts");
const { LocalStack } = projectModule<typeof import("../../src/cli/gameday-stack")>("src/cli/gameday-stack.ts");
const { resolveEnvironment } = projectModule<typeof import("../../src/spec")>("src/spec/index.ts");

/**
 * A game day's readiness tells its own servers from another process's on the port it was given (seen in CI: the
 * catalog service never started, readiness passed on another server, and the fault injection got HTTP 404 there).
 */
const spec = resolveEnvironment({ ...BUNDLED_ENVIRONMENTS.dev, name: "gameday-ports" });
const service = spec.services[0].name;
const alertmanager = alertmanagerTool("prometheus-alertmanager");
const nodeExporter = realTool("prometheus-node-exporter");
const prometheus = realTool("prometheus");

/** Someone else's HTTP server on 127.0.0.1: answers 200 to everything, as a careless readiness check wants. */
let foreign: Server;
let foreignPort = 0;
const foreignSaw: string[] = [];

describe("game-day readiness with another server on the port", () => {
  const workDir = mkdtempSync(join(tmpdir(), "gameday-ports-"));
  const stack = new LocalStack({ spec, timeScale: 0.01, workDir });

  beforeAll(async () => {
    mkdirSync(join(workDir, "logs"));
    foreignPort = await freePort();
    foreign = createServer((req, res) => {
      foreignSaw.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "content-type": "text/plain" }).end("up 1\n");
    });
    await new Promise<void>((resolve) => foreign.listen(foreignPort, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    await stack.stop();
    foreign.closeAllConnections();
    await new Promise<void>((resolve) => foreign.close(() => resolve()));
  });

  it("refuses a service port that answers for another server, naming the service and the port", async () => {
    stack.servicePorts.set(service, foreignPort);
    stack.startService(service);
    await expect(stack.waitForService(service, 30_000)).rejects.toThrow(
      new RegExp(`^${service} exited before answering on 127\\.0\\.0\\.1:${foreignPort} \\(the port is in use\\)`),
    );
    await stack.stopService(service);
  });

  it("starts a service whose port was taken on a new port, where it answers as itself", async () => {
    stack.servicePorts.set(service, foreignPort);
    await stack.startServices(30_000);
    const port = stack.servicePorts.get(service);
    expect(port).not.toBe(foreignPort);
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) });
    expect(await response.text()).toContain("app_build_info");
    await stack.serviceFault(service, { errorRate: 0.5 });
    expect(foreignSaw.filter((r) => r.startsWith("POST"))).toEqual([]);
  });

  it.skipIf(nodeExporter.skip)("refuses a node_exporter port that answers for another server", async () => {
    stack.ports.nodeExporter = foreignPort;
    stack.startNodeExporter();
    await expect(stack.waitForNodeExporter(30_000)).rejects.toThrow(`node_exporter exited before answering on 127.0.0.1:${foreignPort}`);
  });

  it.skipIf(prometheus.skip)("refuses a Prometheus port that answers for another server", async () => {
    stack.ports.prometheus = foreignPort;
    stack.startPrometheus();
    await expect(stack.waitForPrometheus(30_000)).rejects.toThrow(`Prometheus exited before answering on 127.0.0.1:${foreignPort}`);
  });

  it.skipIf(alertmanager.skip)("refuses an Alertmanager port that answers for another server", async () => {
    // The configuration Alertmanager loads (written by start() before it starts Alertmanager).
    (stack as unknown as { writeArtifacts(): void }).writeArtifacts();
    stack.ports.alertmanager = foreignPort;
    stack.startAlertmanager();
    await expect(stack.waitForAlertmanager(30_000)).rejects.toThrow(`Alertmanager exited before answering on 127.0.0.1:${foreignPort}`);
  });
});
