import { createServer, type Server } from "node:http";
import { listenLocal } from "../../src/cli/free-port";

/** One Alertmanager webhook notification as received. */
export interface Notification {
  readonly path: string;
  readonly receivedAt: number;
  readonly status: "firing" | "resolved";
  readonly receiver: string;
  readonly alerts: ReadonlyArray<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }>;
}

/**
 * The notification end of the drills: an HTTP server on 127.0.0.1 that records Alertmanager webhook posts (one path
 * per channel) and counts OTLP trace exports from the instrumented service.
 */
export class Receiver {
  readonly notifications: Notification[] = [];
  traceExports = 0;
  private server?: Server;

  async start(port: number): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (req.url === "/v1/traces") {
          this.traceExports++;
        } else if (req.method === "POST") {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          this.notifications.push({
            path: req.url ?? "/",
            receivedAt: Date.now(),
            status: body.status,
            receiver: body.receiver,
            alerts: body.alerts,
          });
        }
        res.writeHead(200).end("{}");
      });
    });
    await listenLocal(this.server, port, "the test's notification receiver");
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Notifications at `path` about `alertname` with `status`, received at or after `since`. */
  find(path: string, alertname: string, status: "firing" | "resolved", since: number): Notification[] {
    return this.notifications.filter(
      (n) => n.path === path && n.receivedAt >= since && n.alerts.some((a) => a.labels.alertname === alertname && a.status === status),
    );
  }
}
