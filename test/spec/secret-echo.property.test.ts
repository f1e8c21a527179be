import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { BUNDLED_ENVIRONMENTS } from "../../environments";
import { checkEnvironment, formatProblems, readSpecFile, SpecValidationError } from "../../src/spec";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

/** Credentials as people paste them: the body is what must never appear in any message, not even in part. */
const credential = fc
  .tuple(
    fc.constantFrom(
      (b: string) => `https://hooks.slack.com/services/T0${b.slice(0, 8)}/B0${b.slice(8, 16)}/${b}`,
      (b: string) => `xoxb-1234567890-${b}`,
      (b: string) => `ghp_${b}${b.slice(0, 12)}`,
      (b: string) => `glsa_${b}_${b.slice(0, 8)}`,
      (b: string) => `https://example.com/hook?token=${b}`,
      (b: string) => `https://user:${b}@example.com/hook`,
      (b: string) =>
        `AKIA${b
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, "A")
          .slice(0, 16)}`,
      (b: string) => `eyJhbGciOiJIUzI1NiJ9.eyJ${b}.${b}`,
    ),
    fc.stringMatching(/^[A-Za-z0-9]{24}$/),
  )
  .map(([make, body]) => ({ text: make(body), body }));

function nodes(value: Json, path: Path = []): Array<{ path: Path; value: Json }> {
  const here = [{ path, value }];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => nodes(v, [...path, i]))];
  if (value && typeof value === "object") return [...here, ...Object.entries(value).flatMap(([k, v]) => nodes(v, [...path, k]))];
  return here;
}

function set(root: Json, path: Path, value: Json): Json {
  const copy = structuredClone(root);
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  parent[path[path.length - 1]] = value;
  return copy;
}

/** Every 8-character window of the credential's body: none may appear in what the user is shown. */
function leaks(text: string, body: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 8 <= body.length; i++) if (text.includes(body.slice(i, i + 8))) found.push(body.slice(i, i + 8));
  return found;
}

const dir = mkdtempSync(join(tmpdir(), "secret-echo-"));
let files = 0;

/** What validate prints for a document (file parsing and schema alike). */
function shown(document: string, extension: "yaml" | "json"): string {
  const file = join(dir, `spec-${files++}.${extension}`);
  writeFileSync(file, document);
  try {
    const result = checkEnvironment(readSpecFile(file));
    return result.ok ? "" : formatProblems(file, result.problems);
  } catch (error) {
    if (error instanceof SpecValidationError) return error.message;
    throw error;
  }
}

const specs = Object.values(BUNDLED_ENVIRONMENTS).map((e) => JSON.parse(JSON.stringify(e)) as Json);

describe("a pasted credential is never echoed (property-based, every error path)", () => {
  it("not as a value of any field, a key, an unknown key, nor in a syntax error of YAML or JSON", () => {
    fc.assert(
      fc.property(fc.constantFrom(...specs), credential, fc.nat(), fc.nat(5), (spec, cred, pick, kind) => {
        const strings = nodes(spec).filter((n) => n.path.length > 0);
        const node = strings[pick % strings.length];
        const objects = nodes(spec).filter((n) => n.value && typeof n.value === "object" && !Array.isArray(n.value));
        const target = objects[pick % objects.length];
        let document: string;
        let extension: "yaml" | "json" = "yaml";
        switch (kind) {
          case 0: // as a value where a name, URL or reference belongs
            document = stringify(set(spec, node.path, cred.text));
            break;
          case 1: // as a key (unknown key, tag or label key)
            document = stringify(set(spec, [...target.path, cred.text], "x"));
            break;
          case 2: // inside a secret reference
            document = stringify(set(spec, node.path, { secretsManager: cred.text }));
            break;
          case 3: // unquoted in JSON: a syntax error
            document = JSON.stringify(set(spec, node.path, "PLACEHOLDER")).replace('"PLACEHOLDER"', cred.text);
            extension = "json";
            break;
          case 4: // in a YAML syntax error
            document = `${stringify(spec)}broken: [${cred.text}\n`;
            break;
          default: // as a YAML tag
            document = stringify(spec).replace(/^name: /m, `name: !${cred.text} `);
        }
        const output = shown(document, extension);
        expect(leaks(output, cred.body), output).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
