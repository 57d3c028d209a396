import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Each file gets its own process: servers, SQLite files and clocks never leak between files.
    pool: "forks",
  },
});
