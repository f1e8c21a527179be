import { z } from "zod";
import type { EnvironmentSpec } from "../environment";
import { awsCloudSchema, checkAwsEnvironment } from "./aws";
import { azureCloudSchema, checkAzureEnvironment } from "./azure";
import { checkGcpEnvironment, gcpCloudSchema } from "./gcp";

/**
 * The cloud section of a spec, one member per cloud. Adding a cloud adds a member here and a backend under
 * stacks/clouds/<cloud>.ts (rendering in src/render/<cloud>/); nothing else switches on the provider.
 */
export const cloudSchema = z.discriminatedUnion("provider", [awsCloudSchema, gcpCloudSchema, azureCloudSchema]);

export type CloudSpec = z.output<typeof cloudSchema>;
export type CloudProvider = CloudSpec["provider"];

/** Cross-field checks each cloud adds to the environment (run after the whole spec parsed). */
export const CLOUD_CHECKS: { readonly [P in CloudProvider]: (env: EnvironmentSpec, ctx: z.RefinementCtx) => void } = {
  aws: checkAwsEnvironment,
  gcp: checkGcpEnvironment,
  azure: checkAzureEnvironment,
};
