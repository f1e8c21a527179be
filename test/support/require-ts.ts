// Lets Node's own `require` load TypeScript in test workers, as tsx does for the app and the CLI: modules that load
// optional parts on demand (stacks/environments.ts requires the example environments only where they exist) use it.
// Once per process: setup files run before every file of a shared worker, and each register() chains another resolve
// hook, so a worker that registered per file resolved every require through dozens of nested hooks (a missing
// module's lookup then never ended).
import { register } from "tsx/cjs/api";

const REGISTERED = Symbol.for("cdktf-monitoring-stack.tsx-cjs-registered");
const state = globalThis as { [REGISTERED]?: boolean };
if (!state[REGISTERED]) {
  register();
  state[REGISTERED] = true;
}
