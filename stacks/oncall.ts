import type { Construct } from "constructs";
import { PagerdutyOncall } from "../modules/pagerduty-oncall";
import { oncallServices } from "../src/render/oncall/ownership";
import type { EnvironmentSpec } from "../src/spec";
import { providerModule } from "../src/util/provider-module";
import type { SecretValues } from "./secret-values";

/** Optional peer dependency, loaded on first use (see providerModule). */
const pagerdutyProviderModule = () =>
  providerModule(
    "@cdktf/provider-pagerduty",
    () => require("@cdktf/provider-pagerduty/lib/provider") as typeof import("@cdktf/provider-pagerduty/lib/provider"),
  );

/**
 * PagerDuty on-call of an environment with an `oncall` section: the provider (token from the spec's reference, or
 * PAGERDUTY_TOKEN in the environment of whoever runs Terraform) and the schedules, escalation policies and services.
 */
export function attachOncall(
  scope: Construct,
  spec: EnvironmentSpec,
  secrets: SecretValues,
  cloudWatchIntegrations: boolean,
): PagerdutyOncall | undefined {
  const oncall = spec.oncall;
  if (!oncall) return undefined;
  new (pagerdutyProviderModule().PagerdutyProvider)(
    scope,
    "pagerduty",
    oncall.token ? { token: secrets.writeOnly(oncall.token, "the PagerDuty API token") } : {},
  );
  return new PagerdutyOncall(scope, "oncall", {
    namePrefix: spec.name,
    teams: oncall.teams,
    services: oncallServices(spec),
    cloudWatchIntegrations,
  });
}
