/**
 * The owner of everything that belongs to no spec service (hosts, the cluster, the monitoring itself, cloud resources
 * without `service`): the service part of alarm names, the PagerDuty service and the runbooks' owner. One constant, so
 * names, routing and documents never disagree on it.
 */
export const PLATFORM_OWNER = "platform";
