/** Grafana organisation roles, highest first: a user with groups of several roles gets the first that matches. */
const GRAFANA_ROLES = [
  ["admin", "Admin"],
  ["editor", "Editor"],
  ["viewer", "Viewer"],
] as const;

interface GroupRoles {
  readonly admin: readonly string[];
  readonly editor: readonly string[];
  /** When listed, nobody outside the listed groups signs in. */
  readonly viewer?: readonly string[];
}

/** Grafana's role_attribute_path (a JMESPath expression over the ID token and user info) and role_attribute_strict. */
interface RoleMapping {
  readonly roleAttributePath: string;
  readonly roleAttributeStrict: boolean;
}

/**
 * The role mapping of groups listed in `groupsClaim`. A user without that claim (or with an empty list) matches no
 * group (`not_null` turns a missing claim into []: `contains(null, …)` is a JMESPath error): a Viewer, or refused
 * when `viewer` groups are listed (strict: an expression that yields no role denies the sign-in).
 */
export function groupRoleMapping(groupsClaim: string, roles: GroupRoles): RoleMapping {
  const groups = `not_null("${groupsClaim}", \`[]\`)`;
  const anyOf = (list: readonly string[]) => {
    const terms = list.map((group) => `contains(${groups}, '${group}')`);
    return terms.length === 1 ? terms[0] : `(${terms.join(" || ")})`;
  };
  const strict = roles.viewer !== undefined;
  const branches = GRAFANA_ROLES.flatMap(([key, role]) => {
    const list = roles[key] ?? [];
    return list.length > 0 ? [`${anyOf(list)} && '${role}'`] : [];
  });
  return { roleAttributePath: [...branches, ...(strict ? [] : ["'Viewer'"])].join(" || "), roleAttributeStrict: strict };
}
