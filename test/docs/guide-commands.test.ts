import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { gamedayScenario } from "../../src/catalog/gameday/scenarios";
import { parseCommandLine } from "../../src/cli/main";
import { ROOT } from "../support/run";

/** The documents that show `monitoring-stack` command lines to copy: the front door and the drills guide. */
const DOCUMENTS = ["README.md", "docs/guides/drills.md"];

/** Every `npx monitoring-stack …` line of a document's fenced code blocks, as argv (comments and pipes cut off). */
function commandLines(markdown: string): string[][] {
  const blocks = [...markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((block) =>
    block.split("\n").flatMap((line) => {
      const at = line.indexOf("npx monitoring-stack ");
      if (at < 0) return [];
      const argv: string[] = [];
      for (const [token] of line.slice(at + "npx monitoring-stack ".length).matchAll(/"[^"]*"|'[^']*'|\S+/g)) {
        if (token.startsWith("#") || ["&", "&&", "|", ";"].includes(token)) break;
        argv.push(token.replace(/^(["'])(.*)\1$/, "$2"));
      }
      return [argv];
    }),
  );
}

describe("the commands the README and the drills guide show are accepted by the CLI", () => {
  it.each(DOCUMENTS)("%s", (document) => {
    const lines = commandLines(readFileSync(join(ROOT, document), "utf8"));
    expect(lines.length).toBeGreaterThan(2);
    for (const argv of lines) {
      const shown = `monitoring-stack ${argv.join(" ")}`;
      const parsed = parseCommandLine(argv);
      if ("error" in parsed) throw new Error(`${document}: ${shown}: ${parsed.error}`);
      const { env, scenario } = parsed.values;
      if (typeof env === "string") expect(Object.keys(BUNDLED_ENVIRONMENTS), `${document}: ${shown}`).toContain(env);
      if (typeof scenario === "string") expect(gamedayScenario(scenario), `${document}: ${shown}`).toBeDefined();
    }
  });

  it("shows a game day and its scenario in the README", () => {
    const lines = commandLines(readFileSync(join(ROOT, "README.md"), "utf8"));
    expect(lines.some((argv) => argv[0] === "gameday" && argv.includes("--scenario"))).toBe(true);
  });
});
