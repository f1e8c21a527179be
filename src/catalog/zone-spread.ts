/** The well-known node label of a node's availability zone (set by every managed cluster's cloud controller). */
export const ZONE_TOPOLOGY_KEY = "topology.kubernetes.io/zone";

/**
 * A replicated store's pods spread over the cluster's zones: at most one more replica in any zone than in another, so
 * the loss of one zone takes at most ceil(replicas / zones) of them (with 2-3 replicas over 3 zones, one). Hard
 * (`DoNotSchedule`): a replica that would land in a crowded zone waits rather than share the zone's fate. A cluster
 * in one zone is one domain, where the constraint always holds. Zonal volumes keep a scheduled replica in its zone.
 */
export function zoneSpread(matchLabels: Readonly<Record<string, string>>): Record<string, unknown> {
  return {
    maxSkew: 1,
    topologyKey: ZONE_TOPOLOGY_KEY,
    whenUnsatisfiable: "DoNotSchedule",
    labelSelector: { matchLabels: { ...matchLabels } },
  };
}
