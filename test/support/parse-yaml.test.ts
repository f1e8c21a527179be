import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments, stringify } from "yaml";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { resolveEnvironment } from "../../src/spec";
import { bundledStacks } from "../charts/bundled";
import { chartArchive, helmAvailability, parseManifest, pinnedCharts, releasesOf, renderRelease } from "./helm";
import { parseYaml, parseYamlDocuments } from "./parse-yaml";
import { resourcesOf, synthEnvironments } from "./synth";

describe("parseYaml reads YAML as the yaml package does", () => {
  it("plain scalars resolve by the YAML 1.2 core schema, not js-yaml's (YAML 1.1 forms stay strings)", () => {
    const scalars = [
      ...["", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false", "yes", "no", "on", "off", "y", "n"],
      ...["0", "-0", "+0", "007", "+12", "-12", "1_000", "0b101", "0o17", "0O17", "-0o17", "0x1F", "0X1F", "+0x1F", "0xg"],
      ...["1.5", "1.", ".5", "-.5", "+1.5", "1e3", "1.5E-3", "-.5e+2", "1_0.5", "1,5", "1e", "e3"],
      ...[".inf", "-.inf", "+.INF", ".Inf", ".nan", ".NaN", ".NAN", "-.nan", "nan", "inf", "Infinity", "NaN"],
      ...["2001-12-14", "2001-12-14t21:59:43.10-05:00", "12:30:00", "1:20", "<<", "=", "5m", "rate(x[5m]) > 0.5"],
    ];
    const text = `${scalars.map((s, i) => `k${i}: ${s}\n`).join("")}seq:\n${scalars.map((s) => `  - ${s}\n`).join("")}`;
    // Keys one per document (`1` and `+1` are one key); null keys are left out (see parseYaml).
    const keys = scalars.filter((s) => s !== "" && Object.keys(parse(`${s}: v`))[0] !== "").map((s) => `${s}: v\n`);
    for (const doc of [text, ...keys, "", "# only a comment\n", "a:\n  <<: {b: 1}\n  c: 2\n"])
      expect(parseYaml(doc)).toStrictEqual(parse(doc));
    expect(parseYaml(text)).toMatchObject({ k11: "yes", k20: 7, k23: "1_000", k24: "0b101", k25: 15, k28: 31, k29: "0X1F" });
  });

  it("the values of every helm_release of the bundled environments read the same", () => {
    const stacks = synthEnvironments(Object.values(BUNDLED_ENVIRONMENTS).map((input) => resolveEnvironment(input)));
    let documents = 0;
    for (const stack of Object.values(stacks))
      for (const release of resourcesOf(stack, "helm_release"))
        for (const text of release.values as string[]) {
          expect(parseYaml(text)).toStrictEqual(parse(text));
          documents++;
        }
    expect(documents).toBeGreaterThan(20);
  });

  it("values the yaml package prints read back as they were", () => {
    const value = {
      a: ["1_000", "0b1", "yes", "2001-12-14", "<<", "1e3", "-0", 1e21, -0, 0.1, null, true],
      "<<": { x: "~" },
      "": "",
      null: "~",
      "~": "null",
      "1": 1,
    };
    expect(parseYaml(stringify(value))).toStrictEqual(value);
  });

  it("a manifest as helm prints it reads the same, document by document; invalid YAML fails with the yaml package's message", () => {
    const manifest = [
      "---\n# Source: chart/templates/empty.yaml\n",
      '---\n# Source: chart/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  labels:\n    app: x\n    version: "1.0"\ndata:\n  config.yaml: |-\n    a: 1\n    b: [x, y]\n  port: "3100"\n',
      "---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: { name: s, labels: &labels { app: y } }\n    spec:\n      selector: *labels\n      ports: [{ port: 80, targetPort: 0x1F }]\n      ratio: .5\n      big: 1e3\n      off: off\n      date: 2001-12-14\n",
      "---\nplain string document\n",
    ].join("");
    expect(parseYamlDocuments(manifest)).toStrictEqual(parseAllDocuments(manifest).map((doc) => doc.toJS({ maxAliasCount: -1 })));
    // Comments alone (a subchart's values.yaml that only explains itself) are no document; an explicit empty one is.
    for (const text of ["# only a comment\n", "---\n", "# a comment\n---\n", ""])
      expect(parseYamlDocuments(text), JSON.stringify(text)).toStrictEqual(parseAllDocuments(text).map((doc) => doc.toJS()));
    expect(parseManifest(manifest).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["ConfigMap/cm", "Service/s"]);
    expect(() => parseManifest("a: 1\na: 2\n")).toThrow(/^rendered manifest is not valid YAML: Map keys must be unique/);
  });
});

/** Every document of a YAML text as the `yaml` package reads it (a YAML error fails the test, naming the file). */
function yamlDocuments(text: string, source: string): unknown[] {
  return parseAllDocuments(text).map((doc) => {
    expect(
      doc.errors.map((e) => e.message),
      source,
    ).toEqual([]);
    return doc.toJS({ maxAliasCount: -1 });
  });
}

/** The fast reader's documents against the `yaml` package's, one by one (a failure names the file and document). */
function expectSameDocuments(text: string, source: string): unknown[] {
  const expected = yamlDocuments(text, source);
  const read = parseYamlDocuments(text);
  expect(read.length, `${source}: number of documents`).toBe(expected.length);
  for (const [i, document] of expected.entries()) expect(read[i], `${source}, document ${i + 1}`).toStrictEqual(document);
  return expected;
}

// The pinned chart archives (../shared/reference/helm-charts, or MONITORING_CHARTS_DIR) and helm, as the chart tests
// need them: skipped with a message in a clone without them, a failure under CI=true.
const helm = helmAvailability();

describe.skipIf(helm.skip)("parseYaml reads the pinned charts' YAML as the yaml package does", () => {
  it("every values file in the pinned chart archives (values.yaml of each chart and vendored subchart, ci/*-values.yaml)", () => {
    const dir = mkdtempSync(join(tmpdir(), "parse-yaml-values-"));
    try {
      for (const pin of pinnedCharts()) execFileSync("tar", ["xzf", chartArchive(pin), "-C", dir, "--wildcards", "*values.yaml"]);
      const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("values.yaml"));
      for (const file of files) {
        const text = readFileSync(join(dir, file), "utf8");
        const expected = expectSameDocuments(text, file);
        // As helm-values-paths and release-secret read a values.yaml: one document (`yaml`'s parse gives the first, or null).
        expect(parseYaml(text), file).toStrictEqual(expected[0] ?? null);
      }
      // Each pinned chart's own values.yaml, and its vendored subcharts' (kube-prometheus-stack's grafana among them).
      const charts = files.filter((f) => /(^|\/)values\.yaml$/.test(f));
      for (const pin of pinnedCharts()) expect(charts).toContain(`${pin.chart}/values.yaml`);
      expect(charts).toContain("kube-prometheus-stack/charts/grafana/values.yaml");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a real helm template output (dev's kube-prometheus-stack, the render the chart tests share) reads the same, document by document", async () => {
    const release = releasesOf(bundledStacks().dev).find((r) => r.chart === "kube-prometheus-stack");
    if (!release) throw new Error("dev has no kube-prometheus-stack release");
    const { manifest } = await renderRelease(release);
    expect(expectSameDocuments(manifest, "dev kube-prometheus-stack manifest").length).toBeGreaterThan(100);
  }, 240_000);
});
