import { join } from "node:path";
import { packageRoot } from "../util/package-root";

/**
 * The response header the example service sends its SERVICE_INSTANCE_ID back in (examples/instrumented-service
 * server.ts): a game day tells the service it started from another server on the same port by it.
 */
export const EXAMPLE_INSTANCE_HEADER = "x-service-instance-id";
/** The environment variable that gives the example service the instance id it sends back. */
export const EXAMPLE_INSTANCE_ENV = "SERVICE_INSTANCE_ID";

/** Where the instrumented example service's sources live, under the project root. */
const SOURCES = join("examples", "instrumented-service", "src");

/**
 * The command that starts the instrumented example service (the drills', game days' and previews' stand-in for a
 * real one): its build in dist/ (`npm run build` compiles it) when that is current, else its TypeScript through tsx.
 * Node starts the build in a third of the time tsx takes to compile it on start (1-3 s against 5-6 s at load 11),
 * and a game day restarts services mid-incident.
 */
export function exampleServiceCommand(root: string = packageRoot()): { command: string; args: string[] } {
  const compiled = join(root, "dist", SOURCES, "main.js");
  const { buildIsStale } = require(join(root, "bin", "stale-build.js")) as {
    buildIsStale: (root: string, entry: string, sources: readonly string[]) => boolean;
  };
  return buildIsStale(root, compiled, [SOURCES, "tsconfig.json", "tsconfig.build.json"])
    ? { command: join(root, "node_modules", ".bin", "tsx"), args: [join(root, SOURCES, "main.ts")] }
    : { command: process.execPath, args: [compiled] };
}
