import { createServer, type Server } from "node:net";
import { describe, expect, it } from "vitest";
import { ephemeralRange, freePort, listenLocal } from "../../src/cli/free-port";

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

describe("ports for the servers the local stacks start (drills, game days, previews)", () => {
  it("are below the kernel's ephemeral range, which outgoing connections and other processes' listen(0) draw from", async () => {
    const [low] = ephemeralRange();
    const ports = await Promise.all(Array.from({ length: 40 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(low);
    }
    expect(new Set(ports).size, "never the same port twice in one process").toBe(ports.length);
    // Each is free: a server binds it.
    const servers = await Promise.all(ports.slice(0, 5).map(listen));
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it("falls back to a port the kernel assigns when there is no room below the range", async () => {
    const port = await freePort([10_000, 60_999]);
    expect(port).toBeGreaterThan(0);
    const server = await listen(port);
    await new Promise((resolve) => server.close(resolve));
  });

  it("listenLocal fails naming the server and the port when another process took it, instead of crashing", async () => {
    const port = await freePort();
    const other = await listen(port);
    try {
      await expect(listenLocal(createServer(), port, "the recording receivers")).rejects.toThrow(
        `the recording receivers cannot listen on 127.0.0.1:${port}: another process took the port`,
      );
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
