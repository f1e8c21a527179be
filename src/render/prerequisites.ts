import { AWS_WATCH_KINDS, type WatchKindRegistry } from "../catalog/cloudwatch/registry";
import type { EnvironmentSpec } from "../spec/environment";
import type { SecretRef } from "../spec/secret-ref";

/**
 * What must exist in the cluster before the stack is applied, because the stack refers to it but does not create it:
 * the Secrets a spec names, the storage class of persistent volumes and the ingress class. Pods that refer to a
 * missing one wait forever (Pending or CreateContainerConfigError) and the helm_release times out. One list per
 * environment: the docs render it, the chart tests check that nothing else is required, `preflight` checks a cluster.
 */
export interface Prerequisite {
  readonly kind:
    | "StateBackend"
    | "Secret"
    | "StorageClass"
    | "IngressClass"
    | "CustomResourceDefinition"
    | "ClusterSetting"
    | "CloudSecret"
    | "AccountSetting";
  /** Name of the object; undefined for "the cluster's default class". */
  readonly name?: string;
  /** Namespace of a Secret; undefined for cluster-scoped kinds. */
  readonly namespace?: string;
  /** Keys a Secret must hold (each read by a component). */
  readonly keys?: readonly string[];
  /** What needs it: the spec field that names it and the component that reads it. */
  readonly why: string;
  /** A shell command that exits non-zero when the prerequisite is missing. */
  readonly check: string;
  /** The CLI the check runs (against the target cluster or the environment's account). @default "kubectl" */
  readonly tool?: "kubectl" | "aws" | "gcloud" | "az";
}

/** The CRDs release of the stack (modules/kube-prometheus): the owner Helm expects on the prometheus-operator CRDs. */
const CRDS_RELEASE = "prometheus-operator-crds";
const PROMETHEUS_CRD = "prometheuses.monitoring.coreos.com";

/** Single-quotes a word for sh (spec names are validated, this keeps the command right for any of them). */
const sq = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * Everything a first deploy needs that the stack does not create, in the order to create them: the state backend
 * (`terraform init` needs it), the objects its workloads refer to (`prerequisites`), then conditions of the cluster
 * and the account: CRD ownership, the cluster's workload identity, secrets in the cloud store the spec references, and
 * account settings the alarms and their delivery rely on. `preflight` checks these; the docs list them.
 */
export function deployPrerequisites(spec: EnvironmentSpec): Prerequisite[] {
  return [
    ...stateBackend(spec),
    ...prerequisites(spec),
    ...crdOwnership(spec),
    ...clusterIdentity(spec),
    ...cloudSecrets(spec),
    ...accountSettings(spec),
  ];
}

/**
 * The remote state backend: Terraform stores state in it but never creates it, so `terraform init` fails on a missing
 * bucket, lock table or container. Local state needs nothing.
 */
function stateBackend(spec: EnvironmentSpec): Prerequisite[] {
  const backend = spec.backend;
  const why = "backend: Terraform keeps this environment's state there and does not create it (terraform init fails without it)";
  switch (backend.type) {
    case "local":
      return [];
    case "s3": {
      const region = backend.region ?? (spec.cloud?.provider === "aws" ? spec.cloud.region : undefined);
      const r = region ? ` --region ${region}` : "";
      // With the lock file alone (the default) the bucket is all; a listed DynamoDB table must exist as well.
      const table = backend.dynamodbTable;
      const lock = table
        ? `; state locks in the DynamoDB table ${table} (partition key LockID)${backend.useLockfile ? " as well as in a lock file beside the state" : ""}`
        : "; state locks in a lock file beside the state (use_lockfile)";
      const tableCheck = table
        ? ` && aws dynamodb describe-table --table-name ${sq(table)}${r} --query Table.TableStatus --output text | grep -qx ACTIVE`
        : "";
      return [
        {
          kind: "StateBackend",
          name: `s3:${backend.bucket}`,
          why: `${why}${lock}`,
          tool: "aws",
          check: `aws s3api head-bucket --bucket ${sq(backend.bucket)}${r}${tableCheck}`,
        },
      ];
    }
    case "gcs":
      return [
        {
          kind: "StateBackend",
          name: `gcs:${backend.bucket}`,
          why,
          tool: "gcloud",
          check: `gcloud storage buckets describe ${sq(`gs://${backend.bucket}`)} --format 'value(name)' | grep -q .`,
        },
      ];
    case "azurerm":
      return [
        {
          kind: "StateBackend",
          name: `azurerm:${backend.storageAccountName}/${backend.containerName}`,
          why,
          tool: "az",
          // Entra ID, as the backend itself authenticates (no account key).
          check: `az storage container show --account-name ${sq(backend.storageAccountName)} --name ${sq(backend.containerName)} --auth-mode login --query name --output tsv | grep -q .`,
        },
      ];
  }
}

/**
 * Workload identity of a managed cluster: on EKS, GKE and AKS the stack binds cloud roles to service accounts (Grafana's
 * cloud data source always; Loki's bucket, managed Prometheus and SMS where used), trusting an identity provider of
 * the cluster that the stack looks up but cannot turn on. Without it the plan fails (EKS: no IAM OIDC provider to look
 * up; GKE: no workload identity pool) or the apply does (AKS: no OIDC issuer for the federated credential), or pods
 * get no cloud token.
 */
function clusterIdentity(spec: EnvironmentSpec): Prerequisite[] {
  const connection = spec.kubernetes?.connection;
  const cloud = spec.cloud;
  if (!connection || !cloud) return [];
  if (connection.type === "eks" && cloud.provider === "aws") {
    const region = ` --region ${cloud.region}`;
    return [
      {
        kind: "ClusterSetting",
        name: `eks-oidc-provider:${connection.clusterName}`,
        why: `kubernetes.connection: IAM roles for service accounts trust the IAM OIDC provider of EKS cluster ${connection.clusterName}, which the stack looks up and does not create (eksctl utils associate-iam-oidc-provider --cluster ${connection.clusterName} --approve)`,
        tool: "aws",
        check: `issuer=$(aws eks describe-cluster --name ${sq(connection.clusterName)}${region} --query cluster.identity.oidc.issuer --output text) && aws iam list-open-id-connect-providers --query 'OpenIDConnectProviderList[].Arn' --output text | tr '\\t' '\\n' | grep -q "oidc-provider/\${issuer#https://}$"`,
      },
    ];
  }
  if (connection.type === "gke" && cloud.provider === "gcp") {
    const where = `--location ${connection.location} --project ${cloud.project}`;
    return [
      {
        kind: "ClusterSetting",
        name: `gke-workload-identity:${connection.clusterName}`,
        why: `kubernetes.connection: Google service accounts are bound to Kubernetes service accounts through GKE Workload Identity, which must be on for cluster ${connection.clusterName} (workload pool ${cloud.project}.svc.id.goog) and its node pools (GKE_METADATA); the stack does not change the cluster`,
        tool: "gcloud",
        check: `gcloud container clusters describe ${sq(connection.clusterName)} ${where} --format 'value(workloadIdentityConfig.workloadPool)' | grep -qx ${sq(`${cloud.project}.svc.id.goog`)} && ! gcloud container node-pools list --cluster ${sq(connection.clusterName)} ${where} --format 'value(config.workloadMetadataConfig.mode)' | grep -qvx GKE_METADATA`,
      },
    ];
  }
  if (connection.type === "aks" && cloud.provider === "azure") {
    return [
      {
        kind: "ClusterSetting",
        name: `aks-workload-identity:${connection.clusterName}`,
        why: `kubernetes.connection: federated credentials trust the OIDC issuer of AKS cluster ${connection.clusterName}, and Entra Workload ID's webhook gives pods their token; both must be on (az aks update --subscription ${cloud.subscriptionId} --name ${connection.clusterName} --resource-group ${connection.resourceGroup} --enable-oidc-issuer --enable-workload-identity), the stack does not change the cluster`,
        tool: "az",
        check: `az aks show --subscription ${sq(cloud.subscriptionId)} --name ${sq(connection.clusterName)} --resource-group ${sq(connection.resourceGroup)} --query 'oidcIssuerProfile.enabled && securityProfile.workloadIdentity.enabled' --output tsv | grep -qx true`,
      },
    ];
  }
  return [];
}

/**
 * The stack installs the prometheus-operator CRDs through its own release. CRDs installed before by something else
 * (another kube-prometheus-stack, an operator bundle) carry no or other Helm ownership metadata, and Helm refuses to
 * adopt them: the first apply fails. Absent, or owned by this release, is fine.
 */
function crdOwnership(spec: EnvironmentSpec): Prerequisite[] {
  const k8s = spec.kubernetes;
  if (!k8s) return [];
  const ours = `${PROMETHEUS_CRD}|Helm|${CRDS_RELEASE}|${k8s.namespace}`;
  const fields = [
    "{.metadata.name}",
    "{.metadata.labels.app\\.kubernetes\\.io/managed-by}",
    "{.metadata.annotations.meta\\.helm\\.sh/release-name}",
    "{.metadata.annotations.meta\\.helm\\.sh/release-namespace}",
  ].join("|");
  return [
    {
      kind: "CustomResourceDefinition",
      name: PROMETHEUS_CRD,
      why: `absent, or owned by the Helm release ${k8s.namespace}/${CRDS_RELEASE} that installs the prometheus-operator CRDs (Helm will not adopt CRDs another install created)`,
      check: `o=$(kubectl get crd ${PROMETHEUS_CRD} --ignore-not-found -o jsonpath='${fields}') && { [ -z "$o" ] || [ "$o" = '${ours}' ]; }`,
    },
  ];
}

/** Secrets in the cloud store the spec references: Terraform reads them at plan time and fails on a missing one. */
function cloudSecrets(spec: EnvironmentSpec): Prerequisite[] {
  const cloud = spec.cloud;
  const out = new Map<string, Prerequisite>();
  for (const { path, ref } of secretRefs(spec)) {
    const why = `${path}: read by Terraform when it plans`;
    let entry: Prerequisite | undefined;
    if ("ssmParameter" in ref) {
      const region = cloud?.provider === "aws" ? ` --region ${cloud.region}` : "";
      entry = {
        kind: "CloudSecret",
        name: `ssm:${ref.ssmParameter}`,
        why,
        tool: "aws",
        check: `aws ssm get-parameter --name ${sq(ref.ssmParameter)}${region} --query Parameter.Name --output text`,
      };
    } else if ("secretsManager" in ref) {
      const region = cloud?.provider === "aws" ? ` --region ${cloud.region}` : "";
      entry = {
        kind: "CloudSecret",
        name: `secretsmanager:${ref.secretsManager}`,
        why,
        tool: "aws",
        check: `aws secretsmanager describe-secret --secret-id ${sq(ref.secretsManager)}${region} --query Name --output text`,
      };
    } else if ("gcpSecretManager" in ref) {
      const project = cloud?.provider === "gcp" && !ref.gcpSecretManager.startsWith("projects/") ? ` --project ${cloud.project}` : "";
      entry = {
        kind: "CloudSecret",
        name: `secretmanager:${ref.gcpSecretManager}`,
        why,
        tool: "gcloud",
        check: `gcloud secrets versions describe ${ref.version ?? "latest"} --secret ${sq(ref.gcpSecretManager)}${project} --format 'value(state)' | grep -qx ENABLED`,
      };
    } else if ("azureKeyVault" in ref) {
      const { vault, secret } = ref.azureKeyVault;
      entry = {
        kind: "CloudSecret",
        name: `keyvault:${vault}/${secret}`,
        why,
        tool: "az",
        // `--query id` prints the secret's id, never its value.
        check: `az keyvault secret show --vault-name ${sq(vault)} --name ${sq(secret)} --query id --output tsv`,
      };
    }
    if (!entry) continue;
    const seen = out.get(entry.name as string);
    out.set(entry.name as string, seen ? { ...seen, why: `${seen.why}; ${why}` } : entry);
  }
  return [...out.values()].sort((a, b) => (a.name as string).localeCompare(b.name as string));
}

/**
 * Account settings the CloudWatch alarms and their delivery rely on and the stack does not turn on. EC2 detailed
 * monitoring is not one: the alarms use 60 s periods on metrics the CloudWatch agent or basic monitoring provides.
 */
function accountSettings(spec: EnvironmentSpec): Prerequisite[] {
  const cloud = spec.cloud;
  if (cloud?.provider !== "aws") return [];
  const out: Prerequisite[] = [];
  const region = ` --region ${cloud.region}`;
  // EC2 alarms select instances by tag in Metrics Insights, which needs "resource tags on telemetry".
  if (cloud.watch.ec2.length > 0)
    out.push({
      kind: "AccountSetting",
      name: "cloudwatch-resource-tags-for-telemetry",
      why: `cloud.watch.ec2: the EC2 alarms query metrics by tag, which needs CloudWatch "resource tags on telemetry" in ${cloud.region} (aws observabilityadmin start-telemetry-enrichment --region ${cloud.region})`,
      tool: "aws",
      check: `aws observabilityadmin get-telemetry-enrichment-status${region} --query Status --output text | grep -qx Running`,
    });
  // The capacity alarm reads GroupDesiredCapacity and GroupInServiceInstances: no data without group metrics.
  for (const group of cloud.watch.autoScalingGroups)
    out.push({
      kind: "AccountSetting",
      name: `asg-group-metrics:${group.groupName}`,
      why: `cloud.watch.autoScalingGroups[${group.name}]: the capacity alarm needs group metrics collection on ${group.groupName} (aws autoscaling enable-metrics-collection --region ${cloud.region} --auto-scaling-group-name ${group.groupName} --granularity 1Minute)`,
      tool: "aws",
      check: `aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names ${sq(group.groupName)}${region} --query 'length(AutoScalingGroups[0].EnabledMetrics[?Metric==\`GroupDesiredCapacity\` || Metric==\`GroupInServiceInstances\`])' --output text | grep -qx 2`,
    });
  // A Chatbot channel configuration names a Slack workspace that someone authorized once in the console (OAuth with
  // Slack); the API cannot do it, and creating the configuration fails without it. Chatbot's console region is us-east-2.
  const workspaces = new Map<string, string[]>();
  for (const channel of spec.channels)
    if (channel.type === "slack" && channel.chatbot)
      workspaces.set(channel.chatbot.workspaceId, [...(workspaces.get(channel.chatbot.workspaceId) ?? []), channel.name]);
  for (const [workspace, channels] of workspaces)
    out.push({
      kind: "AccountSetting",
      name: `chatbot-slack-workspace:${workspace}`,
      why: `channels[${channels.join(", ")}].chatbot: the Slack workspace ${workspace} must be authorized once in the AWS Chatbot console (Configure new client, Slack); the Chatbot app must also be invited to private channels`,
      tool: "aws",
      check: `aws chatbot describe-slack-workspaces --region us-east-2 --query "SlackWorkspaces[?SlackTeamId=='${workspace}'].SlackTeamId" --output text | grep -q .`,
    });
  // Settings the watch kinds of the registry declare (e.g. Container Insights for ECS task counts).
  const listed = cloud.watch as unknown as Readonly<Record<string, readonly never[]>>;
  for (const [key, kind] of Object.entries(AWS_WATCH_KINDS as WatchKindRegistry)) {
    for (const resource of listed[key] ?? []) {
      for (const p of kind.prerequisites?.(resource, cloud.region) ?? []) out.push({ kind: "AccountSetting", tool: "aws", ...p });
    }
  }
  return out;
}

/** Where the cluster marks its default storage and ingress classes. */
const DEFAULT_CLASS_ANNOTATION = {
  StorageClass: "storageclass\\.kubernetes\\.io/is-default-class",
  IngressClass: "ingressclass\\.kubernetes\\.io/is-default-class",
} as const;

/** The prerequisites of one environment, in a stable order (Secrets by namespace and name, then classes). */
export function prerequisites(spec: EnvironmentSpec): Prerequisite[] {
  const k8s = spec.kubernetes;
  if (!k8s) return [];
  const ns = k8s.namespace;
  const secrets = new Map<string, { name: string; namespace: string; keys: Set<string>; why: string[] }>();
  const secret = (name: string, namespace: string, keys: readonly string[], why: string) => {
    const id = `${namespace}/${name}`;
    const entry = secrets.get(id) ?? { name, namespace, keys: new Set<string>(), why: [] };
    for (const key of keys) entry.keys.add(key);
    if (!entry.why.includes(why)) entry.why.push(why);
    secrets.set(id, entry);
  };

  // Grafana's admin password is generated by the chart or copied from `adminPassword` unless an existing Secret is named.
  const admin = k8s.grafana.adminSecret;
  if (admin)
    secret(admin.name, ns, [admin.userKey, admin.passwordKey], "kubernetes.grafana.adminSecret: Grafana's admin user and password");
  for (const db of k8s.databases) {
    // `password` (a secret-store reference) becomes a Secret the stack creates; only `passwordSecret` must exist.
    if (!db.passwordSecret) continue;
    secret(
      db.passwordSecret.name,
      ns,
      [db.passwordSecret.key],
      `kubernetes.databases[${db.name}].passwordSecret: the ${db.engine} exporter's password`,
    );
  }
  const storage = k8s.tracing.storage;
  if (storage && (storage.type === "elasticsearch" || storage.type === "opensearch") && storage.credentialsSecret) {
    const c = storage.credentialsSecret;
    secret(
      c.name,
      ns,
      [c.usernameKey, c.passwordKey],
      `kubernetes.tracing.storage.credentialsSecret: Jaeger's ${storage.type} credentials`,
    );
  }
  for (const { path, ref } of kubernetesSecretRefs(spec)) {
    secret(ref.name, ns, [ref.key], `${path}: read by Alertmanager from the mounted Secret`);
  }
  const ingress = k8s.grafana.ingress;
  const certManaged = ingress && Object.keys(ingress.annotations).some((a) => a.startsWith("cert-manager.io/"));
  // An ALB takes its certificate from ACM (certificateArn), never from a Secret.
  if (ingress && !certManaged && ingress.className !== "alb")
    secret(ingress.tlsSecret, ns, ["tls.crt", "tls.key"], "kubernetes.grafana.ingress.tlsSecret: Grafana's TLS certificate");

  const out: Prerequisite[] = [...secrets.values()]
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`))
    .map((s) => {
      const keys = [...s.keys].sort();
      return {
        kind: "Secret",
        name: s.name,
        namespace: s.namespace,
        keys,
        why: s.why.join("; "),
        check: keys
          .map((key) => `kubectl get secret ${s.name} -n ${s.namespace} -o jsonpath='{.data.${key.replaceAll(".", "\\.")}}' | grep -q .`)
          .join(" && "),
      };
    });
  out.push(
    classPrerequisite(
      "StorageClass",
      k8s.storageClass,
      "kubernetes.storageClass: persistent volumes of Prometheus, Alertmanager, Loki and Jaeger",
    ),
  );
  if (ingress) out.push(classPrerequisite("IngressClass", ingress.className, "kubernetes.grafana.ingress.className: Grafana's Ingress"));
  return out;
}

function classPrerequisite(kind: "StorageClass" | "IngressClass", name: string | undefined, why: string): Prerequisite {
  if (name) return { kind, name, why, check: `kubectl get ${kind.toLowerCase()} ${name}` };
  return {
    kind,
    why: `${why} (no class set: the cluster's default one)`,
    check: `kubectl get ${kind.toLowerCase()} -o jsonpath='{.items[?(@.metadata.annotations.${DEFAULT_CLASS_ANNOTATION[kind]}=="true")].metadata.name}' | grep -q .`,
  };
}

interface KubernetesSecretRef {
  readonly name: string;
  readonly key: string;
}

/** Every `{ kubernetesSecret }` reference in the spec, with the path that holds it (e.g. `channels[slack].webhookUrl`). */
function kubernetesSecretRefs(spec: EnvironmentSpec): { path: string; ref: KubernetesSecretRef }[] {
  return secretRefs(spec).flatMap(({ path, ref }) => ("kubernetesSecret" in ref ? [{ path, ref: ref.kubernetesSecret }] : []));
}

const REF_KEYS = ["kubernetesSecret", "ssmParameter", "secretsManager", "gcpSecretManager", "azureKeyVault"] as const;

/** Every secret reference in the spec (a terraformVariable is not looked up), with the path that holds it. */
function secretRefs(spec: EnvironmentSpec): { path: string; ref: SecretRef }[] {
  const out: { path: string; ref: SecretRef }[] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        const label = v && typeof v === "object" && "name" in v && typeof v.name === "string" ? v.name : String(i);
        walk(v, `${path}[${label}]`);
      });
      return;
    }
    if (!value || typeof value !== "object") return;
    if (REF_KEYS.some((k) => k in value)) {
      out.push({ path, ref: value as SecretRef });
      return;
    }
    for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
  };
  walk(spec, "");
  return out;
}
