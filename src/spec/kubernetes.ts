import { z } from "zod";
import { DEFAULT_KUBECONFIG_PATH } from "../model/kubernetes";
import { databaseSchema } from "./databases";
import type { EnvironmentSpec } from "./environment";
import { grafanaSsoSchema } from "./grafana-sso";
import { dnsLabelSchema, dnsSubdomainSchema, durationWithin, secretDataKeySchema } from "./primitives";
import { volumeSizeSchema } from "./quantity";
import { type SecretRef, secretRefCloud, secretRefSchema } from "./secret-ref";

export const kubeconfigConnectionSchema = z.strictObject({
  type: z.literal("kubeconfig"),
  /** @default "~/.kube/config" */
  configPath: z.string().min(1).default(DEFAULT_KUBECONFIG_PATH),
  /** @default - the kubeconfig's current context */
  context: z.string().min(1).optional(),
  /**
   * The control plane serves etcd, scheduler, controller-manager and kube-proxy metrics on addresses Prometheus can
   * reach (a kubeadm cluster configured for it): they are then scraped and alerted on. kind, k3d, minikube and default
   * kubeadm bind them to 127.0.0.1; managed clusters (eks, gke, aks) hide them. @default false
   */
  controlPlaneMetrics: z.boolean().default(false),
});

export const eksConnectionSchema = z.strictObject({
  type: z.literal("eks"),
  /** Resolved through the aws_eks_cluster data source; authentication uses `aws eks get-token` (no token in state). */
  clusterName: z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, "expected an EKS cluster name"),
});

export const gkeConnectionSchema = z.strictObject({
  type: z.literal("gke"),
  /** Resolved through the google_container_cluster data source in the cloud section's project; authentication uses `gke-gcloud-auth-plugin` (no token in state). */
  clusterName: z.string().regex(/^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/, "expected a GKE cluster name"),
  /** Region (regional cluster) or zone (zonal cluster), e.g. "europe-west1". */
  location: z.string().regex(/^[a-z]+-[a-z]+\d+(-[a-z])?$/, 'expected a region or zone such as "europe-west1"'),
});

export const aksConnectionSchema = z.strictObject({
  type: z.literal("aks"),
  /** Resolved through the azurerm_kubernetes_cluster data source; authentication uses `kubelogin` with the Azure CLI login (no token in state). */
  clusterName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,61}[A-Za-z0-9]$/, "expected an AKS cluster name"),
  resourceGroup: z.string().regex(/^[-\w._()]{1,89}[-\w_()]$/, "expected a resource group name"),
});

const secretName = dnsSubdomainSchema("a Kubernetes Secret name");
const awsId = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), `expected an id such as "${prefix}-0123456789abcdef0"`);

export const grafanaSchema = z.strictObject({
  /**
   * Where the admin password comes from: a secret store reference ({ secretsManager }, { ssmParameter },
   * { gcpSecretManager }, { azureKeyVault }, { terraformVariable }) the stack copies into the Secret `grafana-admin`
   * (user `admin`). At most one of `adminPassword` and `adminSecret`.
   * @default - the chart generates a random password on first install and keeps it across upgrades, in the Secret
   *   `kube-prometheus-grafana` (never in Terraform state)
   */
  adminPassword: secretRefSchema.optional(),
  /**
   * An existing Kubernetes Secret in the monitoring namespace with the admin user name and password (a prerequisite
   * of the deploy); never written into values or state. @default - see `adminPassword`
   */
  adminSecret: z
    .strictObject({
      name: secretName,
      /** @default "admin-user" */
      userKey: secretDataKeySchema.default("admin-user"),
      /** @default "admin-password" */
      passwordKey: secretDataKeySchema.default("admin-password"),
    })
    .optional(),
  /** Exposes Grafana through an Ingress with TLS. @default - no ingress (use `kubectl port-forward`) */
  ingress: z
    .strictObject({
      host: z.string().regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/, "expected a DNS host name such as grafana.example.com"),
      /** @default - the cluster's default ingress class */
      className: dnsSubdomainSchema("an IngressClass name").optional(),
      /** Secret holding the certificate (e.g. issued by cert-manager through `annotations`). @default "grafana-tls" */
      tlsSecret: secretName.default("grafana-tls"),
      /**
       * ACM certificate for an AWS Load Balancer Controller ingress (`className: "alb"`): an ALB terminates TLS with
       * ACM only, never with a Kubernetes TLS Secret. Required with "alb". @default - none
       */
      certificateArn: z
        .string()
        .regex(/^arn:aws[\w-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/, "expected an ACM certificate ARN")
        .optional(),
      /** @default {} */
      annotations: z.record(z.string(), z.string()).default({}),
    })
    .optional(),
  /**
   * Sign-in through an OpenID Connect provider, with roles from its groups; needs `ingress` (the provider redirects
   * to https://<host>/login/generic_oauth). With an ingress Grafana also sets Secure, SameSite=Lax cookies and HSTS.
   * @default - no SSO: users sign in with Grafana's own accounts
   */
  sso: grafanaSsoSchema.optional(),
});

export const samplingSchema = z.discriminatedUnion("type", [
  z.strictObject({
    /** Head sampling in the collector: keeps `percent` of traces, decided by trace id. */
    type: z.literal("probabilistic"),
    /** @default 10 */
    percent: z.number().gt(0).max(100).default(10),
  }),
  z.strictObject({
    /** Tail sampling: waits for whole traces, keeps every error and slow trace, plus `percent` of the rest. */
    type: z.literal("tail"),
    /** Share of the remaining traces kept. @default 10 */
    percent: z.number().min(0).max(100).default(10),
    /** Keep every trace with an error span. @default true */
    keepErrors: z.boolean().default(true),
    /**
     * Keep every trace slower than this many milliseconds (the traces dashboard's "Slow traces" table uses the same value).
     * @default - the tightest p99 latency objective of the services, else 1000
     */
    slowerThanMs: z.number().int().positive().optional(),
    /** How long the collector waits for a trace's spans before deciding. @default "10s" */
    decisionWait: durationWithin("1s", "5m", "the collector holds every span of the wait in memory").prefault("10s"),
  }),
]);

const searchCredentials = z.strictObject({
  /** Existing Kubernetes Secret in the monitoring namespace. */
  name: secretName,
  /** @default "username" */
  usernameKey: secretDataKeySchema.default("username"),
  /** @default "password" */
  passwordKey: secretDataKeySchema.default("password"),
});

export const traceStorageSchema = z.discriminatedUnion("type", [
  /** Traces in the Jaeger pod's memory; lost on restart. */
  z.strictObject({
    type: z.literal("memory"),
    /** @default 100000 */
    maxTraces: z.number().int().positive().default(100_000),
  }),
  /** Badger on a persistent volume; retention through Badger's span TTL. One replica. */
  z.strictObject({
    type: z.literal("badger"),
    /** @default "10Gi" */
    size: volumeSizeSchema.default("10Gi"),
  }),
  /** An existing Elasticsearch or OpenSearch cluster. */
  ...(["elasticsearch", "opensearch"] as const).map((type) =>
    z.strictObject({
      type: z.literal(type),
      url: z.url({ protocol: /^https?$/, error: "expected an http(s):// URL" }),
      /** Basic-auth credentials from an existing Kubernetes Secret. @default - no authentication */
      credentialsSecret: searchCredentials.optional(),
    }),
  ),
  /** An Amazon OpenSearch Service domain the stack creates in the given VPC subnets (needs an AWS cloud section). */
  z.strictObject({
    type: z.literal("aws-opensearch"),
    /** Private subnets of the cluster's VPC, one per availability zone (2 or 3). */
    subnetIds: z.array(awsId("subnet")).min(1).max(3),
    /** Security groups that admit HTTPS from the cluster's nodes. */
    securityGroupIds: z.array(awsId("sg")).min(1),
    /** @default "r7g.large.search" */
    instanceType: z
      .string()
      .regex(/^[a-z0-9]+\.[a-z0-9]+\.search$/, 'expected an instance type such as "r7g.large.search"')
      .default("r7g.large.search"),
    /** @default - one data node per subnet */
    instanceCount: z.number().int().min(1).max(20).optional(),
    /** EBS gp3 volume per node. @default 100 */
    volumeSizeGb: z.number().int().min(10).max(16_384).default(100),
  }),
]);

export const tracingSchema = z.strictObject({
  /** @default { type: "probabilistic", percent: 10 } */
  sampling: samplingSchema.default({ type: "probabilistic", percent: 10 }),
  /**
   * Where Jaeger keeps traces (retention: `retention.traces`).
   * @default { type: "badger" } for the small profile; the ha profile requires a durable backend
   */
  storage: traceStorageSchema.optional(),
});

export const kubernetesSchema = z.strictObject({
  connection: z.discriminatedUnion("type", [kubeconfigConnectionSchema, eksConnectionSchema, gkeConnectionSchema, aksConnectionSchema]),
  /** Namespace the monitoring components are installed in. @default "monitoring" */
  namespace: dnsLabelSchema.default("monitoring"),
  /**
   * Revision of the Secrets the stack writes from secret references (write-only `data_wo`: Terraform never stores
   * the values, so it cannot see them change). Increase it after rotating a referenced secret to copy the new values.
   * @default 1
   */
  secretRevision: z
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1)
    .default(1),
  /** Storage class of persistent volumes. @default - the cluster's default storage class */
  storageClass: dnsSubdomainSchema("a StorageClass name").optional(),
  /** Grafana access and credentials. @default { } - a generated admin password, no ingress */
  grafana: grafanaSchema.prefault({}),
  /** OpenTelemetry Collector sampling and Jaeger storage. @default { sampling: probabilistic 10 % } */
  tracing: tracingSchema.prefault({}),
  /** Also remote-write metrics to a managed Prometheus workspace the stack creates (needs a cloud section). @default false */
  managedPrometheus: z.boolean().default(false),
  /** Databases scraped by an in-cluster exporter. @default [] */
  databases: z.array(databaseSchema).default([]),
});

export type KubernetesSpec = z.output<typeof kubernetesSchema>;
export type KubernetesConnectionSpec = KubernetesSpec["connection"];
export type GrafanaSpec = z.output<typeof grafanaSchema>;
export type SamplingSpec = z.output<typeof samplingSchema>;
export type TraceStorageSpec = z.output<typeof traceStorageSchema>;

const DURABLE_TRACE_STORAGE = ["elasticsearch", "opensearch", "aws-opensearch"];

/** Cross-field checks of the Kubernetes section (profile, cloud and storage must agree). */
export function checkKubernetes(env: EnvironmentSpec, ctx: z.RefinementCtx): void {
  const k8s = env.kubernetes;
  if (!k8s) return;
  const storage = k8s.tracing.storage;
  if (env.profile === "ha") {
    if (!env.cloud) {
      ctx.addIssue({
        code: "custom",
        path: ["profile"],
        message: 'the "ha" profile keeps logs (and managed metrics) in object storage the stack creates, which needs a cloud section',
      });
    }
    if (!storage || !DURABLE_TRACE_STORAGE.includes(storage.type)) {
      ctx.addIssue({
        code: "custom",
        path: ["kubernetes", "tracing", "storage"],
        message: `the "ha" profile needs durable trace storage (${DURABLE_TRACE_STORAGE.join(", ")}), received ${storage ? `"${storage.type}"` : "none"}`,
      });
    }
  }
  if (storage?.type === "aws-opensearch" && env.cloud?.provider !== "aws") {
    ctx.addIssue({
      code: "custom",
      path: ["kubernetes", "tracing", "storage", "type"],
      message: `"aws-opensearch" needs a cloud section with provider "aws", received ${env.cloud ? `provider "${env.cloud.provider}"` : "no cloud section"}`,
    });
  }
  if (k8s.managedPrometheus && !env.cloud) {
    ctx.addIssue({
      code: "custom",
      path: ["kubernetes", "managedPrometheus"],
      message: "a managed Prometheus workspace needs a cloud section",
    });
  }
  if (k8s.managedPrometheus && (env.cloud?.provider === "gcp" || env.cloud?.provider === "azure")) {
    ctx.addIssue({
      code: "custom",
      path: ["kubernetes", "managedPrometheus"],
      message: `remote write to a managed Prometheus is supported on AWS only: ${env.cloud.provider === "gcp" ? "Google Cloud Managed Service for Prometheus ingests through its own collectors" : "Azure Monitor managed Prometheus ingests through its own agent or a remote-write sidecar"}, not plain remote write`,
    });
  }
  const ingress = k8s.grafana.ingress;
  if (ingress?.className === "alb" && !ingress.certificateArn) {
    ctx.addIssue({
      code: "custom",
      path: ["kubernetes", "grafana", "ingress", "certificateArn"],
      message: 'required with className "alb": an ALB terminates TLS with an ACM certificate, a Kubernetes TLS Secret never reaches it',
    });
  }
  if (!env.alerting.heartbeat) {
    ctx.addIssue({
      code: "custom",
      path: ["alerting", "heartbeat"],
      message:
        'required with a cluster: the Watchdog needs a dead man\'s switch ({ url: <secret reference> }), or an explicit { disabled: true, reason: "…" }; without one a dead Prometheus or Alertmanager pages no one',
    });
  }
  if (k8s.grafana.adminPassword && k8s.grafana.adminSecret) {
    ctx.addIssue({
      code: "custom",
      path: ["kubernetes", "grafana", "adminPassword"],
      message:
        'expected at most one of "adminPassword" (a secret reference) and "adminSecret" (an existing Kubernetes Secret), received both',
    });
  }
  const sso = k8s.grafana.sso;
  if (sso && !k8s.grafana.ingress) {
    ctx.addIssue({
      code: "custom",
      path: ["kubernetes", "grafana", "sso"],
      message:
        "needs kubernetes.grafana.ingress: the identity provider redirects the browser back to https://<host>/login/generic_oauth, and session cookies are only sent over HTTPS",
    });
  }
  if (sso) {
    const roleOf = new Map<string, string>();
    for (const role of ["admin", "editor", "viewer"] as const) {
      (sso.roles[role] ?? []).forEach((group, i) => {
        const first = roleOf.get(group);
        if (first)
          ctx.addIssue({
            code: "custom",
            path: ["kubernetes", "grafana", "sso", "roles", role, i],
            message: `group "${group}" is also listed under roles.${first}; list each group under one role (a member gets the highest role of their groups)`,
          });
        else roleOf.set(group, role);
      });
    }
  }
  const refs: Array<[readonly (string | number)[], SecretRef | undefined]> = [
    [["kubernetes", "grafana", "adminPassword"], k8s.grafana.adminPassword],
    [["kubernetes", "grafana", "sso", "clientSecret"], sso?.clientSecret],
    ...k8s.databases.map((db, i): [readonly (string | number)[], SecretRef | undefined] => [
      ["kubernetes", "databases", i, "password"],
      db.password,
    ]),
  ];
  for (const [path, ref] of refs) {
    if (!ref) continue;
    const needs = secretRefCloud(ref);
    if (needs && env.cloud?.provider !== needs) {
      ctx.addIssue({
        code: "custom",
        path: [...path],
        message: `this reference needs a cloud section with provider "${needs}"; use { terraformVariable } instead`,
      });
    }
  }
  const seen = new Map<string, number>();
  const servers = new Map<string, number>();
  k8s.databases.forEach((db, i) => {
    const first = seen.get(db.name);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["kubernetes", "databases", i, "name"],
        message: `duplicate database name "${db.name}" (also at kubernetes.databases[${first}])`,
      });
    } else seen.set(db.name, i);
    // Two exporters on one server scrape the same metrics twice under different names: every alert fires twice.
    const server = `${db.engine}://${db.host.toLowerCase()}:${db.port}`;
    const same = servers.get(server);
    if (same !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["kubernetes", "databases", i, "host"],
        message: `duplicate database server ${server} (also at kubernetes.databases[${same}]): both exporters would report the same server, and its alerts would fire twice`,
      });
    } else servers.set(server, i);
  });
}
