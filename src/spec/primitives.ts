import { z } from "zod";
import { SEVERITY_NAMES, type Severity } from "../model/severity";
import { Duration } from "./duration";

/** A Prometheus-style duration string ("30s", "5m", "1h30m", "15d"), resolved to a {@link Duration}. */
export const durationSchema = z.string({ error: 'expected a duration such as "30s", "5m", "1h30m" or "15d"' }).transform((text, ctx) => {
  const parsed = Duration.tryParse(text);
  if (!parsed) {
    ctx.addIssue({
      code: "custom",
      message: `expected a duration such as "30s", "5m", "1h30m" or "15d" (units w, d, h, m, s, largest first)`,
      input: text,
    });
    return z.NEVER;
  }
  return parsed;
});

/**
 * A duration within what the receiving systems accept, e.g. `durationWithin("1d", "3650d", "Loki ...")`; `why` says
 * whose limit it is.
 */
export function durationWithin(min: string, max: string, why: string) {
  const lo = Duration.parse(min);
  const hi = Duration.parse(max);
  return durationSchema.refine((d) => d.toSeconds() >= lo.toSeconds() && d.toSeconds() <= hi.toSeconds(), {
    error: (issue) =>
      `expected a duration from ${min} to ${max} (${why}), received "${(issue.input as Duration | undefined)?.toPrometheus()}"`,
  });
}

/** Lower-case DNS label: the form Kubernetes names, Terraform stack ids and alarm names all accept. */
export const dnsLabelSchema = z.string().check((ctx) => {
  const value = ctx.value;
  const problem =
    value === ""
      ? "expected a name of lower-case letters, digits and '-' (it must not be empty), received an empty string"
      : value.length > 40
        ? "must be at most 40 characters (it becomes part of resource and alarm names)"
        : /^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(value)
          ? undefined
          : "expected lower-case letters, digits and '-', starting with a letter and not ending with '-'";
  if (problem) ctx.issues.push({ code: "custom", message: problem, input: value });
});

/** A Kubernetes DNS-1123 subdomain (Secret, StorageClass, IngressClass names): at most 253 characters. */
export const dnsSubdomainSchema = (what: string) =>
  z
    .string()
    .max(253, `expected ${what} of at most 253 characters (a Kubernetes DNS subdomain)`)
    .regex(
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
      `expected ${what}: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (a Kubernetes DNS subdomain)`,
    );

/** A key of a Kubernetes Secret's data. */
export const secretDataKeySchema = z
  .string()
  .max(253, "expected a Secret key of at most 253 characters")
  .regex(/^[-._a-zA-Z0-9]+$/, "expected a Secret key of letters, digits, '-', '_' and '.'");

/** Kubernetes label keys and values, for selectors. */
export const labelMapSchema = z.record(
  z.string().regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/, "expected a Kubernetes label key"),
  z
    .string()
    .regex(/^([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?$/, "expected a Kubernetes label value")
    .max(63),
);

/** AWS tags an existing resource carries, to select it: AWS's own `aws:` tags (e.g. a CloudFormation stack's) may be selected. */
export const tagSelectorSchema = z.record(
  z.string().min(1, "expected a tag key of at least 1 character").max(128, "expected a tag key of at most 128 characters"),
  z.string().max(256, "expected a tag value of at most 256 characters"),
);

/**
 * AWS resource tags the stack puts on what it creates: keys of 1-128 and values of at most 256 letters, digits, spaces and `_ . : / = + - @`; the
 * `aws:` prefix is reserved for AWS's own tags and rejected by every tagging API.
 */
export const tagMapSchema = z.record(
  z
    .string()
    .min(1, "expected a tag key of at least 1 character")
    .max(128, "expected a tag key of at most 128 characters")
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, "expected a tag key of letters, digits, spaces and _ . : / = + - @")
    .refine(
      (key) => !key.toLowerCase().startsWith("aws:"),
      'expected a tag key without the "aws:" prefix, which AWS reserves for its own tags',
    ),
  z
    .string()
    .max(256, "expected a tag value of at most 256 characters")
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, "expected a tag value of letters, digits, spaces and _ . : / = + - @"),
);

export const severitySchema = z.enum(SEVERITY_NAMES);
export type { Severity };
export const SEVERITIES: readonly Severity[] = severitySchema.options;
