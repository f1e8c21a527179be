import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isSpanContextValid, SpanStatusCode, trace } from "@opentelemetry/api";
import pino from "pino";
import type { Metrics } from "./metrics";
import { currentTraceId } from "./telemetry";

export interface ServiceOptions {
  readonly name: string;
  readonly metrics: Metrics;
  /** Where JSON log lines go. @default stdout - collected from the pod by the stack's log agent */
  readonly logDestination?: pino.DestinationStream;
  /** Release shown in logs and `app_build_info`. @default "v1" */
  readonly version?: string;
  /** Share of requests failed from the start (a release with a bug, for game days). @default 0 */
  readonly errorRate?: number;
  /**
   * Sent with every response as `x-service-instance-id`, so that whoever started this process can tell it from
   * another server on the same port (game days check it before trusting the port). @default - none sent
   */
  readonly instanceId?: string;
}

/**
 * A small shop API: GET /orders answers 200, or 500 for the share of requests set by POST /fault?errorRate=0.5, and
 * takes `latencyMs` longer set by POST /fault?latencyMs=800 (faults for drills and game days).
 * Every request is counted, timed, traced, and logged as one JSON line carrying the trace id and the release.
 */
export function createService(options: ServiceOptions): { server: Server; setErrorRate: (rate: number) => void } {
  const version = options.version ?? "v1";
  const logger = pino({ base: { service: options.name, version }, mixin: () => ({ trace_id: currentTraceId() }) }, options.logDestination);
  const tracer = trace.getTracer(options.name);
  options.metrics.buildInfo.set({ version }, 1);
  let errorRate = options.errorRate ?? 0;
  let latencyMs = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (options.instanceId) res.setHeader("x-service-instance-id", options.instanceId);
    if (url.pathname === "/metrics") {
      const { contentType, body } = await options.metrics.exposition(req.headers.accept);
      res.writeHead(200, { "content-type": contentType });
      res.end(body);
      return;
    }
    if (url.pathname === "/fault" && req.method === "POST") {
      errorRate = Math.min(1, Math.max(0, Number(url.searchParams.get("errorRate") ?? 0)));
      latencyMs = Math.min(10_000, Math.max(0, Number(url.searchParams.get("latencyMs") ?? 0)));
      logger.warn({ errorRate, latencyMs }, "fault injection changed");
      res.writeHead(204).end();
      return;
    }
    const route = url.pathname === "/orders" ? "/orders" : "other";
    const method = req.method ?? "GET";
    const started = process.hrtime.bigint();
    await tracer.startActiveSpan(`${method} ${route}`, async (span) => {
      if (latencyMs > 0 && route === "/orders") await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const failed = route !== "/orders" || Math.random() < errorRate;
      const code = route !== "/orders" ? 404 : failed ? 500 : 200;
      span.setAttributes({ "http.request.method": method, "http.route": route, "http.response.status_code": code });
      if (code >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      options.metrics.requests.inc({ route, method, code: String(code) });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The trace id as the latency bucket's exemplar: Grafana's exemplar dots open this request's trace.
      const traced = isSpanContextValid(span.spanContext()) && span.isRecording();
      options.metrics.observeDuration({ route, method }, seconds, traced ? span.spanContext().traceId : undefined);
      const fields = { method, route, status: code, duration_ms: Math.round(seconds * 1000) };
      if (code >= 500) logger.error(fields, "order lookup failed");
      else logger.info(fields, "request handled");
      res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(code === 200 ? { orders: [] } : { error: "failed" }));
      span.end();
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, "unhandled error");
      res.writeHead(500).end();
    });
  });
  const setErrorRate = (rate: number): void => {
    errorRate = rate;
  };
  return { server, setErrorRate };
}
