import { resolveTiers } from "../../plan/tiers";
import { Duration } from "../../spec/duration";
import { fillingUpExpr } from "./filling-up";
import { type CatalogContext, type RuleGroupDefinition, tieredAlerts } from "./types";

/** The alert that names a lost node; Alertmanager silences the alerts labelled with that node under it. */
export const NODE_LOSS_ALERT = "KubeNodeNotReady";

/**
 * Share of a PersistentVolumeClaim in use, in percent, as KubePersistentVolumeFillingUp compares it and the resources
 * dashboard draws it: 1 - available / capacity (used / capacity reads lower: filesystem reserved blocks are neither).
 * `matchers` narrow both sides, e.g. `namespace=~"$namespace"`.
 */
export function volumeUsedPercent(matchers = ""): string {
  const sel = matchers ? `{${matchers}}` : "";
  return `100 * (1 - kubelet_volume_stats_available_bytes${sel} / kubelet_volume_stats_capacity_bytes${sel})`;
}

/** Workload health from kube-state-metrics and kubelet volume stats. */
export function kubernetesRules(context: CatalogContext): RuleGroupDefinition[] {
  const r5m = context.range(Duration.minutes(5));
  const for15m = context.scaled(Duration.minutes(15));
  const volume = (metric: string) => `kubelet_volume_stats_${metric}_bytes`;
  return [
    {
      name: "kubernetes",
      engine: "prometheus",
      rules: [
        {
          kind: "alert",
          alert: "KubePodCrashLooping",
          expr: `max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[${r5m}]) >= 1`,
          for: for15m,
          severity: "warning",
          summary: "Pod is crash looping",
          description:
            "Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} keeps restarting (CrashLoopBackOff, waiting = {{ $value }}).",
          runbook: {
            meaning: "A container exits repeatedly and the kubelet backs off before restarting it.",
            impact: "The pod serves no traffic; with all replicas looping the service is down.",
            diagnosis: [
              "Last crash output: `kubectl logs -n <namespace> <pod> -c <container> --previous`.",
              "Exit reason and events: `kubectl describe pod -n <namespace> <pod>` (OOMKilled, failed probes, missing config).",
              // `pod` is structured metadata, not a stream label (modules/alloy): filter on it after the selector.
              'Logs in Loki, crash output included: `{namespace="<namespace>", container="<container>"} | pod="<pod>"`.',
            ],
            mitigation: [
              "Roll back the last deploy (`kubectl rollout undo deployment/<name> -n <namespace>`) if it started with it.",
              "Fix the missing Secret/ConfigMap or raise the memory limit when OOMKilled.",
            ],
          },
        },
        {
          kind: "alert",
          alert: "KubeDeploymentReplicasMismatch",
          expr: "kube_deployment_spec_replicas > kube_deployment_status_replicas_available",
          for: for15m,
          severity: "warning",
          summary: "Deployment has fewer available replicas than desired",
          description: "Deployment {{ $labels.namespace }}/{{ $labels.deployment }} is short of {{ $value }} available replicas.",
          runbook: {
            meaning: "Pods of the deployment are not becoming available (pending, failing readiness or crash looping).",
            impact: "Less capacity and redundancy than planned; a further failure can take the service down.",
            diagnosis: [
              "`kubectl get pods -n <namespace> -l <selector>` and `kubectl describe` the ones not Ready.",
              "Pending pods: look for `FailedScheduling` events (insufficient CPU/memory, taints, PVC binding).",
            ],
            mitigation: ["Free or add capacity, or fix the failing readiness probe; roll back a bad release."],
          },
        },
        {
          kind: "alert",
          alert: "KubeStatefulSetReplicasMismatch",
          expr: "kube_statefulset_status_replicas_ready != kube_statefulset_status_replicas",
          for: for15m,
          severity: "warning",
          summary: "StatefulSet has replicas that are not ready",
          description:
            "StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} has only {{ $value }} ready replicas, fewer than it runs.",
          runbook: {
            meaning: "Some pods of the StatefulSet are not Ready; StatefulSets roll one pod at a time, so one stuck pod blocks the rest.",
            impact: "Reduced redundancy of a stateful component (database, queue, Loki, Prometheus).",
            diagnosis: [
              "`kubectl get pods -n <namespace> -l <selector> -o wide`; `kubectl describe pod` for volume attach or scheduling errors.",
            ],
            mitigation: ["Resolve the volume or scheduling problem; delete a pod stuck in Terminating only when its node is gone."],
          },
        },
        {
          kind: "alert",
          alert: "KubeJobFailed",
          expr: "kube_job_failed > 0",
          for: for15m,
          severity: "warning",
          summary: "Job failed",
          description: "Job {{ $labels.namespace }}/{{ $labels.job_name }} failed to complete ({{ $value }} failed pods).",
          runbook: {
            meaning: "A Job (often started by a CronJob) ran out of retries.",
            impact: "Whatever the job does (backup, report, migration) did not happen.",
            diagnosis: ["`kubectl logs -n <namespace> job/<job_name>` and `kubectl describe job -n <namespace> <job_name>`."],
            mitigation: [
              "Fix the cause and re-run: `kubectl create job --from=cronjob/<cronjob> <name>-manual -n <namespace>`; delete the failed Job to clear the alert.",
            ],
          },
        },
        {
          kind: "alert",
          alert: NODE_LOSS_ALERT,
          // The one page for a lost node: 3 minutes after the node controller marks it (40-50 s without heartbeat).
          // A cordoned node is under maintenance. Alertmanager silences the node-labelled alerts it causes.
          expr: 'kube_node_status_condition{condition="Ready", status="true"} == 0 unless on (node) kube_node_spec_unschedulable == 1',
          for: context.scaled(Duration.minutes(3)),
          severity: "critical",
          summary: "Node is not ready",
          description:
            "Node {{ $labels.node }} has not been Ready for 3 minutes (Ready = {{ $value }}): it is down, unreachable, or its kubelet stopped.",
          runbook: {
            meaning: "The kubelet of the node stopped reporting Ready (node down, network partition, kubelet or runtime failure).",
            impact:
              "Pods on the node are unreachable and evicted after the toleration period (5 minutes); replicas elsewhere carry the load. Replica-down warnings of pods on the node are silenced by this alert.",
            diagnosis: [
              "`kubectl describe node <node>` (conditions, last heartbeat); cloud console status checks of the instance.",
              "`kubectl get pods -A -o wide --field-selector spec.nodeName=<node>`: what ran there.",
            ],
            mitigation: ["Replace the node: cordon, drain, and terminate it so the node group starts a new one."],
          },
        },
        ...tieredAlerts(context, resolveTiers("diskUtilization", context.spec), (v, op) => ({
          alert: "KubePersistentVolumeFillingUp",
          expr: `${volumeUsedPercent()} ${op} ${v}`,
          summary: "Persistent volume is almost full",
          description: `Volume {{ $labels.persistentvolumeclaim }} in {{ $labels.namespace }} is {{ printf "%.1f" $value }}% full (threshold ${v}%).`,
          runbook: {
            meaning: "A PersistentVolumeClaim has less free space than the threshold allows.",
            impact: "The application that owns it (database, Prometheus, Loki) fails to write when it is full.",
            diagnosis: ['Growth: `predict_linear(kubelet_volume_stats_available_bytes{persistentvolumeclaim="<pvc>"}[6h], 24 * 3600)`.'],
            mitigation: [
              'Expand the claim (`kubectl patch pvc <pvc> -n <namespace> -p \'{"spec":{"resources":{"requests":{"storage":"<size>"}}}}\'`, needs allowVolumeExpansion), or lower the application\'s retention.',
            ],
          },
        })),
        ...tieredAlerts(context, resolveTiers("diskHoursUntilFull", context.spec), (v) => ({
          alert: "KubePersistentVolumeFullSoon",
          expr: fillingUpExpr(context, volume("available"), volume("capacity"), v, ""),
          summary: "Persistent volume will be full soon",
          description: `Volume {{ $labels.persistentvolumeclaim }} in {{ $labels.namespace }} will be full within ${v} hours at the growth rate of the last 6 hours.`,
          runbook: {
            meaning: "Extrapolating the last 6 hours of growth, the claim's free space reaches zero within the threshold's hours.",
            impact: "The application that owns it (database, Prometheus, Loki) fails to write when it is full; there is still time to act.",
            diagnosis: [
              'Growth rate: `deriv(kubelet_volume_stats_available_bytes{namespace="<namespace>", persistentvolumeclaim="<pvc>"}[6h])`.',
              "What writes: the owning pod's logs and the application's own size metrics (WAL, chunks, tables).",
            ],
            mitigation: [
              "Fix the runaway writer (retention, stuck compaction, log level).",
              'Expand the claim before it fills (`kubectl patch pvc <pvc> -n <namespace> -p \'{"spec":{"resources":{"requests":{"storage":"<size>"}}}}\'`).',
            ],
          },
        })),
      ],
    },
  ];
}
