// Entry point: PORT (default 8080), HOST (default 0.0.0.0), SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT,
// SERVICE_VERSION (default v1), FAULT_ERROR_RATE (default 0: a release that fails this share of requests) and
// SERVICE_INSTANCE_ID (default none: sent back in each response's x-service-instance-id header).
import { createMetrics } from "./metrics";
import { createService } from "./server";
import { startTracing } from "./telemetry";

const name = process.env.SERVICE_NAME ?? "shop-api";
const stopTracing = startTracing(name, process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
const { server } = createService({
  name,
  metrics: createMetrics(),
  version: process.env.SERVICE_VERSION ?? "v1",
  errorRate: Number(process.env.FAULT_ERROR_RATE ?? 0),
  instanceId: process.env.SERVICE_INSTANCE_ID,
});
server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? "0.0.0.0");

const shutdown = () => {
  server.close();
  void stopTracing().finally(() => process.exit(0));
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
