import { kebab } from "../model/naming";
import { ALARM_INTENTS, type AlarmIntent } from "./alarm-intents";

/**
 * A preset every cloud shares: its stable id (part of alarm names and runbook slugs on every cloud) and its
 * cloud-neutral intent (signal, title, runbook meaning/impact/mitigation). A backend's preset spreads one of these
 * and adds only where the value comes from on that cloud (metric, aggregation, unit conversion, diagnosis).
 */
interface CommonPreset {
  readonly id: string;
  readonly intent: AlarmIntent;
}

/**
 * The common signals, written once: VM CPU, memory and disk; managed database CPU, storage and connections; load
 * balancer 5xx and latency; serverless errors and duration; queue backlog; application log errors, 5xx and latency.
 * Backends: CloudWatch (src/catalog/cloudwatch), Cloud Monitoring (src/catalog/gcp-monitoring), Azure Monitor
 * (src/catalog/azure-monitor). A backend that cannot measure one lists it in its `UNSUPPORTED` record with the reason.
 */
export const COMMON_PRESETS = {
  vmCpu: { id: "cpu", intent: ALARM_INTENTS.vmCpu },
  vmMemory: { id: "memory", intent: ALARM_INTENTS.vmMemory },
  vmDisk: { id: "disk", intent: ALARM_INTENTS.vmDisk },
  databaseCpu: { id: "cpu", intent: ALARM_INTENTS.databaseCpu },
  databaseStorage: { id: "freeStorage", intent: ALARM_INTENTS.databaseStorage },
  databaseConnections: { id: "connections", intent: ALARM_INTENTS.databaseConnections },
  loadBalancerServerErrors: { id: "serverErrors", intent: ALARM_INTENTS.loadBalancerServerErrors },
  loadBalancerErrorRatio: { id: "errorRate", intent: ALARM_INTENTS.loadBalancerErrorRatio },
  loadBalancerLatency: { id: "latency", intent: ALARM_INTENTS.loadBalancerLatency },
  loadBalancerUnhealthyTargets: { id: "unhealthyTargets", intent: ALARM_INTENTS.loadBalancerUnhealthyTargets },
  functionErrorRatio: { id: "errorRate", intent: ALARM_INTENTS.functionErrorRatio },
  functionDuration: { id: "duration", intent: ALARM_INTENTS.functionDuration },
  queueOldestMessage: { id: "oldestMessage", intent: ALARM_INTENTS.queueOldestMessage },
  queueDepth: { id: "depth", intent: ALARM_INTENTS.queueDepth },
  queueDeadLetters: { id: "deadLetters", intent: ALARM_INTENTS.queueDeadLetters },
  logErrors: { id: "errorLogs", intent: ALARM_INTENTS.logErrors },
  logServerErrors: { id: "serverErrors", intent: ALARM_INTENTS.logServerErrors },
  logLatency: { id: "latency", intent: ALARM_INTENTS.logLatency },
} as const satisfies Record<string, CommonPreset>;

export type CommonPresetName = keyof typeof COMMON_PRESETS;
export const COMMON_PRESET_NAMES = Object.keys(COMMON_PRESETS) as CommonPresetName[];

/** Common presets a backend cannot render, each with the reason (shown in docs/reference/thresholds.md). */
export type UnsupportedPresets = Readonly<Partial<Record<CommonPresetName, string>>>;

/** Runbook slug of a cloud's preset: `<cloud>-<service>-<preset>` (runbooks/<slug>.md), e.g. "gcp-cloudsql-free-storage". */
export function presetRunbookSlug(cloud: "aws" | "gcp" | "azure", service: string, presetId: string): string {
  return `${cloud}-${service}-${kebab(presetId)}`;
}

/** The fields of a backend preset the shared planner reads (see src/plan/cloud-alarm.ts). */
export interface PresetShapeLike<R> {
  /** Converts a threshold from the signal's unit to the metric's. @default - identity */
  readonly convert?: (value: number, resource: R) => number;
  /** Unit of the converted threshold, for descriptions. @default - the signal's unit */
  readonly metricUnit?: string;
  /** Whether the preset applies to a resource. @default - always */
  readonly appliesTo?: (resource: R) => boolean;
}
