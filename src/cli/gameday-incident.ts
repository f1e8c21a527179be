import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { secretMount } from "../render/alertmanager/secrets";
import type { EnvironmentSpec } from "../spec/environment";

/** Where a message for the incident channel went, for reports: "posted to #incident-prod" or why not. */
interface IncidentPost {
  readonly posted: boolean;
  readonly detail: string;
}

/**
 * Posts a message to the environment's incident channel (a Slack incoming webhook). The webhook URL is a credential:
 * it is read from `<secretsDir>/<secret>/<key>` (the layout `export --secrets-dir` uses), never from the spec.
 * Without a channel or a readable URL nothing is posted and the caller prints the text for a person to post.
 */
export async function postToIncidentChannel(spec: EnvironmentSpec, text: string, secretsDir?: string): Promise<IncidentPost> {
  const incident = spec.incident;
  if (!incident) return { posted: false, detail: "the environment has no incident channel (spec field `incident`)" };
  if (!secretsDir) return { posted: false, detail: `no --secrets-dir to read the webhook of ${incident.channel} from` };
  const { path } = secretMount(incident.webhookUrl, "incident-channel", `incident channel ${incident.channel}`, resolve(secretsDir));
  let url: string;
  try {
    url = readFileSync(path, "utf8").trim();
  } catch {
    return { posted: false, detail: `cannot read the webhook URL of ${incident.channel} from ${path}` };
  }
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ channel: incident.channel, text }),
      signal: AbortSignal.timeout(10_000),
    });
    return response.ok
      ? { posted: true, detail: `posted to ${incident.channel}` }
      : { posted: false, detail: `${incident.channel} refused the message: HTTP ${response.status}` };
  } catch (error) {
    return { posted: false, detail: `${incident.channel} unreachable: ${error instanceof Error ? error.message : String(error)}` };
  }
}
