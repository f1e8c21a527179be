import { describe, expect, it } from "vitest";
import { largeSpec } from "../../bench/large-spec";
import { renderArtifacts } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { helmAvailability, releasesOf, renderRelease } from "../support/helm";
import { parseYaml } from "../support/parse-yaml";
import { MAX_SECRET_BYTES, releaseSecretBytes } from "../support/release-secret";
import { prometheusRuleFiles, synthUncached, type TerraformJson } from "../support/synth";

const helm = helmAvailability();

describe.skipIf(helm.skip)("1,000 services: every Helm release fits the Secret Helm stores it in", () => {
  it("the rules are PrometheusRules of releases of their own, each release under 1 MiB, kube-prometheus-stack too", async () => {
    const spec = resolveEnvironment(largeSpec(12, 1000));
    // Not through the run cache: no other file synthesizes this stack, and storing its tens of MB cost seconds.
    const stack = synthUncached([spec])[spec.name];
    const rules = releasesOf(stack).filter((r) => r.name.startsWith("prometheus-rules-"));
    expect(rules.length).toBeGreaterThan(1);
    // Every rule file the export writes is deployed once, as it is.
    const files = renderArtifacts(spec).prometheusRules;
    const deployed = prometheusRuleFiles(stack);
    expect(Object.keys(deployed).sort()).toEqual(Object.keys(files).sort());
    expect(deployed).toEqual(JSON.parse(JSON.stringify(files)));
    // Rendered by helm and stored as Helm stores it: kube-prometheus-stack and the rule releases with the most values
    // (the chart renders every release the same way; the bundled environments render them all in test/charts).
    const bytes = new Map(rules.map((r) => [r, r.values.join("").length]));
    const largest = [...rules].sort((a, b) => (bytes.get(b) ?? 0) - (bytes.get(a) ?? 0)).slice(0, 3);
    const kubePrometheus = releasesOf(stack).filter((r) => r.chart === "kube-prometheus-stack");
    const sizes: Record<string, number> = {};
    for (const rendered of await Promise.all([...kubePrometheus, ...largest].map((r) => renderRelease(r)))) {
      sizes[rendered.release.name] = releaseSecretBytes(rendered);
      if (rendered.release.name.startsWith("prometheus-rules-"))
        expect(rendered.objects.filter((o) => o.kind === "PrometheusRule").length).toBe(
          Object.keys(rulesOf(stack, rendered.release.id)).length,
        );
    }
    expect(Object.keys(sizes)).toHaveLength(4);
    expect(Object.entries(sizes).filter(([, size]) => size > MAX_SECRET_BYTES)).toEqual([]);
  }, 600_000);
});

/** The `rules` of a rule release, by its logical id. */
function rulesOf(stack: TerraformJson, id: string): Record<string, unknown> {
  return (parseYaml(stack.resource.helm_release[id].values[0]) as { rules: Record<string, unknown> }).rules;
}
