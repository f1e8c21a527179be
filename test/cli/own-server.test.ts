import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE_INSTANCE_HEADER } from "../../src/cli/example-service";
import { exampleServiceIsOurs, PortTakenError, waitForOwnServer } from "../../src/cli/own-server";
import { Processes } from "../e2e/processes";

describe("telling the servers a stack started from someone else's", () => {
  it("an example service is ours by its instance id, also while it answers with an (injected) error", async () => {
    let answer = { status: 200, id: "ours" as string | undefined };
    const server = createServer((_, res) => {
      if (answer.id) res.setHeader(EXAMPLE_INSTANCE_HEADER, answer.id);
      res.writeHead(answer.status).end("up 1\n");
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await exampleServiceIsOurs(url, "ours")).toBe(true);
      // Ours, failing: not ready yet (it used to read as another server's).
      answer = { status: 500, id: "ours" };
      expect(await exampleServiceIsOurs(url, "ours")).toBeUndefined();
      answer = { status: 200, id: undefined };
      expect(await exampleServiceIsOurs(url, "ours")).toBe(false);
      answer = { status: 200, id: "another" };
      expect(await exampleServiceIsOurs(url, "ours")).toBe(false);
    } finally {
      server.close();
    }
  });

  it("a port that keeps answering for another server while ours runs is a PortTakenError naming the component and port", async () => {
    const waited = waitForOwnServer({ what: "checkout", port: 4321, exited: () => undefined, isOurs: async () => false }, 600);
    await expect(waited).rejects.toThrow(PortTakenError);
    await expect(waited).rejects.toThrow(/127\.0\.0\.1:4321 answers for another server, not the checkout started here/);
    // Nothing to tell yet is no accusation: a plain timeout.
    const silent = waitForOwnServer({ what: "checkout", port: 4321, exited: () => undefined, isOurs: async () => undefined }, 600);
    await expect(silent).rejects.not.toThrow(PortTakenError);
  });

  it("stopping a process that a signal already ended returns at once (its exit event will not come again)", async () => {
    const processes = new Processes(mkdtempSync(join(tmpdir(), "own-server-")));
    const child = processes.start("sleeper", "sleep", ["30"]);
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
    expect(child.exitCode).toBeNull();
    const stopped = await Promise.race([
      processes.stop("sleeper").then(() => "stopped"),
      new Promise((resolve) => setTimeout(() => resolve("still waiting"), 3_000).unref()),
    ]);
    expect(stopped).toBe("stopped");
  });
});
