import { createHash } from "node:crypto";
import { fitName } from "../fit-name";

/**
 * Helm keeps every release revision in a Secret (`sh.helm.release.v1.<name>.v<n>`: the chart, the values and the
 * rendered manifest as JSON, gzipped, base64-encoded), which the API server caps at 1 MiB. Rule files grow with the
 * services of a spec (~26 KB each), so they are installed in releases of their own, each holding at most this many
 * bytes of rule specs (JSON). Values and manifest then make ~2.3 MB of release JSON, which fits 1 MiB if gzip saves
 * 70%; rule files, repeated per service, compress ~14× (measured: 100 KB of rules store as 15 KB).
 */
const RULE_BYTES_PER_RELEASE = 1024 * 1024;

/** A rule file: Prometheus rule groups (a PrometheusRule spec). */
export interface RuleFileSpec {
  readonly groups: readonly unknown[];
}

/** Kubernetes object names of the PrometheusRules (the operator keys its rule ConfigMaps by them). */
const MAX_OBJECT_NAME = 63;

/**
 * Rule files spread over as few releases as hold them: a file's release is a hash of its name modulo a power of two,
 * the smallest for which every release fits `budget`. Adding a service moves no other file until the count doubles;
 * then a file moves only from release k to k + count. A file larger than `budget` is split by groups into
 * `<name>-part-2`, `<name>-part-3`…, and a single group larger than that gets a release to itself.
 */
export function ruleReleaseShards(
  files: Readonly<Record<string, RuleFileSpec>>,
  budget = RULE_BYTES_PER_RELEASE,
): Array<Record<string, RuleFileSpec>> {
  const pieces = Object.keys(files)
    .sort()
    .flatMap((name) => splitFile(name, files[name], budget));
  const hashes = pieces.map(([name]) => Number.parseInt(createHash("sha256").update(name).digest("hex").slice(0, 12), 16));
  for (let count = 1; ; count *= 2) {
    const shards = Array.from({ length: count }, () => ({ files: {} as Record<string, RuleFileSpec>, bytes: 0, pieces: 0 }));
    pieces.forEach(([name, file, bytes], i) => {
      const shard = shards[hashes[i] % count];
      shard.files[name] = file;
      shard.bytes += bytes;
      shard.pieces += 1;
    });
    if (shards.every((s) => s.bytes <= budget || s.pieces === 1)) return shards.map((s) => s.files);
    // 48 bits of hash: distinct names part long before this (a safeguard, not a limit a spec can reach).
    if (count > 2 ** 40) throw new Error("rule files cannot be spread over releases");
  }
}

/** The values of one rule release: PrometheusRule specs by object name (`<release>-<file>`, fitted to 63 characters). */
export function ruleReleaseValues(release: string, files: Readonly<Record<string, RuleFileSpec>>): { rules: Record<string, RuleFileSpec> } {
  return {
    rules: Object.fromEntries(Object.entries(files).map(([name, file]) => [fitName(`${release}-${name}`, MAX_OBJECT_NAME), file])),
  };
}

function splitFile(name: string, file: RuleFileSpec, budget: number): Array<[string, RuleFileSpec, number]> {
  const bytes = JSON.stringify(file).length;
  if (bytes <= budget) return [[name, file, bytes]];
  const parts: Array<{ groups: unknown[]; bytes: number }> = [];
  for (const group of file.groups) {
    const size = JSON.stringify(group).length;
    const last = parts.at(-1);
    if (last && last.bytes + size <= budget) {
      last.groups.push(group);
      last.bytes += size;
    } else parts.push({ groups: [group], bytes: size });
  }
  return parts.map((part, i) => [i === 0 ? name : `${name}-part-${i + 1}`, { groups: part.groups }, part.bytes]);
}
