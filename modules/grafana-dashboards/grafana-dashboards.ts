import type { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { MAX_CONFIG_MAP_BYTES } from "../../src/render/config-maps";
import { fitName } from "../../src/render/fit-name";
import { escapeTerraformTemplate } from "../../src/terraform/helm-values";
import { providerModule } from "../../src/util/provider-module";

/** Optional peer dependency, loaded on first use (see providerModule). */
const configMapModule = () =>
  providerModule(
    "@cdktf/provider-kubernetes",
    () => require("@cdktf/provider-kubernetes/lib/config-map-v1") as typeof import("@cdktf/provider-kubernetes/lib/config-map-v1"),
  );

/** Label the Grafana sidecar of kube-prometheus-stack watches (`grafana.sidecar.dashboards.label`/`labelValue`). */
export const DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;
/**
 * Annotation that names the Grafana folder of a dashboard ConfigMap (`grafana.sidecar.dashboards.folderAnnotation`;
 * with `provider.foldersFromFilesStructure`, the sidecar's sub-directory becomes the folder).
 */
export const DASHBOARD_FOLDER_ANNOTATION = "grafana_folder";

export { MAX_CONFIG_MAP_BYTES };

export interface DashboardFile {
  /** Part of the ConfigMap name and the file name (`<slug>.json`). */
  readonly slug: string;
  /** The dashboard JSON model. Keep Terraform references out of it: it is a large string. */
  readonly json: string;
}

export interface GrafanaDashboardsProps {
  /** Namespace of the ConfigMaps (the sidecar searches every namespace in this stack's configuration). */
  readonly namespace: string;
  /** Grafana folder of these dashboards. */
  readonly folder: string;
  /** Prefix of the ConfigMap names, e.g. the environment. */
  readonly namePrefix: string;
  readonly dashboards: readonly DashboardFile[];
  /** Annotation the sidecar reads the folder from. @default "grafana_folder", as kube-prometheus configures it */
  readonly folderAnnotation?: string;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Dashboards for a Grafana with the dashboard sidecar (kube-prometheus-stack, the grafana chart): one ConfigMap per
 * dashboard, labelled for the sidecar and annotated with the folder. Grafana picks them up within seconds, with no
 * restart; removing a dashboard from the list deletes it.
 */
export class GrafanaDashboards extends Construct {
  readonly configMaps: readonly ConfigMapV1[];

  constructor(scope: Construct, id: string, props: GrafanaDashboardsProps) {
    super(scope, id);
    for (const dashboard of props.dashboards) {
      // The API server counts the keys with the values.
      const bytes = Buffer.byteLength(dashboard.json) + Buffer.byteLength(`${dashboard.slug}.json`);
      if (bytes > MAX_CONFIG_MAP_BYTES) {
        throw new Error(
          `dashboard "${dashboard.slug}" is ${bytes} bytes, over the 1 MiB a ConfigMap can hold; split it or deliver it to an external Grafana`,
        );
      }
    }
    this.configMaps = props.dashboards.map(
      (dashboard) =>
        new (configMapModule().ConfigMapV1)(this, dashboard.slug, {
          metadata: {
            name: fitName(`${props.namePrefix}-dashboard-${dashboard.slug}`, 253),
            namespace: props.namespace,
            labels: { ...DASHBOARD_LABEL, "app.kubernetes.io/managed-by": "cdktf-monitoring-stack" },
            annotations: { [props.folderAnnotation ?? DASHBOARD_FOLDER_ANNOTATION]: props.folder },
          },
          // Grafana's own `${variable}` syntax must reach the ConfigMap as is, not be evaluated by Terraform.
          data: { [`${dashboard.slug}.json`]: escapeTerraformTemplate(dashboard.json) },
          dependsOn: props.dependsOn,
        }),
    );
  }
}
