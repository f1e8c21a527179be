import { parseArgs } from "node:util";
import { validateCommand } from "./validate";

const USAGE = `Usage: monitoring-stack <command> [options]

Commands:
  validate [--env <name> | --spec <file.yaml|file.json>]
      Check environment specs without synthesizing. With no option, checks every environment of the app
      (the bundled ones and environments/*.yaml|json). Exit code 1 when a spec is invalid.
`;

/** Entry point of the `monitoring-stack` command; returns the exit code. */
export function run(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "validate": {
        const { values } = parseArgs({ args: [...rest], options: { env: { type: "string" }, spec: { type: "string" } }, strict: true });
        return validateCommand(values);
      }
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
