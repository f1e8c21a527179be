import { promqlMetric, quote } from "./types";

/**
 * Request rates (requests/s) of the Google Cloud resources that can have seasonal anomaly policies, as PromQL over
 * Cloud Monitoring metrics (`anomalyDetection` on the spec entry). The detector itself is
 * `seasonalTrafficAnomaly`, shared with the in-cluster rules' constants.
 */
export const GCP_REQUEST_RATES = {
  loadBalancers: (r: { readonly urlMap: string }) =>
    `sum(rate(${promqlMetric("loadbalancing.googleapis.com/https/request_count")}{monitored_resource="https_lb_rule",url_map_name=${quote(r.urlMap)}}[5m]))`,
  cloudRun: (r: { readonly serviceName: string }) =>
    `sum(rate(${promqlMetric("run.googleapis.com/request_count")}{monitored_resource="cloud_run_revision",service_name=${quote(r.serviceName)}}[5m]))`,
} as const;
