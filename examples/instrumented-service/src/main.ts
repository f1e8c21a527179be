// Entry point: PORT (default 8080), HOST (default 0.0.0.0), SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT.
import { createMetrics } from "./metrics";
import { createService } from "./server";
import { startTracing } from "./telemetry";

const name = process.env.SERVICE_NAME ?? "shop-api";
const stopTracing = startTracing(name, process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
const { server } = createService({ name, metrics: createMetrics() });
server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? "0.0.0.0");

const shutdown = () => {
  server.close();
  void stopTracing().finally(() => process.exit(0));
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
