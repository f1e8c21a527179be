import { NODE_LOSS_ALERT } from "../../catalog/prometheus/kubernetes";
import { TARGETS_DOWN_ALERT, WATCHDOG_ALERT } from "../../catalog/prometheus/monitoring";
import { PLATFORM_OWNER } from "../../model/owner";
import { type ChannelSpec, channelSeverities } from "../../spec/channels";
import { Duration } from "../../spec/duration";
import type { EnvironmentSpec } from "../../spec/environment";
import { SEVERITIES, type Severity } from "../../spec/primitives";
import { oncallServices, pagerdutyReceiver } from "../oncall/ownership";
import { DIGEST_INTERVAL, DIGEST_WAIT, GROUP_INTERVAL, GROUP_WAIT } from "./cadence";
import { ALERTMANAGER_SECRETS_DIR, type AlertmanagerSecretMount, secretMount } from "./secrets";
import { TEMPLATE_FILE } from "./templates";

/** Options for end-to-end drills; production keeps the defaults. */
export interface RoutingRenderOptions {
  /** @default 30s - time to collect a group's first alerts */
  readonly groupWait?: Duration;
  /** @default 5m - time between notifications about a changed group */
  readonly groupInterval?: Duration;
  /** Replaces every repeat interval. @default - the spec's `alerting.repeatInterval` */
  readonly repeatInterval?: Duration;
  /** Drills compress time: the heartbeat interval shrinks with the rules' ranges (never under 1s). @default 1 */
  readonly timeScale?: number;
  /** Directory templates are loaded from. @default "/etc/alertmanager/config" - where the operator puts templateFiles */
  readonly templateDir?: string;
  /**
   * Directory credentials are read from, as <dir>/<secret>/<key>; change it to run Alertmanager outside Kubernetes.
   * @default "/etc/alertmanager/secrets" - where the operator mounts `alertmanagerSpec.secrets`
   */
  readonly secretsDir?: string;
}

/** Alertmanager's configuration, its notification templates and the secrets it needs mounted. */
export interface RenderedRouting {
  // biome-ignore lint/suspicious/noExplicitAny: Alertmanager's configuration is a free-form document
  readonly config: Record<string, any>;
  /** The receiver names each severity reaches (for docs, drills and routing tests). */
  readonly receiversBySeverity: Readonly<Record<Severity, readonly string[]>>;
  readonly heartbeatReceiver: string;
  readonly secretMounts: readonly AlertmanagerSecretMount[];
}

/** Labels whose equality makes a critical alert silence the matching warning (and a warning the matching info). */
const INHIBITION_EQUAL = ["alertname", "namespace", "job", "instance", "service"];

/** The route tree: heartbeat first, then one branch per severity that fans out to every channel taking it. */
export function renderRouting(spec: EnvironmentSpec, options: RoutingRenderOptions = {}): RenderedRouting {
  const mounts: AlertmanagerSecretMount[] = [];
  const file = (channel: ChannelSpec, ref: Parameters<typeof secretMount>[0]) => {
    const { mount, path } = secretMount(
      ref,
      `alertmanager-${channel.name}`,
      `${channel.type} channel "${channel.name}"`,
      options.secretsDir,
    );
    mounts.push(mount);
    return path;
  };

  const receivers: Array<Record<string, unknown>> = spec.channels.map((channel) => ({
    name: channel.name,
    ...receiverConfig(spec, channel, file),
  }));

  const heartbeat = spec.alerting.heartbeat && "url" in spec.alerting.heartbeat ? spec.alerting.heartbeat : undefined;
  const heartbeatReceiver = "heartbeat";
  if (heartbeat) {
    const { mount, path } = secretMount(heartbeat.url, "alertmanager-heartbeat", "heartbeat receiver", options.secretsDir);
    mounts.push(mount);
    receivers.push({ name: heartbeatReceiver, webhook_configs: [{ url_file: path, send_resolved: false }] });
  } else {
    receivers.push({ name: heartbeatReceiver }); // opted out (validate demands the reason): the Watchdog is dropped
  }

  // On-call: one PagerDuty receiver per service (and the platform's), ahead of the channels for pages.
  const oncall = oncallServices(spec);
  for (const service of oncall) {
    const secretName = `alertmanager-${pagerdutyReceiver(service.name)}`;
    const mount: AlertmanagerSecretMount = {
      secretName,
      key: "routing-key",
      createFromPagerdutyService: service.name,
      purpose: `PagerDuty service ${service.name} (team ${service.team})`,
    };
    mounts.push(mount);
    receivers.push({
      name: pagerdutyReceiver(service.name),
      pagerduty_configs: [pagerdutyConfig(`${options.secretsDir ?? ALERTMANAGER_SECRETS_DIR}/${secretName}/routing-key`)],
    });
  }
  // Only critical alerts page a person; warnings go to chat and email (tickets), never to a phone.
  const PAGED: readonly Severity[] = ["critical"];
  const serviceNames = spec.services.map((s) => s.name);
  const oncallRoutes = oncall.length
    ? [
        ...serviceNames.map((name) => ({ receiver: pagerdutyReceiver(name), matchers: [`service="${name}"`], continue: true })),
        {
          receiver: pagerdutyReceiver(PLATFORM_OWNER),
          ...(serviceNames.length ? { matchers: [`service!~"${serviceNames.join("|")}"`] } : {}),
          continue: true,
        },
      ]
    : [];

  const receiversBySeverity = Object.fromEntries(
    SEVERITIES.map((severity) => [
      severity,
      [
        ...(oncall.length && PAGED.includes(severity) ? [pagerdutyReceiver(PLATFORM_OWNER)] : []),
        ...spec.channels.filter((c) => channelSeverities(c).includes(severity)).map((c) => c.name),
      ],
    ]),
  ) as Record<Severity, string[]>;

  const repeat = (severity: Severity) => (options.repeatInterval ?? spec.alerting.repeatInterval[severity]).toPrometheus();
  const severityRoutes = SEVERITIES.filter((severity) => receiversBySeverity[severity].length > 0).map((severity) => {
    const names = receiversBySeverity[severity];
    const channelNames = names.filter((n) => n !== pagerdutyReceiver(PLATFORM_OWNER));
    const paged = oncall.length > 0 && PAGED.includes(severity);
    const fanOut = [
      ...(paged ? oncallRoutes : []),
      ...channelNames.map((name, i) => ({ receiver: name, ...(i < channelNames.length - 1 ? { continue: true } : {}) })),
    ];
    return {
      receiver: names[0],
      matchers: [`severity="${severity}"`],
      repeat_interval: repeat(severity),
      // Informational alerts are batched into a digest rather than sent one by one.
      ...(severity === "info" && !options.groupInterval
        ? { group_wait: DIGEST_WAIT.toPrometheus(), group_interval: DIGEST_INTERVAL.toPrometheus() }
        : {}),
      routes: fanOut,
    };
  });

  const beat = heartbeat?.interval ?? Duration.minutes(1);
  const scaledBeat = Duration.seconds(Math.max(1, Math.round(beat.toSeconds() * (options.timeScale ?? 1))));
  const heartbeatInterval = options.repeatInterval ?? scaledBeat;
  const smtp = spec.alerting.smtp;
  const global: Record<string, unknown> = { resolve_timeout: "5m" };
  if (smtp) {
    global.smtp_smarthost = smtp.smarthost;
    global.smtp_from = smtp.from;
    global.smtp_require_tls = smtp.requireTls;
    if (smtp.username) global.smtp_auth_username = smtp.username;
    if (smtp.password) {
      const { mount, path } = secretMount(smtp.password, "alertmanager-smtp", "SMTP relay password", options.secretsDir);
      mounts.push(mount);
      global.smtp_auth_password_file = path;
    }
  }

  const config = {
    global,
    route: {
      receiver: receiversBySeverity.critical[0] ?? spec.channels[0].name,
      group_by: [...spec.alerting.groupBy],
      group_wait: (options.groupWait ?? GROUP_WAIT).toPrometheus(),
      group_interval: (options.groupInterval ?? GROUP_INTERVAL).toPrometheus(),
      repeat_interval: repeat("warning"),
      routes: [
        {
          receiver: heartbeatReceiver,
          matchers: [`alertname="${WATCHDOG_ALERT}"`],
          group_wait: "0s",
          group_interval: heartbeatInterval.toPrometheus(),
          repeat_interval: heartbeatRepeat(heartbeatInterval),
        },
        ...severityRoutes,
      ],
    },
    inhibit_rules: [
      { source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal: INHIBITION_EQUAL },
      { source_matchers: ['severity="warning"'], target_matchers: ['severity="info"'], equal: INHIBITION_EQUAL },
      // A critical alert over a whole job (no instance: every replica, or a majority, is down or failing) silences the
      // same alert's warnings for single replicas of that job: they are parts of the one page.
      {
        source_matchers: ['severity="critical"', 'instance=""'],
        target_matchers: ['severity=~"warning|info"'],
        equal: ["alertname", "namespace", "job"],
      },
      // A job's page (its every pod down: ServiceTargetDown) covers the generic targets-down warning of that job.
      { source_matchers: ['severity="critical"'], target_matchers: [`alertname="${TARGETS_DOWN_ALERT}"`], equal: ["namespace", "job"] },
      // A lost node pages once: its KubeNodeNotReady silences every alert labelled with that node (replica and
      // exporter down, which the catalog labels with their pod's node).
      { source_matchers: [`alertname="${NODE_LOSS_ALERT}"`], target_matchers: [`alertname!="${NODE_LOSS_ALERT}"`], equal: ["node"] },
    ],
    receivers,
    templates: [`${options.templateDir ?? "/etc/alertmanager/config"}/${TEMPLATE_FILE}`],
  };
  return { config, receiversBySeverity, heartbeatReceiver, secretMounts: dedupe(mounts) };
}

/**
 * The heartbeat route's repeat_interval: half its group_interval, so that every flush resends the Watchdog. Alertmanager
 * (v0.28 notify.DedupStage) resends a firing group only when its last notification, logged after the send returned, is
 * older than repeat_interval: equal to group_interval, the send of the previous flush is a little younger at the next
 * flush, which skips it, and heartbeats come 1-2 intervals apart. Alertmanager warns at load that repeat_interval is
 * below group_interval ("will not repeat until the next group_interval"), which is the intent.
 */
export function heartbeatRepeat(groupInterval: Duration): string {
  const ms = groupInterval.toSeconds() * 500;
  return ms % 1000 === 0 ? Duration.seconds(ms / 1000).toPrometheus() : `${ms}ms`;
}

function receiverConfig(
  spec: EnvironmentSpec,
  channel: ChannelSpec,
  file: (channel: ChannelSpec, ref: never) => string,
): Record<string, unknown> {
  switch (channel.type) {
    case "email":
      return {
        email_configs: [
          {
            to: channel.addresses.join(", "),
            send_resolved: true,
            headers: { Subject: '{{ template "monitoring.email.subject" . }}' },
            html: '{{ template "monitoring.email.html" . }}',
          },
        ],
      };
    case "sms": {
      const region = spec.cloud?.provider === "aws" ? spec.cloud.region : undefined;
      if (!region) throw new Error(`sms channel "${channel.name}" needs an AWS cloud section (Alertmanager sends SMS through Amazon SNS)`);
      return {
        sns_configs: channel.phoneNumbers.map((phone) => ({
          phone_number: phone,
          sigv4: { region },
          subject: '{{ template "monitoring.title" . }}',
          message: '{{ template "monitoring.sms" . }}',
          send_resolved: false,
        })),
      };
    }
    case "slack":
      return {
        slack_configs: [
          {
            api_url_file: file(channel, channel.webhookUrl as never),
            channel: channel.channel,
            send_resolved: true,
            title: '{{ template "monitoring.title" . }}',
            text: '{{ template "monitoring.text" . }}',
            color:
              '{{ if eq .Status "firing" }}{{ if eq .CommonLabels.severity "critical" }}danger{{ else }}warning{{ end }}{{ else }}good{{ end }}',
          },
        ],
      };
    case "pagerduty":
      return { pagerduty_configs: [pagerdutyConfig(file(channel, channel.routingKey as never))] };
    case "webhook":
      return { webhook_configs: [{ url_file: file(channel, channel.url as never), send_resolved: true }] };
    default:
      throw new Error(`unhandled channel ${JSON.stringify(channel satisfies never)}`);
  }
}

/** Events API v2 delivery; PagerDuty derives the incident's urgency from `severity` (critical high, warning low). */
function pagerdutyConfig(routingKeyFile: string): Record<string, unknown> {
  return {
    routing_key_file: routingKeyFile,
    send_resolved: true,
    severity: "{{ .CommonLabels.severity }}",
    description: '{{ template "monitoring.title" . }}',
    details: {
      summary: "{{ .CommonAnnotations.summary }}",
      runbook: '{{ template "monitoring.runbook" .CommonAnnotations.runbook_url }}',
      firing: '{{ template "monitoring.text" . }}',
    },
  };
}

function dedupe(mounts: readonly AlertmanagerSecretMount[]): AlertmanagerSecretMount[] {
  const seen = new Map<string, AlertmanagerSecretMount>();
  for (const m of mounts) seen.set(`${m.secretName}/${m.key}`, m);
  return [...seen.values()];
}
