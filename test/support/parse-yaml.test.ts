import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments, stringify } from "yaml";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { resolveEnvironment } from "../../src/spec";
import { parseManifest } from "./helm";
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
    expect(parseManifest(manifest).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["ConfigMap/cm", "Service/s"]);
    expect(() => parseManifest("a: 1\na: 2\n")).toThrow(/^rendered manifest is not valid YAML: Map keys must be unique/);
  });
});
