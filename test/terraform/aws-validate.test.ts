import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { partComposites } from "../render/aws/part-composites";
import { bundledSpec, synthEnvironments, type TerraformJson } from "../support/synth";
import { writeTree } from "../support/tools";

/**
 * `terraform validate` on the AWS part of every bundled stack and on part composites, offline, where the machine has terraform and a
 * filesystem mirror of hashicorp/aws (some images carry terraform 1.11 and aws 5.100 under /opt/tf-plugins).
 * Elsewhere it skips with a message, in CI too: the workflow's validate job checks whole stacks with network.
 */
const TERRAFORM = [process.env.TERRAFORM_BINARY, "/usr/local/bin/terraform", "/usr/bin/terraform"].find((p) => p && existsSync(p));
const MIRROR = process.env.TF_PROVIDER_MIRROR ?? "/opt/tf-plugins";
const AWS_MIRROR = join(MIRROR, "registry.terraform.io", "hashicorp", "aws");
const mirroredVersion = existsSync(AWS_MIRROR) ? readdirSync(AWS_MIRROR).sort().at(-1) : undefined;
/** The mirrored provider's folder for this machine (the mirror's unpacked layout: <version>/<os>_<arch>/). */
const PLATFORM = `${process.platform}_${({ x64: "amd64", ia32: "386" } as Record<string, string>)[process.arch] ?? process.arch}`;
const providerDir = mirroredVersion && join(AWS_MIRROR, mirroredVersion, PLATFORM);
/** The module of deliberate mistakes validated beside the stacks (no bundled environment has this name). */
const BROKEN = "broken-arguments";
/** The module of part composites (test/render/aws/part-composites.ts). */
const COMPOSITES = "part-composites";
const skip = !TERRAFORM || !providerDir || !existsSync(providerDir);
if (skip)
  process.stderr.write(
    `skipping terraform validate of the AWS parts: ${!TERRAFORM ? "no terraform binary" : `no hashicorp/aws in ${MIRROR}`}\n`,
  );

/**
 * The AWS part of a stack as a module: aws resources, data sources and ephemeral resources, and locals. A reference to another provider's
 * resource or to a variable becomes a string literal; `data.aws_region.*.region` (aws 6.x) is `name` in the mirrored 5.x.
 */
export function awsPart(stack: TerraformJson): TerraformJson {
  const pick = (block: Record<string, unknown> | undefined) =>
    Object.fromEntries(Object.entries(block ?? {}).filter(([type]) => type.startsWith("aws_")));
  const part: TerraformJson = {
    terraform: { required_providers: { aws: { source: "hashicorp/aws" } } },
    provider: { aws: stack.provider.aws },
    ...(stack.locals ? { locals: stack.locals } : {}),
    resource: pick(stack.resource),
    data: pick(stack.data),
    // Written by src/terraform/ephemeral-resource.ts, which cdktf's bindings cannot check: the provider does.
    ...(stack.ephemeral ? { ephemeral: pick(stack.ephemeral) } : {}),
  };
  const text = JSON.stringify(part).replace(/\$\{((?:[^{}]|\{[^{}]*\})*)\}/g, (_, expression: string) => {
    const rewritten = expression
      .replace(/\bdata\.aws_region\.([A-Za-z0-9_-]+)\.region\b/g, "data.aws_region.$1.name")
      .replace(/(?<![\w.-])var\.[A-Za-z0-9_]+/g, '\\"placeholder\\"')
      .replace(/(?<![\w.-])(?:data\.)?(?!aws_)[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_]+|\[\d+\])*/g, (ref) =>
        /^(local|each|count)\./.test(ref) ? ref : '\\"placeholder\\"',
      );
    return `\${${rewritten}}`;
  });
  return JSON.parse(text);
}

/** Where an error of `terraform validate` is: the module folder of the file it quotes (undefined: none). */
function moduleOf(error: string): string | undefined {
  return /\n\s*on ([^/\s]+)\//.exec(error)?.[1];
}

/** An error as a reader wants it: Terraform quotes the whole one-line JSON file; keep the messages, drop the quoted lines. */
function brief(error: string): string {
  return error
    .split("\n")
    .filter((line) => line.length < 400)
    .join("\n");
}

describe.skipIf(skip)(`terraform validate of AWS configurations (hashicorp/aws ${mirroredVersion} from ${MIRROR})`, () => {
  // One validate run checks every configuration, each a module of one root: the bundled stacks' AWS parts, a service
  // composite over part composites, and a module of deliberate mistakes. Terraform reports every diagnostic of every
  // module (each run loads the 700 MB provider's schema, ~4 s of CPU), so a configuration passes when no error is in
  // its files. Each provider block is a provider process of its own (~1 s of CPU each): the composites' block is the
  // root's, which the composites and the mistakes inherit; each stack keeps its own.
  let envs: string[];
  let errors: string[];
  beforeAll(() => {
    const stacks = synthEnvironments(
      (Object.keys(BUNDLED_ENVIRONMENTS) as (keyof typeof BUNDLED_ENVIRONMENTS)[]).map((env) => bundledSpec(env)),
    );
    envs = Object.keys(stacks).filter((env) => stacks[env].provider?.aws);
    expect(envs.length).toBeGreaterThan(0);
    expect(envs).not.toContain(BROKEN);
    expect(envs).not.toContain(COMPOSITES);
    // The stacks have ephemeral blocks (SSM takes an ARN, not a name), which the broken module gets wrong.
    expect(envs.some((e) => Object.keys(awsPart(stacks[e]).ephemeral ?? {}).includes("aws_ssm_parameter"))).toBe(true);
    const { provider, ...composites } = partComposites().json;
    expect(Object.keys(provider)).toEqual(["aws"]);
    const requiredAws = { required_providers: { aws: { source: "hashicorp/aws" } } };
    const dir = writeTree(
      {
        // The mirrored provider binary itself (a development override): no provider installation by `terraform init`,
        // and no checksum of the 700 MB binary by init and again by validate (~1.5 s of CPU). Installing from the
        // mirror against a lock file is test/terraform/lock-providers.test.ts's.
        "cli.tfrc": `provider_installation {\n  dev_overrides {\n    "hashicorp/aws" = "${providerDir}"\n  }\n  direct {}\n}\n`,
        "root/main.tf.json": JSON.stringify({
          terraform: requiredAws,
          provider,
          module: Object.fromEntries([...envs, COMPOSITES, BROKEN].map((name) => [name, { source: `./${name}` }])),
        }),
        [`root/${COMPOSITES}/main.tf.json`]: JSON.stringify({ ...composites, terraform: requiredAws }),
        [`root/${BROKEN}/broken.tf.json`]: JSON.stringify({
          terraform: requiredAws,
          resource: { aws_sns_topic: { broken: { name: "x", not_an_argument: true } } },
          ephemeral: { aws_ssm_parameter: { broken: { name: "/x", with_decryption: true } } },
        }),
      },
      "tf-validate-",
    );
    for (const env of envs) {
      mkdirSync(join(dir, "root", env));
      writeFileSync(join(dir, "root", env, "main.tf.json"), JSON.stringify(awsPart(stacks[env])));
    }
    const run = (args: string[]) =>
      spawnSync(TERRAFORM as string, args, {
        cwd: join(dir, "root"),
        encoding: "utf8",
        timeout: 240_000,
        env: { ...process.env, TF_CLI_CONFIG_FILE: join(dir, "cli.tfrc"), CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" },
      });
    // Installs the modules (local folders), all that validate needs besides the overridden provider.
    const get = run(["get", "-no-color"]);
    expect(get.status, get.stdout + get.stderr).toBe(0);
    const validate = run(["validate", "-no-color"]);
    // The broken module fails the run; the tests below say whose errors they are.
    expect(validate.status).not.toBe(0);
    errors = (validate.stdout + validate.stderr).split(/\n(?=Error: )/).filter((e) => e.startsWith("Error: "));
  }, 300_000);

  it("accepts every bundled stack that uses AWS", () => {
    expect(errors.filter((e) => envs.includes(moduleOf(e) ?? "") || moduleOf(e) === undefined).map(brief)).toEqual([]);
  });

  it("accepts a service composite over part composites (their depends_on, the parts' empty action lists)", () => {
    expect(errors.filter((e) => moduleOf(e) === COMPOSITES || moduleOf(e) === undefined).map(brief)).toEqual([]);
  });

  it("rejects an argument the provider does not have, and a wrong argument of an ephemeral block, and nothing else", () => {
    expect(errors.find((e) => e.includes("resource.aws_sns_topic.broken"))).toMatch(
      /Extraneous JSON object property[\s\S]*not_an_argument/,
    );
    expect(errors.find((e) => e.includes("ephemeral.aws_ssm_parameter.broken"))).toMatch(/arn/);
    expect(errors.filter((e) => moduleOf(e) !== BROKEN).map(brief)).toEqual([]);
  });
});
