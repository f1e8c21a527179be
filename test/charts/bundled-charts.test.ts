import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { LOCAL_CHARTS } from "../../src/catalog/charts";
import { type Prerequisite, prerequisites } from "../../src/render/prerequisites";
import { resolveEnvironment } from "../../src/spec";
import {
  chartArchive,
  chartsDir,
  HelmRenderError,
  helmAvailability,
  inCI,
  pinnedCharts,
  type RenderedRelease,
  releasesOf,
  renderRelease,
  renderStack,
  resolveInterpolations,
} from "../support/helm";
import { ROOT } from "../support/run";
import { synthEnvironments } from "../support/synth";
import { alertmanagerTool, realTool } from "../support/tools";
import { bundledSpec, bundledStacks, renderBundled } from "./bundled";
import { deployGraphFindings } from "./checks/deploy-graph";
import { checkEmbeddedConfigs, embeddedConfigFindings } from "./checks/embedded-config";
import { endpointFindings } from "./checks/endpoints";
import { type CheckName, type Finding, findingText } from "./checks/finding";
import { MODELS_VERSION, schemaFindings } from "./checks/schema";
import { valuesReachFindings } from "./checks/values-reach";
import { KNOWN_DEFECTS } from "./known-defects";

/**
 * Every helm_release of every bundled environment, rendered once with the real helm and the pinned charts, then
 * checked as objects. Each check is shown to fail on a broken example; findings in the bundled environments must
 * match test/charts/known-defects.ts exactly (issue #14 fixes them and deletes the entries).
 */
const helm = helmAvailability();
const ENVS = Object.keys(BUNDLED_ENVIRONMENTS) as (keyof typeof BUNDLED_ENVIRONMENTS)[];

function prerequisitesOf(env: keyof typeof BUNDLED_ENVIRONMENTS): Prerequisite[] {
  return prerequisites(bundledSpec(env));
}

/** Findings of one check against the known-defects list: nothing unlisted, nothing listed that no longer occurs. */
function expectOnlyKnownDefects(check: CheckName, findings: readonly Finding[]): void {
  const found = findings.map(findingText);
  const known = KNOWN_DEFECTS.filter((d) => d.check === check).map((d) => findingText(d));
  expect(
    found.filter((f) => !known.includes(f)),
    "new findings (fix them; see test/charts/known-defects.ts)",
  ).toEqual([]);
  expect(
    known.filter((k) => !found.includes(k)),
    "fixed defects: delete their entries from test/charts/known-defects.ts",
  ).toEqual([]);
}

describe("pinned charts", () => {
  it("every chart a bundled stack installs is pinned in src/catalog/charts.ts (or is a chart folder of the project)", () => {
    const pinned = new Set([...pinnedCharts(), ...Object.values(LOCAL_CHARTS)].map((p) => `${p.chart}-${p.version}`));
    for (const stack of Object.values(bundledStacks())) {
      for (const release of releasesOf(stack)) expect(pinned, release.id).toContain(`${release.chart}-${release.version}`);
    }
  });

  it.skipIf(!existsSync(chartsDir()) && !inCI())("every pinned chart version has its archive in the charts folder", () => {
    const missing = pinnedCharts()
      .map((pin) => chartArchive(pin))
      .filter((file) => !existsSync(file));
    expect(missing, "run scripts/pull-charts.sh into MONITORING_CHARTS_DIR").toEqual([]);
  });

  it("scripts/pull-charts.sh runs helm pull for every pinned chart the folder lacks, from its repository", () => {
    const dir = mkdtempSync(join(tmpdir(), "pull-charts-"));
    try {
      // A helm that records its arguments; the first pinned archive is already there.
      mkdirSync(join(dir, "bin"));
      writeFileSync(join(dir, "bin", "helm"), `#!/bin/sh\necho "$*" >> "${dir}/calls"\n`, { mode: 0o755 });
      mkdirSync(join(dir, "charts"));
      const [first, ...rest] = pinnedCharts();
      writeFileSync(join(dir, "charts", `${first.chart}-${first.version}.tgz`), "");
      const run = spawnSync("bash", ["scripts/pull-charts.sh", join(dir, "charts")], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, PATH: `${join(dir, "bin")}:${process.env.PATH}` },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(readFileSync(join(dir, "calls"), "utf8").trim().split("\n")).toEqual(
        rest.map((p) => `pull ${p.chart} --repo ${p.repository} --version ${p.version} --destination ${join(dir, "charts")}`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("replaces each Terraform reference in Helm values by one helper: the stack's own Kubernetes names, typed placeholders, escapes", () => {
    const stack = { resource: { kubernetes_secret_v1: { admin: { metadata: { name: "grafana-admin" } } } } };
    expect(
      resolveInterpolations(
        "secret: ${kubernetes_secret_v1.admin.metadata[0].name}\nrole: ${aws_iam_role.loki.arn}\nbucket: ${aws_s3_bucket.logs.bucket}\nenv: $${env:POD_IP}\n",
        stack,
      ),
    ).toBe("secret: grafana-admin\nrole: arn:aws:iam::123456789012:role/placeholder\nbucket: placeholder-bucket\nenv: ${env:POD_IP}\n");
    expect(() => resolveInterpolations("x: ${aws_s3_bucket.logs.not_an_attribute}", stack)).toThrow(
      /no placeholder for the Terraform attribute/,
    );
    expect(() => resolveInterpolations("x: ${kubernetes_secret_v1.other.metadata[0].name}", stack)).toThrow(/refers to nothing/);
    expect(() => resolveInterpolations('x: ${jsonencode({"a"=1})}', stack)).toThrow(/no placeholder/);
  });

  describe("a charts folder without one pinned archive", () => {
    let folder: string;
    let absent: string;
    beforeAll(() => {
      folder = mkdtempSync(join(tmpdir(), "monitoring-charts-"));
      const [first, ...rest] = pinnedCharts();
      absent = `${first.chart}-${first.version}.tgz`;
      for (const pin of rest) writeFileSync(join(folder, `${pin.chart}-${pin.version}.tgz`), "");
      return () => rmSync(folder, { recursive: true, force: true });
    });
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it("is read from MONITORING_CHARTS_DIR, and outside CI the chart tests skip, naming the archive and the script", () => {
      vi.stubEnv("MONITORING_CHARTS_DIR", folder);
      vi.stubEnv("CI", "");
      expect(chartsDir()).toBe(folder);
      const availability = helmAvailability();
      expect(availability.skip).toBe(true);
      expect(availability.reason).toContain(absent);
      expect(availability.reason).toContain("scripts/pull-charts.sh");
      expect(availability.reason.match(/\.tgz/g)).toHaveLength(1);
    });

    it("fails the run under CI=true", () => {
      vi.stubEnv("MONITORING_CHARTS_DIR", folder);
      vi.stubEnv("CI", "true");
      expect(() => helmAvailability()).toThrow(new RegExp(`missing .*${absent.replaceAll(".", "\\.")}.*CI must provide them`));
    });
  });
});

describe("the Kubernetes schemas", () => {
  it("come from the kubernetes-models release the table of APIs newer than 1.31 was written for (re-check it when upgrading)", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "node_modules", "kubernetes-models", "package.json"), "utf8"));
    expect(
      `${version}.`.startsWith(`${MODELS_VERSION}.`),
      `kubernetes-models ${version}: update GA_AFTER_OLDEST in test/charts/checks/schema.ts`,
    ).toBe(true);
  });
});

describe.skipIf(helm.skip)("bundled environments rendered with the pinned charts", () => {
  let rendered: Record<string, RenderedRelease[]>;
  beforeAll(async () => {
    rendered = await renderBundled();
  }, 300_000);

  describe("helm template", () => {
    it("accepts each release's values (the charts' fail checks and values.schema.json)", () => {
      for (const env of ENVS) {
        expect(rendered[env].map((r) => r.release.id).sort(), env).toEqual(Object.keys(bundledStacks()[env].resource.helm_release).sort());
        for (const r of rendered[env]) {
          // The namespace chart's release exists only to create (or adopt) its namespace: objects there would start
          // before the namespace's Pod Security labels.
          if (r.release.chart === LOCAL_CHARTS.namespace.chart) expect(r.objects, `${env}/${r.release.name} renders nothing`).toEqual([]);
          else expect(r.objects.length, `${env}/${r.release.name} renders objects`).toBeGreaterThan(0);
        }
      }
    });

    it("fails a release whose values a chart's fail check refuses, with helm's message", async () => {
      const loki = releasesOf(bundledStacks().prod).find((r) => r.chart === "loki");
      if (!loki) throw new Error("prod has no Loki release");
      // Object storage without its bucket names.
      const broken = { ...loki, values: [...loki.values, "loki:\n  storage:\n    bucketNames: null\n"] };
      await expect(renderRelease(broken)).rejects.toThrow(HelmRenderError);
      await expect(renderRelease(broken)).rejects.toThrow(/bucket/i);
    });

    it("fails a value outside a chart's values.schema.json", async () => {
      const collector = releasesOf(bundledStacks().dev).find((r) => r.chart === "opentelemetry-collector");
      if (!collector) throw new Error("dev has no collector release");
      const broken = { ...collector, values: [...collector.values, "notAValueOfThisChart: true\n"] };
      await expect(renderRelease(broken)).rejects.toThrow(/notAValueOfThisChart|additional propert/i);
    });
  });

  describe("deploy graph: everything a workload refers to is created by the stack or a listed prerequisite", () => {
    it("holds for every bundled environment, except the known defects", () => {
      expectOnlyKnownDefects(
        "deploy-graph",
        ENVS.flatMap((env) => deployGraphFindings(env, bundledStacks()[env], rendered[env], prerequisitesOf(env))),
      );
    });

    it("finds a Secret the stack no longer creates", () => {
      const stack = structuredClone(bundledStacks().prod);
      const secrets = stack.resource.kubernetes_secret_v1 as Record<string, { metadata: { name: string } }>;
      const id = Object.keys(secrets).find((k) => secrets[k].metadata.name === "alertmanager-heartbeat");
      if (!id) throw new Error("prod creates no alertmanager-heartbeat Secret");
      delete secrets[id];
      expect(deployGraphFindings("prod", stack, rendered.prod, prerequisitesOf("prod")).map((f) => f.message)).toContain(
        "Secret monitoring/alertmanager-heartbeat (spec.secrets of Alertmanager/monitoring/kube-prometheus-alertmanager) is neither created by the stack nor a listed prerequisite",
      );
    });

    it("finds a user's Secret missing from the prerequisites, and a key the prerequisite lacks", () => {
      const without = prerequisitesOf("dev").filter((p) => p.name !== "catalog-db-monitoring");
      expect(
        deployGraphFindings("dev", bundledStacks().dev, rendered.dev, without)
          .map((f) => f.message)
          .join("\n"),
      ).toMatch(
        /Secret monitoring\/catalog-db-monitoring key password \(.*mysql-exporter-catalog.*\) is neither created by the stack nor a listed prerequisite/,
      );
      const wrongKey = prerequisitesOf("dev").map((p) => (p.name === "orders-db-monitoring" ? { ...p, keys: ["pass"] } : p));
      expect(deployGraphFindings("dev", bundledStacks().dev, rendered.dev, wrongKey).map((f) => f.message)).toContain(
        "Secret monitoring/orders-db-monitoring key password (env secretKeyRef of Deployment/monitoring/postgres-exporter-orders-prometheus-postgres-exporter): the prerequisite lists keys pass",
      );
    });

    it("finds every other way a workload refers to something missing: pull secret, projected volume, envFrom, account, classes", () => {
      const stack = structuredClone(bundledStacks().prod);
      const releases = rendered.prod.map((r) => ({
        ...r,
        objects: r.objects.map((o) => {
          if (o.kind === "Ingress") return { ...o, spec: { ...o.spec, ingressClassName: "nginx" } };
          if (o.kind !== "Deployment" || o.metadata.name !== "jaeger") return o;
          const copy = structuredClone(o);
          const pod = copy.spec.template.spec;
          pod.imagePullSecrets = [{ name: "registry-credentials" }];
          pod.priorityClassName = "monitoring-critical";
          pod.serviceAccountName = "jaeger-ghost";
          pod.volumes = [
            ...(pod.volumes ?? []),
            { name: "token", projected: { sources: [{ secret: { name: "projected-token" } }] } },
            { name: "cache", persistentVolumeClaim: { claimName: "jaeger-cache" } },
          ];
          pod.containers[0].envFrom = [{ configMapRef: { name: "jaeger-env" } }];
          return copy;
        }),
      }));
      // A claim the stack creates itself, with a class nobody lists.
      const claims = stack.resource.kubernetes_persistent_volume_claim_v1 ?? {};
      stack.resource.kubernetes_persistent_volume_claim_v1 = {
        ...claims,
        broken: { metadata: { name: "broken", namespace: "monitoring" }, spec: { storage_class_name: "fast-ssd" } },
      };
      const messages = deployGraphFindings("prod", stack, releases, prerequisitesOf("prod")).map((f) => f.message);
      const jaeger = "Deployment/monitoring/jaeger";
      for (const expected of [
        `Secret monitoring/registry-credentials (imagePullSecrets of ${jaeger})`,
        `Secret monitoring/projected-token (projected volume of ${jaeger})`,
        `ConfigMap monitoring/jaeger-env (envFrom of ${jaeger})`,
        `PersistentVolumeClaim monitoring/jaeger-cache (volume of ${jaeger})`,
        `ServiceAccount monitoring/jaeger-ghost (serviceAccountName of ${jaeger})`,
        `PriorityClass monitoring-critical (priorityClassName of ${jaeger})`,
        "IngressClass nginx (ingressClassName of Ingress/monitoring/kube-prometheus-stack-grafana)",
        "StorageClass fast-ssd (storage_class_name of kubernetes_persistent_volume_claim_v1.broken)",
      ]) {
        expect(messages, expected).toContain(`${expected} is neither created by the stack nor a listed prerequisite`);
      }
    });

    it("finds a namespace a release installs into that nothing creates (the agents' namespace)", () => {
      const stack = structuredClone(bundledStacks().prod);
      // Without the release that creates (or adopts) it.
      for (const [id, release] of Object.entries<{ namespace?: string; create_namespace?: boolean }>(stack.resource.helm_release))
        if (release.namespace === "monitoring-agents" && release.create_namespace) delete stack.resource.helm_release[id];
      expect(deployGraphFindings("prod", stack, rendered.prod, prerequisitesOf("prod")).map((f) => f.message)).toEqual([
        "Namespace monitoring-agents (release alloy-logs installs into it) is neither created by the stack nor a cluster's own",
        "Namespace monitoring-agents (release kube-prometheus-stack installs into it) is neither created by the stack nor a cluster's own",
      ]);
    });

    it("finds a listed prerequisite nothing uses", () => {
      const extra: Prerequisite = { kind: "Secret", name: "unused", namespace: "monitoring", keys: ["x"], why: "test", check: "true" };
      expect(
        deployGraphFindings("dev", bundledStacks().dev, rendered.dev, [...prerequisitesOf("dev"), extra]).map((f) => f.message),
      ).toContain("prerequisite Secret monitoring/unused is listed but nothing refers to it");
    });
  });

  describe("endpoints: every in-cluster address a component reaches (and every scrape target) names a rendered Service and port", () => {
    it("holds for every bundled environment, except the known defects", () => {
      expectOnlyKnownDefects(
        "endpoints",
        ENVS.flatMap((env) => endpointFindings(env, rendered[env])),
      );
    });

    /** dev's rendered releases with one string replaced in every object of the given kind. */
    const edited = (kind: string, from: string, to: string): RenderedRelease[] =>
      rendered.dev.map((r) => ({
        ...r,
        objects: r.objects.map((o) => (o.kind === kind ? JSON.parse(JSON.stringify(o).replaceAll(from, to)) : o)),
      }));

    it("finds a wrong port (the collector exporting to Jaeger on 4316)", () => {
      expect(
        endpointFindings("dev", edited("ConfigMap", "jaeger.monitoring.svc:4317", "jaeger.monitoring.svc:4316")).map((f) => f.message),
      ).toContain(
        "jaeger.monitoring.svc:4316 (ConfigMap/monitoring/otel-collector relay): Service monitoring/jaeger has no port 4316 (has 5775, 5778, 6831, 6832, 9411, 14250, 14267, 14268, 4317, 4318, 16686, 16685, 8888, 8889)",
      );
    });

    it("finds a Service nobody renders and a receiver that is off", () => {
      const messages = endpointFindings(
        "dev",
        edited("ConfigMap", "http://loki-gateway.monitoring.svc", "http://loki-gw.monitoring.svc"),
      ).map((f) => f.message);
      expect(messages).toContain(
        "http://loki-gw.monitoring.svc/loki/api/v1/push (ConfigMap/monitoring-agents/alloy-logs): no Service monitoring/loki-gw is rendered",
      );
      const receiverOff = endpointFindings(
        "dev",
        edited("Prometheus", '"enableRemoteWriteReceiver":true', '"enableRemoteWriteReceiver":false'),
      ).map((f) => f.message);
      expect(receiverOff).toContain(
        "http://prometheus-kube-prometheus-prometheus-0.prometheus-operated.monitoring.svc:9090/api/v1/write (ConfigMap/monitoring/loki): Prometheus kube-prometheus-prometheus does not enable its remote-write receiver",
      );
      const amPort = endpointFindings("dev", edited("Prometheus", '"port":"http-web"', '"port":"web"')).map((f) => f.message);
      expect(amPort.some((m) => m.startsWith("alertmanager monitoring/kube-prometheus-alertmanager:web"))).toBe(true);
    });
    it("finds a scrape port no Service names, a PodMonitor selecting no pod and an Ingress backend on a wrong port (prod)", () => {
      /** prod's rendered releases with one object changed. */
      const changed = (kind: string, name: string, change: (o: RenderedRelease["objects"][number]) => void): RenderedRelease[] =>
        rendered.prod.map((r) => ({
          ...r,
          objects: r.objects.map((o) => {
            if (o.kind !== kind || o.metadata.name !== name) return o;
            const copy = structuredClone(o);
            change(copy);
            return copy;
          }),
        }));
      const messages = (releases: RenderedRelease[]) => endpointFindings("prod", releases).map((f) => f.message);
      expect(
        messages(
          changed("ServiceMonitor", "otel-collector", (o) => {
            o.spec.endpoints[0].port = "metrics-x";
          }),
        ),
      ).toEqual(["ServiceMonitor/monitoring/otel-collector: scrapes port metrics-x, which no selected Service names (otel-collector)"]);
      expect(
        messages(
          changed("PodMonitor", "jaeger", (o) => {
            o.spec.selector = { matchLabels: { app: "nothing" } };
          }),
        ),
      ).toEqual(["PodMonitor/monitoring/jaeger: selects no rendered pod in monitoring"]);
      expect(
        messages(
          changed("Ingress", "kube-prometheus-stack-grafana", (o) => {
            o.spec.rules[0].http.paths[0].backend.service.port = { number: 3000 };
          }),
        ),
      ).toEqual([
        "ingress backend kube-prometheus-stack-grafana:3000 (Ingress/monitoring/kube-prometheus-stack-grafana): Service monitoring/kube-prometheus-stack-grafana has no port 3000 (has 80)",
      ]);
    });

    it("finds a wrong gRPC port and a DNS SRV port name among Loki's component addresses (prod), but not in a disabled section", () => {
      /** prod's rendered releases with one string replaced in the Loki ConfigMap. */
      const lokiEdited = (from: string, to: string): RenderedRelease[] =>
        rendered.prod.map((r) => ({
          ...r,
          objects: r.objects.map((o) =>
            o.kind === "ConfigMap" && o.metadata.name === "loki"
              ? { ...o, data: { ...o.data, "config.yaml": o.data["config.yaml"].replaceAll(from, to) } }
              : o,
          ),
        }));
      expect(
        endpointFindings(
          "prod",
          lokiEdited("loki-compactor.monitoring.svc.cluster.local:9095", "loki-compactor.monitoring.svc.cluster.local:9097"),
        ).map((f) => f.message),
      ).toEqual([
        "loki-compactor.monitoring.svc.cluster.local:9097 (ConfigMap/monitoring/loki): Service monitoring/loki-compactor has no port 9097 (has 3100, 9095, 9096)",
      ]);
      expect(
        endpointFindings("prod", lokiEdited("_memcached-client._tcp.loki-chunks-cache", "_memcached._tcp.loki-chunks-cache")).map(
          (f) => f.message,
        ),
      ).toEqual([
        "dnssrvnoa+_memcached._tcp.loki-chunks-cache.monitoring.svc.cluster.local (ConfigMap/monitoring/loki): Service monitoring/loki-chunks-cache has no port memcached (has 11211, 9150)",
      ]);
      // The bloom planner's address is in the config, but bloom building is off: enabling it without the component is a finding.
      expect(
        endpointFindings("prod", lokiEdited("enabled: false\nbloom_gateway", "enabled: true\nbloom_gateway")).map((f) => f.message),
      ).toEqual([
        "loki-bloom-planner-headless.monitoring.svc.cluster.local:9095 (ConfigMap/monitoring/loki): no Service monitoring/loki-bloom-planner-headless is rendered",
      ]);
    });
  });

  describe("schema: every object validates against Kubernetes 1.31-1.34 and the pinned CRDs", () => {
    it("holds for every bundled environment, except the known defects", async () => {
      const findings = [];
      for (const env of ENVS) findings.push(...(await schemaFindings(env, rendered[env])));
      expectOnlyKnownDefects("schema", findings);
    });

    /** dev's rendered releases with one object of a kind changed. */
    const changed = (kind: string, change: (o: RenderedRelease["objects"][number]) => void): RenderedRelease[] =>
      rendered.dev.map((r) => ({
        ...r,
        objects: r.objects.map((o) => {
          if (o.kind !== kind) return o;
          const copy = structuredClone(o);
          change(copy);
          return copy;
        }),
      }));

    it("finds a field the CRD does not declare (the API server would prune it) and a wrong type", async () => {
      const messages = (
        await schemaFindings(
          "dev",
          changed("Prometheus", (p) => {
            p.spec.retentionTime = "3d";
            p.spec.replicas = "one";
          }),
        )
      ).map((f) => f.message);
      expect(messages).toContain(
        "Prometheus/monitoring/kube-prometheus-prometheus (monitoring.coreos.com/v1): /spec must NOT have additional properties (retentionTime)",
      );
      expect(messages).toContain(
        "Prometheus/monitoring/kube-prometheus-prometheus (monitoring.coreos.com/v1): /spec/replicas must be integer",
      );
    });

    it("finds a built-in object with a wrong type and an API Kubernetes no longer serves", async () => {
      const messages = (
        await schemaFindings(
          "dev",
          changed("Service", (s) => {
            if (s.metadata.name === "jaeger") s.spec.ports[0].port = "http";
          }),
        )
      ).map((f) => f.message);
      expect(messages).toContain("Service/monitoring/jaeger (v1): /spec/ports/0/port must be integer");
      const removedApi = (
        await schemaFindings(
          "dev",
          changed("Role", (role) => {
            role.apiVersion = "rbac.authorization.k8s.io/v1beta1";
          }),
        )
      ).map((f) => f.message);
      expect(
        removedApi.some((m) =>
          m.endsWith("(rbac.authorization.k8s.io/v1beta1): no such GA API in Kubernetes 1.31-1.34 and no CRD for it in the stack"),
        ),
      ).toBe(true);
    });

    it("finds a GA API that the oldest supported Kubernetes (1.31) does not serve", async () => {
      const serviceCidr = {
        apiVersion: "networking.k8s.io/v1",
        kind: "ServiceCIDR",
        metadata: { name: "extra" },
        spec: { cidrs: ["10.200.0.0/16"] },
      };
      const releases = rendered.dev.map((r, i) => (i === 0 ? { ...r, objects: [...r.objects, serviceCidr] } : r));
      expect((await schemaFindings("dev", releases)).map((f) => f.message)).toEqual([
        `ServiceCIDR/${rendered.dev[0].release.namespace}/extra (networking.k8s.io/v1): GA only since Kubernetes 1.33; 1.31, the oldest supported version, does not serve it`,
      ]);
    });
  });

  describe("embedded configuration parses and holds together", () => {
    const promtool = realTool("promtool");
    const amtool = alertmanagerTool("amtool");
    const tools = { promtool: promtool.path, amtool: amtool.path };

    it("holds for every bundled environment, except the known defects", () => {
      // One amtool and one promtool process for the five environments.
      checkEmbeddedConfigs(
        ENVS.map((env) => rendered[env]),
        tools,
      );
      expectOnlyKnownDefects(
        "embedded-config",
        ENVS.flatMap((env) => embeddedConfigFindings(env, bundledStacks()[env], rendered[env], prerequisitesOf(env), tools)),
      );
    });

    /** One environment's rendered releases with every ConfigMap/Secret value of `key` rewritten. */
    const rewritten = (env: string, key: string, change: (text: string) => string): RenderedRelease[] =>
      rendered[env].map((r) => ({
        ...r,
        objects: r.objects.map((o) => {
          const value = o.data?.[key];
          if (typeof value !== "string") return o;
          const secret = o.kind === "Secret";
          const text = change(secret ? Buffer.from(value, "base64").toString("utf8") : value);
          return { ...o, data: { ...o.data, [key]: secret ? Buffer.from(text).toString("base64") : text } };
        }),
      }));
    const messagesOf = (env: "dev" | "prod", releases: RenderedRelease[]) =>
      embeddedConfigFindings(env, bundledStacks()[env], releases, prerequisitesOf(env), tools).map((f) => f.message);

    it("finds a Loki config that does not parse and a collector pipeline naming an undefined exporter", () => {
      const loki = messagesOf(
        "dev",
        rewritten("dev", "config.yaml", (t) => `${t}\nauth_enabled: true\n`),
      );
      expect(loki.some((m) => m.startsWith("ConfigMap/monitoring/loki config.yaml does not parse: Map keys must be unique"))).toBe(true);
      expect(
        messagesOf(
          "dev",
          rewritten("dev", "relay", (t) => t.replace("- otlp_grpc/jaeger", "- otlp_grpc/missing")),
        ),
      ).toContain("ConfigMap/monitoring/otel-collector relay: pipeline traces uses exporters otlp_grpc/missing, which is not defined");
    });

    it("finds a Jaeger pipeline (an OpenTelemetry Collector config) naming an undefined exporter", () => {
      expect(
        messagesOf(
          "dev",
          rewritten("dev", "user-config.yaml", (t) => t.replace("- jaeger_storage_exporter", "- jaeger_storage")),
        ),
      ).toContain("ConfigMap/monitoring/user-config user-config.yaml: pipeline traces uses exporters jaeger_storage, which is not defined");
    });

    it("finds an Alertmanager file whose Secret key does not exist", () => {
      const messages = messagesOf(
        "dev",
        rewritten("dev", "alertmanager.yaml", (t) => t.replace("/alertmanager-slack/webhook-url", "/alertmanager-slack/url")),
      );
      expect(messages).toContain(
        "Secret/monitoring/alertmanager-kube-prometheus-alertmanager alertmanager.yaml: /etc/alertmanager/secrets/alertmanager-slack/url reads key url, which Secret alertmanager-slack does not hold (webhook-url)",
      );
    });

    it.skipIf(amtool.skip)("finds an Alertmanager config amtool rejects", () => {
      const messages = messagesOf(
        "dev",
        rewritten("dev", "alertmanager.yaml", (t) => `${t}\nroute_with_a_typo: {}\n`),
      );
      expect(messages.some((m) => m.includes("fails amtool check-config"))).toBe(true);
    });

    it.skipIf(promtool.skip || amtool.skip)(
      "checked together, refuses a config broken in one environment for that environment only",
      () => {
        const broken = rewritten("staging", "alertmanager.yaml", (t) => `${t}\nroute_with_a_typo: {}\n`).map((r) => ({
          ...r,
          objects: r.objects.map((o) =>
            o.kind === "PrometheusRule"
              ? { ...o, spec: { groups: [{ name: "broken", rules: [{ alert: "Broken", expr: "rate(up[5m]" }] }] } }
              : o,
          ),
        }));
        checkEmbeddedConfigs([rendered.dev, broken, rendered.prod], tools);
        const staging = embeddedConfigFindings("staging", bundledStacks().staging, broken, prerequisitesOf("staging"), tools).map(
          (f) => f.message,
        );
        expect(staging.some((m) => m.includes("fails amtool check-config"))).toBe(true);
        expect(staging.some((m) => m.startsWith("PrometheusRule: promtool check rules:") && m.includes("Broken"))).toBe(true);
        for (const env of ["dev", "prod"] as const)
          expect(
            messagesOf(env, rendered[env]).filter((m) => m.includes("amtool") || m.includes("promtool")),
            env,
          ).toEqual([]);
      },
    );

    it.skipIf(promtool.skip)("finds a PrometheusRule promtool rejects", () => {
      const releases = rendered.dev.map((r) => ({
        ...r,
        objects: r.objects.map((o) =>
          o.kind === "PrometheusRule"
            ? { ...o, spec: { groups: [{ name: "broken", rules: [{ alert: "Broken", expr: "rate(up[5m]" }] }] } }
            : o,
        ),
      }));
      expect(messagesOf("dev", releases).some((m) => m.startsWith("PrometheusRule: promtool check rules:"))).toBe(true);
    });
  });

  describe("values reach fields: each spec setting that feeds a chart changes the rendered field", () => {
    it("holds for every bundled environment, except the known defects", () => {
      expectOnlyKnownDefects(
        "values-reach",
        ENVS.flatMap((env) => valuesReachFindings(env, bundledSpec(env), bundledStacks()[env], rendered[env])),
      );
    });

    it("finds a value the chart ignores: the compactor's flat size and class, where the chart reads persistence.claims", async () => {
      // prod's Loki values as they were before the fix: the flat persistence block the other Loki targets take.
      const releases = await Promise.all(
        rendered.prod.map(async (r) => {
          if (r.release.chart !== "loki") return r;
          const values = r.release.values.map((text) => {
            const doc = parseYaml(text);
            const claim = doc?.compactor?.persistence?.claims?.[0];
            if (!claim) return text;
            doc.compactor.persistence = { enabled: true, size: claim.size, storageClass: claim.storageClass };
            return stringifyYaml(doc);
          });
          if (values.every((v, i) => v === r.release.values[i])) throw new Error("prod's Loki values have no compactor claims");
          return renderRelease({ ...r.release, values });
        }),
      );
      const messages = valuesReachFindings("prod", bundledSpec("prod"), bundledStacks().prod, releases).map((f) => f.message);
      expect(messages).toEqual([
        'kubernetes.storageClass = "gp3" does not reach StatefulSet/loki-compactor volumeClaimTemplates data (rendered (unset))',
        'profile loki.storageGi = "20Gi" does not reach StatefulSet/loki-compactor volumeClaimTemplates data (rendered "10Gi")',
      ]);
    }, 300_000);

    it("follows a changed spec: retention of metrics, logs, log streams and traces, storage class, ingress host and class, sampling", async () => {
      const input = structuredClone(BUNDLED_ENVIRONMENTS.dev);
      input.retention = {
        ...input.retention,
        metrics: "9d",
        logs: "12d",
        traces: "3d",
        logStreams: [{ selector: '{namespace="debug"}', period: "2d" }],
      };
      const k8s = input.kubernetes;
      if (!k8s) throw new Error("dev has a Kubernetes section");
      k8s.storageClass = "fast-ssd";
      k8s.grafana = {
        ...k8s.grafana,
        ingress: {
          host: "grafana.dev.example.com",
          className: "nginx",
          tlsSecret: "grafana-dev-tls",
          annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" },
        },
      };
      k8s.tracing = { ...k8s.tracing, sampling: { type: "probabilistic", percent: 25 } };
      const spec = resolveEnvironment(input);
      const stack = synthEnvironments([spec])[spec.name];
      for (const id of Object.keys(stack.resource.helm_release)) {
        if (!["kube-prometheus-stack", "loki", "opentelemetry-collector", "jaeger"].includes(stack.resource.helm_release[id].chart))
          delete stack.resource.helm_release[id];
      }
      const changed = await renderStack(stack);
      expect(valuesReachFindings("dev", spec, stack, changed)).toEqual([]);
      // The same spec against the bundled render: every changed setting is reported as not reaching its field.
      const stale = valuesReachFindings("dev", spec, stack, rendered.dev).map((f) => f.message);
      for (const setting of [
        'retention.metrics = "9d"',
        'retention.logs = "12d"',
        'retention.traces = "72h"',
        'retention.logStreams {namespace="debug"} = "2d"',
        'kubernetes.storageClass = "fast-ssd"',
        'kubernetes.grafana.ingress.host = "grafana.dev.example.com"',
        'kubernetes.grafana.ingress.className = "nginx"',
        'kubernetes.grafana.ingress.tlsSecret = "grafana-dev-tls"',
        'kubernetes.grafana.ingress.annotations["cert-manager.io/cluster-issuer"] = "letsencrypt"',
        "kubernetes.tracing.sampling.percent = 25",
      ]) {
        expect(
          stale.some((m) => m.startsWith(`${setting} does not reach`)),
          setting,
        ).toBe(true);
      }
    }, 300_000);
  });
});
