import type { EnvironmentInput } from "../src/spec";
import azure from "./azure";
import dev from "./dev";
import gcp from "./gcp";
import prod from "./prod";
import staging from "./staging";

/** The bundled example environments, keyed by file name; add a file and a line here, or drop a YAML spec beside them. */
export const BUNDLED_ENVIRONMENTS: Readonly<Record<string, EnvironmentInput>> = { dev, staging, prod, gcp, azure };
