import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Resources and data sources of a synthesized app (its `stacks/*\/cdk.tf.json`), and its CloudWatch metric alarms
 * (for_each keys), for the alarms-per-second comparison with the raw-cdktf baseline. Reading back and parsing the
 * JSON (149 MB at 10,000 resources) is no part of synth: npm run bench counts in its own process, after the run.
 */
export function countOutput(outdir: string): { resources: number; alarms: number } {
  let resources = 0;
  let alarms = 0;
  for (const stack of readdirSync(join(outdir, "stacks"))) {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    for (const kind of ["resource", "data"])
      for (const byType of Object.values(json[kind] ?? {})) resources += Object.keys(byType as object).length;
    for (const alarm of Object.values(json.resource?.aws_cloudwatch_metric_alarm ?? {}))
      alarms += Object.keys((alarm as { for_each?: object }).for_each ?? { one: 1 }).length;
  }
  return { resources, alarms };
}
