import { describe, expect, it } from "vitest";
import { renderRouting } from "../../../src/render/alertmanager/config";
import { toYaml } from "../../../src/render/artifacts";
import { matcherMatches, matchRoutes, type RouteNode } from "../../../src/render/gameday/routes";
import { loadEnvironments } from "../../../stacks/environments";
import { alertmanagerTool, amtoolRoutesTestAsync } from "../../support/tools";

const amtool = alertmanagerTool("amtool");

/** Label sets that walk every kind of branch: service pages, platform pages, warnings, info digests, the Watchdog. */
function labelSets(services: readonly string[]): Array<Record<string, string>> {
  return [
    ...services.flatMap((service) =>
      ["critical", "warning", "info"].map((severity) => ({ alertname: "Probe", severity, service, namespace: "shop" })),
    ),
    ...["critical", "warning", "info"].map((severity) => ({ alertname: "Probe", severity })),
    { alertname: "Watchdog", severity: "none" },
  ];
}

describe("matchRoutes: the receivers Alertmanager's dispatcher picks", () => {
  it("supports the four matcher operators", () => {
    expect(matcherMatches('service="checkout"', { service: "checkout" })).toBe(true);
    expect(matcherMatches('service!~"checkout|catalog"', { service: "checkout" })).toBe(false);
    expect(matcherMatches('service!~"checkout|catalog"', {})).toBe(true);
    expect(matcherMatches('severity=~"warning|info"', { severity: "info" })).toBe(true);
    expect(matcherMatches('severity!="info"', { severity: "info" })).toBe(false);
  });

  it("inherits group_wait down the tree and takes Alertmanager's defaults", () => {
    const root: RouteNode = { receiver: "a", group_wait: "10s", routes: [{ receiver: "b", matchers: ['x="1"'], group_interval: "1m" }] };
    expect(matchRoutes(root, { x: "1" })).toEqual([{ receiver: "b", groupWaitSeconds: 10, groupIntervalSeconds: 60 }]);
    expect(matchRoutes({ receiver: "a" }, {})).toEqual([{ receiver: "a", groupWaitSeconds: 30, groupIntervalSeconds: 300 }]);
  });

  it("reads group_wait and group_interval as Alertmanager does: milliseconds and zero, not 0 for what it cannot read", () => {
    const root: RouteNode = {
      receiver: "a",
      group_wait: "250ms",
      routes: [{ receiver: "b", matchers: ['x="1"'], group_interval: "1m30s" }],
    };
    expect(matchRoutes(root, { x: "1" })).toEqual([{ receiver: "b", groupWaitSeconds: 0.25, groupIntervalSeconds: 90 }]);
    expect(matchRoutes({ receiver: "a", group_wait: "0s" }, {})).toEqual([
      { receiver: "a", groupWaitSeconds: 0, groupIntervalSeconds: 300 },
    ]);
    const invalid: RouteNode = { receiver: "a", routes: [{ receiver: "pager", matchers: ['x="1"'], group_wait: "1.5s" }] };
    expect(() => matchRoutes(invalid, { x: "1" })).toThrow('group_wait of the route to pager: "1.5s" is not a Prometheus duration');
  });

  it.skipIf(amtool.skip)("agrees with `amtool config routes test` on every bundled environment's rendered routing", async () => {
    const checks = loadEnvironments()
      .filter((s) => s.kubernetes)
      .flatMap((spec) => {
        const config = renderRouting(spec).config;
        const yaml = toYaml(config);
        return labelSets(spec.services.map((s) => s.name)).map((labels) => ({ spec, config, yaml, labels }));
      });
    // One amtool process per label set (it takes one), a few at a time: they spend most of their time starting.
    const answers = await mapLimited(checks, 4, ({ yaml, labels }) => amtoolRoutesTestAsync(amtool.path as string, yaml, labels));
    for (const [i, { spec, config, labels }] of checks.entries()) {
      const ours = matchRoutes(config.route as RouteNode, labels).map((m) => m.receiver);
      const theirs = answers[i];
      expect(theirs.status, theirs.output).toBe(0);
      const amtoolReceivers = theirs.output
        .split("\n")
        .filter((l) => l && !l.startsWith("Warning"))[0]
        .split(",");
      expect(ours, `${spec.name} ${JSON.stringify(labels)}`).toEqual(amtoolReceivers);
    }
  });
});

/** `fn` over `items`, at most `limit` at a time; results in the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
