import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { referenceDocs } from "../../src/cli/reference-docs";
import { environmentJsonSchema } from "../../src/cli/schema";
import { renderArtifacts } from "../../src/render/artifacts";
import { extractFieldDocs } from "../../src/render/docs/field-docs";
import { resolveEnvironment } from "../../src/spec";
import { ROOT } from "../support/run";

const docs = referenceDocs();

describe("generated reference documentation", () => {
  it.each(Object.keys(docs))("docs/reference/%s is up to date (run `npm run docs` when this fails)", (file) => {
    expect(readFileSync(join(ROOT, "docs", "reference", file), "utf8")).toBe(docs[file]);
  });

  it("lists every field a spec may hold, with the meaning written in the schema's doc comment", () => {
    const rows = docs["spec.md"].split("\n").filter((l) => l.startsWith("| `"));
    const documented = new Set(
      rows.map((l) =>
        (/^\| `([^`]+)`/.exec(l)?.[1] ?? "")
          .split(/[.[\]]+/)
          .filter(Boolean)
          .pop(),
      ),
    );
    const keys = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        const properties = (node as { properties?: Record<string, unknown> }).properties;
        if (properties) for (const key of Object.keys(properties)) keys.add(key);
        Object.values(node).forEach(walk);
      }
    };
    walk(environmentJsonSchema());
    expect(keys.size).toBeGreaterThan(100);
    expect([...keys].filter((k) => !documented.has(k))).toEqual([]);
    // Meanings come from the doc comments, defaults from @default or the schema.
    const row = (path: string) => rows.find((l) => l.startsWith(`| \`${path}\` |`));
    expect(row("kubernetes.namespace")).toContain("Namespace the monitoring components are installed in.");
    expect(row("kubernetes.namespace")).toContain('"monitoring"');
    expect(row("kubernetes.connection.location")).toContain('only with type "gke"');
    expect(row("kubernetes.grafana.adminPassword")).toContain("[secret ref](#secret-ref)");
    expect(docs["spec.md"]).toContain("### secret ref");
  });

  it("reads doc comments through nested objects, regular expressions and template literals", () => {
    const source = [
      "const helper = (x: string) => `${x}{`;",
      "export const demoSchema = z.strictObject({",
      '  /** The name. @default "a" */',
      '  name: z.string().regex(/^[a-z{]+\\/$/, "expected } here").default("a"),',
      "  nested: z.strictObject({",
      "    /**",
      "     * Inner field,",
      "     * over two lines.",
      "     */",
      '    inner: z.number().refine((n) => n > 0, { message: `x ${helper("}")}` }),',
      "  }),",
      "  /** After the nested object. */",
      "  after: z.boolean(),",
      "});",
      "export const otherSchema = z.object({ /** Other. */ field: z.string() });",
    ].join("\n");
    const found = extractFieldDocs(source);
    expect(Object.fromEntries(found.get("demoSchema") ?? [])).toEqual({
      name: 'The name. @default "a"',
      "nested.inner": "Inner field, over two lines.",
      after: "After the nested object.",
    });
    expect(Object.fromEntries(found.get("otherSchema") ?? [])).toEqual({ field: "Other." });
  });

  it("lists each alert of the bundled environments once, with every severity it has", () => {
    const rows = docs["alerts.md"].split("\n").filter((l) => l.startsWith("| `"));
    const names = rows.map((l) => /^\| `([^`]+)`/.exec(l)?.[1] ?? "");
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    const severities = new Map<string, Set<string>>();
    for (const input of Object.values(BUNDLED_ENVIRONMENTS))
      for (const a of renderArtifacts(resolveEnvironment(input)).alerts)
        severities.set(a.alert, (severities.get(a.alert) ?? new Set()).add(a.severity));
    expect([...names].sort()).toEqual([...severities.keys()].sort());
    // An alert tiered by scope says what each severity means.
    expect(rows.find((l) => l.startsWith("| `AlertmanagerDown` |"))).toContain(
      "critical: Alertmanager is down or degraded; warning: One Alertmanager replica is down",
    );
    for (const [i, name] of names.entries()) {
      const listed = rows[i]
        .split(" | ")[1]
        .split("; ")
        .map((t) => t.split(" ")[0]);
      expect(listed.sort(), name).toEqual([...(severities.get(name) ?? [])].sort());
    }
  });

  it("names every module's constructs with what they create, and every signal of the threshold model", () => {
    expect(docs["modules.md"]).toMatch(/\| `cdktf-monitoring-stack\/modules\/loki` \| `Loki` \| Loki from the grafana-community chart/);
    expect(docs["thresholds.md"]).toMatch(/\| `cpuUtilization` \| % \| above \| 80 \| 90 \| 5m \|/);
    expect(docs["thresholds.md"]).toContain("none: Service Bus publishes no age-of-oldest-message metric");
    expect(docs["alerts.md"]).toMatch(/\| `KubeNodeNotReady` \| critical \(for 3m\) \|/);
  });
});
