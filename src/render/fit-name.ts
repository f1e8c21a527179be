import { createHash } from "node:crypto";

/**
 * A generated name within a provider's length limit without silent collisions: the name itself when it fits,
 * otherwise its start and `-` and 8 hex digits of a hash of the whole name, so two long names that share their start
 * still differ. Names that fit today keep their name (no replacement on upgrade).
 */
export function fitName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, max - hash.length - 1).replace(/[-_.]+$/, "")}-${hash}`;
}
