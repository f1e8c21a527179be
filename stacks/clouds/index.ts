import type { CloudProvider, CloudSpec } from "../../src/spec/clouds";
import { awsBackend } from "./aws";
import { azureBackend } from "./azure";
import { gcpBackend } from "./gcp";
import type { CloudBackend } from "./types";

/**
 * Every cloud the stack can watch, by the spec's `cloud.provider`. The Google Cloud and Azure modules load their
 * provider bindings on first use (about 75 ms and 25 MB per process otherwise), so an app that watches only AWS does
 * not pay for them (npm run bench).
 */
export const CLOUD_BACKENDS: { readonly [P in CloudProvider]: CloudBackend<Extract<CloudSpec, { provider: P }>> } = {
  aws: awsBackend,
  gcp: gcpBackend,
  azure: azureBackend,
};

export type { CloudBackend, CloudContext } from "./types";
