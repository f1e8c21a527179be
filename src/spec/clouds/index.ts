import { z } from "zod";
import type { EnvironmentSpec } from "../environment";
import { awsCloudSchema, checkAwsEnvironment } from "./aws";

/**
 * The cloud section of a spec, one member per cloud. Adding a cloud adds a member here and a backend under
 * src/clouds/<cloud>/; nothing else switches on the provider.
 */
export const cloudSchema = z.discriminatedUnion("provider", [awsCloudSchema]);

export type CloudSpec = z.output<typeof cloudSchema>;
export type CloudProvider = CloudSpec["provider"];

/** Cross-field checks each cloud adds to the environment (run after the whole spec parsed). */
export const CLOUD_CHECKS: { readonly [P in CloudProvider]: (env: EnvironmentSpec, ctx: z.RefinementCtx) => void } = {
  aws: checkAwsEnvironment,
};
