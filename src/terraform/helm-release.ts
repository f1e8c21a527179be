import type { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { ChartPin } from "../catalog/charts";
import { helmReleaseNameProblem } from "../catalog/helm-names";
import { providerModule } from "../util/provider-module";
import { renderHelmValues, separateTokens } from "./helm-values";

/** Optional peer dependency, loaded on first use (see providerModule). */
const releaseModule = () =>
  providerModule(
    "@cdktf/provider-helm",
    () => require("@cdktf/provider-helm/lib/release") as typeof import("@cdktf/provider-helm/lib/release"),
  );

/** A chart folder on disk (a Terraform asset's path, relative to the stack's output folder) and its version. */
export interface ChartFolder {
  readonly path: string;
  readonly version: string;
}

export interface ChartReleaseProps {
  readonly chart: ChartPin | ChartFolder;
  /** Release name (also the prefix of the chart's resource names unless the values override it). */
  readonly name: string;
  readonly namespace: string;
  /** Typed values objects, rendered to YAML in order (later ones win where Helm merges). */
  readonly values: readonly object[];
  /** @default 600 - seconds Terraform waits for the release's workloads to become ready */
  readonly timeoutSeconds?: number;
  /** @default false - the chart's CRDs are installed */
  readonly skipCrds?: boolean;
  /** Create the namespace when absent; an existing one is adopted (Helm ignores "already exists"). @default false */
  readonly createNamespace?: boolean;
  readonly dependsOn?: ITerraformDependable[];
}

/** A helm_release of a pinned chart (or a chart folder) with values rendered by the `yaml` package (no `set` blocks). */
export function chartRelease(scope: Construct, id: string, props: ChartReleaseProps): Release {
  const problem = helmReleaseNameProblem(props.name);
  if (problem) throw new Error(problem);
  return new (releaseModule().Release)(scope, id, {
    name: props.name,
    namespace: props.namespace,
    ...("path" in props.chart ? { chart: props.chart.path } : { repository: props.chart.repository, chart: props.chart.chart }),
    version: props.chart.version,
    values: props.values.flatMap((v) => separateTokens(v)).map((v) => renderHelmValues(v)),
    wait: true,
    timeout: props.timeoutSeconds ?? 600,
    cleanupOnFail: true,
    maxHistory: 10,
    skipCrds: props.skipCrds,
    createNamespace: props.createNamespace,
    dependsOn: props.dependsOn,
  });
}

/** Kubernetes container resources, as the charts take them. */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu?: string; readonly memory: string };
}
