import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { chartArchive, type RenderedRelease } from "./helm";
import { parseYaml } from "./parse-yaml";

/** The API server's cap on a Secret's data (`core.MaxSecretSize`), where Helm stores each release revision. */
export const MAX_SECRET_BYTES = 1_048_576;

const charts = new Map<string, string>();

/** A chart's folder: the project's own, or the pinned archive unpacked once per process. */
function chartFolder(rendered: RenderedRelease): string {
  const { release } = rendered;
  if (release.folder) return release.folder;
  const archive = chartArchive(release);
  let dir = charts.get(archive);
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), "release-secret-chart-"));
    execFileSync("tar", ["xzf", archive, "-C", dir]);
    dir = join(dir, release.chart);
    charts.set(archive, dir);
  }
  return dir;
}

/**
 * Bytes of the Secret data Helm writes for this release's first revision: the release record as JSON (the chart
 * without its dependencies, which Helm does not store: metadata, templates and other files as base64, its values;
 * the user's values; the rendered manifest), gzipped at Helm's BestCompression and base64-encoded (Helm's
 * `encodeRelease`). Status fields and hooks add a few hundred bytes, left out. The chart's YAML is read with the fast
 * reader (the same values as the `yaml` package; kube-prometheus-stack's values.yaml took ~1.5 s of CPU there).
 */
export function releaseSecretBytes(rendered: RenderedRelease): number {
  const dir = chartFolder(rendered);
  const files = walk(dir).map((path) => ({ name: relative(dir, path), data: readFileSync(path) }));
  const encoded = (f: { name: string; data: Buffer }) => ({ name: f.name, data: f.data.toString("base64") });
  const config = rendered.release.values.map((text) => parseYaml(text) ?? {}).reduce((a: object, b) => Object.assign(a, b), {});
  const record = {
    name: rendered.release.name,
    namespace: rendered.release.namespace,
    version: 1,
    chart: {
      metadata: parseYaml(readFileSync(join(dir, "Chart.yaml"), "utf8")),
      templates: files.filter((f) => f.name.startsWith("templates/")).map(encoded),
      values: parseYaml(readFileSync(join(dir, "values.yaml"), "utf8")),
      files: files.filter((f) => !f.name.startsWith("templates/") && f.name !== "Chart.yaml" && f.name !== "values.yaml").map(encoded),
    },
    config,
    manifest: rendered.manifest,
  };
  return gzipSync(JSON.stringify(record), { level: 9 }).toString("base64").length;
}

/** Files of a chart folder, without its vendored dependencies (`charts/`), which Helm stores apart from the release. */
function walk(dir: string, top = true): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return top && entry.name === "charts" ? [] : walk(join(dir, entry.name), false);
    return [join(dir, entry.name)];
  });
}
