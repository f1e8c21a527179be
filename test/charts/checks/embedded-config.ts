import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Prerequisite } from "../../../src/render/prerequisites";
import { deepFreeze } from "../../support/deep-freeze";
import type { KubeObject, RenderedRelease } from "../../support/helm";
import { createdBy, referenceKey } from "../../support/helm-graph";
import type { TerraformJson } from "../../support/synth";
import { runTool, writeTree } from "../../support/tools";
import type { Finding } from "./finding";

/** Real validators, when installed (`realTool`/`alertmanagerTool` decide whether a missing one skips or fails). */
export interface ConfigTools {
  readonly promtool?: string;
  readonly amtool?: string;
}

/**
 * The configuration embedded in rendered ConfigMaps and Secrets parses and holds together:
 * - every `.yaml`/`.yml`/`.json` value parses (YAML with unique keys);
 * - Loki's config has a schema (`schema_config.configs`), without which Loki refuses to start;
 * - the OpenTelemetry Collector's config (and Jaeger v2's, a collector distribution): every component a pipeline names
 *   is defined;
 * - Alertmanager's config passes `amtool check-config`, and every `*_file` it reads is a key of a Secret the
 *   Alertmanager object mounts (created by the stack or a listed prerequisite);
 * - PrometheusRule groups pass `promtool check rules`.
 */
export function embeddedConfigFindings(
  env: string,
  stack: TerraformJson,
  rendered: readonly RenderedRelease[],
  prereqs: readonly Prerequisite[],
  tools: ConfigTools,
): Finding[] {
  const messages = new Set<string>();
  const ruleFiles = ruleFilesOf(rendered);
  for (const r of rendered) {
    for (const o of r.objects) {
      const where = `${o.kind}/${o.metadata.namespace ?? r.release.namespace}/${o.metadata.name}`;
      if (o.kind !== "ConfigMap" && o.kind !== "Secret") continue;
      for (const [key, text] of Object.entries(dataOf(o))) {
        const at = `${where} ${key}`;
        const read = parsedConfig(key, text);
        if ("error" in read) {
          messages.add(`${at} does not parse: ${read.error}`);
          continue;
        }
        const parsed = read.value;
        if (r.release.chart === "loki" && key === "config.yaml") lokiConfig(parsed, at, messages);
        // Jaeger v2 is an OpenTelemetry Collector distribution: its user config has the same pipelines.
        if (
          (r.release.chart === "opentelemetry-collector" && key === "relay") ||
          (r.release.chart === "jaeger" && key === "user-config.yaml")
        )
          collectorConfig(parsed, at, messages);
        if (key === "alertmanager.yaml" && o.kind === "Secret") {
          alertmanagerFiles(parsed, at, rendered, stack, prereqs, messages);
          if (tools.amtool) {
            const refused = amtoolRefusal(tools.amtool, text);
            if (refused !== undefined) messages.add(`${at} fails amtool check-config: ${refused}`);
          }
        }
      }
    }
  }
  if (tools.promtool && Object.keys(ruleFiles).length > 0)
    for (const line of promtoolRefusal(tools.promtool, ruleFiles)) messages.add(`PrometheusRule: promtool check rules: ${line}`);
  return [...messages].sort().map((message) => ({ env, check: "embedded-config", message }));
}

// The checks below are pure functions of their text: the tests that break one config of an environment check the
// others again unchanged, so each distinct text is parsed, and each distinct file set run through the tool, once per
// process (and frozen: every check reads the one parse).
const parses = new Map<string, { readonly value: unknown } | { readonly error: string }>();
const amtoolRuns = new Map<string, string | undefined>();
const promtoolRuns = new Map<string, readonly string[]>();

/** A ConfigMap or Secret value parsed by its key's format (YAML with unique keys, JSON), or the parser's first line. */
function parsedConfig(key: string, text: string): { readonly value: unknown } | { readonly error: string } {
  const format = /\.ya?ml$/.test(key) || key === "relay" ? "yaml" : key.endsWith(".json") ? "json" : "text";
  if (format === "text") return { value: undefined };
  const memo = `${format}\0${text}`;
  let read = parses.get(memo);
  if (!read) {
    try {
      read = deepFreeze({ value: format === "yaml" ? parseYaml(text, { uniqueKeys: true }) : JSON.parse(text) });
    } catch (error) {
      read = { error: (error as Error).message.split("\n")[0] };
    }
    parses.set(memo, read);
  }
  return read;
}

/** The rendered PrometheusRule objects' groups as rule files, by object name. */
function ruleFilesOf(rendered: readonly RenderedRelease[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const r of rendered)
    for (const o of r.objects)
      if (o.kind === "PrometheusRule") files[`${o.metadata.name}.yaml`] = JSON.stringify({ groups: o.spec?.groups ?? [] });
  return files;
}

/** The Alertmanager configs of the rendered Secrets (key alertmanager.yaml). */
function alertmanagerConfigsOf(rendered: readonly RenderedRelease[]): string[] {
  return rendered.flatMap((r) =>
    r.objects.flatMap((o) => (o.kind === "Secret" && dataOf(o)["alertmanager.yaml"] !== undefined ? [dataOf(o)["alertmanager.yaml"]] : [])),
  );
}

/**
 * Runs the tools once over the configs of several environments' renders (amtool check-config and promtool check rules
 * take many files and judge each apart), so that {@link embeddedConfigFindings} of each then reads its verdicts
 * instead of starting a process per environment. The verdicts are the ones a run of its own gives.
 */
export function checkEmbeddedConfigs(renders: ReadonlyArray<readonly RenderedRelease[]>, tools: ConfigTools): void {
  if (tools.amtool) {
    const amtool = tools.amtool;
    amtoolRefusals(
      amtool,
      [...new Set(renders.flatMap(alertmanagerConfigsOf))].filter((t) => !amtoolRuns.has(`${amtool}\0${t}`)),
    );
  }
  if (tools.promtool) {
    const promtool = tools.promtool;
    const sets = renders.map(ruleFilesOf).filter((files) => Object.keys(files).length > 0);
    promtoolRefusals(
      promtool,
      sets.filter((files) => !promtoolRuns.has(JSON.stringify([promtool, files]))),
    );
  }
}

/** Whether amtool refuses the config: its verdict line (the file name cut out), undefined when it accepts it. */
function amtoolRefusal(amtool: string, text: string): string | undefined {
  const memo = `${amtool}\0${text}`;
  if (!amtoolRuns.has(memo)) amtoolRefusals(amtool, [text]);
  return amtoolRuns.get(memo);
}

/** One `amtool check-config` over the configs, each in a file of its own; each config's verdict memoized. */
function amtoolRefusals(amtool: string, texts: readonly string[]): void {
  if (texts.length === 0) return;
  const files = texts.map((text) => join(writeTree({ "alertmanager.yaml": text }), "alertmanager.yaml"));
  const run = runTool(amtool, ["check-config", ...files]);
  const lines = run.output.split("\n");
  texts.forEach((text, i) => {
    const verdict = lines.find((l) => l.startsWith(`Checking '${files[i]}'`));
    const refused = verdict?.endsWith("SUCCESS")
      ? undefined
      : (verdict?.replace(`Checking '${files[i]}'`, "").trim() ?? lastLine(run.output));
    amtoolRuns.set(`${amtool}\0${text}`, refused);
  });
}

/** The failure lines of `promtool check rules` over the rule files (folder names cut out); none when it accepts them. */
function promtoolRefusal(promtool: string, ruleFiles: Readonly<Record<string, string>>): readonly string[] {
  const memo = JSON.stringify([promtool, ruleFiles]);
  if (!promtoolRuns.has(memo)) promtoolRefusals(promtool, [ruleFiles]);
  return promtoolRuns.get(memo) ?? [];
}

/**
 * One `promtool check rules` over several sets of rule files, each set in a folder of its own. promtool names the file
 * of each error that fails a run (its exit status); its lint warnings (duplicate rules) name none and leave the status
 * 0, as in a run of a set alone. So in a failed run a set is refused when error lines name its files, and those are
 * its lines. A failed run whose errors name no file is run again one set at a time: a refused set alone gets every
 * error line. Folder names are cut out.
 */
function promtoolRefusals(promtool: string, sets: ReadonlyArray<Readonly<Record<string, string>>>): void {
  const memo = (files: Readonly<Record<string, string>>) => JSON.stringify([promtool, files]);
  const check = (batch: ReadonlyArray<Readonly<Record<string, string>>>) => {
    const dirs = batch.map((files) => writeTree(files, "rules-"));
    const run = runTool(promtool, ["check", "rules", ...batch.flatMap((files, i) => Object.keys(files).map((f) => join(dirs[i], f)))]);
    const lines = run.output.split("\n");
    return batch.map((_, i) => ({
      dir: dirs[i],
      failed: run.status !== 0,
      named: lines.filter((l) => l.startsWith(`${dirs[i]}/`)),
      errors: lines.filter((l) => /FAILED|error/i.test(l)),
    }));
  };
  if (sets.length > 1) {
    const verdicts = check(sets);
    if (!verdicts[0].failed || verdicts.some((v) => v.named.length > 0)) {
      sets.forEach((files, i) => {
        promtoolRuns.set(
          memo(files),
          verdicts[i].named.map((l) => l.replace(verdicts[i].dir, "").trim()),
        );
      });
      return;
    }
  }
  for (const files of sets) {
    const [{ dir, failed, named, errors }] = check([files]);
    promtoolRuns.set(memo(files), failed ? (named.length > 0 ? named : errors).map((l) => l.replace(dir, "").trim()) : []);
  }
}

/** A ConfigMap's or Secret's values as text (Secret `data` decoded). */
function dataOf(o: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.data ?? {}))
    out[k] = o.kind === "Secret" ? Buffer.from(String(v), "base64").toString("utf8") : String(v);
  for (const [k, v] of Object.entries(o.stringData ?? {})) out[k] = String(v);
  return out;
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? "";
}

// biome-ignore lint/suspicious/noExplicitAny: parsed configuration documents
type Doc = any;

function lokiConfig(config: Doc, at: string, messages: Set<string>): void {
  if (!Array.isArray(config?.schema_config?.configs) || config.schema_config.configs.length === 0)
    messages.add(`${at}: Loki config has no schema_config.configs`);
}

function collectorConfig(config: Doc, at: string, messages: Set<string>): void {
  const defined = (kind: string) => new Set(Object.keys(config?.[kind] ?? {}));
  for (const [name, pipeline] of Object.entries<Doc>(config?.service?.pipelines ?? {})) {
    for (const kind of ["receivers", "processors", "exporters"] as const) {
      // A connector serves as an exporter of one pipeline and a receiver of another.
      const known = new Set([...defined(kind), ...(kind === "processors" ? [] : defined("connectors"))]);
      for (const component of pipeline?.[kind] ?? [])
        if (!known.has(component)) messages.add(`${at}: pipeline ${name} uses ${kind} ${component}, which is not defined`);
    }
    if ((pipeline?.receivers ?? []).length === 0 || (pipeline?.exporters ?? []).length === 0)
      messages.add(`${at}: pipeline ${name} needs a receiver and an exporter`);
  }
  for (const extension of config?.service?.extensions ?? [])
    if (!defined("extensions").has(extension)) messages.add(`${at}: service uses extension ${extension}, which is not defined`);
}

/** Where prometheus-operator mounts `spec.secrets` in Alertmanager (and Prometheus) pods. */
const OPERATOR_SECRETS_DIR = "/etc/alertmanager/secrets/";

/** Every `*_file` in Alertmanager's config names a key of a Secret the Alertmanager object mounts. */
function alertmanagerFiles(
  config: Doc,
  at: string,
  rendered: readonly RenderedRelease[],
  stack: TerraformJson,
  prereqs: readonly Prerequisite[],
  messages: Set<string>,
): void {
  const alertmanager = rendered
    .flatMap((r) => r.objects.map((o) => ({ o, ns: r.release.namespace })))
    .find(({ o }) => o.kind === "Alertmanager");
  const mounted = new Set<string>(alertmanager?.o.spec?.secrets ?? []);
  const namespace = alertmanager?.o.metadata.namespace ?? alertmanager?.ns ?? "";
  const created = createdBy(stack, rendered);
  const files: string[] = [];
  const walk = (v: Doc, key?: string) => {
    if (typeof v === "string" && key?.endsWith("_file")) files.push(v);
    else if (Array.isArray(v)) for (const c of v) walk(c, key);
    else if (v && typeof v === "object") for (const [k, c] of Object.entries(v)) walk(c, k);
  };
  walk(config);
  for (const file of files) {
    if (!file.startsWith(OPERATOR_SECRETS_DIR)) {
      messages.add(`${at}: ${file} is not under ${OPERATOR_SECRETS_DIR}, where the operator mounts Secrets`);
      continue;
    }
    const [secret, key] = file.slice(OPERATOR_SECRETS_DIR.length).split("/");
    if (!mounted.has(secret)) {
      messages.add(`${at}: ${file} reads Secret ${secret}, which the Alertmanager does not mount (spec.secrets)`);
      continue;
    }
    const createdKeys = created.get(referenceKey("Secret", secret, namespace));
    const prerequisite = prereqs.find((p) => p.kind === "Secret" && p.name === secret && p.namespace === namespace);
    const keys = createdKeys ?? (prerequisite?.keys ? new Set(prerequisite.keys) : undefined);
    if (keys && !keys.has(key))
      messages.add(`${at}: ${file} reads key ${key}, which Secret ${secret} does not hold (${[...keys].sort().join(", ")})`);
  }
}
