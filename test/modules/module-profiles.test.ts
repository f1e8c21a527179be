import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { alloyLogsValues } from "../../modules/alloy";
import { databaseExporterValues } from "../../modules/database-exporter";
import { kubePrometheusValues } from "../../modules/kube-prometheus";
import { KubernetesProviders } from "../../modules/kubernetes-providers";
import { lokiValues } from "../../modules/loki";
import { otelCollectorValues } from "../../modules/otel-collector";
import { PROFILES, profileSizing } from "../../src";

// biome-ignore lint/suspicious/noExplicitAny: Helm values are untyped
type Values = Record<string, any>;
const grafana = { adminSecret: { name: "grafana-admin", userKey: "user", passwordKey: "password" } };

describe("Helm modules used alone", () => {
  it("KubePrometheus needs no replica counts or resources: the small profile by default, ha on request", () => {
    const small = kubePrometheusValues({ namespace: "monitoring", retention: "15d", grafana }) as Values;
    expect(small.prometheus.prometheusSpec.replicas).toBe(1);
    expect(small.prometheus.prometheusSpec.resources).toEqual(PROFILES.small.prometheus.resources);
    expect(small.alertmanager.alertmanagerSpec.replicas).toBe(1);
    const ha = kubePrometheusValues({ namespace: "monitoring", retention: "15d", grafana, profile: "ha" }) as Values;
    expect(ha.prometheus.prometheusSpec.replicas).toBe(PROFILES.ha.prometheus.replicas);
    expect(ha.alertmanager.alertmanagerSpec.replicas).toBe(PROFILES.ha.alertmanager.replicas);
    expect(ha.prometheus.prometheusSpec.resources).toEqual(PROFILES.ha.prometheus.resources);
    // What the props give wins over the profile.
    const custom = kubePrometheusValues({
      namespace: "monitoring",
      retention: "15d",
      grafana,
      profile: "ha",
      prometheus: { ...PROFILES.ha.prometheus, replicas: 4 },
    }) as Values;
    expect(custom.prometheus.prometheusSpec.replicas).toBe(4);
  });

  it("Loki, Alloy, the collector and the exporters size themselves from the profile", () => {
    const loki = lokiValues({ namespace: "monitoring", retentionPeriod: "168h" }) as Values;
    expect(loki.deploymentMode).toBe("Monolithic");
    expect(loki.singleBinary.resources).toEqual(PROFILES.small.loki.resources);
    expect(loki.singleBinary.persistence.size).toBe(`${PROFILES.small.loki.storageGi}Gi`);
    expect((alloyLogsValues({ namespace: "monitoring", pushUrl: "http://loki/loki/api/v1/push" }) as Values).alloy.resources).toEqual(
      PROFILES.small.alloy.resources,
    );
    const collector = otelCollectorValues({
      namespace: "monitoring",
      tracesEndpoint: "jaeger:4317",
      sampling: { type: "probabilistic", percent: 10 },
      profile: "ha",
    }) as Values;
    expect(collector.replicaCount).toBe(PROFILES.ha.collector.replicas);
    expect(collector.resources).toEqual(PROFILES.ha.collector.resources);
    const exporter = databaseExporterValues({
      namespace: "monitoring",
      name: "orders",
      engine: "postgres",
      host: "db",
      port: 5432,
      user: "monitoring",
      passwordSecret: { name: "orders-db", key: "password" },
    } as never) as Values;
    expect(exporter.resources).toEqual(PROFILES.small.exporter.resources);
    expect(profileSizing({ ...PROFILES.small, highAvailability: true }).highAvailability).toBe(true);
  });

  it("KubernetesProviders defaults to the kubeconfig the spec defaults to", () => {
    const stack = new TerraformStack(Testing.app(), "providers");
    new KubernetesProviders(stack, "cluster");
    const json = JSON.parse(Testing.synth(stack));
    expect(json.provider.kubernetes[0].config_path).toBe("~/.kube/config");
    expect(json.provider.helm[0].kubernetes.config_path).toBe("~/.kube/config");
  });
});
