import { describe, expect, it } from "vitest";
import { partComposites } from "./part-composites";

/**
 * A service whose composite needs part composites (300 symptom alarms): the parts are created before the service
 * composite that names them. The provider's schema accepts the stack: test/terraform/aws-validate.test.ts validates it
 * with terraform, in one run with the bundled stacks.
 */
describe("part composites", () => {
  it("splits a service composite into parts, and creates the parts before the composite that names them", () => {
    const { composites, json } = partComposites();
    expect(composites.length).toBeGreaterThan(2);
    const resources = json.resource.aws_cloudwatch_composite_alarm;
    const top = Object.values(resources).find((r) =>
      Object.keys((r as { for_each: object }).for_each).includes("qa-svc-composite-errorsWithLatency-critical"),
    );
    expect((top as { depends_on: string[] }).depends_on.some((d) => d.includes("composite-part"))).toBe(true);
  });
});
