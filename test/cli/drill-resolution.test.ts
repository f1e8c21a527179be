import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { resolutionVerdict } from "../../src/cli/drill";
import { runCli } from "../support/run";

const ENVIRONMENT = {
  name: "drill",
  kubernetes: { connection: { type: "kubeconfig" } },
  services: [{ name: "shop-api", namespace: "e2e", slo: { availabilityPercent: 99 } }],
  channels: [
    {
      type: "webhook",
      name: "pager",
      url: { kubernetesSecret: { name: "pager", key: "url" } },
      severities: ["critical", "warning", "info"],
    },
  ],
  alerting: { heartbeat: { disabled: true, reason: "a drill against a stand-in Alertmanager" } },
  relativeRunbookLinks: { reason: "a drill on 127.0.0.1" },
};

interface PostedAlert {
  labels: Record<string, string>;
  endsAt?: string;
}

/**
 * An Alertmanager API on 127.0.0.1 whose dispatcher takes a posted resolution into its aggregation groups `lagMs`
 * late, as a busy Alertmanager does (its API stores the post at once; the dispatcher reads it from a queue). Its
 * groups (`/api/v2/alerts/groups`) list the unresolved alerts they hold, as Alertmanager's do.
 */
class LaggingAlertmanager {
  private readonly inGroups = new Map<string, PostedAlert>();
  private readonly posted = new Map<string, PostedAlert>();
  private server?: Server;

  constructor(
    private readonly groupWait: string,
    private readonly lagMs: number,
  ) {}

  async start(): Promise<string> {
    const config = {
      route: { receiver: "pager", group_by: ["alertname"], group_wait: this.groupWait, group_interval: "1s" },
      receivers: [{ name: "pager", webhook_configs: [{ url: "http://127.0.0.1:9/" }] }],
    };
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
        const path = (req.url ?? "").split("?")[0];
        if (path === "/api/v2/status") return json({ config: { original: stringify(config) } });
        if (path === "/metrics") return res.writeHead(200).end("");
        if (path === "/api/v2/alerts" && req.method === "POST") {
          for (const alert of JSON.parse(Buffer.concat(chunks).toString("utf8")) as PostedAlert[]) {
            const key = alert.labels.instance;
            this.posted.set(key, alert);
            if (alert.endsAt) setTimeout(() => this.inGroups.delete(key), this.lagMs);
            else this.inGroups.set(key, alert);
          }
          return json({});
        }
        if (path === "/api/v2/alerts")
          return json(
            [...this.posted.values()].map((a) => ({
              fingerprint: a.labels.instance,
              labels: a.labels,
              receivers: [{ name: "pager" }],
              status: { state: "active", silencedBy: [], inhibitedBy: [] },
            })),
          );
        if (path === "/api/v2/alerts/groups")
          return json(
            this.inGroups.size
              ? [{ labels: { alertname: "MonitoringDrill" }, receiver: { name: "pager" }, alerts: [...this.inGroups.values()] }]
              : [],
          );
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const servers: LaggingAlertmanager[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** `monitoring-stack drill` without a delivery wait against the stand-in: its row for the service's critical alert. */
async function drillRow(groupWait: string, lagMs: number): Promise<string> {
  const alertmanager = new LaggingAlertmanager(groupWait, lagMs);
  servers.push(alertmanager);
  const url = await alertmanager.start();
  const specs = mkdtempSync(join(tmpdir(), "drill-resolution-"));
  writeFileSync(join(specs, "drill.yaml"), stringify(ENVIRONMENT));
  const result = await runCli(["drill", "--alertmanager", url, "--env", "drill", "--yes", "--delivery-timeout", "0"], {
    env: { MONITORING_ENVIRONMENTS_DIR: specs },
  });
  expect(result.status, result.stdout + result.stderr).toBe(1);
  const row = result.stdout.split("\n").find((line) => line.startsWith("| shop-api | critical |"));
  expect(row, `${result.stdout}${result.stderr}`).toBeDefined();
  return row as string;
}

describe("monitoring-stack drill: whether a page resolved within group_wait can still go out", () => {
  it("says Alertmanager sends nothing when its groups held the resolution before group_wait ended", async () => {
    expect(await drillRow("30s", 0)).toMatch(/resolved after [\d.]+ s, before group_wait: Alertmanager sends nothing \|$/);
  });

  it("says the page may still go out when the dispatcher took the resolution in after group_wait (a busy Alertmanager)", async () => {
    // Resolved by the command well within the 1-s group_wait, held resolved by the groups only 1.5 s later: the
    // group's first flush (1 s after the firing alert joined it) sends the page.
    const row = await drillRow("1s", 1_500);
    expect(row).toMatch(/resolved after ([\d.]+) s, past group_wait: Alertmanager may still send it \|$/);
    expect(Number(/resolved after ([\d.]+) s/.exec(row)?.[1])).toBeGreaterThanOrEqual(1.5);
  });

  it('never shows a figure that contradicts its verdict (0.96 s against a 1-s group_wait is not "1.0 s, before")', () => {
    expect(resolutionVerdict(0.96, 1)).toBe("resolved after 0.9 s, before group_wait: Alertmanager sends nothing");
    expect(resolutionVerdict(1, 1)).toBe("resolved after 1.0 s, past group_wait: Alertmanager may still send it");
    expect(resolutionVerdict(2.3, 2.3)).toMatch(/^resolved after 2\.3 s, past/);
    // What the drills e2e checks of a real run: the verdict follows the figure it shows.
    const contradictions = [1, 2.5, 30].flatMap((groupWait) =>
      Array.from({ length: 2 * groupWait * 100 + 1 }, (_, i) => resolutionVerdict(i / 100 + 0.004, groupWait)).filter(
        (verdict) => verdict.includes("before group_wait") !== Number(/resolved after ([\d.]+) s/.exec(verdict)?.[1]) < groupWait,
      ),
    );
    expect(contradictions).toEqual([]);
  });
});
