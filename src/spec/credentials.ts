/**
 * Recognises credentials pasted where a name belongs (a Slack webhook URL instead of the name of the secret holding
 * it) so that the spec rejects them and no error message ever repeats them, not even in part.
 */

/** Key names whose value is a secret in pasted configuration. */
const SECRET_KEY = "(password|passwd|pwd|secret|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?token)";

/** Well-known token shapes, and URLs that carry a token in their path, user info or query, by kind (for messages). */
const CREDENTIAL_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ["Slack token", /xox[abposre]-[A-Za-z0-9-]{6,}/],
  ["Slack app-level token", /xapp-\d-[A-Za-z0-9-]{6,}/],
  ["Slack webhook URL", /hooks\.slack\.com\/(services|workflows|triggers)\//i],
  ["chat webhook URL", /(discord(app)?\.com\/api\/webhooks|webhook\.office\.com|outlook\.office(365)?\.com\/webhook)\//i],
  ["PagerDuty integration URL", /events\.pagerduty\.com\/integration\/[A-Za-z0-9]{20,}/i],
  ["GitHub token", /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/],
  ["GitHub token", /github_pat_[A-Za-z0-9_]{20,}/],
  ["Grafana token", /\bgl(sa|c)_[A-Za-z0-9_=+/-]{16,}/],
  ["AWS access key id", /\b(AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/],
  ["Google API key", /\bAIza[0-9A-Za-z_-]{30,}/],
  ["Stripe key", /\b[sr]k_(live|test)_[A-Za-z0-9]{10,}/],
  ["JSON web token", /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}/],
  ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["PagerDuty API token", /\bu\+[A-Za-z0-9_-]{16,}/],
  ["URL with a password", /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/],
  [
    "URL with a token",
    /[?&#](token|access_token|api[_-]?key|apikey|key|secret|password|passwd|pwd|sig|signature|auth|code|client_secret)=[^&\s]+/i,
  ],
  ["bearer token", /\bBearer\s+[A-Za-z0-9._~+/-]{10,}/i],
  // `password=hunter2`, `api_key: s3cr3t99`: a value assigned to a secret-named key in pasted configuration. After a
  // colon the value must hold a digit, so prose ("password: rotate it") and ARNs ("…:secret:name") are not matched.
  ["password or key assignment", new RegExp(`\\b${SECRET_KEY}\\s*=\\s*["']?[A-Za-z0-9+/_=.!@#$%^&*~-]{4,}`, "i")],
  ["password or key assignment", new RegExp(`\\b${SECRET_KEY}\\s*:\\s+["']?(?=[^\\s"']*\\d)[A-Za-z0-9+/_=.!@#$%^&*~-]{6,}`, "i")],
];

/** A long run of mixed letters and digits without separators: a key or token, not a name a person chose. */
const HIGH_ENTROPY = /[A-Za-z0-9+/_=-]{32,}/g;

/** A UUID (8-4-4-4-12 hex) is an identifier (subscription, tenant, certificate ids), not a secret. */
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

function highEntropy(text: string): boolean {
  for (const match of text.replace(UUID, " ").match(HIGH_ENTROPY) ?? []) {
    const run = match.replace(/[-_]/g, "");
    // Names have words: few digit/letter alternations. Hex ids (32+ hex digits) are tokens too (PagerDuty keys).
    if (run.length >= 32 && /\d/.test(run) && /[A-Za-z]/.test(run) && (/^[0-9a-f]+$/i.test(run) || alternations(run) >= 8)) return true;
  }
  return false;
}

function alternations(text: string): number {
  let count = 0;
  for (let i = 1; i < text.length; i++) if (/\d/.test(text[i]) !== /\d/.test(text[i - 1])) count++;
  return count;
}

/** What kind of credential a string looks like (or contains), or undefined when it looks like a name. */
export function credentialKind(text: string): string | undefined {
  const known = CREDENTIAL_PATTERNS.find(([, pattern]) => pattern.test(text));
  if (known) return known[0];
  return highEntropy(text) ? "key or token (a long random string)" : undefined;
}

/** Whether a string looks like (or contains) a credential rather than the name of where one is stored. */
function looksLikeCredential(text: string): boolean {
  return credentialKind(text) !== undefined;
}

/** The text with every credential-looking part replaced, for messages that quote spec text. */
export function redactCredentials(text: string): string {
  if (!looksLikeCredential(text)) return text;
  // Redact whole whitespace- or quote-delimited words that carry the credential, so no part of it survives.
  return text.replace(/[^\s"'`]+/g, (word) => (looksLikeCredential(word) ? "[credential not shown]" : word));
}
