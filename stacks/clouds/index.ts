import type { CloudProvider, CloudSpec } from "../../src/spec/clouds";
import { awsBackend } from "./aws";
import type { CloudBackend } from "./types";

/** Every cloud the stack can watch, by the spec's `cloud.provider`. */
export const CLOUD_BACKENDS: { readonly [P in CloudProvider]: CloudBackend<Extract<CloudSpec, { provider: P }>> } = {
  aws: awsBackend,
};

export type { CloudBackend, CloudContext } from "./types";
