/**
 * Fully qualified sources and pessimistic constraints for every provider the project's bindings were built from.
 * cdktf writes prebuilt providers' sources as bare names ("aws"), which OpenTofu and Terraform resolve ambiguously;
 * the versions follow the bindings (`@cdktf/provider-aws` 21.x was generated from hashicorp/aws 6.25.0, `@cdktf/provider-google` 16.12 from hashicorp/google 6.50.0, `@cdktf/provider-azurerm` 14.23 from hashicorp/azurerm 4.55.0, and so on).
 */
export const PROVIDER_PINS: Readonly<Record<string, { readonly source: string; readonly version: string }>> = {
  aws: { source: "hashicorp/aws", version: "~> 6.25" },
  google: { source: "hashicorp/google", version: "~> 6.50" },
  azurerm: { source: "hashicorp/azurerm", version: "~> 4.55" },
  helm: { source: "hashicorp/helm", version: "~> 3.1" },
  kubernetes: { source: "hashicorp/kubernetes", version: "~> 2.38" },
  grafana: { source: "grafana/grafana", version: "~> 4.40" },
  pagerduty: { source: "PagerDuty/pagerduty", version: "~> 3.30" },
};
