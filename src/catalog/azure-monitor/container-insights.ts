/**
 * Log Analytics tables that only AKS Container Insights fills, with the data collection stream of each. A log alert on
 * one of them needs the cluster's container data sent to the stack's workspace; nothing else writes there.
 */
export const CONTAINER_INSIGHTS_STREAMS: Readonly<Record<string, string>> = {
  ContainerLogV2: "Microsoft-ContainerLogV2",
  KubeEvents: "Microsoft-KubeEvents",
  KubePodInventory: "Microsoft-KubePodInventory",
  KubeNodeInventory: "Microsoft-KubeNodeInventory",
};

/** The Container Insights streams the given tables need, in a stable order (none for other tables). */
export function containerInsightsStreams(tables: readonly string[]): string[] {
  return [...new Set(tables.flatMap((t) => (Object.hasOwn(CONTAINER_INSIGHTS_STREAMS, t) ? [CONTAINER_INSIGHTS_STREAMS[t]] : [])))].sort();
}
