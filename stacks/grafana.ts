import type { Construct } from "constructs";
import { GrafanaDashboards } from "../modules/grafana-dashboards";
import { type ExternalContactPoint, type ExternalDataSourceAuth, type ExternalRoute, GrafanaExternal } from "../modules/grafana-external";
import { externalDataSources, inClusterDataSources } from "../src/render/dashboards/data-sources";
import { dashboardUid, renderDashboards } from "../src/render/dashboards/render";
import { type ChannelSpec, channelSeverities, type EnvironmentSpec, grafanaDeliveries, grafanaFolder, SEVERITIES } from "../src/spec";
import type { DataSourceAuthSpec } from "../src/spec/grafana";
import type { KubernetesStack } from "./kubernetes-stack";
import type { SecretValues } from "./secret-values";

export interface GrafanaDeliveryProps {
  readonly spec: EnvironmentSpec;
  readonly secrets: SecretValues;
  /** The in-cluster stack, for the "in-cluster" path. @default - none */
  readonly kubernetes?: KubernetesStack;
}

/**
 * The environment's dashboards on each delivery path of `grafana.delivery`: ConfigMaps for the in-cluster Grafana's
 * sidecar, and/or an external Grafana through the Grafana provider (folder, data sources, dashboards, contact points
 * and notification policy mirroring the channels).
 */
export function attachGrafana(scope: Construct, props: GrafanaDeliveryProps): void {
  const { spec } = props;
  const deliveries = grafanaDeliveries(spec);
  const folder = grafanaFolder(spec);
  if (deliveries.includes("in-cluster")) {
    if (!props.kubernetes || !spec.kubernetes)
      throw new Error(`environment "${spec.name}": in-cluster dashboards need the in-cluster stack`);
    new GrafanaDashboards(scope, "grafana-dashboards", {
      namespace: spec.kubernetes.namespace,
      folder,
      namePrefix: spec.name,
      dashboards: renderDashboards(spec, inClusterDataSources(spec)),
      // After kube-prometheus-stack: the namespace exists and Grafana's sidecar is there to pick them up.
      dependsOn: [props.kubernetes.metrics.release],
    });
  }
  const external = spec.grafana.external;
  if (deliveries.includes("external") && external) {
    const sources = externalDataSources(spec);
    const contactPoints = spec.channels.flatMap((channel) => contactPoint(spec, channel, props.secrets));
    const names = new Map(contactPoints.map((c) => [c.name, c]));
    const routes: ExternalRoute[] = SEVERITIES.flatMap((severity) =>
      spec.channels
        .filter((channel) => names.has(contactPointName(spec, channel)) && channelSeverities(channel).includes(severity))
        .map((channel) => ({
          label: "severity",
          value: severity,
          contactPoint: contactPointName(spec, channel),
          repeatInterval: spec.alerting.repeatInterval[severity].toPrometheus(),
        })),
    );
    const fallback = routes.find((r) => r.value === "critical") ?? routes[0];
    new GrafanaExternal(scope, "grafana-external", {
      url: external.url,
      auth: props.secrets.writeOnly(external.auth, "the Grafana provider (grafana.external.auth)"),
      folder: { title: folder, uid: dashboardUid(spec.name, "dashboards") },
      dataSources: sources.definitions.map((definition) => {
        const auth = sources.auth[definition.uid];
        return auth
          ? { ...definition, auth: dataSourceAuth(auth, `the Grafana data source "${definition.name}"`, props.secrets) }
          : definition;
      }),
      dashboards: renderDashboards(spec, sources.uids).map((d) => ({ uid: d.uid, json: d.json })),
      contactPoints,
      notificationPolicy: fallback ? { defaultContactPoint: fallback.contactPoint, groupBy: spec.alerting.groupBy, routes } : undefined,
    });
  }
}

/** A data source's authentication with its secrets as Terraform expressions (stored by the provider, sensitive). */
function dataSourceAuth(auth: DataSourceAuthSpec, purpose: string, secrets: SecretValues): ExternalDataSourceAuth {
  switch (auth.type) {
    case "sigv4":
      return auth;
    case "basic":
      return { type: "basic", user: auth.user, password: secrets.expression(auth.password, purpose) };
    case "bearer":
      return { type: "bearer", token: secrets.expression(auth.token, purpose) };
    case "private-network":
      return auth;
  }
}

/** Contact point names carry the environment: several environments may share one Grafana. */
function contactPointName(spec: EnvironmentSpec, channel: ChannelSpec): string {
  return `${spec.name}-${channel.name}`;
}

/**
 * A channel as a Grafana contact point. SMS has no Grafana contact point of its own (Grafana reaches phones only
 * through an SNS topic): sms channels keep receiving Alertmanager's and CloudWatch's notifications.
 */
function contactPoint(spec: EnvironmentSpec, channel: ChannelSpec, secrets: SecretValues): ExternalContactPoint[] {
  const name = contactPointName(spec, channel);
  const purpose = `the Grafana contact point of channel "${channel.name}"`;
  switch (channel.type) {
    case "email":
      return [{ name, type: "email", addresses: channel.addresses }];
    case "slack":
      return [{ name, type: "slack", url: secrets.expression(channel.webhookUrl, purpose), recipient: channel.channel }];
    case "pagerduty":
      return [{ name, type: "pagerduty", integrationKey: secrets.expression(channel.routingKey, purpose) }];
    case "webhook":
      return [{ name, type: "webhook", url: secrets.expression(channel.url, purpose) }];
    case "sms":
      return [];
  }
}
