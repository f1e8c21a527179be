/**
 * The JSON text cdktf writes (`cdk.tf.json`, manifest.json), built in one pass. cdktf 0.21 writes it with
 * json-stable-stringify 1.3 (`{ space: 2 }`), which joins every object's members into a new string at each level: the
 * megabytes of a large stack's alarm map and Helm values were copied once per nesting level (0.7 s of 3 s of synth at
 * 1,000 resources, npm run bench). The app's bundle (bin/bundle.js) gives cdktf this function instead. Same text, byte
 * for byte (a property test compares the two): keys sorted by code unit, `toJSON` honoured, undefined members dropped
 * and undefined items written as `null`, and the package's own layout of empty containers (`[` and `]` on two lines).
 * Only the options cdktf passes are supported (`space`); anything else throws rather than writing different text.
 */
export default function stableStringify(value: unknown, options?: { readonly space?: string | number }): string | undefined {
  if (options !== undefined && Object.keys(options).some((key) => key !== "space")) {
    throw new TypeError(`stable JSON: only the "space" option is supported, received ${Object.keys(options).join(", ")}`);
  }
  const given = options?.space ?? "";
  const space = typeof given === "number" ? " ".repeat(given) : given;
  const colon = space ? ": " : ":";
  const out: string[] = [];
  const path = new Set<object>();
  const indents = [space ? "\n" : ""];
  const indent = (level: number) => {
    for (let i = indents.length; i <= level; i++) indents.push(`${indents[i - 1]}${space}`);
    return indents[level];
  };

  /** Appends the text of `raw` at nesting `level`; false (nothing appended) when JSON has no text for it. */
  const write = (raw: unknown, level: number): boolean => {
    let node = raw;
    if (node && typeof (node as { toJSON?: unknown }).toJSON === "function") node = (node as { toJSON: () => unknown }).toJSON();
    if (node === undefined) return false;
    if (typeof node !== "object" || node === null) {
      const text = JSON.stringify(node);
      if (text === undefined) return false;
      out.push(text);
      return true;
    }
    const inner = indent(level + 1);
    if (Array.isArray(node)) {
      out.push("[");
      for (let i = 0; i < node.length; i++) {
        out.push(i === 0 ? inner : `,${inner}`);
        if (!write(node[i], level + 1)) out.push("null");
      }
      out.push(`${indent(level)}]`);
      return true;
    }
    if (path.has(node)) throw new TypeError("Converting circular structure to JSON");
    path.add(node);
    out.push("{");
    let first = true;
    for (const key of Object.keys(node).sort()) {
      const mark = out.length;
      out.push(`${first ? "" : ","}${inner}${JSON.stringify(key)}${colon}`);
      if (write((node as Record<string, unknown>)[key], level + 1)) first = false;
      else out.length = mark;
    }
    out.push(`${indent(level)}}`);
    path.delete(node);
    return true;
  };

  return write(value, 0) ? out.join("") : undefined;
}
