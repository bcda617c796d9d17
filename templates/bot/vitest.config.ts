import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "bot",
    include: ["test/**/*.test.ts"],
    // End-to-end tests start real bot processes and wait out a real 28 s retry_after.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
