import { z } from "zod";
import { dnsLabelSchema } from "./primitives";

export const kubeconfigConnectionSchema = z.strictObject({
  type: z.literal("kubeconfig"),
  /** @default "~/.kube/config" */
  configPath: z.string().min(1).default("~/.kube/config"),
  /** @default - the kubeconfig's current context */
  context: z.string().min(1).optional(),
});

export const eksConnectionSchema = z.strictObject({
  type: z.literal("eks"),
  /** Resolved through the aws_eks_cluster data source; authentication uses `aws eks get-token` (no token in state). */
  clusterName: z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, "expected an EKS cluster name"),
});

export const kubernetesSchema = z.strictObject({
  connection: z.discriminatedUnion("type", [kubeconfigConnectionSchema, eksConnectionSchema]),
  /** Namespace the monitoring components are installed in. @default "monitoring" */
  namespace: dnsLabelSchema.default("monitoring"),
  /** Storage class of persistent volumes. @default - the cluster's default storage class */
  storageClass: z.string().min(1).optional(),
});

export type KubernetesSpec = z.output<typeof kubernetesSchema>;
