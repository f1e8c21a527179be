import { z } from "zod";
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

/** Kubernetes label keys and values, for selectors. */
export const labelMapSchema = z.record(
  z.string().regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/, "expected a Kubernetes label key"),
  z
    .string()
    .regex(/^([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?$/, "expected a Kubernetes label value")
    .max(63),
);

/** AWS-style resource tags. */
export const tagMapSchema = z.record(z.string().min(1).max(128), z.string().max(256));

export const severitySchema = z.enum(["critical", "warning", "info"]);
export type Severity = z.infer<typeof severitySchema>;
export const SEVERITIES: readonly Severity[] = severitySchema.options;
