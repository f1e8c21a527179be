import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../../environments";
import { CLOUD_RUNBOOKS } from "../../../src/catalog/cloud-runbooks";
import { renderArtifacts } from "../../../src/render/artifacts";
import { CLOUD_DOC_SECTIONS } from "../../../src/render/docs/cloud-sections";
import { deployPrerequisites, prerequisites } from "../../../src/render/prerequisites";
import { type EnvironmentSpec, resolveEnvironment } from "../../../src/spec";

const specs = Object.values(BUNDLED_ENVIRONMENTS)
  .map((input) => resolveEnvironment(input))
  .filter((spec) => spec.cloud);

/** Every `aws …`, `gcloud …` and `az …` command in a code span of the environment's cloud runbook pages. */
function commands(spec: EnvironmentSpec): Array<{ page: string; command: string }> {
  if (!spec.cloud) return [];
  const files = renderArtifacts(spec).files;
  return Object.keys(CLOUD_RUNBOOKS[spec.cloud.provider]()).flatMap((slug) =>
    [...(files[`runbooks/${slug}.md`] ?? "").matchAll(/`((?:aws|gcloud|az) [^`]+)`/g)].map((m) => ({ page: slug, command: m[1] })),
  );
}

/**
 * What a command needs to reach the environment's resources rather than the responder's default account, project,
 * subscription or region: the flag, or the reason it needs none.
 */
function missingFlags(command: string): string[] {
  const has = (...flags: string[]) => flags.some((f) => new RegExp(`(^|\\s)${f}(\\s|=|$)`).test(command));
  const missing: string[] = [];
  const [cli, group, verb] = command.split(/\s+/);
  if (cli === "aws") {
    // IAM is global; the Health API answers from its own global endpoint.
    if (!["iam", "health"].includes(group) && !has("--region")) missing.push("--region");
  } else if (cli === "gcloud") {
    if (!has("--project")) missing.push("--project");
    const service = group === "alpha" || group === "beta" ? verb : group;
    if (service === "run" && !has("--region")) missing.push("--region");
    if (service === "compute" && /\b(ssh|disks|instances)\b/.test(command) && !has("--zone")) missing.push("--zone");
  } else if (cli === "az") {
    // A full resource id (`--resource`, `--ids`) carries subscription and resource group.
    if (!has("--resource", "--ids")) {
      if (!has("--subscription")) missing.push("--subscription");
      if (!has("-g", "--resource-group")) missing.push("--resource-group");
    }
  }
  return missing;
}

describe("commands on cloud runbook pages name the environment's region, project, subscription and resource group", () => {
  it.each(specs.map((s) => [s.name, s] as const))("%s", (_, spec) => {
    const found = commands(spec);
    expect(found.length).toBeGreaterThan(0);
    const defects = found.flatMap(({ page, command }) => {
      const missing = missingFlags(command);
      return missing.length ? [`${page}: ${command} (missing ${missing.join(", ")})`] : [];
    });
    expect(defects).toEqual([]);
  });

  it.each(Object.keys(BUNDLED_ENVIRONMENTS))("%s: the commands a prerequisite tells a person to run name what they act on", (env) => {
    const spec = resolveEnvironment(BUNDLED_ENVIRONMENTS[env as keyof typeof BUNDLED_ENVIRONMENTS]);
    const defects = [...prerequisites(spec), ...deployPrerequisites(spec)].flatMap((p) =>
      [...p.why.matchAll(/\(((?:aws|gcloud|az) [^)]+)\)/g)].flatMap(([, command]) => {
        const missing = missingFlags(command);
        return missing.length ? [`${p.name}: ${command} (missing ${missing.join(", ")})`] : [];
      }),
    );
    expect(defects).toEqual([]);
  });

  it("Azure log search alert pages show the scheduled query rule, metric alert pages the metric alert (in the rules' group)", () => {
    const spec = specs.find((s) => s.cloud?.provider === "azure");
    if (spec?.cloud?.provider !== "azure") throw new Error("no Azure environment");
    const files = renderArtifacts(spec).files;
    const where = (slug: string) => /Where to look: [^\n]*`(az [^`]+)`/.exec(files[`runbooks/${slug}.md`] ?? "")?.[1] ?? "";
    const alarms = CLOUD_DOC_SECTIONS.azure(spec).alarms;
    const first = new Map<string, (typeof alarms)[number]>();
    for (const alarm of alarms) if (!first.has(alarm.runbookSlug)) first.set(alarm.runbookSlug, alarm);
    const kinds = new Set<boolean>();
    for (const [slug, alarm] of first) {
      kinds.add(alarm.logSearch === true);
      const verb = alarm.logSearch ? "az monitor scheduled-query show" : "az monitor metrics alert show";
      expect(where(slug), slug).toBe(`${verb} --subscription ${spec.cloud.subscriptionId} -g ${spec.cloud.resourceGroup} -n ${alarm.name}`);
    }
    expect(kinds).toEqual(new Set([true, false]));
  });
});
