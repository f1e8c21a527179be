import type { ServiceSpec } from "../../spec/services";
import { serviceSelector } from "../../spec/services";
import { matchers } from "../prometheus/types";

/**
 * The only labels a stream may carry; everything else (pod name, trace id) goes into structured metadata, so the
 * number of streams grows with workloads, not with pods or requests.
 */
export const LOG_STREAM_LABELS = ["cluster", "namespace", "app", "container", "node", "job", "stream", "level", "unit"] as const;

/** Log levels counted as errors in JSON structured logs (pino, zap, logback JSON and the like). */
export const ERROR_LEVELS = "error|fatal|critical|panic|50|60";

/**
 * The Loki stream labels of a service's pods, as the log agent (modules/alloy) sets them: `namespace`, and `app` = the
 * pod's `app.kubernetes.io/name`, else its `app` label. The service's selector says which of those its pods carry;
 * with neither, the agent falls back to the container name, which the spec does not know: the service name is the
 * best guess.
 */
function serviceLogStream(service: ServiceSpec): Record<string, string> {
  const selector = serviceSelector(service);
  return { namespace: service.namespace, app: selector["app.kubernetes.io/name"] ?? selector.app ?? service.name };
}

/** The stream selector of a service's logs, e.g. `{namespace="shop", app="checkout"}`. */
export function serviceLogSelector(service: ServiceSpec): string {
  return matchers(serviceLogStream(service));
}

/** A service's error lines: the selection the error-log rules count and the runbooks quote (one place). */
export function serviceErrorLogs(service: ServiceSpec): string {
  return `${serviceLogSelector(service)} | json | level=~"${ERROR_LEVELS}"`;
}
