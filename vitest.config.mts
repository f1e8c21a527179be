import { defineConfig } from "vitest/config";

/** Files that run in a process of their own: the end-to-end suites (real servers, exit handlers that stop them). */
const ISOLATED = ["test/e2e/**/*.test.ts"];

export default defineConfig({
  test: {
    // Synth and subprocess tests take a few seconds each on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // vitest's default is one worker per core minus one, i.e. a single worker on 2 cores. Much of the run waits on
    // subprocesses (helm, promtool, terraform) and real servers, so three workers overlap that waiting with synth.
    maxWorkers: 3,
    setupFiles: ["test/support/require-ts.ts", "test/support/bundle-internals.ts"],
    globalSetup: ["test/support/global-temp-dir.ts"],
    // vite's transforms of the test files and sources are kept between runs (node_modules/.experimental-vitest-cache,
    // keyed by each file's content and the config): the main process stops transforming ~400 unchanged modules per
    // run, about half its CPU.
    experimental: { fsModuleCache: true },
    // Environment stubs never outlive the test that made them (also in the shared processes below).
    unstubEnvs: true,
    projects: [
      {
        // Most files share their worker process: the project and cdktf modules (several seconds of import per file)
        // load once per worker instead of once per file. Module caches are pure (synth, renders), so sharing them
        // changes no result.
        extends: true,
        // They run at a lower CPU priority than the e2e suites beside them (test/support/background-priority.ts).
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: ISOLATED,
          isolate: false,
          setupFiles: ["test/support/background-priority.ts"],
        },
      },
      { extends: true, test: { name: "isolated", include: ISOLATED } },
    ],
  },
});
