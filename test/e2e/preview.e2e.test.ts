import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { LocalStack } from "../../src/cli/gameday-stack";
import type { DashboardSummary } from "../../src/cli/preview";
import { renderArtifacts } from "../../src/render/artifacts";
import { boxOf, type GridPos, PAGE_WIDTH, pageSize, STAMP_HEIGHT } from "../../src/render/preview/layout";
import { PREVIEW_STAMP } from "../../src/render/preview/page";
import { resolveEnvironment } from "../../src/spec";
import { alertmanagerTool, realTool } from "../support/tools";
import { runTsAsync, waitFor } from "./processes";

/**
 * `monitoring-stack preview` against the real local stack the drills and game days run (Prometheus, node_exporter,
 * the example service under load; Debian packages on 127.0.0.1, stopped by PID): the drill environment's dashboards
 * over a short range, screenshotted by Debian's headless Chromium. Skipped without Chromium outside CI; under
 * CI=true a missing Chromium fails (.ci/run installs it).
 */
const chromium = realTool("chromium");
const skip =
  chromium.skip ||
  realTool("prometheus").skip ||
  alertmanagerTool("prometheus-alertmanager").skip ||
  realTool("prometheus-node-exporter").skip;

/** The environment of the drills (test/e2e/drills.e2e.test.ts): one service under load, webhook channels. */
const DRILL_ENVIRONMENT = {
  name: "drill",
  kubernetes: { connection: { type: "kubeconfig" } },
  services: [{ name: "shop-api", namespace: "e2e", slo: { availabilityPercent: 99 } }],
  channels: [
    { type: "webhook", name: "pager", url: { kubernetesSecret: { name: "pager", key: "url" } }, severities: ["critical"] },
    { type: "webhook", name: "chat", url: { kubernetesSecret: { name: "chat", key: "url" } }, severities: ["warning", "info"] },
  ],
  alerting: { heartbeat: { url: { kubernetesSecret: { name: "heartbeat", key: "url" } }, interval: "3m" } },
  relativeRunbookLinks: { reason: "a preview on 127.0.0.1" },
};

/** One lean set: stat, table and bar gauges (overview), time series (performance), Loki panels (logs). */
const DASHBOARDS = ["overview", "performance", "logs"];
const work = mkdtempSync(join(tmpdir(), "preview-e2e-"));
const spec = resolveEnvironment(DRILL_ENVIRONMENT);
const stack = new LocalStack({ spec, timeScale: 0.01, workDir: join(work, "stack") });
const out = join(work, "previews");
let summary: { stamp: string; env: string; prometheus: string; dashboards: DashboardSummary[] };
let run: { status: number | null; stdout: string; stderr: string };

/**
 * Luminance variance and number of distinct colours of an image below the stamp (the dashboard itself): a blank or
 * one-colour area has ~0 and 1.
 */
function pixelStats(png: PNG): { variance: number; colours: number } {
  let sum = 0;
  let squares = 0;
  const colours = new Set<number>();
  const first = 4 * STAMP_HEIGHT * png.width;
  let n = 0;
  // Every third pixel: plenty for a variance, three times faster.
  for (let i = first; i < png.data.length; i += 12, n++) {
    const luminance = 0.2126 * png.data[i] + 0.7152 * png.data[i + 1] + 0.0722 * png.data[i + 2];
    sum += luminance;
    squares += luminance * luminance;
    colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
  }
  return { variance: squares / n - (sum / n) ** 2, colours: colours.size };
}

describe.skipIf(skip)("dashboard previews from a real Prometheus, drawn by headless Chromium", () => {
  beforeAll(async () => {
    await stack.start();
    // The service's traffic recorded and rated (recording rules evaluated) for a third of the 1-minute window before it
    // is drawn: the compiled CLI starts in well under a second, so the first sample alone would make a dot, not a line.
    await waitFor(
      "20 seconds of recorded request rates of the service",
      async () =>
        (
          await stack.query(
            'count_over_time(job:http_requests:rate5m{job="shop-api"}[1m]) >= 20 and job:http_requests:rate5m{job="shop-api"} > 0',
          )
        ).length
          ? true
          : undefined,
      60_000,
    );
    const specs = join(work, "environments");
    mkdirSync(specs);
    writeFileSync(join(specs, "drill.yaml"), stringify(DRILL_ENVIRONMENT));
    run = await runTsAsync(
      "src/cli/main.ts",
      [
        "preview",
        "--env",
        "drill",
        "--prometheus",
        stack.prometheusUrl,
        "--out",
        out,
        "--range",
        "1m",
        "--dashboards",
        DASHBOARDS.join(","),
      ],
      { MONITORING_ENVIRONMENTS_DIR: specs },
      150_000,
    );
    if (existsSync(join(out, "preview.json"))) summary = JSON.parse(readFileSync(join(out, "preview.json"), "utf8"));
  }, 240_000);

  afterAll(async () => {
    await stack.stop();
  });

  it("writes one HTML page and one PNG per dashboard asked for", () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(summary.dashboards.map((d) => d.slug)).toEqual(DASHBOARDS);
    for (const slug of DASHBOARDS) {
      expect(existsSync(join(out, `${slug}.html`)), slug).toBe(true);
      expect(existsSync(join(out, `${slug}.png`)), slug).toBe(true);
    }
  });

  it("each PNG is a valid image of the dashboard's grid size, stamped and not blank", () => {
    for (const dashboard of renderArtifacts(spec).dashboards.filter((d) => DASHBOARDS.includes(d.slug))) {
      const png = PNG.sync.read(readFileSync(join(out, `${dashboard.slug}.png`)));
      const positions = (dashboard.model.panels as Array<{ gridPos: GridPos }>).map((p) => boxOf(p.gridPos));
      expect({ width: png.width, height: png.height }, dashboard.slug).toEqual({ width: PAGE_WIDTH, height: pageSize(positions).height });
      // The stamp band (dark amber) is at the top of the image.
      const [r, g, b] = png.data.subarray(4 * (5 * png.width + 5), 4 * (5 * png.width + 5) + 3);
      expect([r, g, b], `${dashboard.slug}: stamp colour`).toEqual([0x3d, 0x2f, 0x00]);
      const stats = pixelStats(png);
      expect(stats.variance, `${dashboard.slug}: luminance variance`).toBeGreaterThan(50);
      expect(stats.colours, `${dashboard.slug}: distinct colours`).toBeGreaterThan(20);
    }
  });

  it("uPlot drew the service's series, and every Prometheus query was valid PromQL after Grafana's variables", () => {
    const panels = summary.dashboards.flatMap((d) => d.panels.map((p) => ({ ...p, dashboard: d.slug })));
    const drawn = panels.filter((p) => p.type === "timeseries" && (p.seriesPixels ?? 0) > 0);
    expect(drawn.length, JSON.stringify(panels.filter((p) => p.type === "timeseries"))).toBeGreaterThan(0);
    const requestRate = panels.find((p) => p.dashboard === "performance" && p.title === "Request rate");
    expect(requestRate?.seriesPixels, JSON.stringify(requestRate)).toBeGreaterThan(100);
    // A variable left unsubstituted or a wrong interval would be a parse error from the real server.
    expect(panels.filter((p) => p.note?.includes("query failed"))).toEqual([]);
  });

  it("stamps each page and says which panels were not exercised", () => {
    expect(summary.stamp).toBe(PREVIEW_STAMP);
    const html = readFileSync(join(out, "overview.html"), "utf8");
    expect(html).toContain(PREVIEW_STAMP);
    expect(html).toContain(`env drill`);
    expect(html).toContain(`Prometheus ${stack.prometheusUrl}`);
    const logs = summary.dashboards.find((d) => d.slug === "logs");
    const lokiNotes = logs?.panels.filter((p) => p.note?.startsWith("not exercised here: Loki")) ?? [];
    expect(lokiNotes.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, "logs.html"), "utf8")).toContain("not exercised here: Loki data source");
  });
});
