/**
 * Scrape jobs the stack creates for its own components through PodMonitors (the kube-prometheus-stack components
 * bring their own ServiceMonitors). Alert rules select them by exact job name, so no application service may take
 * one of these names: its series would be mistaken for the component's.
 */
export const JAEGER_SCRAPE_JOB = "jaeger";

export const RESERVED_SCRAPE_JOBS: readonly string[] = [JAEGER_SCRAPE_JOB];
