/**
 * kube-prometheus-stack's default alerts that the deployed rule set must not contain, each with the reason: the
 * catalog raises the same condition (under the same or another name), or the alert cannot work with this stack's
 * routing. Every other default alert stays on (`defaultRules.disabled.<AlertName>: true`, read by each template of
 * templates/prometheus/rules-1.14 in chart 88.5.3). test/catalog/deployed-rules.test.ts renders the chart with these
 * values and checks that no alert name exists twice and no two alerts read the same condition.
 */
export const REPLACED_DEFAULT_RULES: Readonly<Record<string, string>> = {
  // general.rules
  Watchdog: "the catalog's Watchdog, routed to the heartbeat receiver",
  TargetDown: "PrometheusTargetsDown (the same share of a job's targets, minus targets on a lost node)",
  InfoInhibitor:
    "severity none matches no severity route and would reach the default (critical) receiver; the catalog's Watchdog is info and keeps it firing",
  // kubernetes-apps
  KubePodCrashLooping: "the catalog's KubePodCrashLooping",
  KubeDeploymentReplicasMismatch: "the catalog's KubeDeploymentReplicasMismatch",
  KubeStatefulSetReplicasMismatch: "the catalog's KubeStatefulSetReplicasMismatch",
  KubeJobFailed: "the catalog's KubeJobFailed",
  // kubernetes-storage
  KubePersistentVolumeFillingUp: "the catalog's KubePersistentVolumeFillingUp (static tiers) and KubePersistentVolumeFullSoon (trend)",
  // kubernetes-system-kubelet
  KubeNodeNotReady: "the catalog's KubeNodeNotReady (critical, names the node, silences what the lost node causes)",
  KubeNodeUnreachable: "the unreachable taint is set when Ready turns Unknown: KubeNodeNotReady already pages for it",
  // node-exporter
  NodeFilesystemSpaceFillingUp: "HostDiskFillingUp",
  NodeFilesystemAlmostOutOfSpace: "HostDiskAlmostFull",
  NodeNetworkReceiveErrs: "HostNetworkErrors (receive and transmit)",
  NodeNetworkTransmitErrs: "HostNetworkErrors (receive and transmit)",
  NodeMemoryHighUtilization: "HostMemoryPressure",
  NodeCPUHighUsage: "HostHighCpuLoad",
  // prometheus
  PrometheusRuleFailures: "PrometheusRuleEvaluationFailures",
  PrometheusErrorSendingAlertsToSomeAlertmanagers: "PrometheusNotificationsFailing (warning: some Alertmanagers)",
  PrometheusErrorSendingAlertsToAnyAlertmanager: "PrometheusNotificationsFailing (critical: every Alertmanager)",
  // alertmanager.rules
  AlertmanagerFailedToSendAlerts: "AlertmanagerNotificationsFailing (warning: one replica)",
  AlertmanagerClusterFailedToSendAlerts: "AlertmanagerNotificationsFailing (critical: every replica)",
  AlertmanagerClusterDown: "AlertmanagerDown (critical: a majority of the replicas)",
};

/**
 * Default rule groups whose every alert is replaced above. Such a group must be switched off whole
 * (`defaultRules.rules.<group>: false`): with all its alerts disabled the chart still renders the PrometheusRule, with
 * `rules: null`, which the PrometheusRule CRD rejects (`rules` must be an array), failing the release.
 */
export const EMPTIED_DEFAULT_RULE_GROUPS: Readonly<Record<string, readonly string[]>> = {
  general: ["Watchdog", "TargetDown", "InfoInhibitor"],
};
