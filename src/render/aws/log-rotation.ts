/**
 * Log rotation on the instances whose files the CloudWatch agent ships: an SSM Command document that writes a
 * logrotate policy for those files, applied by State Manager to the same instances as the agent. Without it an
 * application's log files grow until the disk alarm fires.
 */

/** The rotation policy: when to rotate and how many rotated files to keep on the instance (CloudWatch keeps the rest). */
export const LOG_ROTATION_POLICY = {
  /** Rotate every day, or sooner when a file passes `maxSize`. */
  frequency: "daily",
  maxSize: "100M",
  /** Rotated files kept on disk: a week, for someone reading them on the box; CloudWatch Logs holds the history. */
  keep: 7,
} as const;

/** Where the policy is written on the instance, one file per agent group. */
export function logRotationPath(env: string, group: string): string {
  return `/etc/logrotate.d/monitoring-${env}-${group}`;
}

/**
 * The logrotate configuration of a group's files (globs allowed). copytruncate: the application keeps writing to the
 * file it has open and needs no signal to reopen it; the agent notices the truncation and reads on from the start.
 */
export function logrotateConfig(files: readonly string[]): string {
  const p = LOG_ROTATION_POLICY;
  return [
    `${files.map((f) => `"${f}"`).join(" ")} {`,
    `  ${p.frequency}`,
    `  maxsize ${p.maxSize}`,
    `  rotate ${p.keep}`,
    "  missingok",
    "  notifempty",
    "  compress",
    "  delaycompress",
    "  copytruncate",
    "}",
    "",
  ].join("\n");
}

/** Content (JSON, schema 2.2) of the SSM Command document that installs the policy and checks it with `logrotate --debug`. */
export function logRotationDocument(env: string, group: string, files: readonly string[]): string {
  const path = logRotationPath(env, group);
  const config = logrotateConfig(files).trimEnd().split("\n");
  return JSON.stringify({
    schemaVersion: "2.2",
    description: `Log rotation for the files the CloudWatch agent ships from ${group} (${env})`,
    mainSteps: [
      {
        action: "aws:runShellScript",
        name: "writeLogrotatePolicy",
        precondition: { StringEquals: ["platformType", "Linux"] },
        inputs: {
          runCommand: [
            "set -eu",
            "command -v logrotate >/dev/null || { echo 'logrotate is not installed' >&2; exit 1; }",
            'tmp="$(mktemp)"',
            `cat > "$tmp" <<'LOGROTATE'`,
            ...config,
            "LOGROTATE",
            // A dry run checks the policy before it replaces the old one: a broken file would stop all rotation.
            'logrotate --debug "$tmp"',
            `install -m 0644 "$tmp" ${path}`,
            'rm -f "$tmp"',
          ],
        },
      },
    ],
  });
}
