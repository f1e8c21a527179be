// Every temporary folder the test run makes (mkdtemp under os.tmpdir() in the workers, which inherit TMPDIR, and in
// the tools they run) goes under one folder that is removed when the run ends: a run leaves nothing in /tmp.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Set once the run's folder exists: the path of that folder. */
const RUN_TMPDIR = "MONITORING_TEST_TMPDIR";

export default function setup(): () => void {
  // vitest runs a global setup for the root config and again for each project that extends it, in one process. The
  // first call makes the folder and the others keep it: nested folders made TMPDIR so long that Chromium's socket
  // path in it passed the 108 bytes a Unix socket path may have, and each project got a run cache of its own.
  if (process.env[RUN_TMPDIR]) return () => {};
  const dir = mkdtempSync(join(tmpdir(), "monitoring-test-"));
  // Traversable by other users (PostgreSQL's initdb runs as postgres in a folder of its own below), not listable.
  chmodSync(dir, 0o711);
  process.env[RUN_TMPDIR] = dir;
  process.env.TMPDIR = dir;
  // Results shared by the test processes of this run only (see test/support/run-cache.ts): removed with the folder.
  process.env.MONITORING_TEST_RUN_CACHE = join(dir, "run-cache");
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[RUN_TMPDIR];
  };
}
