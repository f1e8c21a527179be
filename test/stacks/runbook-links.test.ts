import { describe, expect, it } from "vitest";
import { renderArtifacts } from "../../src/render/artifacts";
import { loadEnvironments } from "../../stacks/environments";
import { synthEnvironments } from "../support/synth";

/**
 * What a notification carries is what the stack deploys: alert rules in the Helm values (runbook_url), CloudWatch,
 * Google Cloud and Azure alarm descriptions and documentation links, Alertmanager's PagerDuty and Slack templates.
 * Where the environment has a runbookBaseUrl, every runbook link in the synthesized stack is absolute under it and
 * names a page `export` writes.
 */
describe("runbook links in what the stack deploys", () => {
  const specs = loadEnvironments();
  const stacks = synthEnvironments(specs);

  it("every bundled environment with alerts has a base URL, or opts out with a reason", () => {
    for (const spec of specs.filter((s) => s.kubernetes || s.cloud))
      expect(spec.runbookBaseUrl ?? spec.relativeRunbookLinks?.reason, spec.name).toBeTruthy();
    // Each environment's pages differ (conditions, owners, escalation): two environments under one base overwrite each other.
    const bases = specs.flatMap((s) => (s.runbookBaseUrl ? [s.runbookBaseUrl] : []));
    expect(new Set(bases).size).toBe(bases.length);
  });

  it.each(specs.filter((s) => s.runbookBaseUrl).map((s) => [s.name, s] as const))("%s links runbooks absolutely", (name, spec) => {
    const text = JSON.stringify(stacks[name]).replaceAll("\\n", "\n").replaceAll('\\"', '"');
    const base = spec.runbookBaseUrl ?? "";
    // A relative link: `runbooks/<slug>.md` not preceded by the base's own path.
    expect(text.match(/(?<![\w/.-])runbooks\/[\w-]+\.md/g) ?? [], name).toEqual([]);
    const pages = new Set(Object.keys(renderArtifacts(spec).files).filter((p) => p.startsWith("runbooks/")));
    const links = [...new Set(text.match(new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/[\\w-]+\\.md`, "g")) ?? [])];
    expect(links.length, name).toBeGreaterThan(10);
    for (const link of links) expect(pages.has(`runbooks/${link.slice(base.length + 1)}`), `${name}: ${link}`).toBe(true);
    // Every alarm description and alert that names a runbook names it under the base.
    const named = [...text.matchAll(/(?:Runbook: \[?|runbook_url: ?"?)([^\s\]"]+?\.md)/g)];
    expect(named.length, name).toBeGreaterThan(10);
    for (const [, target] of named) expect(target.startsWith(`${base}/`), `${name}: ${target}`).toBe(true);
  });
});
