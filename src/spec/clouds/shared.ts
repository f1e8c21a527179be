import { z } from "zod";
import type { EnvironmentSpec } from "../environment";

/** A JSON field name in structured logs, e.g. "duration_ms" or "http.status". */
const jsonField = z.string().regex(/^[A-Za-z_][\w.]*$/, 'expected a JSON field name such as "duration_ms"');

/** Field names of structured JSON logs, for log-based metrics and queries (the same defaults on every cloud). */
export const jsonFieldsSchema = z
  .strictObject({
    /** @default "level" - error lines have the value "error" */
    level: jsonField.default("level"),
    /** @default "status" - HTTP status code */
    status: jsonField.default("status"),
    /** @default "duration_ms" - request duration in milliseconds */
    durationMs: jsonField.default("duration_ms"),
    /** @default "path" - request path */
    path: jsonField.default("path"),
    /** @default "request_id" */
    requestId: jsonField.default("request_id"),
    /** @default "message" */
    message: jsonField.default("message"),
  })
  .prefault({});

export type JsonFields = z.output<typeof jsonFieldsSchema>;

/** Every watched resource's `service` names a service of the environment. */
export function checkWatchedServices(
  env: EnvironmentSpec,
  lists: Readonly<Record<string, ReadonlyArray<{ readonly service?: string }>>>,
  ctx: z.RefinementCtx,
  pathOf: (kind: string) => Array<string | number>,
): void {
  const serviceNames = new Set(env.services.map((s) => s.name));
  for (const [kind, resources] of Object.entries(lists)) {
    resources.forEach((resource, i) => {
      if (resource.service && !serviceNames.has(resource.service)) {
        ctx.addIssue({
          code: "custom",
          path: [...pathOf(kind), i, "service"],
          message: `expected the name of a service in 'services' (${[...serviceNames].join(", ") || "none defined"}), received "${resource.service}"`,
        });
      }
    });
  }
}
