import type { CloudProvider } from "../spec/clouds";
import { azureRunbooks } from "./azure-monitor/index";
import type { AzureWatchKindRegistry } from "./azure-monitor/registry";
import { cloudWatchRunbooks } from "./cloudwatch/index";
import type { WatchKindRegistry } from "./cloudwatch/registry";
import { gcpRunbooks } from "./gcp-monitoring/index";
import type { GcpWatchKindRegistry } from "./gcp-monitoring/registry";
import type { RunbookContent } from "./runbooks/types";

/**
 * Runbooks of each cloud's native alarms, by slug (the slug their alarm descriptions link to): those of the registry
 * of watch kinds given (a test's fixture), else of the bundled one.
 */
export const CLOUD_RUNBOOKS: {
  readonly aws: (registry?: WatchKindRegistry) => Record<string, RunbookContent>;
  readonly gcp: (registry?: GcpWatchKindRegistry) => Record<string, RunbookContent>;
  readonly azure: (registry?: AzureWatchKindRegistry) => Record<string, RunbookContent>;
} = {
  aws: (registry) => cloudWatchRunbooks(registry),
  gcp: (registry) => gcpRunbooks(registry),
  azure: (registry) => azureRunbooks(registry),
};

/** How each cloud names its alarms and their delivery, and where a person looks at one (console and CLI). */
interface CloudAlarmWording {
  /** What an alarm is called there. */
  readonly alarm: string;
  /** What carries its notifications. */
  readonly delivery: string;
  /** Where to see its state and history. */
  readonly console: string;
  /**
   * A command that shows one alarm: `<name>` is the alarm's name, `<region>`, `<project>`, `<subscription>` and
   * `<alert rules group>` the environment's (a responder's CLI defaults may point elsewhere).
   */
  readonly cli: string;
  /** The same for a log search alert, where the cloud keeps those apart. @default - `cli` */
  readonly logSearchCli?: string;
}

export const CLOUD_ALARM_WORDING: { readonly [P in CloudProvider]: CloudAlarmWording } = {
  aws: {
    alarm: "CloudWatch alarm",
    delivery: "the SNS topic of the alarm's severity",
    console: "AWS console → CloudWatch → Alarms (state, history, the metric graph)",
    cli: "aws cloudwatch describe-alarm-history --region <region> --alarm-name <name> --max-records 10",
  },
  gcp: {
    alarm: "Cloud Monitoring alerting policy",
    delivery: "the notification channels of the policy's severity",
    console: "Google Cloud console → Monitoring → Alerting (incidents, the policy's condition and chart)",
    cli: "gcloud alpha monitoring policies list --project <project> --filter='displayName=\"<name>\"'",
  },
  azure: {
    alarm: "Azure Monitor alert rule",
    delivery: "the action group of the rule's severity",
    console: "Azure portal → Monitor → Alerts (fired alerts, the rule's condition and chart)",
    cli: "az monitor metrics alert show --subscription <subscription> -g <alert rules group> -n <name>",
    // Log search alerts are scheduled query rules, which `az monitor metrics alert` does not list.
    logSearchCli: "az monitor scheduled-query show --subscription <subscription> -g <alert rules group> -n <name>",
  },
};
