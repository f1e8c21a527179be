/**
 * Dashboard previews of an environment from the real local stack the game days run (Prometheus, node_exporter, the
 * example service under load; Debian packages, 127.0.0.1 only): starts it, lets it run, injects a fault into the
 * first service half-way so the graphs show a change, then runs `monitoring-stack preview` against it.
 *
 *   npx tsx scripts/preview-local.ts --env dev --out docs/previews [--seconds 180] [--dashboards overview,performance]
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { LocalStack } from "../src/cli/gameday-stack";
import { previewCommand } from "../src/cli/preview";
import { selectEnvironment } from "../stacks/environments";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { env: { type: "string" }, out: { type: "string" }, seconds: { type: "string" }, dashboards: { type: "string" } },
  });
  const spec = selectEnvironment(values.env);
  if (!spec || !values.out) {
    process.stderr.write("usage: tsx scripts/preview-local.ts --env <env> --out <dir> [--seconds 180] [--dashboards <slug,...>]\n");
    return 2;
  }
  const seconds = Number(values.seconds ?? 180);
  const stack = new LocalStack({ spec, timeScale: 0.01, workDir: mkdtempSync(join(tmpdir(), "preview-local-")) });
  try {
    await stack.start();
    const service = spec.services[0]?.name;
    await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 2));
    if (service) await stack.serviceFault(service, { errorRate: 0.2, latencyMs: 300 });
    stack.setCpuBusy(70);
    await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 2));
    return await previewCommand({
      env: spec.name,
      prometheus: stack.prometheusUrl,
      out: values.out,
      range: `${seconds}s`,
      ...(values.dashboards ? { dashboards: values.dashboards } : {}),
    });
  } finally {
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  },
);
