// Every temporary folder the test run makes (mkdtemp under os.tmpdir() in the workers, which inherit TMPDIR, and in
// the tools they run) goes under one folder that is removed when the run ends: a run leaves nothing in /tmp.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "monitoring-test-"));
  // Traversable by other users (PostgreSQL's initdb runs as postgres in a folder of its own below), not listable.
  chmodSync(dir, 0o711);
  process.env.TMPDIR = dir;
  // Results shared by the test processes of this run only (see test/support/run-cache.ts): removed with the folder.
  process.env.MONITORING_TEST_RUN_CACHE = join(dir, "run-cache");
  return () => rmSync(dir, { recursive: true, force: true });
}
