import { beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { resolveEnvironment } from "../../src/spec";
import { PROVIDER_PINS } from "../../src/terraform/provider-pins";
import { resourcesOf, synthEnvironments, type TerraformJson } from "../support/synth";

let stacks: Record<string, TerraformJson>;

beforeAll(() => {
  stacks = synthEnvironments(Object.values(BUNDLED_ENVIRONMENTS).map((input) => resolveEnvironment(input)));
});

describe("bundled environments", () => {
  it("synthesize one stack each", () => {
    expect(Object.keys(stacks).sort()).toEqual(["azure", "dev", "gcp", "prod", "staging"]);
  });

  it.each(Object.keys(BUNDLED_ENVIRONMENTS))("%s names every provider by its full source with a pessimistic constraint", (env) => {
    const required = stacks[env].terraform.required_providers ?? {};
    const used = new Set([...Object.keys(stacks[env].provider ?? {}), ...Object.keys(required)]);
    for (const name of used) {
      expect(required[name], `required_providers.${name}`).toEqual(PROVIDER_PINS[name]);
      expect(required[name].source).toMatch(/^[A-Za-z0-9-]+\/[a-z0-9-]+$/);
      expect(required[name].version).toMatch(/^~> \d+\.\d+$/);
    }
  });

  it.each(Object.keys(BUNDLED_ENVIRONMENTS))("%s keeps state at a portable place", (env) => {
    const backend = stacks[env].terraform.backend;
    if (backend.local) {
      // Relative to the stack folder, towards the project the app runs in (../../../ for the default cdktf.out;
      // this synth writes to a temporary folder): never an absolute path of the machine that ran synth.
      expect(backend.local.path).toMatch(new RegExp(`^(\\.\\./)+([\\w.-]+/)*terraform\\.monitoring-${env}\\.tfstate$`));
      expect(backend.local.path.startsWith("/")).toBe(false);
    } else if (backend.s3) {
      expect(backend.s3).toMatchObject({ key: `monitoring/${env}/terraform.tfstate`, encrypt: true });
      // S3 native locking (Terraform >= 1.10), not the deprecated DynamoDB table.
      expect(backend.s3.use_lockfile).toBe(true);
      expect(backend.s3).not.toHaveProperty("dynamodb_table");
    } else if (backend.gcs) {
      expect(backend.gcs).toMatchObject({ prefix: `monitoring/${env}` });
    } else {
      expect(backend.azurerm).toMatchObject({ key: `monitoring/${env}/terraform.tfstate`, use_azuread_auth: true });
    }
  });

  it("prod and staging watch AWS and export one alert topic ARN per severity", () => {
    for (const env of ["staging", "prod"]) {
      expect(
        Object.keys(stacks[env].output ?? {})
          .filter((o) => o.startsWith("alert-topic-"))
          .sort(),
      ).toEqual(["alert-topic-critical-arn", "alert-topic-info-arn", "alert-topic-warning-arn"]);
      const names = resourcesOf(stacks[env], "aws_sns_topic").map((t) => t.name as string);
      expect(names.filter((n) => /-(critical|warning|info)$/.test(n)).sort()).toEqual([
        `${env}-monitoring-critical`,
        `${env}-monitoring-info`,
        `${env}-monitoring-warning`,
      ]);
    }
    // prod's on-call adds one paging topic per PagerDuty service; staging has no on-call.
    expect(resourcesOf(stacks.staging, "aws_sns_topic")).toHaveLength(3);
    expect(resourcesOf(stacks.prod, "aws_sns_topic")).toHaveLength(6);
    expect(stacks.prod.provider.aws[0]).toMatchObject({ region: "eu-west-1", allowed_account_ids: ["123456789012"] });
  });

  it("dev, with no cloud account, needs no AWS provider", () => {
    expect(stacks.dev.provider?.aws).toBeUndefined();
    expect(stacks.dev.resource?.aws_sns_topic).toBeUndefined();
  });

  it("routes prod channels to the topics of their severities", () => {
    const subscriptions = resourcesOf(stacks.prod, "aws_sns_topic_subscription");
    const topicOf = (s: TerraformJson) => String(s.topic_arn).match(/topic-(critical|warning|info)/)?.[1];
    const sms = subscriptions.filter((s) => s.protocol === "sms");
    expect(sms.map(topicOf)).toEqual(["critical"]);
    const email = subscriptions.filter((s) => s.protocol === "email");
    expect(new Set(email.map(topicOf))).toEqual(new Set(["warning", "info"]));
    expect(email).toHaveLength(4); // two addresses, two severities
    // With on-call, each service's pages go to its own topic, subscribed to its PagerDuty service.
    const pagerDuty = subscriptions.filter((s) => String(s.endpoint).includes("events.pagerduty.com"));
    expect(pagerDuty.map((s) => String(s.topic_arn).match(/topic-route-oncall-([\w-]+?)_/)?.[1]).sort()).toEqual([
      "catalog",
      "checkout",
      "platform",
    ]);
    for (const subscription of pagerDuty) {
      expect(subscription.endpoint_auto_confirms).toBe(true);
      expect(subscription.endpoint).toMatch(
        /^https:\/\/events\.pagerduty\.com\/integration\/\$\{sensitive\(pagerduty_service_integration\.[\w-]+\.integration_key\)\}\/enqueue$/,
      );
    }
  });

  it("pages the owning team for prod's critical cloud alarms, and only for critical ones", () => {
    const alarms = resourcesOf(stacks.prod, "aws_cloudwatch_metric_alarm").flatMap((a) => Object.entries(a.for_each ?? {})) as Array<
      [string, TerraformJson]
    >;
    const actionSets = Object.values(stacks.prod.locals).flatMap((table) => Object.entries(table as Record<string, string[]>));
    const actionsOf = (key: string) => actionSets.find(([k]) => k === key)?.[1] ?? [];
    const checkoutCritical = alarms.find(([name]) => name === "prod-checkout-orders-db-cpu-critical");
    const checkoutWarning = alarms.find(([name]) => name === "prod-checkout-orders-db-cpu-warning");
    expect(actionsOf(checkoutCritical?.[1].alarm_actions).some((a) => a.includes("topic-route-oncall-checkout"))).toBe(true);
    expect(actionsOf(checkoutWarning?.[1].alarm_actions).some((a) => a.includes("topic-route-oncall"))).toBe(false);
  });
});
