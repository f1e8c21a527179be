import type { EnvironmentSpec } from "../../spec/environment";
import { secretMount } from "../alertmanager/secrets";
import { oncallServices, pagerdutyReceiver } from "../oncall/ownership";

/** Where the game day's recording receivers listen (all on 127.0.0.1). */
export interface LocalEndpoints {
  /** Base URL of the HTTP recorder, e.g. http://127.0.0.1:41234. */
  readonly http: string;
  /** host:port of the SMTP sink. */
  readonly smtp: string;
}

/** PagerDuty routing key the local PagerDuty recorder sees for a receiver (it names the receiver, not a secret). */
function localRoutingKey(receiver: string): string {
  return `gameday-${receiver}`;
}

/**
 * The rendered Alertmanager configuration pointed at local recorders, changing only endpoints: PagerDuty's Events v2
 * URL, SNS's API URL (with throwaway SigV4 keys, which the recorder ignores) and the SMTP relay. Receivers, routes,
 * templates and inhibitions stay as rendered, so the real routing tree and templates are exercised. Pure.
 */
// biome-ignore lint/suspicious/noExplicitAny: Alertmanager's configuration is a free-form document
export function localRouting(config: Record<string, any>, endpoints: LocalEndpoints): Record<string, any> {
  const copy = structuredClone(config);
  copy.global = { ...copy.global, smtp_smarthost: endpoints.smtp, smtp_require_tls: false };
  for (const receiver of copy.receivers ?? []) {
    for (const pd of receiver.pagerduty_configs ?? []) pd.url = `${endpoints.http}/pagerduty/v2/enqueue`;
    for (const sns of receiver.sns_configs ?? []) {
      sns.api_url = `${endpoints.http}/sns`;
      sns.sigv4 = { ...sns.sigv4, access_key: "gameday", secret_key: "gameday" };
    }
  }
  return copy;
}

/**
 * The credential files Alertmanager reads (`<secretsDir>/<secret>/<key>`), filled with local recorder URLs and
 * routing keys that name their receiver. Paths come from the same `secretMount` the rendering uses.
 */
export function localSecrets(spec: EnvironmentSpec, secretsDir: string, endpoints: LocalEndpoints): Record<string, string> {
  const files: Record<string, string> = {};
  const put = (ref: Parameters<typeof secretMount>[0], generated: string, value: string) => {
    files[secretMount(ref, generated, generated, secretsDir).path] = value;
  };
  for (const channel of spec.channels) {
    const generated = `alertmanager-${channel.name}`;
    if (channel.type === "slack") put(channel.webhookUrl, generated, `${endpoints.http}/slack/${channel.name}`);
    if (channel.type === "webhook") put(channel.url, generated, `${endpoints.http}/webhook/${channel.name}`);
    if (channel.type === "pagerduty") put(channel.routingKey, generated, localRoutingKey(channel.name));
  }
  for (const service of oncallServices(spec)) {
    const receiver = pagerdutyReceiver(service.name);
    files[`${secretsDir}/alertmanager-${receiver}/routing-key`] = localRoutingKey(receiver);
  }
  if (spec.alerting.heartbeat && "url" in spec.alerting.heartbeat)
    put(spec.alerting.heartbeat.url, "alertmanager-heartbeat", `${endpoints.http}/heartbeat`);
  if (spec.alerting.smtp?.password) put(spec.alerting.smtp.password, "alertmanager-smtp", "gameday");
  if (spec.incident) put(spec.incident.webhookUrl, "incident-channel", `${endpoints.http}/incident`);
  return files;
}
