import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../support/run";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const CDKTF_COMMAND = /\bcdktf (synth|deploy|diff|destroy|get|output|watch|list)\b/;

describe("running cdktf changes nothing it should not", () => {
  it("commits the projectId cdktf otherwise writes into cdktf.json on the first run", () => {
    const config = JSON.parse(read("cdktf.json"));
    expect(config.projectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(config.sendCrashReports).toBe("false");
  });

  it("runs the app the same way under cdktf (deploy, diff) as npm run synth does, node options included", () => {
    // The options (V8's young generation size, bin/cdktf-app.js) change the synth's speed and V8's code cache is only
    // valid for the options it was made under: two commands would also throw each other's cache away.
    expect(JSON.parse(read("cdktf.json")).app).toBe(JSON.parse(read("package.json")).scripts.synth);
  });

  it("sets CHECKPOINT_DISABLE for every cdktf command of the npm scripts, the README, the guides and the workflows", () => {
    const missing: string[] = [];
    for (const [name, script] of Object.entries(JSON.parse(read("package.json")).scripts as Record<string, string>))
      if (CDKTF_COMMAND.test(script) && !script.includes("CHECKPOINT_DISABLE=1")) missing.push(`npm script ${name}`);

    const guides = readdirSync(join(ROOT, "docs", "guides")).map((f) => join("docs", "guides", f));
    for (const doc of ["README.md", ...guides]) {
      const text = read(doc);
      let fence: boolean | undefined; // undefined outside a code block, else whether it exported CHECKPOINT_DISABLE
      for (const line of text.split("\n")) {
        if (line.startsWith("```")) fence = fence === undefined ? false : undefined;
        else if (fence !== undefined) {
          if (/^export CHECKPOINT_DISABLE=1\b/.test(line)) fence = true;
          if (CDKTF_COMMAND.test(line) && !fence && !line.includes("CHECKPOINT_DISABLE=1") && !line.startsWith("#"))
            missing.push(`${doc}: ${line}`);
        }
      }
      for (const span of text.match(/`npx cdktf [^`]*`/g) ?? []) missing.push(`${doc}: ${span}`);
    }

    const workflows = join(ROOT, ".github", "workflows");
    for (const file of readdirSync(workflows)) {
      const text = readFileSync(join(workflows, file), "utf8");
      if (CDKTF_COMMAND.test(text) && parse(text).env?.CHECKPOINT_DISABLE !== "1") missing.push(`.github/workflows/${file}`);
    }
    expect(missing).toEqual([]);
  });
});
