import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freePort } from "../../src/cli/free-port";
import { longTempDirHint, previewCommand } from "../../src/cli/preview";

/** Runs the command in this process, capturing what it writes to stderr and stdout. */
async function preview(options: Parameters<typeof previewCommand>[0]) {
  const err: string[] = [];
  const out: string[] = [];
  const e = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => err.push(String(chunk)) > 0);
  const o = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => out.push(String(chunk)) > 0);
  try {
    return { status: await previewCommand(options), stderr: err.join(""), stdout: out.join("") };
  } finally {
    e.mockRestore();
    o.mockRestore();
  }
}

/** A Prometheus API that knows no series: every query answers an empty result (bound to 127.0.0.1). */
let server: Server;
let url = "";
const seen: string[] = [];
/** The scrape interval the fake server's configuration holds. */
let scrapeInterval = "15s";

describe("monitoring-stack preview arguments and failures", () => {
  beforeAll(async () => {
    const port = await freePort();
    server = createServer((req, res) => {
      seen.push(req.url ?? "");
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const data =
        path === "/api/v1/status/config"
          ? { yaml: `global:\n  scrape_interval: ${scrapeInterval}\n` }
          : path.startsWith("/api/v1/label/")
            ? []
            : path === "/api/v1/query_range"
              ? { resultType: "matrix", result: [] }
              : { resultType: "vector", result: [] };
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ status: "success", data }));
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("rejects missing or malformed options with a clear message", async () => {
    const out = mkdtempSync(join(tmpdir(), "preview-cli-"));
    expect((await preview({ env: "dev" })).stderr).toMatch(/^usage: monitoring-stack preview --env <env> --prometheus <url> --out <dir>/);
    expect(await preview({ env: "dev", prometheus: "ftp://host", out })).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("http(s) URL"),
    });
    expect(await preview({ env: "dev", prometheus: url, out, range: "soon" })).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--range must be a duration such as "15m" or "6h", received "soon"'),
    });
    expect(await preview({ env: "dev", prometheus: url, out, dashboards: "overview,nope" })).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/no dashboard nope in environment "dev" \(known: .*overview/),
    });
  });

  it("says which Prometheus does not answer, without echoing its credentials", async () => {
    const port = await freePort();
    const result = await preview({
      env: "dev",
      prometheus: `http://reader:s3cret@127.0.0.1:${port}`,
      out: mkdtempSync(join(tmpdir(), "preview-cli-")),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Prometheus at http://127.0.0.1:${port} does not answer its API`);
    expect(result.stderr).not.toContain("s3cret");
  });

  it("fails naming the server's scrape_interval when it is no Prometheus duration, instead of falling back", async () => {
    scrapeInterval = "fast";
    try {
      const result = await preview({ env: "dev", prometheus: url, out: mkdtempSync(join(tmpdir(), "preview-cli-")), dashboards: "traces" });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`Prometheus at ${url}: the server's global scrape_interval: "fast" is not a Prometheus duration`);
    } finally {
      scrapeInterval = "15s";
    }
  });

  it("without Chromium still writes the HTML pages, marks empty panels not exercised, and fails naming the package", async () => {
    const out = mkdtempSync(join(tmpdir(), "preview-cli-"));
    const result = await preview({
      env: "dev",
      prometheus: url,
      out,
      range: "10m",
      dashboards: "traces",
      chromium: "/nonexistent/chromium",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("apt-get install chromium");
    expect(existsSync(join(out, "traces.html")), `${result.stdout}${result.stderr}`).toBe(true);
    expect(existsSync(join(out, "traces.png"))).toBe(false);
    const summary = JSON.parse(readFileSync(join(out, "preview.json"), "utf8"));
    // The server's scrape interval (15s) drives $__rate_interval: 4 x 15s = 1m at this range (the trace pipeline panels).
    expect(summary.scrapeInterval).toBe("15s");
    const panels = summary.dashboards[0].panels as Array<{ state: string; note?: string; type: string }>;
    expect(panels.filter((p) => p.state === "drawn")).toEqual([]);
    expect(panels.filter((p) => p.type !== "row").every((p) => p.note?.startsWith("not exercised"))).toBe(true);
    const rangeQueries = seen
      .filter((u) => u.startsWith("/api/v1/query_range"))
      .map((u) => new URL(u, "http://x").searchParams.get("query"));
    expect(rangeQueries.some((q) => q?.includes("[1m]"))).toBe(true);
    expect(rangeQueries.filter((q) => q?.includes("$"))).toEqual([]);
  });
});

describe("a Chromium start failure under a long TMPDIR", () => {
  it("says TMPDIR is too long for Chromium's socket, and says nothing under a usual one", () => {
    // The nested folders of an earlier test set-up made Chromium close at start with no reason given.
    expect(longTempDirHint("/tmp/monitoring-test-3MEFTF/monitoring-test-SLyArw/monitoring-test-uFBuHa")).toMatch(
      /TMPDIR is 73 bytes long: .*set a shorter TMPDIR/,
    );
    expect(longTempDirHint("/tmp")).toBe("");
    expect(longTempDirHint("/tmp/monitoring-test-3MEFTF")).toBe("");
  });
});
