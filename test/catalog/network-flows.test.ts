import { describe, expect, it } from "vitest";
import { stackFlows } from "../../src/catalog/network-flows";

const grafanaEgressPorts = (ssoPorts: number[]) =>
  (stackFlows({ grafanaIngress: true, databasePorts: [], grafanaSsoPorts: ssoPorts }).find((c) => c.name === "grafana")?.egress ?? [])
    .filter((rule) => rule.peer.namespace === "anywhere")
    .flatMap((rule) => rule.ports);

describe("Grafana's flows with SSO", () => {
  it("reaches the identity provider's token and user-info endpoints on their port (443 is already open for the API server)", () => {
    expect(grafanaEgressPorts([])).toEqual([443, 6443]);
    expect(grafanaEgressPorts([443])).toEqual([443, 6443]);
    expect(grafanaEgressPorts([8443, 443])).toEqual([443, 6443, 8443]);
  });
});
