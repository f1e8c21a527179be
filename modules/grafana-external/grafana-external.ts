import { Fn, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ContactPoint, type ContactPointConfig } from "../../.gen/providers/grafana/contact-point/index";
import { Dashboard } from "../../.gen/providers/grafana/dashboard/index";
import { DataSource, type DataSourceConfig } from "../../.gen/providers/grafana/data-source/index";
import { Folder } from "../../.gen/providers/grafana/folder/index";
import { NotificationPolicy, type NotificationPolicyPolicy } from "../../.gen/providers/grafana/notification-policy/index";
import { GrafanaProvider } from "../../.gen/providers/grafana/provider/index";
import { escapeTerraformTemplate } from "../../src/terraform/helm-values";

/**
 * How Grafana authenticates to a data source. Secrets are Terraform expressions of sensitive values (the provider
 * keeps them in state: `grafana_data_source` has no write-only argument).
 */
export type ExternalDataSourceAuth =
  | {
      readonly type: "sigv4";
      readonly region: string;
      /** Grafana's AWS credential source (its `sigV4AuthType`). */
      readonly credentials: "default" | "ec2_iam_role" | "grafana_assume_role";
      /** @default - none */
      readonly assumeRoleArn?: string;
    }
  | { readonly type: "basic"; readonly user: string; readonly password: string }
  | { readonly type: "bearer"; readonly token: string }
  | { readonly type: "private-network"; readonly networkId: string };

/** A data source as Grafana's API takes it; `jsonData` is encoded for the provider. */
export interface ExternalDataSource {
  readonly name: string;
  readonly uid: string;
  readonly type: string;
  readonly url?: string;
  readonly isDefault?: boolean;
  readonly jsonData?: Readonly<Record<string, unknown>>;
  /** @default - none: only for data sources that need no URL credentials (cloud APIs through Grafana's own identity) */
  readonly auth?: ExternalDataSourceAuth;
}

/** The provider arguments and jsonData entries of a data source's authentication. */
function authArguments(auth: ExternalDataSourceAuth | undefined): {
  readonly jsonData: Record<string, unknown>;
  readonly config: Partial<
    Pick<
      DataSourceConfig,
      "basicAuthEnabled" | "basicAuthUsername" | "secureJsonDataEncoded" | "httpHeaders" | "privateDataSourceConnectNetworkId"
    >
  >;
} {
  switch (auth?.type) {
    case undefined:
      return { jsonData: {}, config: {} };
    case "sigv4":
      return {
        jsonData: {
          sigV4Auth: true,
          sigV4AuthType: auth.credentials,
          sigV4Region: auth.region,
          ...(auth.assumeRoleArn ? { sigV4AssumeRoleArn: auth.assumeRoleArn } : {}),
        },
        config: {},
      };
    case "basic":
      return {
        jsonData: {},
        config: {
          basicAuthEnabled: true,
          basicAuthUsername: auth.user,
          secureJsonDataEncoded: Fn.jsonencode({ basicAuthPassword: auth.password }),
        },
      };
    case "bearer":
      // The provider moves headers into jsonData (name) and secureJsonData (value): the token is never in jsonData.
      return { jsonData: {}, config: { httpHeaders: { Authorization: `Bearer ${auth.token}` } } };
    case "private-network":
      return { jsonData: {}, config: { privateDataSourceConnectNetworkId: auth.networkId } };
  }
}

/**
 * A Grafana-managed contact point. Credentials are Terraform expressions (sensitive variables, data sources): they
 * reach state, never the synthesized JSON.
 */
export type ExternalContactPoint =
  | { readonly name: string; readonly type: "email"; readonly addresses: readonly string[] }
  | { readonly name: string; readonly type: "slack"; readonly url: string; readonly recipient?: string }
  | { readonly name: string; readonly type: "pagerduty"; readonly integrationKey: string }
  | { readonly name: string; readonly type: "webhook"; readonly url: string };

/** A route of the notification policy: alerts whose label `label` equals `value` go to `contactPoint`. */
export interface ExternalRoute {
  readonly label: string;
  readonly value: string;
  readonly contactPoint: string;
  /** e.g. "1h". @default - the policy's */
  readonly repeatInterval?: string;
}

export interface GrafanaExternalProps {
  /** Grafana base URL. */
  readonly url: string;
  /** Service account token or "user:password": a Terraform expression of a sensitive value, never a literal. */
  readonly auth: string;
  readonly folder: { readonly title: string; readonly uid: string };
  readonly dataSources: readonly ExternalDataSource[];
  /** Dashboard JSON models by uid. Keep Terraform references out of them: they are large strings. */
  readonly dashboards: ReadonlyArray<{ readonly uid: string; readonly json: string }>;
  /** @default [] - no Grafana-managed alerting resources */
  readonly contactPoints?: readonly ExternalContactPoint[];
  /** Routing of Grafana-managed alerts; required with contact points. @default - none */
  readonly notificationPolicy?: {
    readonly defaultContactPoint: string;
    readonly groupBy: readonly string[];
    readonly routes: readonly ExternalRoute[];
  };
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An external Grafana (Grafana Cloud, Amazon Managed Grafana, self-hosted) configured through the Grafana provider:
 * one folder, its data sources, the dashboards, and Grafana-managed alerting contact points with a notification
 * policy. The policy is a singleton per Grafana organization: one environment per organization owns it.
 */
export class GrafanaExternal extends Construct {
  readonly provider: GrafanaProvider;
  readonly folder: Folder;
  readonly dashboards: readonly Dashboard[];

  constructor(scope: Construct, id: string, props: GrafanaExternalProps) {
    super(scope, id);
    this.provider = new GrafanaProvider(this, "provider", { url: props.url, auth: props.auth });
    const provider = this.provider;
    this.folder = new Folder(this, "folder", { provider, title: props.folder.title, uid: props.folder.uid });
    const sources = props.dataSources.map((source) => {
      const auth = authArguments(source.auth);
      return new DataSource(this, `data-source-${source.uid}`, {
        provider,
        name: source.name,
        uid: source.uid,
        type: source.type,
        url: source.url,
        accessMode: "proxy",
        isDefault: source.isDefault ?? false,
        // Grafana's `${__value.raw}` and `${variable}` must reach Grafana as is, not be evaluated by Terraform.
        jsonDataEncoded: escapeTerraformTemplate(JSON.stringify({ ...(source.jsonData ?? {}), ...auth.jsonData })),
        ...auth.config,
      });
    });
    this.dashboards = props.dashboards.map(
      (dashboard) =>
        new Dashboard(this, `dashboard-${dashboard.uid}`, {
          provider,
          folder: this.folder.uid,
          configJson: escapeTerraformTemplate(dashboard.json),
          overwrite: true,
          message: "Managed by cdktf-monitoring-stack",
          dependsOn: sources,
        }),
    );
    const contactPoints = (props.contactPoints ?? []).map(
      (point) => new ContactPoint(this, `contact-point-${point.name}`, { provider, ...contactPointConfig(point) }),
    );
    if (props.notificationPolicy) {
      const policy = props.notificationPolicy;
      const routes: NotificationPolicyPolicy[] = policy.routes.map((route) => ({
        contactPoint: route.contactPoint,
        matcher: [{ label: route.label, match: "=", value: route.value }],
        continue: true,
        ...(route.repeatInterval ? { repeatInterval: route.repeatInterval } : {}),
      }));
      new NotificationPolicy(this, "notification-policy", {
        provider,
        contactPoint: policy.defaultContactPoint,
        groupBy: [...policy.groupBy],
        policy: routes,
        dependsOn: contactPoints,
      });
    }
  }
}

function contactPointConfig(point: ExternalContactPoint): ContactPointConfig {
  switch (point.type) {
    case "email":
      return { name: point.name, email: [{ addresses: [...point.addresses] }] };
    case "slack":
      return { name: point.name, slack: [{ url: point.url, ...(point.recipient ? { recipient: point.recipient } : {}) }] };
    case "pagerduty":
      return { name: point.name, pagerduty: [{ integrationKey: point.integrationKey }] };
    case "webhook":
      return { name: point.name, webhook: [{ url: point.url }] };
  }
}
