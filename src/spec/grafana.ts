import { z } from "zod";
import type { EnvironmentSpec } from "./environment";
import { secretRefCloud, secretRefSchema } from "./secret-ref";

/** Where the dashboards go: the in-cluster Grafana (sidecar ConfigMaps) or an external Grafana (Terraform provider). */
export const GRAFANA_DELIVERIES = ["in-cluster", "external"] as const;
export type GrafanaDelivery = (typeof GRAFANA_DELIVERIES)[number];

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" });

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
  const refs: Array<{ path: (string | number)[]; ref: unknown }> = [{ path: ["grafana", "external", "auth"], ref: grafana.external.auth }];
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
  const needs = secretRefCloud(grafana.external.auth);
  if (needs && env.cloud?.provider !== needs) {
    ctx.addIssue({
      code: "custom",
      path: ["grafana", "external", "auth"],
      message: `this secret reference needs a cloud section with provider "${needs}"; use { terraformVariable } instead`,
    });
  }
}
