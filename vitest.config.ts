import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Each file gets its own process: servers, SQLite files and clocks never leak between files.
    pool: "forks",
    // One Redis for the whole run: REDIS_URL, or a redis-server started for it (test/helpers/redis.ts).
    globalSetup: ["test/helpers/redis.ts"],
  },
});
