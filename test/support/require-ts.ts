// Lets Node's own `require` load TypeScript in test workers, as tsx does for the app and the CLI: modules that load
// optional parts on demand (stacks/environments.ts requires the example environments only where they exist) use it.
import { register } from "tsx/cjs/api";

register();
