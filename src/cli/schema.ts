import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { environmentSchema } from "../spec/environment";

/**
 * The environment spec as JSON Schema (draft 2020-12), generated from the zod schema `validate` uses, for editors
 * (`# yaml-language-server: $schema=...`) and tools in other languages. It describes the input a YAML/JSON file may
 * hold (defaults optional); checks zod runs in code (cross-field rules) are not expressible and stay in `validate`.
 */
export function environmentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(environmentSchema, { io: "input", unrepresentable: "any", target: "draft-2020-12" });
  return {
    ...schema,
    title: "cdktf-monitoring-stack environment",
    description:
      "One environment of the monitoring stack. Run `monitoring-stack validate --spec <file>` for the checks a schema cannot express.",
  };
}

/** `monitoring-stack schema [--out <file>]`: prints the JSON Schema, or writes it to a file. */
export function schemaCommand(options: { readonly out?: string }): number {
  const text = `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;
  if (!options.out) {
    process.stdout.write(text);
    return 0;
  }
  const file = resolve(options.out);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  process.stdout.write(`wrote ${options.out}\n`);
  return 0;
}
