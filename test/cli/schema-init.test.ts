import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { environmentJsonSchema } from "../../src/cli/schema";
import { resolveEnvironment } from "../../src/spec";
import { ROOT, runCli } from "../support/run";

const schema = environmentJsonSchema();
const check = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

/** The YAML example of the environments guide (the block that points at the schema). */
function readmeExample(): string {
  const guide = readFileSync(join(ROOT, "docs", "guides", "environments.md"), "utf8");
  const block = guide.match(/```yaml\n(# yaml-language-server: \$schema=[\s\S]*?)```/);
  if (!block) throw new Error("docs/guides/environments.md has no YAML example with a schema reference");
  return block[1];
}

describe("the JSON Schema of the spec", () => {
  it.each(Object.keys(BUNDLED_ENVIRONMENTS))("accepts the bundled environment %s", (name) => {
    const input = JSON.parse(JSON.stringify(BUNDLED_ENVIRONMENTS[name]));
    expect(check(input), JSON.stringify(check.errors)).toBe(true);
  });

  it("rejects unknown keys and values outside an enumeration, as validate does", () => {
    const input = JSON.parse(JSON.stringify(BUNDLED_ENVIRONMENTS.dev));
    expect(check({ ...input, profile: "large" })).toBe(false);
    expect(check({ ...input, servcies: [] })).toBe(false);
    expect(check({ ...input, channels: [{ type: "pager", name: "x" }] })).toBe(false);
  });

  it("accepts the environments guide's complete YAML example, which validate accepts too", () => {
    const example = parse(readmeExample());
    expect(check(example), JSON.stringify(check.errors)).toBe(true);
    expect(resolveEnvironment(example).name).toBe("qa");
  });

  it("is what monitoring-stack schema --out writes", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "schema-")), "environment.schema.json");
    const result = await runCli(["schema", "--out", file]);
    expect(result.status).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(schema);
  });
});

describe("monitoring-stack init", () => {
  const init = (cwd: string, ...args: string[]) => runCli(["init", ...args], { cwd });

  it("scaffolds a YAML environment from flags that the schema and validate accept", async () => {
    const dir = mkdtempSync(join(tmpdir(), "init-"));
    const result = await init(
      dir,
      "--name",
      "qa",
      "--email",
      "team@example.com",
      "--cloud",
      "aws",
      "--region",
      "eu-west-1",
      "--kubernetes",
      "eks",
      "--cluster",
      "shop-qa",
      "--smtp",
      "smtp.example.com:587",
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const text = readFileSync(join(dir, "environments", "qa.yaml"), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../node_modules/cdktf-monitoring-stack/dist/environment.schema.json");
    const spec = parse(text);
    expect(check(spec), JSON.stringify(check.errors)).toBe(true);
    expect(resolveEnvironment(spec).cloud?.provider).toBe("aws");
    expect((await init(dir, "--name", "qa", "--email", "team@example.com")).status).toBe(2); // exists: --force overwrites
  });

  it("writes TypeScript on request, and names the missing answers instead of prompting without a terminal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "init-"));
    expect((await init(dir, "--name", "qa", "--email", "team@example.com", "--format", "ts")).status).toBe(0);
    const ts = readFileSync(join(dir, "environments", "qa.ts"), "utf8");
    expect(ts).toContain('import { defineEnvironment } from "cdktf-monitoring-stack";');
    expect(ts).toContain('"addresses": [\n        "team@example.com"');
    const missing = await init(dir, "--cloud", "aws");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("missing --name, --email, --region");
  });
});
