import { z } from "zod";

/** Azure resource group names: 1-90 letters, digits, '-', '_', '.', '(' and ')', not ending in '.'. */
export const azureResourceGroupNameSchema = z.string().regex(/^[-\w._()]{0,89}[-\w_()]$/, "expected a resource group name");
