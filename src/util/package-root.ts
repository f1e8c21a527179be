import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The project root (the folder with package.json), whether running from source (tsx) or from dist/. */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
