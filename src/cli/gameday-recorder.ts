import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import type { EnvironmentSpec } from "../spec/environment";
import { listenLocal } from "./free-port";

/** One notification as a local stand-in for PagerDuty, Slack, SNS, SMTP or a webhook received it. */
export interface RecordedDelivery {
  readonly at: number;
  /** The Alertmanager receiver it came from (from the routing key, path, phone number or address). */
  readonly receiver: string;
  readonly integration: "pagerduty" | "slack" | "sns" | "email" | "webhook";
  readonly status: "firing" | "resolved";
  /** Alert names the notification is about. */
  readonly alertnames: readonly string[];
  /** For PagerDuty: the routing key, which names the PagerDuty service it reached. */
  readonly routingKey?: string;
  readonly text: string;
}

/** A message posted to the incident channel. */
interface IncidentMessage {
  readonly at: number;
  readonly text: string;
}

/**
 * Local recording receivers for a game day, on 127.0.0.1: PagerDuty Events API v2 (`/pagerduty/v2/enqueue`), Slack
 * incoming webhooks (`/slack/<channel>`), Amazon SNS Publish (`/sns`), webhooks (`/webhook/<channel>`), the
 * heartbeat (`/heartbeat`), the incident channel (`/incident`) and an SMTP sink. Each answers as the real service
 * does, so Alertmanager counts the notification as delivered.
 */
export class Recorder {
  readonly deliveries: RecordedDelivery[] = [];
  readonly heartbeats: number[] = [];
  readonly incident: IncidentMessage[] = [];
  /** Acknowledgements sent by `monitoring-stack gameday ack` (POST /ack), as times. */
  readonly acks: number[] = [];
  private http?: Server;
  private smtp?: TcpServer;

  constructor(
    private readonly spec: EnvironmentSpec,
    private readonly knownAlerts: readonly string[],
  ) {}

  async start(httpPort: number, smtpPort: number): Promise<void> {
    this.http = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const path = req.url ?? "/";
        try {
          this.record(path, body, res);
        } catch (error) {
          res.writeHead(400).end(String(error));
        }
      });
    });
    this.smtp = createTcpServer((socket) => this.smtpSession(socket));
    await Promise.all([
      listenLocal(this.http, httpPort, "the recording receivers"),
      listenLocal(this.smtp, smtpPort, "the recording SMTP server"),
    ]);
  }

  async stop(): Promise<void> {
    await Promise.all([
      new Promise<void>((resolve) => (this.http ? this.http.close(() => resolve()) : resolve())),
      new Promise<void>((resolve) => (this.smtp ? this.smtp.close(() => resolve()) : resolve())),
    ]);
  }

  /** Deliveries received at or after `since`, optionally only those about `alertname` with `status`. */
  find(since: number, alertname?: string, status?: "firing" | "resolved"): RecordedDelivery[] {
    return this.deliveries.filter(
      (d) => d.at >= since && (!alertname || d.alertnames.includes(alertname)) && (!status || d.status === status),
    );
  }

  private names(text: string): string[] {
    return this.knownAlerts.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
  }

  private push(delivery: Omit<RecordedDelivery, "at" | "status" | "alertnames">, status?: "firing" | "resolved"): void {
    this.deliveries.push({
      ...delivery,
      at: Date.now(),
      status: status ?? (/\[RESOLVED/.test(delivery.text) ? "resolved" : "firing"),
      alertnames: this.names(delivery.text),
    });
  }

  private record(path: string, body: string, res: import("node:http").ServerResponse): void {
    if (path === "/pagerduty/v2/enqueue") {
      const event = JSON.parse(body) as { routing_key: string; event_action: string; dedup_key?: string };
      const receiver = event.routing_key.replace(/^gameday-/, "");
      this.push(
        { receiver, integration: "pagerduty", routingKey: event.routing_key, text: body },
        event.event_action === "resolve" ? "resolved" : "firing",
      );
      res.writeHead(202, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "success", message: "Event processed", dedup_key: event.dedup_key ?? "gameday" }));
      return;
    }
    if (path.startsWith("/slack/")) {
      this.push({ receiver: path.slice("/slack/".length), integration: "slack", text: body });
      res.writeHead(200).end("ok");
      return;
    }
    if (path.startsWith("/webhook/")) {
      const payload = JSON.parse(body) as { status: "firing" | "resolved" };
      this.push({ receiver: path.slice("/webhook/".length), integration: "webhook", text: body }, payload.status);
      res.writeHead(200).end("{}");
      return;
    }
    if (path === "/sns" || path.startsWith("/sns/") || path.startsWith("/sns?")) {
      const form = new URLSearchParams(body);
      const phone = form.get("PhoneNumber") ?? "";
      const channel = this.spec.channels.find((c) => c.type === "sms" && c.phoneNumbers.includes(phone));
      this.push({
        receiver: channel?.name ?? `sms ${phone}`,
        integration: "sns",
        text: `${form.get("Subject") ?? ""}\n${form.get("Message") ?? ""}`,
      });
      res.writeHead(200, { "content-type": "text/xml" });
      res.end(
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>gameday</MessageId></PublishResult><ResponseMetadata><RequestId>gameday</RequestId></ResponseMetadata></PublishResponse>',
      );
      return;
    }
    if (path === "/heartbeat") {
      this.heartbeats.push(Date.now());
      res.writeHead(200).end("{}");
      return;
    }
    if (path === "/ack") {
      this.acks.push(Date.now());
      res.writeHead(200).end("acknowledged");
      return;
    }
    if (path === "/incident") {
      this.incident.push({ at: Date.now(), text: (JSON.parse(body) as { text: string }).text });
      res.writeHead(200).end("ok");
      return;
    }
    res.writeHead(404).end();
  }

  /** Just enough SMTP for Alertmanager's email notifier (no STARTTLS, no AUTH offered, so neither is attempted). */
  private smtpSession(socket: import("node:net").Socket): void {
    let buffer = "";
    let inData = false;
    let data = "";
    const recipients: string[] = [];
    socket.setTimeout(10_000, () => socket.destroy());
    socket.write("220 gameday ESMTP\r\n");
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let newline = buffer.indexOf("\r\n");
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            const address = recipients[0] ?? "";
            const channel = this.spec.channels.find((c) => c.type === "email" && c.addresses.includes(address));
            const subject = /^Subject: (.*)$/im.exec(data)?.[1] ?? "";
            this.push({ receiver: channel?.name ?? `email ${address}`, integration: "email", text: `${subject}\n${data}` });
            socket.write("250 OK queued\r\n");
          } else {
            data += `${line.startsWith("..") ? line.slice(1) : line}\n`;
          }
        } else {
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === "EHLO" || verb === "HELO") socket.write("250-gameday\r\n250 8BITMIME\r\n");
          else if (verb === "RCPT") {
            recipients.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
            socket.write("250 OK\r\n");
          } else if (verb === "DATA") {
            inData = true;
            data = "";
            socket.write("354 End data with <CR><LF>.<CR><LF>\r\n");
          } else if (verb === "QUIT") {
            socket.end("221 Bye\r\n");
          } else socket.write("250 OK\r\n");
        }
        newline = buffer.indexOf("\r\n");
      }
    });
    socket.on("error", () => socket.destroy());
  }
}
