export { AwsManagedPrometheus, type AwsManagedPrometheusProps } from "./aws-managed-prometheus";
