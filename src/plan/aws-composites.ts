import type { Symptom } from "../catalog/alarm-intents";
import { MAX_ALARMS_PER_COMPOSITE_RULE, MAX_COMPOSITE_RULE_LENGTH } from "../catalog/cloudwatch/composite-limits";
import { alarmName } from "../model/naming";
import { anomalyCompositeName } from "./aws-alarms";
import type { CloudAlarm } from "./cloud-alarm";

/**
 * One CloudWatch composite alarm of a service's composite (errors AND latency, `planAwsComposites`): the service
 * composite itself, or one of the part composites its rule names when its alarms do not fit in one rule.
 */
export interface PlannedCompositeRule {
  readonly name: string;
  readonly description: string;
  /** The rule, as CloudWatch evaluates it: `(ALARM("a") OR …)`, the service's two sides joined by AND. */
  readonly rule: string;
  /** The alarms the rule names, in its order (metric alarms, or part composites of the level below). */
  readonly alarmNames: readonly string[];
  /** The planned service composite this rule belongs to (its own entry for the service composite). */
  readonly composite: CloudAlarm;
  /** A part composite: no actions of its own, it notifies through the service composite. */
  readonly part: boolean;
}

const alarmTerm = (name: string) => `ALARM("${name}")`;
const anyOf = (names: readonly string[]) => `(${names.map(alarmTerm).join(" OR ")})`;

/**
 * Splits names into consecutive chunks whose `(ALARM("a") OR …)` expression stays within `maxLength` characters and
 * `maxAlarms` names.
 */
export function chunkForRule(names: readonly string[], maxAlarms: number, maxLength: number): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let length = 2;
  for (const name of names) {
    const term = alarmTerm(name).length + (chunk.length > 0 ? 4 : 0);
    if (chunk.length > 0 && (chunk.length >= maxAlarms || length + term > maxLength)) {
      chunks.push(chunk);
      chunk = [];
      length = 2;
    }
    chunk.push(name);
    length += alarmTerm(name).length + (chunk.length > 1 ? 4 : 0);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * Names whose "any of" fits in `maxAlarms` names and `maxLength` characters: when the names do not fit, each chunk
 * becomes a part composite (ALARM when any of its alarms is) and the part names replace them, level after level (so
 * any number of alarms fits).
 */
function anyOfWithin(
  names: readonly string[],
  maxAlarms: number,
  maxLength: number,
  partName: (level: number, index: number) => string,
  partDescription: string,
  part: (name: string, description: string, members: string[]) => void,
): string[] {
  let current = [...names];
  for (let level = 1; ; level++) {
    const chunks = chunkForRule(current, maxAlarms, maxLength);
    if (chunks.length === 1) return current;
    current = chunks.map((chunk, index) => {
      const name = partName(level, index + 1);
      part(
        name,
        `${partDescription} (part ${index + 1} of ${chunks.length}, level ${level}); notifies through its parent composite`,
        chunk,
      );
      return name;
    });
  }
}

/**
 * The CloudWatch composite alarms of the planned service composites of `env`, each service's part composites before
 * the composite that names them, then the service composite (which keeps its name: alerts reach the same channels at
 * any size).
 *
 * A service with more alarms than one rule may name (MAX_ALARMS_PER_COMPOSITE_RULE, MAX_COMPOSITE_RULE_LENGTH) gets
 * part composites, one per chunk of a symptom's alarms.
 */
export function planAwsCompositeRules(env: string, composites: readonly CloudAlarm[]): PlannedCompositeRule[] {
  const rules: PlannedCompositeRule[] = [];
  for (const composite of composites) {
    if (!composite.members) continue;
    const { service, severity } = composite;
    const { errors, latency } = composite.members;
    const parts: PlannedCompositeRule[] = [];
    // Each symptom gets half of the service rule's budget (" AND " and the parentheses aside).
    const half = (n: number) => Math.floor(n / 2);
    const side = (symptom: Symptom, names: readonly string[]) =>
      anyOfWithin(
        names,
        half(MAX_ALARMS_PER_COMPOSITE_RULE),
        half(MAX_COMPOSITE_RULE_LENGTH - 5),
        (level, index) => alarmName({ env, service, resource: "composite", signal: `${symptom}-part${level}-${index}`, severity }),
        `${service}: any ${symptom} alarm`,
        (name, description, members) => parts.push({ name, description, rule: anyOf(members), alarmNames: members, composite, part: true }),
      );
    const whole = `${anyOf(errors)} AND ${anyOf(latency)}`;
    const fits = errors.length + latency.length <= MAX_ALARMS_PER_COMPOSITE_RULE && whole.length <= MAX_COMPOSITE_RULE_LENGTH;
    const errorTerms = fits ? errors : side("errors", errors);
    const latencyTerms = fits ? latency : side("latency", latency);
    rules.push(...parts, {
      name: composite.name,
      description: composite.description,
      rule: `${anyOf(errorTerms)} AND ${anyOf(latencyTerms)}`,
      alarmNames: [...errorTerms, ...latencyTerms],
      composite,
      part: false,
    });
  }
  return rules;
}

/** The composite of an anomaly band alarm: it pages only while its traffic floor alarm is in ALARM too. */
export interface PlannedAnomalyComposite {
  readonly name: string;
  readonly band: CloudAlarm;
  readonly floor: CloudAlarm;
}

/** Each planned anomaly band with its floor (same kind, resource, preset and owner), in the plan's order. */
export function planAnomalyComposites(alarms: readonly CloudAlarm[]): PlannedAnomalyComposite[] {
  const key = (a: CloudAlarm) => `${a.kind}/${a.resource}/${a.preset}/${a.service}`;
  const floors = new Map(alarms.filter((a) => a.origin === "anomalyFloor").map((a) => [key(a), a]));
  return alarms
    .filter((a) => a.origin === "anomaly")
    .map((band) => {
      const floor = floors.get(key(band));
      if (!floor) throw new Error(`anomaly alarm "${band.name}" has no floor alarm`);
      return { name: anomalyCompositeName(band.name), band, floor };
    });
}
