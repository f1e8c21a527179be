import { z } from "zod";
import type { EnvironmentSpec } from "./environment";
import { type SecretRef, secretRefCloud, secretRefSchema } from "./secret-ref";

/** Where the dashboards go: the in-cluster Grafana (sidecar ConfigMaps) or an external Grafana (Terraform provider). */
export const GRAFANA_DELIVERIES = ["in-cluster", "external"] as const;
export type GrafanaDelivery = (typeof GRAFANA_DELIVERIES)[number];

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" });

/**
 * How the external Grafana authenticates to one of its data sources: never an open URL. Secret parts are references;
 * the Grafana provider keeps them in state (its data source has no write-only argument).
 */
export const dataSourceAuthSchema = z.discriminatedUnion("type", [
  z.strictObject({
    /** AWS SigV4 (Amazon Managed Service for Prometheus, or an endpoint behind IAM), with Grafana's own AWS identity. */
    type: z.literal("sigv4"),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as "eu-west-1"'),
    /**
     * Where Grafana's AWS credentials come from: "default" (the SDK chain: Amazon Managed Grafana's workspace role, a
     * pod identity), "ec2_iam_role" (the instance role) or "grafana_assume_role" (Grafana Cloud's own account,
     * with `assumeRoleArn`). Access keys are not offered: they would sit in Terraform state. @default "default"
     */
    credentials: z.enum(["default", "ec2_iam_role", "grafana_assume_role"]).default("default"),
    /** A role Grafana assumes to sign (with read-only query permissions, e.g. aps:Query*). @default - none */
    assumeRoleArn: z
      .string()
      .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "expected an IAM role ARN")
      .optional(),
  }),
  z.strictObject({
    /** Basic authentication (e.g. an authenticating gateway in front of the data source). */
    type: z.literal("basic"),
    user: z.string().min(1).max(256),
    password: secretRefSchema,
  }),
  z.strictObject({
    /** A bearer token in the Authorization header (e.g. a Grafana Cloud or gateway access token). */
    type: z.literal("bearer"),
    token: secretRefSchema,
  }),
  z.strictObject({
    /**
     * Grafana Cloud private data source connect: the query travels through a PDC agent inside your network to a
     * private endpoint, which is never exposed. The URL may then be an http:// address inside that network.
     */
    type: z.literal("private-network"),
    /** Id of the private data source connect network. */
    networkId: z.string().regex(/^[\w-]{1,128}$/, "expected a private data source connect network id"),
  }),
]);

export type DataSourceAuthSpec = z.output<typeof dataSourceAuthSchema>;

export const externalGrafanaSchema = z.strictObject({
  /** Base URL of the Grafana instance (Grafana Cloud stack, Amazon Managed Grafana workspace, self-hosted). */
  url: z.url({ protocol: /^https$/, error: "expected an https:// URL" }),
  /**
   * Service account token (or "user:password") for the Grafana provider, by reference only: a sensitive Terraform
   * variable, an SSM or Secrets Manager secret. Never a literal.
   */
  auth: secretRefSchema,
  /** Data sources the stack provisions in that Grafana; the dashboards query them. */
  dataSources: z.strictObject({
    /** Prometheus-compatible query URL the external Grafana can reach (e.g. an ingress, or a managed Prometheus). */
    prometheusUrl: httpUrl,
    /** Loki URL. @default - no Loki data source: the Logs dashboard and log panels are still provisioned but show no data */
    lokiUrl: httpUrl.optional(),
    /** Jaeger query URL. @default - no Jaeger data source */
    jaegerUrl: httpUrl.optional(),
    /**
     * How Grafana authenticates to each data source listed above (required for each): SigV4, basic auth, a bearer
     * token or a private network; an https:// URL unless it is reached through the private network.
     */
    auth: z.strictObject({
      prometheus: dataSourceAuthSchema,
      /** Required with `lokiUrl`. @default - none */
      loki: dataSourceAuthSchema.optional(),
      /** Required with `jaegerUrl`. @default - none */
      jaeger: dataSourceAuthSchema.optional(),
    }),
  }),
});

export const grafanaDeliverySchema = z.strictObject({
  /**
   * Delivery paths of the dashboards; both may be listed.
   * @default ["in-cluster"] when the environment has a `kubernetes` section, else [] (dashboards are only exported)
   */
  delivery: z
    .array(z.enum(GRAFANA_DELIVERIES, { error: `expected one of ${GRAFANA_DELIVERIES.map((d) => `"${d}"`).join(", ")}` }))
    .min(1, 'list at least one delivery path, or leave `delivery` out for the default ("in-cluster" with a cluster)')
    .optional(),
  /** Grafana folder of the environment's dashboards (one per environment). @default "monitoring-<env>" */
  folder: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,59}$/, "expected a folder name of letters, digits, spaces, '_', '.' and '-' (at most 60)")
    .optional(),
  /** The external Grafana; required when `delivery` lists "external". @default - none */
  external: externalGrafanaSchema.optional(),
});

export type GrafanaDeliverySpec = z.output<typeof grafanaDeliverySchema>;
export type ExternalGrafanaSpec = z.output<typeof externalGrafanaSchema>;

/** The delivery paths of an environment, with the default applied. */
export function grafanaDeliveries(spec: EnvironmentSpec): readonly GrafanaDelivery[] {
  return spec.grafana.delivery ?? (spec.kubernetes ? ["in-cluster"] : []);
}

/** The Grafana folder of an environment's dashboards. */
export function grafanaFolder(spec: EnvironmentSpec): string {
  return spec.grafana.folder ?? `monitoring-${spec.name}`;
}

/** Cross-field checks: each delivery path has what it needs. */
export function checkGrafana(env: EnvironmentSpec, ctx: z.RefinementCtx): void {
  const grafana = env.grafana;
  const deliveries = grafanaDeliveries(env);
  if (deliveries.includes("in-cluster") && !env.kubernetes) {
    ctx.addIssue({
      code: "custom",
      path: ["grafana", "delivery"],
      message: '"in-cluster" needs a kubernetes section (the Grafana of the in-cluster stack); use "external" instead',
    });
  }
  if (!deliveries.includes("external")) {
    if (grafana.external) {
      ctx.addIssue({
        code: "custom",
        path: ["grafana", "external"],
        message: 'set, but grafana.delivery does not list "external"; add it to delivery or remove this section',
      });
    }
    return;
  }
  if (!grafana.external) {
    ctx.addIssue({ code: "custom", path: ["grafana", "external"], message: 'required when grafana.delivery lists "external"' });
    return;
  }
  const sources = grafana.external.dataSources;
  const refs: Array<{ path: (string | number)[]; ref: unknown }> = [{ path: ["grafana", "external", "auth"], ref: grafana.external.auth }];
  for (const [kind, url] of [
    ["prometheus", sources.prometheusUrl],
    ["loki", sources.lokiUrl],
    ["jaeger", sources.jaegerUrl],
  ] as const) {
    const auth = sources.auth[kind];
    const path = ["grafana", "external", "dataSources", "auth", kind];
    if (url && !auth) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `required with ${kind}Url: an open data source would let anyone who finds the URL read the environment's ${kind === "prometheus" ? "metrics" : kind === "loki" ? "logs" : "traces"}; use sigv4, basic, bearer or private-network`,
      });
    }
    if (!url && auth) {
      ctx.addIssue({ code: "custom", path, message: `set, but grafana.external.dataSources has no ${kind}Url` });
    }
    if (url && auth && auth.type !== "private-network" && !url.startsWith("https://")) {
      ctx.addIssue({
        code: "custom",
        path: ["grafana", "external", "dataSources", `${kind}Url`],
        message: `expected an https:// URL: credentials would travel in clear text (http:// only through auth type "private-network"), received "${url}"`,
      });
    }
    if (auth?.type === "basic") refs.push({ path: [...path, "password"], ref: auth.password });
    if (auth?.type === "bearer") refs.push({ path: [...path, "token"], ref: auth.token });
    if (auth?.type === "sigv4" && auth.credentials === "grafana_assume_role" && !auth.assumeRoleArn) {
      ctx.addIssue({ code: "custom", path: [...path, "assumeRoleArn"], message: 'required with credentials "grafana_assume_role"' });
    }
  }
  env.channels.forEach((channel, i) => {
    for (const [field, ref] of Object.entries(channel)) {
      if (typeof ref === "object" && ref !== null && !Array.isArray(ref)) refs.push({ path: ["channels", i, field], ref });
    }
  });
  for (const { path, ref } of refs) {
    if (typeof ref === "object" && ref !== null && "kubernetesSecret" in ref) {
      ctx.addIssue({
        code: "custom",
        path,
        message:
          "the external Grafana is configured by Terraform, which cannot read a Kubernetes Secret; use { terraformVariable }, { ssmParameter } or { secretsManager }",
      });
    }
  }
  for (const { path, ref } of refs.filter((r) => r.path[0] === "grafana")) {
    const needs = secretRefCloud(ref as SecretRef);
    if (needs && env.cloud?.provider !== needs) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `this secret reference needs a cloud section with provider "${needs}"; use { terraformVariable } instead`,
      });
    }
  }
}
