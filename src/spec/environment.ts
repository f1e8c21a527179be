import { z } from "zod";
import { regionProblem } from "../catalog/regions";
import { RESERVED_SCRAPE_JOBS } from "../catalog/scrape-jobs";
import { PLATFORM_OWNER } from "../model/owner";

import { alertingSchema } from "./alerting";
import { backendSchema } from "./backend";
import { channelSchema, channelSeverities } from "./channels";
import { CLOUD_CHECKS, cloudSchema } from "./clouds";
import { formatPath } from "./errors";
import { checkGrafana, grafanaDeliverySchema } from "./grafana";
import { incidentSchema } from "./incident";
import { checkKubernetes, kubernetesSchema } from "./kubernetes";
import { checkOwnership, oncallSchema } from "./oncall";
import { dnsLabelSchema } from "./primitives";
import { retentionSchema } from "./retention";
import { checkRunbookLinks } from "./runbook-links";
import { secretRefCloud, terraformSecretRefs } from "./secret-ref";
import { serviceSchema } from "./services";
import { checkResolvedTiers, thresholdOverridesSchema } from "./thresholds";

/** One environment (dev, staging, prod…): everything its monitoring stack is generated from. */
export const environmentSchema = z
  .strictObject({
    /** Environment name; the stack is called `monitoring-<name>`. */
    name: dnsLabelSchema,
    /** One line shown in generated docs. @default - none */
    description: z.string().max(200).optional(),
    /** `small`: single replicas on filesystem storage. `ha`: replicated components on object storage. @default "small" */
    profile: z.enum(["small", "ha"]).default("small"),
    /** Cluster that receives the Helm-based stack. @default - no in-cluster components */
    kubernetes: kubernetesSchema.optional(),
    /** Cloud account watched with cloud-native alarms. @default - no cloud-native monitoring */
    cloud: cloudSchema.optional(),
    /** Applications to monitor. @default [] */
    services: z.array(serviceSchema).default([]),
    /** Where notifications go; at least one, so that no alert is routed nowhere. */
    channels: z.array(channelSchema).min(1, "at least one notification channel is required"),
    /** Notification delivery: SMTP relay, heartbeat, grouping, repeat intervals. @default {} */
    alerting: alertingSchema.prefault({}),
    /** On-call teams, rotations and escalation in PagerDuty, wired to the routing. @default - no PagerDuty resources */
    oncall: oncallSchema.optional(),
    /** Incident channel (not an alert channel) for drills, game days and incident updates. @default - none */
    incident: incidentSchema.optional(),
    /** Environment-wide threshold overrides, keyed by signal name. @default {} */
    thresholds: thresholdOverridesSchema.prefault({}),
    /** @default { metrics: "15d", logs: "30d", traces: "7d" } */
    retention: retentionSchema.prefault({}),
    /** @default { type: "local" } - state next to the project, path relative to the stack directory */
    backend: backendSchema.default({ type: "local", allowLocalState: false }),
    /** Base URL under which runbooks are published; `runbook_url` = <base>/<alert>.md. @default - the repository's runbooks folder */
    runbookBaseUrl: z.url({ protocol: /^https$/, error: "expected an https:// URL" }).optional(),
    /**
     * Keeps runbook links relative (`runbooks/<alert>.md` of the exported folder) with no `runbookBaseUrl`: for an
     * environment whose notifications reach only people who have the exported runbooks at hand (a local cluster); the
     * reason is stated in the generated documentation. @default - none: an environment with alerts needs `runbookBaseUrl`
     */
    relativeRunbookLinks: z.strictObject({ reason: z.string().min(1) }).optional(),
    /** Dashboard delivery: in-cluster Grafana, an external Grafana, or both. @default { delivery: ["in-cluster"] with a cluster } */
    grafana: grafanaDeliverySchema.prefault({}),
  })
  .superRefine((env, ctx) => {
    unique(ctx, env.services, (s) => s.name, "services", "service name");
    env.services.forEach((service, i) => {
      if (service.name === PLATFORM_OWNER) {
        ctx.addIssue({
          code: "custom",
          path: ["services", i, "name"],
          message: `expected a name other than "${PLATFORM_OWNER}", which is reserved: alarms of resources that belong to no service and the platform's own PagerDuty service carry it`,
        });
      }
      const metrics = new Map<string, number>();
      service.kpis.forEach((kpi, k) => {
        const first = metrics.get(kpi.metric);
        if (first === undefined) metrics.set(kpi.metric, k);
        else {
          ctx.addIssue({
            code: "custom",
            path: ["services", i, "kpis", k, "metric"],
            message: `duplicate KPI "${kpi.metric}" (also at services[${i}].kpis[${first}])`,
          });
        }
      });
    });
    // Construct ids and per-resource names (agent groups, scaling policies, data sources) use the logical name.
    if (env.cloud) {
      for (const [kind, list] of Object.entries(env.cloud.watch) as Array<[string, ReadonlyArray<{ name: string }>]>) {
        unique(ctx, list, (r) => r.name, kind, `${kind} name`, ["cloud", "watch"]);
      }
      if (env.cloud.provider === "gcp") unique(ctx, env.cloud.uptimeChecks, (c) => c.name, "uptimeChecks", "uptime check name", ["cloud"]);
    }
    // Only the in-cluster Prometheus has these jobs.
    env.services.forEach((service, i) => {
      if (env.kubernetes && RESERVED_SCRAPE_JOBS.includes(service.name))
        ctx.addIssue({
          code: "custom",
          path: ["services", i, "name"],
          message: `expected a name other than ${RESERVED_SCRAPE_JOBS.map((n) => `"${n}"`).join(", ")} (the stack's own scrape jobs, which its alerts select), received "${service.name}"`,
        });
    });
    unique(ctx, env.channels, (c) => c.name, "channels", "channel name");
    env.channels.forEach((channel, i) => {
      // One subscription (SNS) or receiver entry per address: a repeated address is a typo or a double notification.
      const [field, values, key] =
        channel.type === "email"
          ? (["addresses", channel.addresses, (a: string) => a.toLowerCase()] as const)
          : channel.type === "sms"
            ? (["phoneNumbers", channel.phoneNumbers, (n: string) => n] as const)
            : [undefined, [], (v: string) => v];
      const seen = new Map<string, number>();
      values.forEach((value, k) => {
        const first = seen.get(key(value));
        if (first === undefined) seen.set(key(value), k);
        else {
          ctx.addIssue({
            code: "custom",
            path: ["channels", i, field as string, k],
            message: `duplicate ${field === "addresses" ? "address" : "phone number"} "${value}" (also at channels[${i}].${field}[${first}]${field === "addresses" ? ", addresses compare without case" : ""})`,
          });
        }
      });
    });
    const connectionType = env.kubernetes?.connection.type;
    const connectionCloud =
      connectionType === "eks" ? "aws" : connectionType === "gke" ? "gcp" : connectionType === "aks" ? "azure" : undefined;
    if (connectionCloud && env.cloud?.provider !== connectionCloud) {
      ctx.addIssue({
        code: "custom",
        path: ["kubernetes", "connection", "type"],
        message: `an "${connectionType}" connection needs a cloud section with provider "${connectionCloud}", received ${env.cloud ? `provider "${env.cloud.provider}"` : "no cloud section"}`,
      });
    }
    if (env.backend.type === "local" && !env.backend.allowLocalState) {
      const reasons = [
        ...(env.profile === "ha" ? ['the "ha" profile'] : []),
        ...(() => {
          const refs = terraformSecretRefs(env);
          return refs.length > 0 ? [`secret references Terraform reads (${refs.map((r) => formatPath(r.path)).join(", ")})`] : [];
        })(),
      ];
      if (reasons.length > 0)
        ctx.addIssue({
          code: "custom",
          path: ["backend"],
          message: `expected a remote backend (s3, gcs or azurerm) for an environment with ${reasons.join(" and ")}, received local state (an unshared, unlocked, unencrypted file); set backend.allowLocalState: true to keep it on purpose`,
        });
    }
    if (env.backend.type === "s3" && !env.backend.useLockfile && !env.backend.dynamodbTable) {
      ctx.addIssue({
        code: "custom",
        path: ["backend", "useLockfile"],
        message:
          "expected state locking: useLockfile true (the default) or a dynamodbTable, received neither (two applies at once would corrupt the state)",
      });
    }
    if (env.backend.type === "s3" && !env.backend.region && env.cloud?.provider !== "aws") {
      ctx.addIssue({ code: "custom", path: ["backend", "region"], message: "required when the environment has no AWS cloud section" });
    }
    env.channels.forEach((channel, i) => {
      for (const [field, ref] of Object.entries(channel)) {
        if (typeof ref !== "object" || ref === null || Array.isArray(ref)) continue;
        const needs = secretRefCloud(ref as never);
        if (needs && env.cloud?.provider !== needs) {
          ctx.addIssue({
            code: "custom",
            path: ["channels", i, field],
            message: `${needs === "aws" ? "an SSM or Secrets Manager" : needs === "gcp" ? "a Secret Manager" : "a Key Vault"} reference needs a cloud section with provider "${needs}"; use { terraformVariable } or { kubernetesSecret } instead`,
          });
        }
      }
    });
    const incidentCloud = env.incident ? secretRefCloud(env.incident.webhookUrl) : undefined;
    if (incidentCloud && env.cloud?.provider !== incidentCloud) {
      ctx.addIssue({
        code: "custom",
        path: ["incident", "webhookUrl"],
        message: `this reference needs a cloud section with provider "${incidentCloud}"; use { terraformVariable } or { kubernetesSecret } instead`,
      });
    }
    if (env.cloud) {
      const cloud = env.cloud;
      const [field, region] = cloud.provider === "azure" ? ["location", cloud.location] : ["region", cloud.region];
      const problem = regionProblem(cloud.provider, region, cloud.newRegion);
      if (problem) ctx.addIssue({ code: "custom", path: ["cloud", field], message: problem });
      if (cloud.provider === "gcp") {
        cloud.zones.forEach((zone, i) => {
          const zoneProblem = regionProblem("gcp", zone.replace(/-[a-z]$/, ""), cloud.newRegion);
          if (zoneProblem) ctx.addIssue({ code: "custom", path: ["cloud", "zones", i], message: `the zone's ${zoneProblem}` });
        });
      }
      if (env.kubernetes?.connection.type === "gke") {
        const location = env.kubernetes.connection.location;
        const gkeProblem = regionProblem("gcp", location.replace(/-[a-z]$/, ""), cloud.newRegion);
        if (gkeProblem) ctx.addIssue({ code: "custom", path: ["kubernetes", "connection", "location"], message: gkeProblem });
      }
      CLOUD_CHECKS[cloud.provider](env as EnvironmentSpec, ctx);
    }
    if (env.backend.type === "s3" && env.backend.region) {
      const newRegion = env.cloud?.provider === "aws" && env.cloud.newRegion;
      const problem = regionProblem("aws", env.backend.region, newRegion);
      if (problem) ctx.addIssue({ code: "custom", path: ["backend", "region"], message: problem });
    }
    if (!env.channels.some((c) => channelSeverities(c).includes("critical"))) {
      ctx.addIssue({
        code: "custom",
        path: ["channels"],
        message: 'no channel receives critical alerts; add "critical" to some channel\'s severities',
      });
    }
    if (env.kubernetes) {
      // Alertmanager (in the cluster) delivers these channels itself.
      const email = env.channels.find((c) => c.type === "email");
      if (email && !env.alerting.smtp) {
        ctx.addIssue({
          code: "custom",
          path: ["alerting", "smtp"],
          message: `required: email channel "${email.name}" is delivered by Alertmanager through an SMTP relay`,
        });
      }
      env.channels.forEach((channel, i) => {
        if (channel.type === "sms" && env.cloud?.provider !== "aws") {
          ctx.addIssue({
            code: "custom",
            path: ["channels", i],
            message: 'Alertmanager sends SMS through Amazon SNS: an sms channel needs a cloud section with provider "aws"',
          });
        }
      });
    }
    checkRunbookLinks(env as EnvironmentSpec, ctx);
    checkResolvedTiers(env as EnvironmentSpec, ctx);
    checkKubernetes(env as EnvironmentSpec, ctx);
    checkOwnership(env as EnvironmentSpec, ctx);
    checkGrafana(env as EnvironmentSpec, ctx);
  });

function unique<T>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  key: (item: T) => string,
  path: string,
  what: string,
  parent: string[] = [],
): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: [...parent, path, i, "name"],
        message: `duplicate ${what} "${k}" (also at ${[...parent, path].join(".")}[${first}])`,
      });
    } else {
      seen.set(k, i);
    }
  });
}

/** What an author writes (defaults optional). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment with every default applied: the only form modules and renderers see. */
export type EnvironmentSpec = z.output<typeof environmentSchema>;

/** Identity helper that gives TypeScript authors completion and type errors in `environments/*.ts`. */
export function defineEnvironment(input: EnvironmentInput): EnvironmentInput {
  return input;
}
