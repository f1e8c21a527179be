import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSpecFile, SpecValidationError } from "../../src/spec";

const dir = mkdtempSync(join(tmpdir(), "spec-file-"));
const VALID = "name: qa\nchannels:\n  - type: email\n    name: team\n    addresses: [team@example.com]\n";

function problemsOf(name: string, content: string | Buffer): string[] {
  const file = join(dir, name);
  writeFileSync(file, content);
  try {
    readSpecFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecValidationError);
    const problems = (error as SpecValidationError).problems;
    for (const p of problems) expect(p.message).not.toMatch(/\n\s+at /);
    return problems.map((p) => p.message);
  }
  return [];
}

const read = (name: string, content: string | Buffer) => {
  const file = join(dir, name);
  writeFileSync(file, content);
  return readSpecFile(file);
};

describe("reading spec files", () => {
  it("reports a duplicate key in JSON as in YAML, with its line", () => {
    expect(problemsOf("dup.json", '{\n  "name": "qa",\n  "name": "prod"\n}')).toEqual([
      "duplicate key at line 3, column 3: each key may appear once in a JSON object",
    ]);
    expect(problemsOf("dup.yaml", "name: qa\nname: prod\n")).toEqual([
      "duplicate key at line 2, column 1: each key may appear once in a YAML object",
    ]);
  });

  it("rejects YAML tags, naming the tag", () => {
    expect(problemsOf("ref.yaml", `${VALID}description: !Ref Foo\n`)[0]).toMatch(/^unsupported YAML tag at line 6, column 14: .*!Ref/);
    expect(problemsOf("py.yaml", `${VALID}description: !!python/object:os.system x\n`)[0]).toContain("!!python/object:os.system");
    // The core schema's own tags resolve to plain values and stay allowed.
    expect(read("str.yaml", `${VALID}description: !!str 42\n`)).toMatchObject({ description: "42" });
  });

  it("turns the YAML library's warnings into problems instead of discarding them", () => {
    expect(problemsOf("warn.yaml", `%FOO bar\n---\n${VALID}`)[0]).toMatch(/^YAML warning at line 1/);
  });

  it("stops an alias bomb and too-deep nesting with a problem, not a library exception", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 7; i++)
      levels.push(
        `${"abcdefg"[i]}: &${"abcdefg"[i]} [${Array(9)
          .fill(`*${"abcdefg"[i - 1]}`)
          .join(", ")}]`,
      );
    expect(problemsOf("bomb.yaml", `${levels.join("\n")}\n`)).toEqual([
      "not a usable YAML document: expands too many aliases (an alias bomb?)",
    ]);
    expect(problemsOf("deep.yaml", `a: ${"[".repeat(5_000)}${"]".repeat(5_000)}\n`)[0]).toMatch(
      /nesting at most 64 levels deep, received (5000|200001)$/,
    );
    expect(problemsOf("deep.json", `{"a": ${"[".repeat(200_000)}${"]".repeat(200_000)}}`)[0]).toMatch(
      /nesting at most 64 levels deep, received (5000|200001)$/,
    );
    expect(problemsOf("deep2.json", `{"a": ${"[".repeat(100)}${"]".repeat(100)}}`)[0]).toMatch(
      /nesting at most 64 levels deep, received 101/,
    );
  });

  it("reads UTF-8 with a byte-order mark and UTF-16 with one; names other encodings", () => {
    expect(read("bom.json", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"qa"}')]))).toEqual({ name: "qa" });
    expect(read("utf16le.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID, "utf16le")]))).toMatchObject({ name: "qa" });
    const be = Buffer.from(VALID, "utf16le").swap16();
    expect(read("utf16be.yaml", Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toMatchObject({ name: "qa" });
    expect(problemsOf("nobom.yaml", Buffer.from(VALID, "utf16le"))[0]).toMatch(/looks like UTF-16 without a byte-order mark/);
    expect(problemsOf("latin1.yaml", Buffer.concat([Buffer.from(VALID), Buffer.from("description: caf\xe9\n", "latin1")]))[0]).toMatch(
      /not valid UTF-8/,
    );
  });

  it("reports JSON syntax errors by line without quoting the text (it may hold a pasted credential)", () => {
    const token = "xoxb-1234567890-abcdefghijklmn";
    const [message] = problemsOf("bad.json", `{\n  "name": ${token}\n}`);
    expect(message).toBe("not valid JSON at line 2, column 11: unexpected character");
    expect(problemsOf("short.json", '{"name": "qa"')).toEqual(["not valid JSON at line 1, column 14: the document ends early"]);
  });

  it("rejects files far larger than any spec", () => {
    expect(problemsOf("huge.yaml", `${VALID}description: "${"x".repeat(5 * 1024 * 1024)}"\n`)[0]).toMatch(/at most 4 MiB/);
  });
});
