import type { AlertDefinition } from "../../catalog/prometheus/types";
import type { RunbookContent } from "../../catalog/runbooks/types";
import { runbookUrl } from "../../catalog/runbooks/url";

/** What a runbook page is about: one alert name with the tiers and expressions it appears with. */
export interface RunbookSubject {
  readonly slug: string;
  readonly title: string;
  readonly summary: string;
  readonly content: RunbookContent;
  /**
   * Diagnosis steps per service when the page covers several services whose steps differ (each quotes its own
   * metrics, log stream and pods). @default - `content.diagnosis` for all
   */
  readonly diagnosisByService?: ReadonlyArray<{ readonly service: string; readonly steps: readonly string[] }>;
  /** e.g. `critical: 100 * job:... > 5` — the conditions as rendered, one per tier or service. */
  readonly conditions: readonly string[];
  /** Who is paged, from the routing. @default - "the environment's on-call channels" */
  readonly routedTo?: string;
  /** Owning teams, e.g. "checkout: team payments". @default - no owner named */
  readonly owners?: string;
  /** The owning teams' escalation chains and the incident channel, from the spec. @default - none shown */
  readonly escalationChain?: string;
  /** Grafana links to the dashboards and panels that show the alert. @default - no Dashboards section */
  readonly dashboards?: readonly string[];
}

/** The page of one alert name: every tier (severity, service) it appears with, its expressions and routing. */
export function runbookSubject(
  slug: string,
  tiers: readonly AlertDefinition[],
  routedTo: (severity: string, service: string | undefined, alertname: string) => string,
): RunbookSubject {
  if (tiers.length === 0) throw new Error(`runbook ${slug} has no alert`);
  return {
    slug,
    title: slug,
    summary: tiers[0].summary,
    content: tiers[0].runbook,
    diagnosisByService: perService(tiers),
    conditions: tiers.map(
      (t) =>
        `${t.severity}${t.labels?.service ? ` (${t.labels.service})` : ""}: \`${t.expr}\`${t.for ? ` for ${t.for.toPrometheus()}` : ""}`,
    ),
    routedTo: [
      ...new Set(
        tiers.map(
          (t) => `${t.severity}${t.labels?.service ? ` (${t.labels.service})` : ""} → ${routedTo(t.severity, t.labels?.service, t.alert)}`,
        ),
      ),
    ].join("; "),
  };
}

/** Each service's own diagnosis steps, when the tiers of a page quote different ones. */
function perService(tiers: readonly AlertDefinition[]): RunbookSubject["diagnosisByService"] {
  const byService = new Map<string, readonly string[]>();
  for (const tier of tiers)
    if (!byService.has(tier.labels?.service ?? "")) byService.set(tier.labels?.service ?? "", tier.runbook.diagnosis);
  const distinct = new Set([...byService.values()].map((steps) => JSON.stringify(steps)));
  return distinct.size > 1 ? [...byService.entries()].map(([service, steps]) => ({ service: service || "platform", steps })) : undefined;
}

/** Where a page's links point: the other pages of the environment, and the base URL they are published under. */
export interface RunbookLinks {
  /** Slugs of every runbook page of the environment. */
  readonly slugs: ReadonlySet<string>;
  /** Absolute base of the published runbooks (`runbookBaseUrl`). @default - links relative to the `runbooks/` folder */
  readonly base?: string;
}

/** The Markdown link target of another page, or of the environment document (exported as `docs/MONITORING.md`). */
export function runbookLinkTarget(slug: string, base: string | undefined): string {
  return base ? runbookUrl(base, slug) : `${slug}.md`;
}

/**
 * Turns mentions of other runbooks (an alert name such as KubeNodeNotReady) and of MONITORING.md into links, outside
 * code spans. Pages link each other absolutely when a base URL exists (as notifications do); the environment
 * document sits beside the `runbooks/` folder in the exported tree, so it is linked relatively.
 */
function linkMentions(markdown: string, self: string, links: RunbookLinks): string {
  const names = [...links.slugs].filter((slug) => slug !== self && /^[A-Z][A-Za-z0-9]+$/.test(slug));
  const mention = names.length ? new RegExp(`(?<![\\w/\\[-])(${names.join("|")})(?![\\w-])`, "g") : undefined;
  return markdown
    .split(/(`[^`\n]*`)/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      const linked = mention ? part.replace(mention, (name) => `[${name}](${runbookLinkTarget(name, links.base)})`) : part;
      return linked.replace(/(?<![\w/[-])(docs\/)?MONITORING\.md/g, "[docs/MONITORING.md](../docs/MONITORING.md)");
    })
    .join("");
}

/** One runbook page in Markdown. */
export function renderRunbook(subject: RunbookSubject, links?: RunbookLinks): string {
  const page = renderPage(subject);
  const [title, ...body] = page.split("\n");
  return links ? [title, linkMentions(body.join("\n"), subject.slug, links)].join("\n") : page;
}

function renderPage(subject: RunbookSubject): string {
  const { content } = subject;
  const list = (items: readonly string[]) => items.map((item) => `- ${item}`).join("\n");
  return `# ${subject.title}

${subject.summary}.

## What it means
${content.meaning}

## Impact
${content.impact}

## When it fires
${list(subject.conditions)}

${subject.dashboards?.length ? `## Dashboards\n${list(subject.dashboards)}\n\n` : ""}## How to diagnose
${
  subject.diagnosisByService
    ? subject.diagnosisByService.map(({ service, steps }) => `### ${service}\n${list(steps)}`).join("\n\n")
    : list(content.diagnosis)
}

## How to mitigate
${list(content.mitigation)}

## When to escalate
${content.escalation ?? "When the mitigation steps do not stop it, or users are affected and the cause is unclear."}
${subject.escalationChain ? `\n${subject.escalationChain}\n` : ""}
Owning team: ${subject.owners ?? "none named in the spec (set `services[].team`, or `oncall.defaultTeam` for the platform)"}.
${subject.routedTo ? `\nNotifications: ${subject.routedTo}.\n` : ""}`;
}
