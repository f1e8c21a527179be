import { describe, expect, it } from "vitest";
import { largeSpec } from "../../bench/large-spec";
import { renderArtifacts } from "../../src/render/artifacts";
import { resolveEnvironment } from "../../src/spec";
import { helmAvailability, releasesOf, renderRelease } from "../support/helm";
import { MAX_SECRET_BYTES, releaseSecretBytes } from "../support/release-secret";
import { synthEnvironments } from "../support/synth";

const helm = helmAvailability();

describe.skipIf(helm.skip)("1,000 services: every Helm release fits the Secret Helm stores it in", () => {
  it("the rules are PrometheusRules of releases of their own, each release under 1 MiB, kube-prometheus-stack too", async () => {
    const spec = resolveEnvironment(largeSpec(12, 1000));
    const stack = synthEnvironments([spec])[spec.name];
    const releases = releasesOf(stack).filter((r) => r.chart === "kube-prometheus-stack" || r.name.startsWith("prometheus-rules-"));
    expect(releases.length).toBeGreaterThan(2);
    const deployed: Record<string, unknown> = {};
    const sizes: Record<string, number> = {};
    for (const rendered of await Promise.all(releases.map((r) => renderRelease(r)))) {
      const { release } = rendered;
      sizes[release.name] = releaseSecretBytes(rendered);
      for (const rule of rendered.objects.filter((o) => o.kind === "PrometheusRule" && release.name.startsWith("prometheus-rules-")))
        deployed[rule.metadata.name.slice(`${release.name}-`.length)] = rule.spec;
    }
    const over = Object.entries(sizes).filter(([, bytes]) => bytes > MAX_SECRET_BYTES);
    expect(over, `largest: ${Math.max(...Object.values(sizes))} bytes`).toEqual([]);
    // Every rule file the export writes is deployed once, as it is.
    const files = renderArtifacts(spec).prometheusRules;
    expect(Object.keys(deployed).sort()).toEqual(Object.keys(files).sort());
    expect(deployed).toEqual(JSON.parse(JSON.stringify(files)));
  }, 600_000);
});
