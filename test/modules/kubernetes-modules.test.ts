import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AlloyLogs, logPipelineConfig } from "../../modules/alloy";
import { DatabaseExporter } from "../../modules/database-exporter";
import { Jaeger } from "../../modules/jaeger";
import { alertmanagerUrl, KubePrometheus, type KubePrometheusProps, lokiDataSource, prometheusUrl } from "../../modules/kube-prometheus";
import { KubernetesProviders } from "../../modules/kubernetes-providers";
import { Loki, lokiValues } from "../../modules/loki";
import { OtelCollector, otelCollectorValues } from "../../modules/otel-collector";
import { CHARTS } from "../../src/catalog/charts";
import { escapeTerraformTemplate } from "../../src/terraform/helm-values";
import { helmValues, type TerraformJson } from "../support/synth";

/** Synthesizes one module in a bare stack with nothing but the providers it needs, as a user's repository would. */
function synthAlone(build: (stack: Construct) => void): TerraformJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, "alone");
  new HelmProvider(stack, "helm", { kubernetes: { configPath: "~/.kube/config" } });
  new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

const releases = (json: TerraformJson): TerraformJson[] => Object.values(json.resource?.helm_release ?? {});
const valuesOf = (release: TerraformJson): Record<string, unknown> => helmValues(release);
const res = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } };

const kubePrometheusProps: KubePrometheusProps = {
  namespace: "obs",
  retention: "15d",
  prometheus: { replicas: 1, resources: res, storageGi: 10 },
  alertmanager: { replicas: 1, resources: res, storageGi: 1 },
  grafana: { admin: { type: "existing", name: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" } },
};

describe("each Kubernetes module synthesizes alone in a bare TerraformStack", () => {
  it("KubePrometheus: CRDs in their own release, installed first; a pinned chart; the null receiver by default", () => {
    const json = synthAlone((s) => new KubePrometheus(s, "metrics", kubePrometheusProps));
    const [crds, stack] = releases(json);
    expect(crds).toMatchObject({ chart: CHARTS.prometheusOperatorCrds.chart, version: CHARTS.prometheusOperatorCrds.version });
    expect(stack).toMatchObject({
      chart: "kube-prometheus-stack",
      version: "88.5.3",
      repository: CHARTS.kubePrometheusStack.repository,
      skip_crds: true,
    });
    expect(stack.depends_on).toEqual([expect.stringContaining("helm_release.metrics_crds")]);
    const values = valuesOf(stack) as TerraformJson;
    expect(values.crds).toEqual({ enabled: false });
    expect(values.alertmanager.config.receivers).toEqual([{ name: "null" }]);
    expect(values.alertmanager.config.route.receiver).toBe("null");
    for (const key of ["rule", "serviceMonitor", "podMonitor", "probe", "scrapeConfig"]) {
      expect(values.prometheus.prometheusSpec[`${key}SelectorNilUsesHelmValues`]).toBe(false);
    }
    expect(values.grafana.admin).toEqual({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
    expect(values.grafana["grafana.ini"]["auth.anonymous"]).toEqual({ enabled: false });
    expect(values.grafana.sidecar.dashboards).toMatchObject({ enabled: true, label: "grafana_dashboard" });
  });

  it("KubePrometheus renders the alerting artifacts where the chart reads them", () => {
    const json = synthAlone(
      (s) =>
        new KubePrometheus(s, "metrics", {
          ...kubePrometheusProps,
          prometheusRules: { "slo-checkout": { groups: [{ name: "slo", rules: [{ alert: "X", expr: "up == 0" }] }] } },
          alertmanagerConfig: { route: { receiver: "pager" }, receivers: [{ name: "pager" }] },
          alertmanagerTemplates: { "slack.tmpl": '{{ define "slack.title" }}{{ .CommonLabels.alertname }}{{ end }}' },
          alertmanagerSecrets: ["alertmanager-slack"],
          scrapeTargets: [{ name: "api", namespace: "shop", selector: { app: "api" }, port: 9100, path: "/m", interval: "15s" }],
        }),
    );
    const values = valuesOf(releases(json)[1]) as TerraformJson;
    // Rules are PrometheusRule objects of a release of their own, not kube-prometheus-stack values.
    expect(values.additionalPrometheusRulesMap).toBeUndefined();
    const rules = releases(json).find((r) => r.name === "prometheus-rules-0") as TerraformJson;
    expect((valuesOf(rules) as TerraformJson).rules["prometheus-rules-0-slo-checkout"].groups[0].name).toBe("slo");
    expect(values.alertmanager.config.receivers).toEqual([{ name: "pager" }]);
    expect(values.alertmanager.templateFiles["slack.tmpl"]).toContain("{{ define");
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual(["alertmanager-slack"]);
    expect(values.prometheus.additionalPodMonitors).toEqual([
      {
        name: "api",
        namespaceSelector: { matchNames: ["shop"] },
        selector: { matchLabels: { app: "api" } },
        // The series carry job="api": the name the alert rules and dashboards select.
        podMetricsEndpoints: [
          { portNumber: 9100, path: "/m", interval: "15s", relabelings: [{ action: "replace", targetLabel: "job", replacement: "api" }] },
        ],
      },
    ]);
    expect(alertmanagerUrl("obs")).toBe("http://kube-prometheus-alertmanager.obs.svc:9093");
    expect(prometheusUrl("obs")).toBe("http://kube-prometheus-prometheus.obs.svc:9090");
  });

  it("Loki: Monolithic on the filesystem with one replica and retention through the compactor", () => {
    const json = synthAlone(
      (s) =>
        new Loki(s, "logs", {
          namespace: "obs",
          mode: "Monolithic",
          retentionPeriod: "72h",
          rules: { "app.yaml": "groups: []\n" },
          alertmanagerUrl: alertmanagerUrl("obs"),
        }),
    );
    const values = valuesOf(releases(json)[0]) as TerraformJson;
    expect(values.deploymentMode).toBe("Monolithic");
    expect(values.singleBinary.replicas).toBe(1);
    expect([values.read.replicas, values.write.replicas, values.backend.replicas]).toEqual([0, 0, 0]);
    expect(values.loki.schemaConfig.configs[0]).toMatchObject({ store: "tsdb", schema: "v13", object_store: "filesystem" });
    expect(values.loki.limits_config.retention_period).toBe("72h");
    expect(values.loki.compactor).toEqual({ retention_enabled: true, delete_request_store: "filesystem" });
    expect(values.loki.commonConfig.replication_factor).toBe(1);
    // The chart's ruler.directories only renders in Distributed mode: rules come from the module's ConfigMap,
    // mounted where the single binary's ruler reads tenant "fake".
    const [rulesMap] = Object.values(json.resource.kubernetes_config_map_v1) as TerraformJson[];
    expect(rulesMap.data).toEqual({ "app.yaml": "groups: []\n" });
    expect(values.singleBinary.extraVolumes).toEqual([{ name: "rules", configMap: { name: rulesMap.metadata.name } }]);
    expect(values.singleBinary.extraVolumeMounts).toEqual([{ name: "rules", mountPath: "/etc/loki/rules/fake", readOnly: true }]);
    expect(values.loki.rulerConfig.storage).toEqual({ type: "local", local: { directory: "/etc/loki/rules" } });
    expect(values.loki.rulerConfig.alertmanager_url).toBe("http://kube-prometheus-alertmanager.obs.svc:9093");
  });

  it("Loki refuses Distributed mode without object storage", () => {
    expect(() => lokiValues({ namespace: "obs", mode: "Distributed", retentionPeriod: "72h" })).toThrow(/needs objectStorage/);
  });

  it("AlloyLogs: a DaemonSet on every node with our pipeline, `{{` escaped for Helm tpl", () => {
    const json = synthAlone(
      (s) => new AlloyLogs(s, "agent", { namespace: "obs", pushUrl: "http://loki-gateway.obs.svc/loki/api/v1/push" }),
    );
    const values = valuesOf(releases(json)[0]) as TerraformJson;
    expect(values.controller).toMatchObject({ type: "daemonset", tolerations: [{ operator: "Exists" }] });
    expect(values.alloy.mounts.varlog).toBe(true);
    const content: string = values.alloy.configMap.content;
    expect(content).toContain('loki.source.journal "node"');
    expect(content).toContain('url = "http://loki-gateway.obs.svc/loki/api/v1/push"');
    expect(content).toContain('{{ "{{" }} or .trace_id');
    expect(content.replaceAll('{{ "{{" }}', "")).not.toContain("{{"); // every {{ is in the escaped form
    expect(logPipelineConfig({ pushUrl: "u" })).toContain("{{ or .trace_id .traceId .traceID");
  });

  it("Jaeger on Badger: a persistent volume claim the release mounts, span TTL as retention", () => {
    const json = synthAlone(
      (s) => new Jaeger(s, "traces", { namespace: "obs", storage: { type: "badger", size: "5Gi" }, retentionHours: 48 }),
    );
    expect(Object.values(json.resource.kubernetes_persistent_volume_claim_v1)[0]).toMatchObject({ wait_until_bound: false });
    const values = valuesOf(releases(json)[0]) as TerraformJson;
    expect(values.userconfig.extensions.jaeger_storage.backends.traces.badger.ttl).toEqual({ spans: "48h" });
    expect(values.jaeger.extraVolumes[0].persistentVolumeClaim.claimName).toMatch(/^\$\{kubernetes_persistent_volume_claim_v1\./);
  });

  it("Jaeger on Elasticsearch: credentials from the Secret, escaped ${env:…} references, index cleanup as retention", () => {
    const json = synthAlone(
      (s) =>
        new Jaeger(s, "traces", {
          namespace: "obs",
          storage: { type: "elasticsearch", url: "https://es:9200", credentialsSecret: { name: "es", usernameKey: "u", passwordKey: "p" } },
          retentionHours: 50,
          replicas: 2,
        }),
    );
    const raw: string = releases(json)[0].values[0];
    expect(raw).toContain("password: $${env:ES_PASSWORD}");
    const values = parse(raw) as TerraformJson;
    expect(values.esIndexCleaner).toMatchObject({ enabled: true, numberOfDays: 3 });
    expect(values.jaeger.extraEnv[1]).toEqual({ name: "ES_PASSWORD", valueFrom: { secretKeyRef: { name: "es", key: "p" } } });
    expect(
      () => new Jaeger(Testing.app(), "x", { namespace: "obs", storage: { type: "memory", maxTraces: 1 }, retentionHours: 1, replicas: 2 }),
    ).toThrow(/1 replica/);
  });

  it("OtelCollector: a deployment gateway with an image, OTLP gRPC + HTTP, memory limiter, sampling, batch, export to Jaeger", () => {
    const json = synthAlone(
      (s) =>
        new OtelCollector(s, "gateway", {
          namespace: "obs",
          tracesEndpoint: "jaeger.obs.svc:4317",
          sampling: { type: "probabilistic", percent: 25 },
        }),
    );
    const raw: string = releases(json)[0].values[0];
    // Terraform would evaluate ${env:MY_POD_IP} itself; the synthesized JSON must carry $${ so Helm receives ${.
    expect(raw).toContain("endpoint: $${env:MY_POD_IP}:4317");
    expect(raw).toContain("endpoint: $${env:MY_POD_IP}:4318");
    expect(raw).not.toMatch(/(?<!\$)\$\{env:/);
    const values = parse(raw) as TerraformJson;
    expect(values).toMatchObject({ mode: "deployment", image: { repository: "otel/opentelemetry-collector-contrib" } });
    expect(values.config.processors.probabilistic_sampler).toEqual({ sampling_percentage: 25 });
    expect(values.config.service.pipelines.traces).toEqual({
      receivers: ["otlp"],
      processors: ["memory_limiter", "k8s_attributes", "probabilistic_sampler", "batch"],
      exporters: ["otlp_grpc/jaeger"],
    });
    expect(values.config.exporters["otlp_grpc/jaeger"].endpoint).toBe("jaeger.obs.svc:4317");
  });

  it("OtelCollector: tail sampling keeps errors and slow traces and refuses several replicas", () => {
    const tail = { type: "tail", percent: 5, keepErrors: true, slowerThanMs: 800, decisionWaitSeconds: 10 } as const;
    const values = otelCollectorValues({ namespace: "obs", tracesEndpoint: "j:4317", sampling: tail }) as TerraformJson;
    expect(values.config.processors.tail_sampling.policies.map((p: TerraformJson) => p.type)).toEqual([
      "status_code",
      "latency",
      "probabilistic",
    ]);
    expect(() => otelCollectorValues({ namespace: "obs", tracesEndpoint: "j:4317", sampling: tail, replicas: 2 })).toThrow(/one collector/);
  });

  it("DatabaseExporter: postgres and mysql exporters read the password from the Secret and create a ServiceMonitor", () => {
    const json = synthAlone((s) => {
      new DatabaseExporter(s, "pg", {
        namespace: "obs",
        name: "orders",
        engine: "postgres",
        host: "pg",
        port: 5432,
        user: "mon",
        password: { existingSecret: { name: "pg", key: "password" } },
      });
      new DatabaseExporter(s, "my", {
        namespace: "obs",
        name: "catalog",
        engine: "mysql",
        host: "my",
        port: 3306,
        user: "exp",
        password: { existingSecret: { name: "my", key: "pw" } },
      });
    });
    const pg = releases(json).find((r) => r.name === "postgres-exporter-orders") as TerraformJson;
    const my = releases(json).find((r) => r.name === "mysql-exporter-catalog") as TerraformJson;
    expect(pg).toMatchObject({ name: "postgres-exporter-orders", chart: "prometheus-postgres-exporter", version: "8.2.0" });
    expect(my).toMatchObject({ name: "mysql-exporter-catalog", chart: "prometheus-mysql-exporter", version: "2.14.0" });
    const pgValues = valuesOf(pg) as TerraformJson;
    expect(pgValues.config.datasource).toMatchObject({ host: "pg", user: "mon", passwordSecret: { name: "pg", key: "password" } });
    expect(pgValues.config.datasource.password).toBeUndefined();
    expect(pgValues.serviceMonitor.enabled).toBe(true);
    const myValues = valuesOf(my) as TerraformJson;
    expect(myValues.mysql).toMatchObject({ host: "my", existingPasswordSecret: { name: "my", key: "pw" } });
    expect(myValues.mysql.pass).toBeUndefined();
  });

  it("KubernetesProviders: kubeconfig path and context, or exec authentication with no token", () => {
    const app = Testing.app();
    const kubeconfig = new TerraformStack(app, "kubeconfig");
    new KubernetesProviders(kubeconfig, "k", { access: { type: "kubeconfig", configPath: "/tmp/kc", context: "kind" } });
    const a = JSON.parse(Testing.synth(kubeconfig));
    expect(a.provider.helm[0].kubernetes).toEqual({ config_path: "/tmp/kc", config_context: "kind" });
    expect(a.provider.kubernetes[0]).toEqual({ config_path: "/tmp/kc", config_context: "kind" });
    const exec = new TerraformStack(app, "exec");
    new KubernetesProviders(exec, "k", {
      access: {
        type: "exec",
        host: "https://h",
        clusterCaCertificate: "PEM",
        exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token"] },
      },
    });
    const b = JSON.parse(Testing.synth(exec));
    expect(b.provider.helm[0].kubernetes).toMatchObject({ host: "https://h", exec: { command: "aws", args: ["eks", "get-token"] } });
    expect(b.provider.kubernetes[0].exec).toEqual([
      { api_version: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token"] },
    ]);
    expect(JSON.stringify(b)).not.toContain('token":');
  });
});

describe("Terraform template escaping", () => {
  it("escapes literal ${ and %{ but keeps cdktf tokens", () => {
    expect(escapeTerraformTemplate("a ${env:X} %{if} ${TfToken[TOKEN.1]}")).toBe("a $${env:X} %%{if} ${TfToken[TOKEN.1]}");
  });

  it("Grafana's derived-field link (${__value.raw}) reaches Grafana unevaluated", () => {
    const json = synthAlone(
      (s) =>
        new KubePrometheus(s, "metrics", {
          ...kubePrometheusProps,
          grafana: { ...kubePrometheusProps.grafana, dataSources: [lokiDataSource("http://loki")] },
        }),
    );
    const raw: string = releases(json)[1].values[0];
    // Terraform turns "$$${" into "$${", and Grafana's provisioning turns "$$" into a literal "$": the data source
    // ends up with ${__value.raw}, not with an (empty) environment variable of that name.
    expect(raw).toContain("url: $$${__value.raw}");
    expect(raw).not.toMatch(/(?<!\$)\$\{__value/);
  });
});
