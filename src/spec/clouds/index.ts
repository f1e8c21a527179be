import { z } from "zod";
import { awsCloudSchema } from "./aws";

/**
 * The cloud section of a spec, one member per cloud. Adding a cloud adds a member here and a backend under
 * src/clouds/<cloud>/; nothing else switches on the provider.
 */
export const cloudSchema = z.discriminatedUnion("provider", [awsCloudSchema]);

export type CloudSpec = z.output<typeof cloudSchema>;
export type CloudProvider = CloudSpec["provider"];
