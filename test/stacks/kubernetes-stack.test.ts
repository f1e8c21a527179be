import { beforeAll, describe, expect, it } from "vitest";
import { renderArtifacts } from "../../src/render/artifacts";
import { checkEnvironment, resolveEnvironment } from "../../src/spec";
import { inClusterEndpoints } from "../../stacks/kubernetes-stack";
import { bundled, helmValues, resourcesOf, synthEnvironment, synthEnvironments, type TerraformJson } from "../support/synth";

let stacks: Record<string, TerraformJson>;

beforeAll(() => {
  stacks = synthEnvironments((["dev", "staging", "prod"] as const).map((n) => resolveEnvironment(bundled(n))));
});

const release = (stack: TerraformJson, name: string): TerraformJson => {
  const found = resourcesOf(stack, "helm_release").find((r) => r.name === name);
  if (!found) throw new Error(`no release ${name}`);
  return found;
};
const values = (stack: TerraformJson, name: string): TerraformJson => helmValues(release(stack, name));
const ROLE_TRUST = (stack: TerraformJson, serviceAccount: string): TerraformJson | undefined =>
  Object.values(stack.data.aws_iam_policy_document as Record<string, TerraformJson>).find((d) =>
    d.statement[0].condition?.some((c: TerraformJson) => c.values.includes(`system:serviceaccount:monitoring:${serviceAccount}`)),
  );

describe("the in-cluster stack of the bundled environments", () => {
  it.each(["dev", "staging", "prod"])("%s installs metrics, logs, traces and database exporters from pinned charts", (env) => {
    const charts = resourcesOf(stacks[env], "helm_release").map((r) => `${r.chart}@${r.version}`);
    for (const chart of [
      "kube-prometheus-stack@88.5.3",
      "prometheus-operator-crds@31.0.1",
      "loki@18.11.0",
      "alloy@1.11.1",
      "jaeger@4.11.1",
      "opentelemetry-collector@0.170.0",
      "prometheus-postgres-exporter@8.2.0",
    ]) {
      expect(charts).toContain(chart);
    }
    // The first release creates (or adopts) the namespace: test/stacks/fresh-cluster.test.ts.
    expect(resourcesOf(stacks[env], "helm_release").find((r) => r.name === "prometheus-operator-crds")).toMatchObject({
      namespace: "monitoring",
      create_namespace: true,
    });
  });

  it("dev has the small shape: single replicas, Loki Monolithic on the filesystem, Jaeger on Badger, no cloud", () => {
    const dev = stacks.dev;
    const kps = values(dev, "kube-prometheus-stack");
    expect(kps.prometheus.prometheusSpec.replicas).toBe(1);
    expect(kps.alertmanager.alertmanagerSpec.replicas).toBe(1);
    expect(kps.prometheus.podDisruptionBudget.enabled).toBe(false);
    expect(kps.prometheus.prometheusSpec.retention).toBe("3d");
    // kind binds etcd, scheduler and controller-manager metrics to 127.0.0.1: not scraped (test/charts/prometheus.test.ts).
    expect(kps.kubeEtcd.enabled).toBe(false);
    const loki = values(dev, "loki");
    expect(loki).toMatchObject({ deploymentMode: "Monolithic", singleBinary: { replicas: 1 }, loki: { storage: { type: "filesystem" } } });
    expect(loki.loki.limits_config.retention_period).toBe("72h");
    expect(values(dev, "jaeger").userconfig.extensions.jaeger_storage.backends.traces.badger.ttl.spans).toBe("24h");
    expect(resourcesOf(dev, "kubernetes_persistent_volume_claim_v1")).toHaveLength(1);
    expect(resourcesOf(dev, "aws_s3_bucket")).toHaveLength(0);
    expect(values(dev, "mysql-exporter-catalog").mysql.existingPasswordSecret).toEqual({ name: "catalog-db-monitoring", key: "password" });
  });

  it("dev reaches its cluster through the kubeconfig context", () => {
    expect(stacks.dev.provider.helm[0].kubernetes).toEqual({ config_path: "~/.kube/config", config_context: "kind-monitoring-dev" });
    expect(stacks.dev.provider.kubernetes[0]).toEqual({ config_path: "~/.kube/config", config_context: "kind-monitoring-dev" });
  });

  it("prod and staging reach EKS with exec authentication (aws eks get-token), never a static token", () => {
    for (const env of ["prod", "staging"]) {
      const helm = stacks[env].provider.helm[0].kubernetes;
      expect(helm.host).toMatch(/^\$\{data\.aws_eks_cluster\.[\w-]+\.endpoint\}$/);
      expect(helm.cluster_ca_certificate).toMatch(/^\$\{base64decode\(data\.aws_eks_cluster\./);
      expect(helm.exec).toEqual({
        api_version: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", `shop-${env}`, "--region", "eu-west-1", "--output", "json"],
      });
      expect(helm.token).toBeUndefined();
      expect(stacks[env].provider.kubernetes[0].exec[0].command).toBe("aws");
      expect(values(stacks[env], "kube-prometheus-stack").kubeControllerManager.enabled).toBe(false); // managed control plane
    }
  });

  it("prod has the ha shape: replicated Prometheus and Alertmanager with PDBs and hard anti-affinity", () => {
    const kps = values(stacks.prod, "kube-prometheus-stack");
    expect(kps.prometheus.prometheusSpec).toMatchObject({ replicas: 2, podAntiAffinity: "hard", retention: "30d", retentionSize: "90GB" });
    expect(kps.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec).toMatchObject({
      storageClassName: "gp3",
      resources: { requests: { storage: "113Gi" } },
    });
    expect(kps.alertmanager.alertmanagerSpec).toMatchObject({ replicas: 3, podAntiAffinity: "hard" });
    expect(kps.prometheus.podDisruptionBudget.enabled).toBe(true);
    expect(kps.alertmanager.podDisruptionBudget.enabled).toBe(true);
  });

  it("prod keeps logs in Loki Distributed on an S3 bucket whose chunks expire a week after the log retention", () => {
    const loki = values(stacks.prod, "loki");
    expect(loki.deploymentMode).toBe("Distributed");
    expect(loki.singleBinary.replicas).toBe(0);
    expect(loki.ingester.replicas).toBe(3);
    expect(loki.loki.commonConfig.replication_factor).toBe(3);
    expect(loki.loki.storage.bucketNames.chunks).toMatch(/^\$\{aws_s3_bucket\.[\w-]+\.bucket\}$/);
    expect(loki.loki.compactor.delete_request_store).toBe("s3");
    // The lifecycle of the bucket Loki's values name (prod also has the audit trail's bucket).
    const lokiBucket = /^\$\{(aws_s3_bucket\.[\w-]+)\.bucket\}$/.exec(loki.loki.storage.bucketNames.chunks)?.[1] ?? "";
    const lifecycle = resourcesOf(stacks.prod, "aws_s3_bucket_lifecycle_configuration").find((l) =>
      String(l.bucket).startsWith(`\${${lokiBucket}.`),
    );
    // Longer than Loki's retention (its docs require it), chunks only: test/charts/loki.test.ts.
    expect(lifecycle?.rule[0]).toMatchObject({ filter: [{ prefix: "fake/" }], expiration: [{ days: 97 }] });
    expect(resourcesOf(stacks.prod, "aws_s3_bucket_public_access_block")[0].restrict_public_buckets).toBe(true);
  });

  it("prod's Loki assumes an IRSA role trusted only by Loki's service account", () => {
    const trust = ROLE_TRUST(stacks.prod, "loki");
    expect(trust?.statement[0].actions).toEqual(["sts:AssumeRoleWithWebIdentity"]);
    const roles = stacks.prod.resource.aws_iam_role as Record<string, TerraformJson>;
    const [lokiRoleId] = Object.entries(roles).find(([, r]) => r.name === "prod-monitoring-loki") ?? [];
    expect(values(stacks.prod, "loki").serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toBe(`\${aws_iam_role.${lokiRoleId}.arn}`);
  });

  it("prod remote-writes to a managed Prometheus workspace with SigV4 and its own IRSA role", () => {
    const spec = values(stacks.prod, "kube-prometheus-stack").prometheus;
    expect(spec.prometheusSpec.remoteWrite).toEqual([
      {
        url: expect.stringMatching(/^\$\{aws_prometheus_workspace\.[\w-]+\.prometheus_endpoint\}api\/v1\/remote_write$/),
        sigv4: { region: "eu-west-1" },
      },
    ]);
    expect(spec.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(/aws_iam_role\./);
    expect(ROLE_TRUST(stacks.prod, "kube-prometheus-prometheus")).toBeDefined();
  });

  it("prod keeps traces in an encrypted OpenSearch domain in its VPC, with index cleanup at the trace retention", () => {
    const [domain] = resourcesOf(stacks.prod, "aws_opensearch_domain");
    expect(domain.vpc_options.subnet_ids).toHaveLength(3);
    expect(domain.encrypt_at_rest.enabled).toBe(true);
    const jaeger = values(stacks.prod, "jaeger");
    expect(jaeger.userconfig.extensions.jaeger_storage.backends.traces.opensearch.server_urls).toEqual([
      expect.stringMatching(/^https:\/\/\$\{aws_opensearch_domain\./),
    ]);
    expect(jaeger.esIndexCleaner).toMatchObject({ enabled: true, numberOfDays: 14 });
    expect(values(stacks.prod, "otel-collector").config.processors.tail_sampling).toBeDefined();
  });

  it("Grafana is wired to Loki, Jaeger and (on AWS) CloudWatch with read-only IRSA, credentials from a Secret, anonymous off", () => {
    const grafana = values(stacks.prod, "kube-prometheus-stack").grafana;
    expect(grafana.additionalDataSources.map((d: TerraformJson) => d.type)).toEqual(["loki", "jaeger", "cloudwatch"]);
    // No password in the values: the chart generates one into its own Secret (test/stacks/fresh-cluster.test.ts).
    expect(grafana.admin).toBeUndefined();
    expect(grafana.adminPassword).toBeUndefined();
    expect(grafana["grafana.ini"]["auth.anonymous"].enabled).toBe(false);
    // An ALB: ACM certificate, pod-IP targets, HTTPS, internal unless the spec's annotations say otherwise; no TLS Secret.
    expect(grafana.ingress).toMatchObject({
      enabled: true,
      ingressClassName: "alb",
      hosts: ["grafana.prod.example.com"],
      annotations: {
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/scheme": "internal",
        "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
        "alb.ingress.kubernetes.io/certificate-arn": expect.stringMatching(/^arn:aws:acm:eu-west-1:123456789012:certificate\//),
      },
    });
    expect(grafana.ingress.tls).toBeUndefined();
    const alb = bundled("prod");
    delete (alb.kubernetes as { grafana: { ingress: { certificateArn?: string } } }).grafana.ingress.certificateArn;
    const problems = checkEnvironment(alb);
    expect(problems.ok ? [] : problems.problems.map((p) => `${p.path}: ${p.message}`)).toContain(
      'kubernetes.grafana.ingress.certificateArn: required with className "alb": an ALB terminates TLS with an ACM certificate, a Kubernetes TLS Secret never reaches it',
    );
    expect(grafana.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(/aws_iam_role\./);
    const permissions = Object.values(stacks.prod.data.aws_iam_policy_document as Record<string, TerraformJson>).find(
      (d) => d.statement[0].sid === "ReadMetrics",
    );
    const actions: string[] = permissions?.statement.flatMap((s: TerraformJson) => s.actions) ?? [];
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => /:(Describe|Get|List|StartQuery|StopQuery)/.test(a))).toBe(true);
    expect(values(stacks.dev, "kube-prometheus-stack").grafana.additionalDataSources.map((d: TerraformJson) => d.type)).toEqual([
      "loki",
      "jaeger",
    ]);
  });

  it("no secret value and no unescaped template in any Helm values", () => {
    for (const [env, stack] of Object.entries(stacks)) {
      for (const r of resourcesOf(stack, "helm_release")) {
        for (const text of r.values as string[]) {
          expect(text, `${env} ${r.name}`).not.toMatch(/adminPassword|secretAccessKey|accessKeyId:\s*\S|password:\s*(?!\$\$\{env:)\S/);
          // Every ${ is either escaped ($${) or a reference to a resource or data source of the stack.
          for (const match of text.matchAll(/(?<!\$)\$\{([^}]*)\}/g)) {
            expect(match[1], `${env} ${r.name}`).toMatch(/^(aws_|data\.|kubernetes_|base64decode)/);
          }
        }
      }
    }
  });

  it("applications' pods are scraped through PodMonitors selected by their labels", () => {
    const monitors = values(stacks.prod, "kube-prometheus-stack").prometheus.additionalPodMonitors;
    expect(monitors.map((m: TerraformJson) => m.name)).toEqual(["checkout", "catalog", "jaeger"]);
    expect(monitors[0]).toMatchObject({
      namespaceSelector: { matchNames: ["shop"] },
      selector: { matchLabels: { "app.kubernetes.io/name": "checkout" } },
      podMetricsEndpoints: [{ port: "http-metrics", path: "/metrics", interval: "30s" }],
    });
  });

  it("scrapes Jaeger's own telemetry port from the all-in-one pods, as the job JaegerDown selects", () => {
    const monitors = values(stacks.prod, "kube-prometheus-stack").prometheus.additionalPodMonitors;
    const jaeger = monitors.find((m: TerraformJson) => m.name === "jaeger");
    const jaegerRelease = values(stacks.prod, "jaeger");
    // The port is the one Jaeger's own configuration serves its metrics on.
    const reader = jaegerRelease.userconfig.service.telemetry.metrics.readers[0].pull.exporter.prometheus;
    expect(jaeger.podMetricsEndpoints[0]).toMatchObject({ portNumber: reader.port, path: "/metrics" });
    expect(jaeger.namespaceSelector.matchNames).toEqual(["monitoring"]);
    // The chart labels its pods with the release name (jaeger) and the all-in-one component; fullnameOverride does not change them.
    expect(jaeger.selector.matchLabels).toEqual({
      "app.kubernetes.io/name": "jaeger",
      "app.kubernetes.io/instance": release(stacks.prod, "jaeger").name,
      "app.kubernetes.io/component": "all-in-one",
    });
    const rule = renderArtifacts(resolveEnvironment(bundled("prod")))
      .prometheusRules.monitoring.groups.flatMap((g: TerraformJson) => g.rules)
      .find((r: TerraformJson) => r.alert === "JaegerDown");
    // The replica warning (labelled with the pod's node) and the majority page both select the job.
    expect(rule.expr).toContain(`up{job=~"${jaeger.podMetricsEndpoints[0].relabelings[0].replacement}"} == 0`);
  });

  it("exports the in-cluster URLs other components send to", () => {
    expect(inClusterEndpoints("monitoring")).toMatchObject({
      alertmanager: "http://kube-prometheus-alertmanager.monitoring.svc:9093",
      prometheus: "http://kube-prometheus-prometheus.monitoring.svc:9090",
      otlpGrpc: "http://otel-collector.monitoring.svc:4317",
      lokiPush: "http://loki-gateway.monitoring.svc/loki/api/v1/push",
    });
    expect(values(stacks.prod, "loki").loki.rulerConfig.alertmanager_url).toBe("http://kube-prometheus-alertmanager.monitoring.svc:9093");
  });

  it("an existing Elasticsearch with credentials from a Secret replaces the domain", () => {
    const prod = bundled("prod");
    const k8s = prod.kubernetes as Record<string, unknown>;
    prod.kubernetes = {
      ...k8s,
      tracing: { storage: { type: "elasticsearch", url: "https://es.internal:9200", credentialsSecret: { name: "es-jaeger" } } },
    } as never;
    const stack = synthEnvironment(prod);
    expect(resourcesOf(stack, "aws_opensearch_domain")).toHaveLength(0);
    expect(values(stack, "jaeger").jaeger.extraEnv.map((e: TerraformJson) => e.valueFrom.secretKeyRef)).toEqual([
      { name: "es-jaeger", key: "username" },
      { name: "es-jaeger", key: "password" },
    ]);
  });
});

describe("per-stream log retention", () => {
  it("renders the spec's stream overrides into Loki's retention_stream, first listed wins", () => {
    const stack = synthEnvironment(bundled("prod"));
    const loki = helmValues(resourcesOf(stack, "helm_release").find((r) => r.chart === "loki") as TerraformJson);
    expect(loki.loki.limits_config.retention_period).toBe("2160h");
    expect(loki.loki.limits_config.retention_stream).toEqual([
      { selector: '{level="debug"}', priority: 2, period: "72h" },
      { selector: '{namespace="kube-system"}', priority: 1, period: "336h" },
    ]);
  });

  it("rejects a selector that is not a stream selector", () => {
    const input = bundled("dev");
    input.retention = { ...input.retention, logStreams: [{ selector: "namespace=debug", period: "1d" }] };
    const result = checkEnvironment(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ path: "retention.logStreams[0].selector" });
  });
});
