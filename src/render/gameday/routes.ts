import { configSeconds } from "../prometheus/config-duration";

/** One node of an Alertmanager route tree, as in `alertmanager.yml` (rendered or read back from a running server). */
export interface RouteNode {
  readonly receiver?: string;
  readonly matchers?: readonly string[];
  readonly continue?: boolean;
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly routes?: readonly RouteNode[];
}

/** Where an alert with given labels ends up: each receiver with the timing of the route that chose it. */
interface RouteMatch {
  readonly receiver: string;
  /** Effective group_wait (inherited down the tree), in seconds. */
  readonly groupWaitSeconds: number;
  readonly groupIntervalSeconds: number;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|(\S*))\s*$/;

/** Whether labels satisfy one matcher string (`name="v"`, `name!="v"`, `name=~"re"`, `name!~"re"`). */
export function matcherMatches(matcher: string, labels: Readonly<Record<string, string>>): boolean {
  const m = MATCHER.exec(matcher);
  if (!m) throw new Error(`unsupported Alertmanager matcher: ${matcher}`);
  const [, name, op, quoted, bare] = m;
  const expected = quoted !== undefined ? JSON.parse(`"${quoted}"`) : (bare ?? "");
  const value = labels[name] ?? "";
  switch (op) {
    case "=":
      return value === expected;
    case "!=":
      return value !== expected;
    case "=~":
      return new RegExp(`^(?:${expected})$`).test(value);
    default:
      return !new RegExp(`^(?:${expected})$`).test(value);
  }
}

/** A route's timing field in seconds: its own, read as Alertmanager does, or the inherited `fallback` when unset. */
function timing(node: RouteNode, field: "group_wait" | "group_interval", fallback: number): number {
  const value = node[field];
  // YAML's null is unset too, as for Alertmanager's optional fields.
  return value === undefined || value === null
    ? fallback
    : configSeconds(value, `${field} of the route${node.receiver ? ` to ${node.receiver}` : ""}`);
}

/**
 * The receivers Alertmanager's dispatcher picks for `labels`, walking the tree as it does: children in order, the
 * first match stops unless it has `continue`, and a node whose children all miss takes the alert itself.
 * Defaults are Alertmanager's (group_wait 30s, group_interval 5m) where the tree sets none.
 */
export function matchRoutes(root: RouteNode, labels: Readonly<Record<string, string>>): RouteMatch[] {
  const walk = (node: RouteNode, wait: number, interval: number, receiver: string): RouteMatch[] | undefined => {
    if (!(node.matchers ?? []).every((m) => matcherMatches(m, labels))) return undefined;
    const groupWait = timing(node, "group_wait", wait);
    const groupInterval = timing(node, "group_interval", interval);
    const own = node.receiver ?? receiver;
    const found: RouteMatch[] = [];
    for (const child of node.routes ?? []) {
      const matched = walk(child, groupWait, groupInterval, own);
      if (!matched) continue;
      found.push(...matched);
      if (!child.continue) break;
    }
    return found.length > 0 ? found : [{ receiver: own, groupWaitSeconds: groupWait, groupIntervalSeconds: groupInterval }];
  };
  return walk({ ...root, matchers: [] }, 30, 300, root.receiver ?? "") ?? [];
}
