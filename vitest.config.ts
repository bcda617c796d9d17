import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "cli",
          include: ["test/**/*.test.ts"],
          globalSetup: ["test/support/pack.ts"],
          testTimeout: 60_000,
          hookTimeout: 600_000,
        },
      },
      "templates/bot",
    ],
  },
});
