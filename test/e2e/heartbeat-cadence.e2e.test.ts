import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { TEST_ENVIRONMENT } from "../catalog/environment";
import { alertmanagerTool } from "../support/tools";
import { freePort, Processes, waitFor } from "./processes";
import { projectModule } from "./project-module";
import { Receiver } from "./receiver";

// The project's modules as the CLI loads them (projectModule: vitest's import of these took 2-3 s of CPU). Duration
// comes from there too: the renders tell it apart by identity.
const { repeatCadence } = projectModule<typeof import("../../src/render/alertmanager/cadence")>("src/render/alertmanager/cadence.ts");
const { renderRouting } = projectModule<typeof import("../../src/render/alertmanager/config")>("src/render/alertmanager/config.ts");
const { toYaml } = projectModule<typeof import("../../src/render/artifacts")>("src/render/artifacts.ts");
const { resolveEnvironment } = projectModule<typeof import("../../src/spec")>("src/spec/index.ts");
const { Duration } = projectModule<typeof import("../../src/spec/duration")>("src/spec/duration.ts");

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

// The two measurements use an Alertmanager and a receiver each, and mostly wait: they run side by side.
describe.skipIf(alertmanager.skip).concurrent("heartbeat cadence (real Alertmanager)", () => {
  it("sends the Watchdog at every heartbeat interval", async ({ expect }) => {
    const spec = resolveEnvironment({
      ...TEST_ENVIRONMENT,
      alerting: { heartbeat: { url: { kubernetesSecret: { name: "heartbeat", key: "url" } }, interval: "2m" } },
    });
    const secretsDir = join(work, "secrets");
    const routing = renderRouting(spec, { timeScale: INTERVAL_SECONDS / 120, secretsDir });
    const route = routing.config.route.routes[0];
    expect(route).toMatchObject({ receiver: routing.heartbeatReceiver, group_interval: `${INTERVAL_SECONDS}s` });

    const am = await startAlertmanager("heartbeat", routing, secretsDir);
    const { receiver } = am;
    try {
      expect(await am.post({ alertname: "Watchdog", severity: "info" })).toBe(true);

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
      await am.stop();
    }
  }, 60_000);

  it("re-sends an unchanged alert at the first flush after repeat_interval, as the environment docs state", async ({ expect }) => {
    const spec = resolveEnvironment(TEST_ENVIRONMENT);
    const secretsDir = join(work, "secrets-repeat");
    // Not a multiple: the repeat waits for the next flush, 4 s; a multiple (4 s) would repeat every 4-6 s.
    const [groupInterval, repeatInterval] = [Duration.seconds(2), Duration.seconds(3)];
    const routing = renderRouting(spec, { groupWait: Duration.seconds(1), groupInterval, repeatInterval, secretsDir });
    const cadence = repeatCadence(repeatInterval, groupInterval);
    const [min, max] = [cadence.min.toSeconds(), cadence.max.toSeconds()];
    const am = await startAlertmanager("repeat", routing, secretsDir);
    try {
      expect(await am.post({ alertname: "CadenceProbe", severity: "warning" })).toBe(true);
      const sends = () =>
        am.receiver.notifications.filter((n) => n.alerts.some((a) => a.labels.alertname === "CadenceProbe")).map((n) => n.receivedAt);
      await waitFor("the repeats", () => (sends().length > GAPS / 2 ? true : undefined), (2 * (GAPS / 2) * max + 5) * 1000);
      const gaps = sends()
        .slice(0, GAPS / 2 + 1)
        .flatMap((at, i, all) => (i ? [(at - all[i - 1]) / 1000] : []));
      // Flushes tick every group_interval; a send moves by its delivery's latency only.
      const tolerance = groupInterval.toSeconds() / 4;
      expect(
        gaps.filter((gap) => gap < min - tolerance || gap > max + tolerance),
        `gaps ${gaps.join(", ")} s, each ${min}-${max} s ± ${tolerance} s`,
      ).toEqual([]);
    } finally {
      await am.stop();
    }
  }, 60_000);
});

/** The real Alertmanager with the rendered routing; its credential files point at a local receiver, one path each. */
async function startAlertmanager(name: string, routing: ReturnType<typeof renderRouting>, secretsDir: string) {
  const [receiverPort, amPort] = [await freePort(), await freePort()];
  const receiver = new Receiver();
  await receiver.start(receiverPort);
  for (const mount of routing.secretMounts) {
    mkdirSync(join(secretsDir, mount.secretName), { recursive: true });
    writeFileSync(join(secretsDir, mount.secretName, mount.key), `http://127.0.0.1:${receiverPort}/${mount.secretName}`);
  }
  const configFile = join(work, `alertmanager-${name}.yml`);
  writeFileSync(configFile, toYaml({ ...routing.config, templates: [] }));
  const api = processes.startAlertmanager(
    `alertmanager-${name}`,
    alertmanager.path as string,
    { config: configFile, data: join(work, `data-${name}`) },
    amPort,
  );
  const stop = async () => {
    await processes.stop(`alertmanager-${name}`);
    await receiver.stop();
  };
  try {
    // The configuration names this test's secret files: another Alertmanager on the port names its own.
    await processes.waitForAlertmanager(`alertmanager-${name}`, amPort, secretsDir);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    receiver,
    stop,
    /** Posts one firing alert; Prometheus would re-post it, but one post lasts resolve_timeout (5m), beyond this test. */
    post: async (labels: Record<string, string>) =>
      (
        await fetch(`${api}/alerts`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify([{ labels, annotations: {}, startsAt: new Date().toISOString() }]),
        })
      ).ok,
  };
}
