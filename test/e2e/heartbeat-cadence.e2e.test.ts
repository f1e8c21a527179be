import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderRouting } from "../../src/render/alertmanager/config";
import { toYaml } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { TEST_ENVIRONMENT } from "../catalog/environment";
import { alertmanagerTool } from "../support/tools";
import { freePort, Processes, waitFor } from "./processes";
import { Receiver } from "./receiver";

/**
 * The heartbeat's cadence through the real Alertmanager: the Watchdog, always firing, must reach the dead man's switch
 * every heartbeat interval, never every other one (a switch set to the interval would page falsely). The routing is
 * the rendered one, compressed so that the interval is 2 s; only the credential files point at a local receiver.
 */
const alertmanager = alertmanagerTool("prometheus-alertmanager");
const INTERVAL_SECONDS = 2;
/** Gaps measured: enough to see every-other-flush skips, which showed in most gaps. */
const GAPS = 6;

const work = mkdtempSync(join(tmpdir(), "heartbeat-cadence-"));
const processes = new Processes(work);
afterAll(() => processes.stopAll());

describe.skipIf(alertmanager.skip)("heartbeat cadence (real Alertmanager)", () => {
  it("sends the Watchdog at every heartbeat interval", async () => {
    const spec = resolveEnvironment({
      ...TEST_ENVIRONMENT,
      alerting: { heartbeat: { url: { kubernetesSecret: { name: "heartbeat", key: "url" } }, interval: "2m" } },
    });
    const secretsDir = join(work, "secrets");
    const routing = renderRouting(spec, { timeScale: INTERVAL_SECONDS / 120, secretsDir });
    const route = routing.config.route.routes[0];
    expect(route).toMatchObject({ receiver: routing.heartbeatReceiver, group_interval: `${INTERVAL_SECONDS}s` });

    const [receiverPort, amPort] = [await freePort(), await freePort()];
    const receiver = new Receiver();
    await receiver.start(receiverPort);
    try {
      for (const mount of routing.secretMounts) {
        mkdirSync(join(secretsDir, mount.secretName), { recursive: true });
        writeFileSync(join(secretsDir, mount.secretName, mount.key), `http://127.0.0.1:${receiverPort}/${mount.secretName}`);
      }
      const configFile = join(work, "alertmanager.yml");
      writeFileSync(configFile, toYaml({ ...routing.config, templates: [] }));
      processes.start("alertmanager", alertmanager.path as string, [
        `--config.file=${configFile}`,
        `--storage.path=${join(work, "data")}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        "--cluster.listen-address=",
      ]);
      const api = `http://127.0.0.1:${amPort}/api/v2`;
      await waitFor("Alertmanager to answer", async () => ((await fetch(`${api}/status`)).ok ? true : undefined), 15_000);
      // Prometheus re-posts a firing alert; one post lasts resolve_timeout (5m), far beyond this test.
      const posted = await fetch(`${api}/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([
          { labels: { alertname: "Watchdog", severity: "none" }, annotations: {}, startsAt: new Date().toISOString() },
        ]),
      });
      expect(posted.ok).toBe(true);

      const beats = () => receiver.notifications.filter((n) => n.receiver === routing.heartbeatReceiver).map((n) => n.receivedAt);
      // GAPS + 1 beats: at most twice the intervals they should take (the defect's own cadence), plus startup.
      await waitFor("the heartbeats", () => (beats().length > GAPS ? true : undefined), (2 * GAPS * INTERVAL_SECONDS + 5) * 1000);
      const gaps = beats()
        .slice(0, GAPS + 1)
        .flatMap((at, i, all) => (i ? [(at - all[i - 1]) / 1000] : []));
      // Flushes tick every interval; a beat moves only by its delivery's latency, which must stay under the half
      // interval the heartbeat's repeat_interval leaves (a later send would have been skipped).
      const bound = INTERVAL_SECONDS * 1.5;
      expect(
        gaps.filter((gap) => gap > bound),
        `gaps ${gaps.join(", ")} s, at most ${bound} s each`,
      ).toEqual([]);
      expect(receiver.notifications.filter((n) => n.receiver !== routing.heartbeatReceiver)).toEqual([]);
    } finally {
      await processes.stop("alertmanager");
      await receiver.stop();
    }
  }, 60_000);
});
