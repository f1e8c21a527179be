import { beforeAll, describe, expect, it } from "vitest";
import { unquotedFieldPaths } from "../../src/catalog/gcp-monitoring";
import { checkEnvironment, resolveEnvironment } from "../../src/spec";
import { bundled, helmValues, resourcesOf, synthEnvironments, type TerraformJson } from "../support/synth";

let gcp: TerraformJson;
let azure: TerraformJson;

beforeAll(() => {
  const stacks = synthEnvironments([resolveEnvironment(bundled("gcp")), resolveEnvironment(bundled("azure"))]);
  gcp = stacks.gcp;
  azure = stacks.azure;
});

const release = (stack: TerraformJson, chart: string) => {
  const r = resourcesOf(stack, "helm_release").find((x) => x.chart === chart);
  if (!r) throw new Error(`no ${chart} release`);
  return helmValues(r);
};

describe("Google Cloud backend", () => {
  it("creates a notification channel per channel, with credentials only as Secret Manager references", () => {
    const channels = resourcesOf(gcp, "google_monitoring_notification_channel");
    expect(channels.map((c) => c.type).sort()).toEqual(["email", "pagerduty", "slack"]);
    const pagerduty = channels.find((c) => c.type === "pagerduty");
    const read = /^\$\{data\.google_secret_manager_secret_version\.([^.]+)\.secret_data\}$/.exec(
      pagerduty?.sensitive_labels.service_key,
    )?.[1];
    // The data source names its secret through the stack's list of Secret Manager names.
    const nameKey = /^\$\{local\.gcp_secret_names\["([^"]+)"\]\}$/.exec(
      gcp.data.google_secret_manager_secret_version[read ?? ""]?.secret,
    )?.[1];
    expect(gcp.locals.gcp_secret_names[nameKey ?? ""]).toBe("monitoring-pagerduty-routing-key");
  });

  it("alert policies hold the condition for the signal's duration and link the runbook", () => {
    const policies = resourcesOf(gcp, "google_monitoring_alert_policy");
    const cpu = policies.find((p) => p.display_name === "gcp-checkout-app-vms-cpu-critical");
    expect(cpu?.severity).toBe("CRITICAL");
    // The environment overrides cpuUtilization to 90 % for 10 minutes.
    expect(cpu?.conditions[0].condition_threshold).toMatchObject({ comparison: "COMPARISON_GT", threshold_value: 0.9, duration: "600s" });
    expect(cpu?.documentation).toMatchObject({
      mime_type: "text/markdown",
      links: [{ display_name: "Runbook", url: "https://runbooks.example.com/gcp/gcp-gce-cpu.md" }],
    });
    // Critical policies notify the channels that take critical alerts (PagerDuty, Slack), not the email digest.
    expect(cpu?.notification_channels).toHaveLength(2);
    const warning = policies.find((p) => p.display_name === "gcp-checkout-app-vms-cpu-warning");
    expect(warning?.notification_channels).toHaveLength(2); // Slack and email
  });

  it("keeps logs for the spec's retention and counts log entries into metrics", () => {
    expect(resourcesOf(gcp, "google_logging_project_bucket_config")).toEqual([
      expect.objectContaining({ bucket_id: "_Default", location: "global", retention_days: 90 }),
    ]);
    expect(
      resourcesOf(gcp, "google_logging_metric")
        .map((m) => m.name)
        .sort(),
    ).toEqual(["gcp-checkout-logs-5xx", "gcp-checkout-logs-duration-ms", "gcp-checkout-logs-error-lines"]);
  });

  it("every policy filter names its monitored resource type (Cloud Monitoring rejects one without resource.type)", () => {
    const filters = resourcesOf(gcp, "google_monitoring_alert_policy").flatMap((p) =>
      p.conditions.flatMap((c: TerraformJson) =>
        c.condition_threshold ? [c.condition_threshold.filter, c.condition_threshold.denominator_filter].filter(Boolean) : [],
      ),
    );
    expect(filters.length).toBeGreaterThan(10);
    for (const filter of filters) expect(filter).toMatch(/(^| AND )resource\.type = "[a-z0-9_]+"/);
  });

  it("policies on log-based metrics are created after their metric, and count only that resource type", () => {
    const metrics = gcp.resource.google_logging_metric as Record<string, TerraformJson>;
    const onLogs = resourcesOf(gcp, "google_monitoring_alert_policy").filter((p) =>
      p.conditions[0].condition_threshold?.filter.includes("logging.googleapis.com/user/"),
    );
    expect(onLogs.map((p) => p.display_name)).toContain("gcp-checkout-checkout-logs-errorLogs-critical");
    for (const policy of onLogs) {
      const filter: string = policy.conditions[0].condition_threshold.filter;
      const name = /logging\.googleapis\.com\/user\/([\w-]+)/.exec(filter)?.[1];
      const id = Object.entries(metrics).find(([, m]) => m.name === name)?.[0];
      expect(id, `${policy.display_name} reads ${name}`).toBeDefined();
      expect(policy.depends_on, policy.display_name).toContain(`google_logging_metric.${id}`);
      expect(filter).toContain('resource.type = "k8s_container"');
      expect(metrics[id ?? ""].filter).toMatch(/^resource\.type = "k8s_container" AND \(/);
    }
  });

  it("every Logging and Monitoring filter quotes field names with '-' or '/'", () => {
    const filters = [
      ...resourcesOf(gcp, "google_logging_metric").map((m) => m.filter),
      ...resourcesOf(gcp, "google_monitoring_alert_policy").flatMap((p) =>
        p.conditions.flatMap((c: TerraformJson) => [c.condition_threshold?.filter, c.condition_threshold?.denominator_filter]),
      ),
    ].filter(Boolean);
    expect(filters.some((f) => f.includes('labels."k8s-pod/app"'))).toBe(true);
    for (const filter of filters) expect(unquotedFieldPaths(filter), filter).toEqual([]);
    expect(unquotedFieldPaths('resource.type="k8s_container" AND labels.k8s-pod/app="checkout"')).toEqual(["labels.k8s-pod/app"]);
    expect(unquotedFieldPaths('labels."k8s-pod/app"="a-b" AND jsonPayload.http.status>=500')).toEqual([]);
  });

  it("rejects a log filter with an unquoted label key, naming it", () => {
    const input = bundled("gcp");
    if (input.cloud?.provider !== "gcp" || !input.cloud.watch?.logs) throw new Error("gcp watches logs");
    input.cloud.watch.logs[0].filter = 'resource.type="k8s_container" AND labels.k8s-pod/app="checkout"';
    const result = checkEnvironment(input);
    expect(result.ok).toBe(false);
    const problem = result.ok ? undefined : result.problems.find((p) => p.path === "cloud.watch.logs[0].filter");
    expect(problem?.message).toContain("received unquoted labels.k8s-pod/app");
  });

  it("probes public endpoints with uptime checks and pages when they fail from several regions", () => {
    const [check] = resourcesOf(gcp, "google_monitoring_uptime_check_config");
    expect(check).toMatchObject({
      http_check: { path: "/healthz", port: 443, use_ssl: true },
      monitored_resource: { type: "uptime_url", labels: { host: "shop.example.com", project_id: "shop-prod-4821" } },
    });
    const policy = resourcesOf(gcp, "google_monitoring_alert_policy").find(
      (p) => p.display_name === "gcp-checkout-storefront-uptime-critical",
    );
    expect(policy?.conditions[0].condition_threshold.filter).toMatch(
      /metric\.label\.check_id = "\$\{google_monitoring_uptime_check_config\..+\.uptime_check_id\}"/,
    );
  });

  it("rolls the Ops Agent out to labelled VMs in every zone through OS Config, with no manual step", () => {
    expect(resourcesOf(gcp, "google_compute_project_metadata_item")).toEqual([
      expect.objectContaining({ key: "enable-osconfig", value: "TRUE" }),
    ]);
    const assignments = resourcesOf(gcp, "google_os_config_os_policy_assignment");
    expect(assignments.map((a) => a.location)).toEqual(["europe-west1-b", "europe-west1-c", "europe-west1-d"]);
    expect(assignments[0].instance_filter.inclusion_labels).toEqual([{ labels: { role: "app", environment: "gcp" } }]);
    const exec = assignments[0].os_policies[0].resource_groups[0].resources[0].exec;
    expect(exec.enforce.script).toContain("add-google-cloud-ops-agent-repo.sh --also-install");
    expect(exec.validate.script).toContain("systemctl is-active --quiet google-cloud-ops-agent");
  });

  it("connects to GKE through the cluster data source and gke-gcloud-auth-plugin (no token in state)", () => {
    expect(gcp.data.google_container_cluster).toBeDefined();
    const [cluster] = Object.values(gcp.data.google_container_cluster) as TerraformJson[];
    expect(cluster).toMatchObject({ name: "shop-gke", location: "europe-west1", project: "shop-prod-4821" });
    const helm = gcp.provider.helm[0].kubernetes;
    expect(helm.host).toMatch(/^https:\/\/\$\{data\.google_container_cluster\..+\.endpoint\}$/);
    expect(helm.exec).toMatchObject({ command: "gke-gcloud-auth-plugin", api_version: "client.authentication.k8s.io/v1beta1" });
  });

  it("keeps Loki's chunks in a private GCS bucket reached through Workload Identity", () => {
    const [bucket] = resourcesOf(gcp, "google_storage_bucket");
    expect(bucket).toMatchObject({
      public_access_prevention: "enforced",
      uniform_bucket_level_access: true,
      // A week after the 90-day retention, chunks only (test/charts/loki.test.ts).
      lifecycle_rule: [
        { condition: { age: 97, matches_prefix: ["fake/"] } },
        { condition: { days_since_noncurrent_time: 7, with_state: "ARCHIVED" } },
      ],
      versioning: { enabled: true },
    });
    const loki = release(gcp, "loki");
    expect(loki.loki.storage).toMatchObject({ type: "gcs", bucketNames: { chunks: expect.stringContaining("google_storage_bucket") } });
    expect(loki.serviceAccount.annotations["iam.gke.io/gcp-service-account"]).toMatch(/google_service_account\..+\.email/);
    const members = resourcesOf(gcp, "google_service_account_iam_member").map((m) => m.member);
    expect(members).toContain("serviceAccount:shop-prod-4821.svc.id.goog[monitoring/loki]");
    const grafana = release(gcp, "kube-prometheus-stack").grafana;
    expect(grafana.additionalDataSources.map((d: TerraformJson) => d.type)).toContain("stackdriver");
  });
});

describe("Azure backend", () => {
  it("routes each severity to one action group whose receivers come from references", () => {
    const groups = resourcesOf(azure, "azurerm_monitor_action_group");
    const critical = groups.find((g) => g.name === "azure-monitoring-critical");
    expect(critical?.webhook_receiver.map((r: TerraformJson) => r.name)).toEqual(["on-call", "incident-bridge"]);
    expect(critical?.webhook_receiver[0].service_uri).toMatch(
      /^https:\/\/events\.pagerduty\.com\/integration\/\$\{data\.azurerm_key_vault_secret\..+\.value\}\/enqueue$/,
    );
    expect(azure.variable.incident_webhook_url).toMatchObject({ sensitive: true });
  });

  it("reaches Slack through a Logic App that turns the common alert schema into a Slack message", () => {
    const groups = resourcesOf(azure, "azurerm_monitor_action_group");
    // A Slack incoming webhook rejects Azure's alert payload (no `text`): no action group posts to one directly.
    for (const group of groups) {
      for (const receiver of group.webhook_receiver ?? []) expect(receiver.service_uri).not.toContain("slack-webhook-url");
    }
    const workflows = azure.resource.azurerm_logic_app_workflow as Record<string, TerraformJson>;
    expect(Object.values(workflows).map((w) => w.name)).toEqual(["azure-monitoring-slack-azure-alerts"]);
    const [workflowId] = Object.keys(workflows);
    // Every severity the Slack channel takes (critical and warning here) has the relay as a receiver, with the common schema.
    for (const severity of ["critical", "warning"]) {
      const group = groups.find((g) => g.name === `azure-monitoring-${severity}`);
      expect(group?.logic_app_receiver, severity).toEqual([
        {
          name: "azure-alerts",
          resource_id: `\${azurerm_logic_app_workflow.${workflowId}.id}`,
          callback_url: expect.stringMatching(/^\$\{azurerm_logic_app_trigger_http_request\..+\.callback_url\}$/),
          use_common_alert_schema: true,
        },
      ]);
    }
    // The URL is a SecureString workflow parameter filled from Key Vault, never a literal.
    const workflow = workflows[workflowId];
    expect(JSON.parse(workflow.workflow_parameters.slackWebhookUrl)).toEqual({ type: "SecureString" });
    expect(workflow.parameters.slackWebhookUrl).toMatch(/^\$\{data\.azurerm_key_vault_secret\..+\.value\}$/);
    const [post] = resourcesOf(azure, "azurerm_logic_app_action_http");
    expect(post).toMatchObject({ method: "POST", uri: "@parameters('slackWebhookUrl')", headers: { "Content-Type": "application/json" } });
    // Slack needs `text`; the relay fills it from the common alert schema's essentials.
    expect(JSON.parse(post.body).text).toContain("@{triggerBody()?['data']?['essentials']?['alertRule']}");
    expect(post.depends_on).toEqual([expect.stringMatching(/^azurerm_logic_app_trigger_http_request\./)]);
  });

  it("metric alerts carry the action group of their severity", () => {
    const alerts = resourcesOf(azure, "azurerm_monitor_metric_alert");
    const cpu = alerts.find((a) => a.name === "azure-checkout-app-vms-cpu-critical");
    expect(cpu).toMatchObject({ severity: 0, window_size: "PT5M", target_resource_type: "Microsoft.Compute/virtualMachines" });
    expect(cpu?.action[0].action_group_id).toMatch(/azurerm_monitor_action_group\.alerting_action-group-critical/);
    const anomaly = alerts.find((a) => a.name === "azure-checkout-public-gw-requestsAnomaly-warning");
    expect(anomaly?.dynamic_criteria).toMatchObject({ operator: "GreaterOrLessThan", alert_sensitivity: "Medium" });
  });

  it("keeps logs in a Log Analytics workspace for the spec's retention, with log search alerts on it", () => {
    expect(resourcesOf(azure, "azurerm_log_analytics_workspace")).toEqual([
      expect.objectContaining({ retention_in_days: 30, sku: "PerGB2018" }),
    ]);
    const rules = resourcesOf(azure, "azurerm_monitor_scheduled_query_rules_alert_v2");
    const errors = rules.find((r) => r.name === "azure-checkout-checkout-logs-errorLogs-critical");
    expect(errors?.scopes[0]).toMatch(/azurerm_log_analytics_workspace\..+\.id/);
    expect(errors?.criteria[0].query).toContain('ContainerLogV2\n| where PodNamespace == "shop"');
  });

  it("sends the AKS cluster's container logs to the workspace its ContainerLogV2 log alerts query", () => {
    const queried = resourcesOf(azure, "azurerm_monitor_scheduled_query_rules_alert_v2").filter((r) =>
      r.criteria[0].query.includes("ContainerLogV2"),
    );
    expect(queried.length).toBeGreaterThan(0);
    const workspaces = new Set(queried.map((r) => r.scopes[0]));
    const insights = resourcesOf(azure, "azurerm_monitor_data_collection_rule").filter((r) => r.data_sources.extension);
    expect(insights).toHaveLength(1);
    const [rule] = insights;
    expect(rule.data_sources.extension[0]).toMatchObject({ extension_name: "ContainerInsights", streams: ["Microsoft-ContainerLogV2"] });
    expect(rule.data_flow).toEqual([{ streams: ["Microsoft-ContainerLogV2"], destinations: ["workspace"] }]);
    expect(workspaces).toEqual(new Set([rule.destinations.log_analytics[0].workspace_resource_id]));
    const ruleId = Object.entries(azure.resource.azurerm_monitor_data_collection_rule as Record<string, TerraformJson>).find(
      ([, r]) => r === rule,
    )?.[0];
    const [association] = resourcesOf(azure, "azurerm_monitor_data_collection_rule_association");
    expect(association).toMatchObject({
      name: "ContainerInsightsExtension",
      target_resource_id:
        "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/shop-aks-rg/providers/Microsoft.ContainerService/managedClusters/shop-aks",
      data_collection_rule_id: `\${azurerm_monitor_data_collection_rule.${ruleId}.id}`,
    });
  });

  it("log alerts can be created on a new workspace: no table check at creation, and after what fills their tables", () => {
    const rules = Object.values(azure.resource.azurerm_monitor_scheduled_query_rules_alert_v2 as Record<string, TerraformJson>);
    const ids = (type: string, pick: (r: TerraformJson) => boolean) =>
      Object.entries(azure.resource[type] as Record<string, TerraformJson>)
        .filter(([, r]) => pick(r))
        .map(([id]) => `${type}.${id}`);
    // Container Insights (ContainerLogV2) and the agents' rule (Perf): both set up by the same apply.
    const containerInsights = [
      ...ids("azurerm_monitor_data_collection_rule", (r) => Boolean(r.data_sources.extension)),
      ...ids("azurerm_monitor_data_collection_rule_association", () => true),
    ];
    const agents = ids("azurerm_monitor_data_collection_rule", (r) => !r.data_sources.extension);
    expect(containerInsights).toHaveLength(2);
    expect(agents).toHaveLength(1);
    const tables = new Set<string>();
    for (const rule of rules) {
      // Azure resolves the query's tables at creation; a table exists only once data has arrived.
      expect(rule.skip_query_validation, rule.name).toBe(true);
      const table = (rule.criteria[0].query as string).split("\n")[0];
      tables.add(table);
      const fillers = table === "ContainerLogV2" ? containerInsights : table === "Perf" ? agents : [];
      expect(fillers.length, `${rule.name}: what fills ${table}?`).toBeGreaterThan(0);
      expect(rule.depends_on, rule.name).toEqual(expect.arrayContaining(fillers));
    }
    expect(tables).toEqual(new Set(["ContainerLogV2", "Perf"]));
  });

  it("rejects log alerts on Container Insights tables when no AKS cluster can fill them", () => {
    const input = bundled("azure");
    input.kubernetes = undefined;
    const result = checkEnvironment(input);
    const problem = result.ok ? undefined : result.problems.find((p) => p.path === "cloud.watch.logs[0].table");
    expect(problem?.message).toContain("only AKS Container Insights fills ContainerLogV2");
  });

  it("wires every VM of the watched resource groups to the Azure Monitor Agent and the data collection rule", () => {
    const [rule] = resourcesOf(azure, "azurerm_monitor_data_collection_rule").filter((r) => !r.data_sources.extension);
    expect(rule.destinations.log_analytics[0].workspace_resource_id).toMatch(/azurerm_log_analytics_workspace/);
    expect(rule.data_flow.map((f: TerraformJson) => f.streams)).toEqual([
      ["Microsoft-Perf", "Microsoft-Syslog"],
      ["Microsoft-InsightsMetrics"],
    ]);
    const [assignment] = resourcesOf(azure, "azurerm_resource_group_policy_assignment");
    expect(assignment).toMatchObject({
      resource_group_id: "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/shop-app-rg",
      identity: { type: "SystemAssigned" },
    });
    expect(assignment.parameters).toMatch(/dcrResourceId.*azurerm_monitor_data_collection_rule/);
    const [initiative] = Object.values(azure.data.azurerm_policy_set_definition) as TerraformJson[];
    expect(initiative.display_name).toBe(
      "Configure Linux machines to run Azure Monitor Agent and associate them to a Data Collection Rule",
    );
    const [remediation] = resourcesOf(azure, "azurerm_resource_group_policy_remediation");
    expect(remediation.for_each).toMatch(/policy_definition_reference/);
    // A remediation runs as the assignment's identity: it starts only once every role of that identity is granted.
    const grants = Object.entries(azure.resource.azurerm_role_assignment as Record<string, TerraformJson>)
      .filter(([, r]) => String(r.principal_id).includes("azurerm_resource_group_policy_assignment"))
      .map(([id]) => `azurerm_role_assignment.${id}`);
    expect(grants.length).toBeGreaterThan(0);
    expect(remediation.depends_on).toEqual(expect.arrayContaining(grants));
  });

  it("connects to AKS through the cluster data source and kubelogin", () => {
    const [cluster] = Object.values(azure.data.azurerm_kubernetes_cluster) as TerraformJson[];
    expect(cluster).toMatchObject({ name: "shop-aks", resource_group_name: "shop-aks-rg" });
    const kubernetes = azure.provider.kubernetes[0];
    expect(kubernetes.host).toMatch(/data\.azurerm_kubernetes_cluster\..+\.kube_config\[0\]\.host/);
    expect(kubernetes.exec[0]).toMatchObject({ command: "kubelogin", args: expect.arrayContaining(["get-token", "azurecli"]) });
  });

  it("puts Loki on Azure Blob storage through Entra Workload ID in the ha profile", () => {
    const spec = bundled("azure");
    spec.profile = "ha";
    spec.kubernetes = {
      ...spec.kubernetes,
      connection: { type: "aks", clusterName: "shop-aks", resourceGroup: "shop-aks-rg" },
      tracing: { storage: { type: "opensearch", url: "https://os.example.com" } },
    };
    const stack = synthEnvironments([resolveEnvironment(spec)]).azure;
    const [account] = resourcesOf(stack, "azurerm_storage_account");
    expect(account).toMatchObject({ shared_access_key_enabled: false, min_tls_version: "TLS1_2", allow_nested_items_to_be_public: false });
    // Without shared keys, the provider reaches the account's data plane only with Entra ID (storage_use_azuread).
    expect(stack.provider.azurerm[0].storage_use_azuread).toBe(true);
    const loki = release(stack, "loki");
    expect(loki.loki.storage).toMatchObject({ type: "azure", azure: { useFederatedToken: true } });
    expect(loki.loki.podLabels).toEqual({ "azure.workload.identity/use": "true" });
    const credentials = resourcesOf(stack, "azurerm_federated_identity_credential").map((c) => c.subject);
    expect(credentials).toContain("system:serviceaccount:monitoring:loki");
  });
});

describe("spec rules of the gcp and azure sections", () => {
  const problems = (input: unknown) => {
    const result = checkEnvironment(input);
    return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
  };

  it("a Secret Manager or Key Vault reference needs its cloud", () => {
    const spec = bundled("dev");
    spec.channels = [...spec.channels, { type: "pagerduty", name: "pd", routingKey: { gcpSecretManager: "pd-key" } }];
    expect(problems(spec).join("\n")).toMatch(/Secret Manager reference needs a cloud section with provider "gcp"/);
  });

  it("GKE and AKS connections need their cloud", () => {
    const spec = bundled("dev");
    spec.kubernetes = { connection: { type: "aks", clusterName: "c", resourceGroup: "rg" } };
    expect(problems(spec).join("\n")).toMatch(/an "aks" connection needs a cloud section with provider "azure"/);
  });

  it("Slack on Google Cloud needs the app's token, and VMs need zones", () => {
    const spec = bundled("gcp");
    const cloud = spec.cloud as { zones?: string[] };
    cloud.zones = [];
    spec.channels = spec.channels.map((c) => (c.type === "slack" ? { ...c, authToken: undefined } : c));
    const found = problems(spec).join("\n");
    expect(found).toMatch(/authToken: required on Google Cloud/);
    expect(found).toMatch(/cloud.zones: required with watch.vms/);
  });

  it("managed Prometheus remote write is AWS only; Azure workspaces keep at most 730 days", () => {
    const gcpSpec = bundled("gcp");
    gcpSpec.kubernetes = {
      ...gcpSpec.kubernetes,
      connection: { type: "gke", clusterName: "c", location: "europe-west1" },
      managedPrometheus: true,
    };
    expect(problems(gcpSpec).join("\n")).toMatch(/supported on AWS only/);
    const azureSpec = bundled("azure");
    azureSpec.retention = { logs: "800d" };
    expect(problems(azureSpec).join("\n")).toMatch(/at most 730 days/);
  });
});
