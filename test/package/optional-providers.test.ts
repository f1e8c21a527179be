import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { MissingProviderError, providerModule } from "../../src/util/provider-module";
import { ROOT } from "../support/run";

const OPTIONAL = ["azurerm", "google", "helm", "kubernetes", "pagerduty"].map((p) => `@cdktf/provider-${p}`);

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe("optional provider bindings", () => {
  it("are loaded only through providerModule, on first use (importing the package never needs them)", () => {
    const offenders: string[] = [];
    for (const file of ["src", "modules", "stacks"].flatMap(sources)) {
      const text = readFileSync(join(ROOT, file), "utf8");
      for (const pkg of OPTIONAL) {
        const valueImport = new RegExp(`^import (?!type )[^;]*from "${pkg}[/"]`, "m");
        if (valueImport.test(text)) offenders.push(`${file}: import of ${pkg} values (use providerModule)`);
        const requires = text.match(new RegExp(`require\\("${pkg}/`, "g"))?.length ?? 0;
        const wrapped = text.match(new RegExp(`providerModule\\(\\s*"${pkg}",\\s*\\(\\) =>\\s*require\\("${pkg}/`, "g"))?.length ?? 0;
        if (requires !== wrapped) offenders.push(`${file}: require of ${pkg} outside providerModule`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("name the package to install when it is missing", () => {
    const load = () => providerModule("@cdktf/provider-google", () => require("@cdktf/provider-google/lib/no-such-resource"));
    expect(load).toThrow(MissingProviderError);
    expect(load).toThrow("@cdktf/provider-google is not installed: this module needs it (npm install @cdktf/provider-google)");
  });

  it("keep other load errors as they are", () => {
    const load = () =>
      providerModule("@cdktf/provider-google", () => {
        throw new TypeError("broken binding");
      });
    expect(load).toThrow("broken binding");
  });
});
