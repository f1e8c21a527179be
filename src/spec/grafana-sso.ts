import { z } from "zod";
import { secretRefSchema } from "./secret-ref";

const httpsUrl = z.url({ protocol: /^https$/, error: "expected an https:// URL" });

/**
 * An identity-provider group name as it appears in the token's groups claim. Quotes and backslashes are refused: the
 * names are written into a JMESPath expression (Grafana's role_attribute_path) as string literals.
 */
const groupName = z.string().regex(/^[^'\\\n]{1,256}$/, "expected a group name or id without quotes, backslashes or line breaks");

/**
 * Sign-in to the in-cluster Grafana through an OpenID Connect identity provider (Grafana's generic OAuth client),
 * with Grafana roles from the provider's groups. The admin account stays for break-glass only.
 */
export const grafanaSsoSchema = z.strictObject({
  /** Label of the sign-in button. @default "SSO" */
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$/, "expected a short label of letters, digits, spaces, '.', '_' and '-'")
    .default("SSO"),
  /** Client id of the application registered at the identity provider (redirect URI `https://<ingress host>/login/generic_oauth`). */
  clientId: z.string().regex(/^[\w.:@/-]{1,256}$/, "expected a client id (letters, digits and _ . : @ / -)"),
  /**
   * The client secret, by reference: a secret store or Terraform variable (copied into the write-only Secret
   * `grafana-oidc`, never into state or Helm values), or an existing Kubernetes Secret in the monitoring namespace
   * (mounted as it is). Grafana reads it from a file (`$__file{}`), not from its configuration or environment.
   */
  clientSecret: secretRefSchema,
  /** `authorization_endpoint` of the issuer's discovery document (`<issuer>/.well-known/openid-configuration`). */
  authUrl: httpsUrl,
  /** `token_endpoint` of the issuer's discovery document; Grafana calls it from the cluster. */
  tokenUrl: httpsUrl,
  /** `userinfo_endpoint` of the issuer's discovery document; Grafana calls it from the cluster. */
  userInfoUrl: httpsUrl,
  /** @default ["openid", "email", "profile"] (add the scope your provider needs to put groups into the token, e.g. "groups") */
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, "expected an OAuth scope"))
    .min(1)
    .default(["openid", "email", "profile"]),
  /** Claim of the ID token or user info that lists the user's groups. @default "groups" */
  groupsClaim: z
    .string()
    .regex(/^[^"\\\n]{1,128}$/, "expected a claim name without double quotes, backslashes or line breaks")
    .default("groups"),
  /**
   * Grafana organisation roles by group: a user gets the highest role of their groups. `admin` is required, so that
   * administration goes through the provider, not the shared admin account.
   */
  roles: z.strictObject({
    /** Groups whose members are Grafana Admins. */
    admin: z.array(groupName).min(1, "list at least one group: administration goes through the identity provider"),
    /** Groups whose members are Editors. @default [] */
    editor: z.array(groupName).default([]),
    /**
     * Groups whose members are Viewers. When listed, only members of the groups above may sign in at all
     * (role_attribute_strict). @default - everyone the provider signs in is at least a Viewer
     */
    viewer: z.array(groupName).min(1).optional(),
  }),
  /**
   * Keep Grafana's user-name/password form on the login page. Off, the form is hidden and refused: the admin account
   * (kubernetes.grafana.adminPassword/adminSecret, or the chart's generated one) remains for break-glass, through the
   * HTTP API with basic auth (the dashboard sidecar uses it too); during an identity-provider outage set this to
   * true and apply to sign in with it. @default false
   */
  loginForm: z.boolean().default(false),
});

export type GrafanaSsoSpec = z.output<typeof grafanaSsoSchema>;
