import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./processes";
import { projectModule } from "./project-module";

// The project's modules as the CLI loads them (projectModule: vitest's import of these took 2-3 s of CPU).
const { BUNDLED_ENVIRONMENTS } = projectModule<typeof import("../../environments")>("environments/index.ts");
const { Recorder } = projectModule<typeof import("../../src/cli/gameday-recorder")>("src/cli/gameday-recorder.ts");
const { resolveEnvironment } = projectModule<typeof import("../../src/spec")>("src/spec/index.ts");

/** The game day's local stand-ins answer as the real services do, and attribute each message to its receiver. */
const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS.prod);
const recorder = new Recorder(spec, ["ServiceTargetDown", "HostHighCpuLoad"]);
const ports = { http: 0, smtp: 0 };
const url = (path: string) => `http://127.0.0.1:${ports.http}${path}`;

describe("game-day recorders on 127.0.0.1", () => {
  beforeAll(async () => {
    ports.http = await freePort();
    ports.smtp = await freePort();
    await recorder.start(ports.http, ports.smtp);
  });
  afterAll(() => recorder.stop());

  it("PagerDuty Events v2: 202 with a dedup key; the routing key names the PagerDuty service", async () => {
    const response = await fetch(url("/pagerduty/v2/enqueue"), {
      method: "POST",
      body: JSON.stringify({
        routing_key: "gameday-pagerduty-checkout",
        event_action: "trigger",
        dedup_key: "k",
        payload: { summary: "[FIRING:1] CRITICAL ServiceTargetDown (checkout)" },
      }),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: "success", dedup_key: "k" });
    expect(recorder.deliveries.at(-1)).toMatchObject({
      receiver: "pagerduty-checkout",
      integration: "pagerduty",
      status: "firing",
      alertnames: ["ServiceTargetDown"],
    });
  });

  it("SNS Publish: an XML PublishResponse; the phone number names the sms channel", async () => {
    const response = await fetch(url("/sns/"), {
      method: "POST",
      body: new URLSearchParams({
        Action: "Publish",
        PhoneNumber: "+14155550100",
        Subject: "[FIRING:1] CRITICAL HostHighCpuLoad",
        Message: "CRITICAL HostHighCpuLoad: Host CPU is saturated",
      }),
    });
    expect(await response.text()).toContain("<PublishResponse");
    expect(recorder.deliveries.at(-1)).toMatchObject({ receiver: "duty-phone", integration: "sns", alertnames: ["HostHighCpuLoad"] });
  });

  it("SMTP: a whole session; the recipient names the email channel", async () => {
    const lines = [
      "EHLO am",
      "MAIL FROM:<alerts@example.com>",
      "RCPT TO:<platform@example.com>",
      "DATA",
      "Subject: [RESOLVED] WARNING HostHighCpuLoad",
      "",
      "body",
      ".",
      "QUIT",
    ];
    const transcript = await new Promise<string>((resolve, reject) => {
      let text = "";
      const socket = connect(ports.smtp, "127.0.0.1", () => socket.write(`${lines.join("\r\n")}\r\n`));
      socket.on("data", (c) => {
        text += c.toString();
      });
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
      setTimeout(() => reject(new Error(`SMTP session did not end: ${text}`)), 5_000);
    });
    expect(transcript).toContain("250 OK queued");
    expect(recorder.deliveries.at(-1)).toMatchObject({ receiver: "platform-team", integration: "email", status: "resolved" });
  });

  it("takes acknowledgements (gameday ack) and incident-channel messages", async () => {
    expect((await fetch(url("/ack"), { method: "POST" })).ok).toBe(true);
    expect(recorder.acks).toHaveLength(1);
    await fetch(url("/incident"), { method: "POST", body: JSON.stringify({ channel: "#incident", text: "INITIAL REPORT" }) });
    expect(recorder.incident.map((m) => m.text)).toEqual(["INITIAL REPORT"]);
  });
});
