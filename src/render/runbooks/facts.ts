import type { RunbookContent, RunbookFacts } from "../../catalog/runbooks/types";

/** One watched resource a runbook page covers, with what fills its placeholders. */
export interface RunbookResource {
  /** The resource's name in the spec, shown when a step is repeated per resource. */
  readonly name: string;
  readonly facts: RunbookFacts;
}

/** `<name>` placeholders of a step (names are lower case, may contain spaces and dashes). */
export const RUNBOOK_PLACEHOLDER = /<([a-z][a-z0-9 _-]*)>/g;

/**
 * A step with the placeholders a resource has facts for replaced; others stay for the reader. A fact may itself use
 * another (a lookup command naming `<region>`), so filling repeats while it changes anything, a few times at most.
 */
function fill(step: string, facts: RunbookFacts): string {
  let text = step;
  for (let pass = 0; pass < 3; pass++) {
    const next = text.replace(RUNBOOK_PLACEHOLDER, (whole, name: string) => facts[name] ?? whole);
    if (next === text) break;
    text = next;
  }
  return text;
}

/**
 * Fills the steps of a page from the resources it covers: a step the resources fill alike appears once; a step that
 * differs per resource (a command naming it) appears once per resource, prefixed with the resource's name.
 */
export function fillSteps(steps: readonly string[], resources: readonly RunbookResource[]): string[] {
  return steps.flatMap((step) => {
    const filled = resources.map((r) => ({ name: r.name, step: fill(step, r.facts) }));
    const distinct = new Set(filled.map((f) => f.step));
    if (distinct.size <= 1) return [filled[0]?.step ?? step];
    return filled.filter((f, i) => filled.findIndex((g) => g.step === f.step) === i).map((f) => `${f.name}: ${f.step}`);
  });
}

/** A runbook's diagnosis and mitigation filled from the resources it covers. */
export function fillRunbook(content: RunbookContent, resources: readonly RunbookResource[]): RunbookContent {
  return { ...content, diagnosis: fillSteps(content.diagnosis, resources), mitigation: fillSteps(content.mitigation, resources) };
}
