import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { type Artifacts, renderArtifacts } from "../../src/render/artifacts";
import { logqlErrors, promqlErrors } from "../support/queries";
import { bundledSpec, synthEnvironments } from "../support/synth";
import { alertmanagerTool, realTool, runTool, type ToolRun, writeTree } from "../support/tools";

const promtool = realTool("promtool");
const amtool = alertmanagerTool("amtool");
const environments = Object.keys(BUNDLED_ENVIRONMENTS);
// Each environment is resolved (validation renders it whole) and rendered once, each rule file parsed once: the tests
// of an environment read the same artifacts.
const specOf = (env: string) => bundledSpec(env as keyof typeof BUNDLED_ENVIRONMENTS);
const rendered = new Map<string, Artifacts>();
const artifactsOf = (env: string) => {
  if (!rendered.has(env)) rendered.set(env, renderArtifacts(specOf(env)));
  return rendered.get(env) as Artifacts;
};
const folders = new Map<string, string>();
/** The folder an environment's artifacts are written to, once. */
const folderOf = (env: string) => {
  if (!folders.has(env)) folders.set(env, writeTree(artifactsOf(env).files));
  return folders.get(env) as string;
};
const prometheusRuleFiles = (env: string) =>
  Object.keys(artifactsOf(env).files)
    .filter((p) => p.startsWith("prometheus/rules/"))
    .map((p) => join(folderOf(env), p));

// Both tools check every file they are given and report each apart, so one run of each covers all the environments
// (a process each instead of one per environment); each environment's test reads its own files' verdicts.
let promtoolRun: ToolRun | undefined;
const promtoolCheck = () => {
  promtoolRun ??= runTool(promtool.path as string, ["check", "rules", ...environments.flatMap(prometheusRuleFiles)]);
  return promtoolRun;
};
const alertmanagerFiles = () =>
  environments.filter((env) => artifactsOf(env).routing).map((env) => join(folderOf(env), "alertmanager", "alertmanager.yml"));
let amtoolRun: ToolRun | undefined;
const amtoolCheck = () => {
  amtoolRun ??= runTool(amtool.path as string, ["check-config", ...alertmanagerFiles()]);
  return amtoolRun;
};

/** promtool's section of one file ("Checking <file>" up to the next one), and its error lines that name the file. */
function promtoolVerdict(output: string, file: string): { section: string; errors: string[] } {
  const section = output.split(/^(?=Checking )/m).find((s) => s.startsWith(`Checking ${file}\n`)) ?? "";
  return { section, errors: output.split("\n").filter((line) => line.startsWith(`${file}:`)) };
}

describe.each(environments)("artifacts of the bundled %s environment", (env) => {
  const artifacts = artifactsOf(env);
  const dir = folderOf(env);
  const ruleFiles = (engine: "prometheus" | "loki") => Object.keys(artifacts.files).filter((p) => p.startsWith(`${engine}/rules/`));
  const documents = new Map<string, ReturnType<typeof parse>>();
  const parsed = (path: string): ReturnType<typeof parse> => {
    if (!documents.has(path)) documents.set(path, parse(artifacts.files[path]));
    return documents.get(path);
  };

  it.skipIf(promtool.skip)(`pass promtool check rules (${promtool.reason})`, () => {
    const files = prometheusRuleFiles(env);
    expect(files.length).toBeGreaterThan(5);
    const result = promtoolCheck();
    for (const file of files) {
      const { section, errors } = promtoolVerdict(result.output, file);
      expect(errors, result.output).toEqual([]);
      expect(section, `${file}:\n${result.output}`).toMatch(/^ {2}SUCCESS: \d+ rules found$/m);
    }
  });

  it.skipIf(amtool.skip || !artifacts.routing)(`pass amtool check-config (${amtool.reason})`, () => {
    const file = join(dir, "alertmanager", "alertmanager.yml");
    const result = amtoolCheck();
    expect(result.output.split("\n"), result.output).toContain(`Checking '${file}'  SUCCESS`);
  });

  it("use only PromQL that parses", () => {
    for (const path of ruleFiles("prometheus")) {
      for (const group of parsed(path).groups) {
        for (const rule of group.rules) expect(promqlErrors(rule.expr), `${path}: ${rule.alert ?? rule.record}`).toEqual([]);
      }
    }
  });

  it("use only LogQL that parses, for the Loki ruler", () => {
    const files = ruleFiles("loki");
    expect(files.length).toBe(specOf(env).services.length);
    for (const path of files) {
      for (const group of parsed(path).groups) {
        for (const rule of group.rules) expect(logqlErrors(rule.expr), `${path}: ${rule.alert ?? rule.record}`).toEqual([]);
      }
    }
  });

  it("give every alert a severity, a summary, a description and a runbook that exists", () => {
    const alerts = Object.entries(artifacts.files)
      .filter(([p]) => p.endsWith(".yaml"))
      .flatMap(([p]) => parsed(p).groups.flatMap((g: { rules: Array<Record<string, never>> }) => g.rules))
      .filter((rule) => rule.alert);
    expect(alerts.length).toBeGreaterThan(20);
    const spec = specOf(env);
    const base = spec.runbookBaseUrl ?? "runbooks";
    for (const alert of alerts as Array<{ alert: string; labels: Record<string, string>; annotations: Record<string, string> }>) {
      expect(["critical", "warning", "info"]).toContain(alert.labels.severity);
      expect(alert.annotations.summary).not.toContain("{{");
      expect(alert.annotations.description.length).toBeGreaterThan(10);
      expect(alert.annotations.runbook_url).toBe(`${base}/${alert.alert}.md`);
      const runbook = artifacts.files[`runbooks/${alert.alert}.md`];
      expect(runbook, `runbook of ${alert.alert}`).toBeDefined();
      expect(runbook).toMatch(/## How to diagnose\n(### .+\n)?- .+/);
      expect(runbook).toMatch(/## How to mitigate\n- .+/);
    }
  });

  it("quote the observed value in the description of every threshold alert", () => {
    // State alerts (down, absent, always firing) have no meaningful value to quote.
    // Alerts whose value is not an observation: always 1 (Watchdog, absent()) or a prediction (HostDiskFillingUp,
    // KubePersistentVolumeFullSoon).
    const STATE_ALERTS = new Set(["Watchdog", "ServiceNotScraped", "HostDiskFillingUp", "KubePersistentVolumeFullSoon"]);
    const missing = artifacts.alerts.filter((a) => !STATE_ALERTS.has(a.alert) && !a.description.includes("$value"));
    expect(missing.map((a) => a.alert)).toEqual([]);
  });
});

describe("runbooks of cloud alarms", () => {
  it("exist for every runbook an AWS alarm description links to", () => {
    const spec = specOf("prod");
    const files = artifactsOf("prod").files;
    const stack = synthEnvironments([spec]).prod;
    const descriptions = JSON.stringify(stack.resource).match(/Runbook: [^"\\]+\.md/g) ?? [];
    const links = [...new Set(descriptions.map((d) => d.slice("Runbook: ".length)))];
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) {
      expect(link.startsWith(`${spec.runbookBaseUrl}/`)).toBe(true);
      const file = `runbooks/${link.slice((spec.runbookBaseUrl ?? "").length + 1)}`;
      expect(files[file], file).toMatch(/## How to diagnose\n- .+/);
    }
  });
});
