import { expect } from "vitest";
import { type PlanOptions, planEnvironment } from "../../src/plan/plan";
import { renderArtifacts } from "../../src/render/artifacts";
import type { EnvironmentSpec } from "../../src/spec";

/**
 * A fixture watch kind's runbook page: planned with its owner (service `shop`, team `shop-team`) only when the plan is
 * made with the fixture registry, then rendered from that plan. Returns the page's Markdown.
 */
export function fixtureRunbookPage(spec: EnvironmentSpec, registries: PlanOptions, slug: string): string {
  const page = planEnvironment(spec, registries).runbooks.find((r) => r.slug === slug);
  expect(page, slug).toMatchObject({ source: "cloud", services: ["shop"], owners: [{ service: "shop", team: "shop-team" }] });
  expect(planEnvironment(spec).runbooks.some((r) => r.slug === slug)).toBe(false);
  const file = renderArtifacts(spec, { registries }).files[`runbooks/${slug}.md`];
  expect(file, slug).toBeDefined();
  return file;
}
