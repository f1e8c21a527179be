/**
 * Recognises credentials pasted where a name belongs (a Slack webhook URL instead of the name of the secret holding
 * it) so that the spec rejects them and no error message ever repeats them, not even in part.
 */

/** Well-known token shapes, and URLs that carry a token in their path, user info or query. */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /xox[abposre]-[A-Za-z0-9-]{6,}/, // Slack tokens
  /xapp-\d-[A-Za-z0-9-]{6,}/, // Slack app-level tokens
  /hooks\.slack\.com\/(services|workflows|triggers)\//i, // Slack incoming webhooks
  /(discord(app)?\.com\/api\/webhooks|webhook\.office\.com|outlook\.office(365)?\.com\/webhook)\//i, // chat webhooks
  /events\.pagerduty\.com\/integration\/[A-Za-z0-9]{20,}/i,
  /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/, // GitHub tokens
  /github_pat_[A-Za-z0-9_]{20,}/,
  /\bgl(sa|c)_[A-Za-z0-9_=+/-]{16,}/, // Grafana service-account and Cloud tokens
  /\b(AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/, // AWS access key ids
  /\bAIza[0-9A-Za-z_-]{30,}/, // Google API keys
  /\b[sr]k_(live|test)_[A-Za-z0-9]{10,}/, // Stripe keys
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}/, // JWTs
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bu\+[A-Za-z0-9_-]{16,}/, // PagerDuty user API tokens
  /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/, // user:password@ in a URL
  /[?&#](token|access_token|api[_-]?key|apikey|key|secret|password|passwd|pwd|sig|signature|auth|code|client_secret)=[^&\s]+/i,
  /\bBearer\s+[A-Za-z0-9._~+/-]{10,}/i,
];

/** A long run of mixed letters and digits without separators: a key or token, not a name a person chose. */
const HIGH_ENTROPY = /[A-Za-z0-9+/_=-]{32,}/g;

function highEntropy(text: string): boolean {
  for (const match of text.match(HIGH_ENTROPY) ?? []) {
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

/** Whether a string looks like (or contains) a credential rather than the name of where one is stored. */
export function looksLikeCredential(text: string): boolean {
  return CREDENTIAL_PATTERNS.some((pattern) => pattern.test(text)) || highEntropy(text);
}

/** The text with every credential-looking part replaced, for messages that quote spec text. */
export function redactCredentials(text: string): string {
  if (!looksLikeCredential(text)) return text;
  // Redact whole whitespace- or quote-delimited words that carry the credential, so no part of it survives.
  return text.replace(/[^\s"'`]+/g, (word) => (looksLikeCredential(word) ? "[credential not shown]" : word));
}
