import type { ContainerResources } from "../terraform/helm-release";

/**
 * How big each component runs in each scale profile. `small` fits a laptop cluster or a few nodes; `ha` runs the
 * replicated shape large users run. Change a number here, not in the modules.
 */
export interface ProfileSizing {
  readonly prometheus: { readonly replicas: number; readonly resources: ContainerResources; readonly storageGi: number };
  readonly alertmanager: { readonly replicas: number; readonly resources: ContainerResources; readonly storageGi: number };
  /**
   * Grafana runs one replica in every profile: dashboards and data sources are provisioned from ConfigMaps, but users,
   * sessions, annotations and alert state live in its sqlite database, which two replicas cannot share (that needs an
   * external SQL database). `storageGi` keeps that database on a volume across restarts (one pod, `Recreate`).
   */
  readonly grafana: { readonly resources: ContainerResources; readonly storageGi?: number };
  readonly loki: { readonly mode: "Monolithic" | "Distributed"; readonly storageGi: number; readonly resources: ContainerResources };
  readonly alloy: { readonly resources: ContainerResources };
  readonly collector: { readonly replicas: number; readonly resources: ContainerResources };
  readonly jaeger: { readonly resources: ContainerResources };
  readonly exporter: { readonly resources: ContainerResources };
  /** PodDisruptionBudgets and hard anti-affinity (replicas on different nodes). */
  readonly highAvailability: boolean;
}

const res = (cpu: string, memory: string, limitMemory = memory): ContainerResources => ({
  requests: { cpu, memory },
  limits: { memory: limitMemory },
});

export const PROFILES: { readonly small: ProfileSizing; readonly ha: ProfileSizing } = {
  small: {
    prometheus: { replicas: 1, resources: res("200m", "1Gi", "2Gi"), storageGi: 20 },
    alertmanager: { replicas: 1, resources: res("50m", "64Mi", "128Mi"), storageGi: 1 },
    grafana: { resources: res("100m", "256Mi", "512Mi") },
    loki: { mode: "Monolithic", storageGi: 20, resources: res("200m", "512Mi", "1Gi") },
    alloy: { resources: res("50m", "128Mi", "256Mi") },
    collector: { replicas: 1, resources: res("100m", "256Mi", "512Mi") },
    jaeger: { resources: res("100m", "256Mi", "1Gi") },
    exporter: { resources: res("20m", "32Mi", "64Mi") },
    highAvailability: false,
  },
  ha: {
    prometheus: { replicas: 2, resources: res("1", "4Gi", "8Gi"), storageGi: 100 },
    alertmanager: { replicas: 3, resources: res("100m", "128Mi", "256Mi"), storageGi: 5 },
    grafana: { resources: res("200m", "512Mi", "1Gi"), storageGi: 10 },
    loki: { mode: "Distributed", storageGi: 20, resources: res("500m", "1Gi", "2Gi") },
    alloy: { resources: res("100m", "256Mi", "512Mi") },
    collector: { replicas: 2, resources: res("500m", "1Gi", "2Gi") },
    jaeger: { resources: res("500m", "1Gi", "2Gi") },
    exporter: { resources: res("50m", "64Mi", "128Mi") },
    highAvailability: true,
  },
};

/** Persistent volume size for Prometheus: the size cap plus 25 % headroom for the WAL and compaction, in GiB. */
export function prometheusVolumeGi(retentionSize: string | undefined, fallbackGi: number): number {
  if (!retentionSize) return fallbackGi;
  const match = /^(\d+)(B|KB|MB|GB|TB|PB)$/.exec(retentionSize);
  if (!match) throw new Error(`'${retentionSize}' is not a size such as "45GB"`);
  const factor = { B: 1e-9, KB: 1e-6, MB: 1e-3, GB: 1, TB: 1e3, PB: 1e6 }[match[2] as "GB"];
  return Math.max(1, Math.ceil(Number(match[1]) * factor * 1.25));
}

/** The presets by name: `small` (one replica each, a laptop cluster or a few nodes) and `ha` (replicated). */
export type ProfileName = keyof typeof PROFILES;

/**
 * The sizing a module falls back on for what its props leave out: a preset by name or a custom sizing.
 * @default "small"
 */
export function profileSizing(profile: ProfileName | ProfileSizing = "small"): ProfileSizing {
  return typeof profile === "string" ? PROFILES[profile] : profile;
}
