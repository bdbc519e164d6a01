import { defineConfig } from "vitest/config";

// One config for the whole workspace. Tests sit beside their code (`*.test.ts`);
// end-to-end tests live under each app's `test/` folder.
export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "apps/*/src/**/*.test.ts",
      "apps/*/test/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    setupFiles: ["./vitest.setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    reporters: ["default", "./scripts/vitest-summary-reporter.ts"],
  },
});
