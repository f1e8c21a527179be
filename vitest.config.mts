import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Synth and subprocess tests take a few seconds each on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["test/support/require-ts.ts"],
    globalSetup: ["test/support/global-temp-dir.ts"],
  },
});
