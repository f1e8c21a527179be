import { describe, expect, it } from "vitest";
import { createMetrics, prefersOpenMetrics } from "../../examples/instrumented-service/src/metrics";

/** Accept headers real scrapers send. */
const PROMETHEUS_2 =
  "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
const PROMETHEUS_3 =
  "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

describe("the example service's exposition", () => {
  it("serves OpenMetrics to Prometheus 2 and 3, the 0.0.4 text format to everyone else", () => {
    expect(prefersOpenMetrics(PROMETHEUS_2)).toBe(true);
    expect(prefersOpenMetrics(PROMETHEUS_3)).toBe(true);
    expect(prefersOpenMetrics(undefined)).toBe(false);
    expect(prefersOpenMetrics("*/*")).toBe(false);
    expect(prefersOpenMetrics("text/plain;version=0.0.4")).toBe(false);
    expect(prefersOpenMetrics("text/plain;q=0.9,application/openmetrics-text;q=0.1")).toBe(false);
  });

  it("carries the trace id as an exemplar in OpenMetrics only, and keeps counter names right in either order", async () => {
    const metrics = createMetrics();
    metrics.requests.inc({ route: "/orders", method: "GET", code: "200" });
    metrics.observeDuration({ route: "/orders", method: "GET" }, 0.02, "0af7651916cd43dd8448eb211c80319c");
    const openMetrics = await metrics.exposition(PROMETHEUS_2);
    expect(openMetrics.contentType).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    expect(openMetrics.body).toMatch(
      /^http_request_duration_seconds_bucket\{le="0\.025",route="\/orders",method="GET"\} 1 # \{trace_id="0af7651916cd43dd8448eb211c80319c"\} 0\.02 \d+/m,
    );
    expect(openMetrics.body).toMatch(/^http_requests_total\{route="\/orders",method="GET",code="200"\} 1$/m);
    expect(openMetrics.body.endsWith("# EOF\n")).toBe(true);
    // A text scrape after an OpenMetrics one (prom-client renames counters in place while rendering OpenMetrics).
    const text = await metrics.exposition(undefined);
    expect(text.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text.body).toMatch(/^http_requests_total\{route="\/orders",method="GET",code="200"\} 1$/m);
    expect(text.body).toMatch(/^# TYPE http_requests_total counter$/m);
    expect(text.body).not.toContain("trace_id");
    // Concurrent scrapes of both kinds each get their own format.
    const [a, b] = await Promise.all([metrics.exposition(PROMETHEUS_3), metrics.exposition("text/plain")]);
    expect(a.body).toContain("# EOF");
    expect(b.body).not.toContain("# EOF");
    expect(b.body).toMatch(/^http_requests_total\{/m);
  });
});
