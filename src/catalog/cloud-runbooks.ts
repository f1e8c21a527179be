import type { CloudProvider } from "../spec/clouds";
import { azureRunbooks } from "./azure-monitor/index";
import { cloudWatchRunbooks } from "./cloudwatch/index";
import { gcpRunbooks } from "./gcp-monitoring/index";
import type { RunbookContent } from "./runbooks/types";

/** Runbooks of each cloud's native alarms, by slug (the slug their alarm descriptions link to). */
export const CLOUD_RUNBOOKS: { readonly [P in CloudProvider]: () => Record<string, RunbookContent> } = {
  aws: cloudWatchRunbooks,
  gcp: gcpRunbooks,
  azure: azureRunbooks,
};
