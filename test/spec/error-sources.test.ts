import { describe, expect, it } from "vitest";
import { resolveEnvironmentSources, SpecValidationError } from "../../src/spec";
import { credentialKind } from "../../src/spec/credentials";

describe("problems of several files", () => {
  it("name each file as it is, even when a temporary folder's random name looks like a token", () => {
    const dir = "/tmp/monitoring-test-aB3xZ9/main-app-Q1w2E3/environments";
    // The path alone trips the long-random-string rule, which is right for spec text and wrong for a file name.
    expect(credentialKind(`${dir}/a.yaml`)).toBeDefined();
    let error: unknown;
    try {
      resolveEnvironmentSources([
        { source: `${dir}/a.yaml`, input: { name: "a", channels: [] } },
        {
          source: `${dir}/b.yaml`,
          input: { name: "b", profile: "tiny", channels: [{ type: "email", name: "e", addresses: ["a@example.com"] }] },
        },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecValidationError);
    const message = (error as Error).message;
    expect(message).toContain(`${dir}/a.yaml channels: at least one notification channel is required`);
    expect(message).toContain(`${dir}/b.yaml profile: expected "small" | "ha"`);
    expect(message).not.toContain("[credential not shown]");
  });
});
