import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configSeconds } from "../../../src/render/prometheus/config-duration";
import { alertmanagerTool, runTool, writeTree } from "../../support/tools";

const amtool = alertmanagerTool("amtool");

/** Texts on both sides of Prometheus' duration grammar, with the seconds of the valid ones. */
const VALID: ReadonlyArray<readonly [string | number, number]> = [
  ["250ms", 0.25],
  ["0s", 0],
  ["0", 0],
  [0, 0],
  ["1m30s", 90],
  ["1y", 365 * 86_400],
  ["1w2d", 9 * 86_400],
  ["1000ms", 1],
  ["01s", 1],
  ["1h0m5s10ms", 3_605.01],
];
const INVALID: ReadonlyArray<string | number> = ["", "5", 5, "1.5s", "30s1m", "1h1h", "1ms500", "-1s", "1 m", "1M", "1µs"];

describe("configSeconds: Prometheus' and Alertmanager's duration grammar", () => {
  it("reads units y to ms in order, and a bare 0", () => {
    for (const [text, seconds] of VALID) expect(configSeconds(text, "group_wait"), String(text)).toBe(seconds);
  });

  it("refuses anything else, naming the field and the value, never a silent 0", () => {
    for (const text of INVALID)
      expect(() => configSeconds(text, "group_wait of the route to pager"), String(text)).toThrow(
        `group_wait of the route to pager: ${JSON.stringify(text)} is not a Prometheus duration`,
      );
    expect(() => configSeconds(undefined, "for of alert X")).toThrow("for of alert X: undefined is not a Prometheus duration");
  });

  it.skipIf(amtool.skip)("accepts exactly what `amtool check-config` accepts as a group_wait", () => {
    const cases = [...VALID.map(([t]) => [t, true] as const), ...INVALID.map((t) => [t, false] as const)];
    // One file per case, all checked by one amtool run (it reports each file on its own).
    const files = Object.fromEntries(
      cases.map(([text], i) => {
        // A YAML number stays unquoted, as a person would write it.
        const value = typeof text === "number" ? String(text) : JSON.stringify(text);
        return [`${i}.yml`, `route:\n  receiver: r\n  group_wait: ${value}\nreceivers:\n  - name: r\n`];
      }),
    );
    const dir = writeTree(files);
    const { output } = runTool(amtool.path as string, ["check-config", ...Object.keys(files).map((f) => join(dir, f))]);
    for (const [i, [text, valid]] of cases.entries()) {
      const verdict = new RegExp(`Checking '${join(dir, `${i}.yml`)}'\\s+(SUCCESS|FAILED)`).exec(output)?.[1];
      expect(verdict, `${JSON.stringify(text)}: ${output}`).toBe(valid ? "SUCCESS" : "FAILED");
    }
  });
});
