// Redis for the tests: REDIS_URL when set (CI starts one in .ci/run), otherwise a redis-server this run starts on a
// free loopback port and stops at the end (vitest globalSetup). Tests ask `redisUrl()`, which fails with a clear
// message when neither is possible, and give each store its own key prefix, so test files never see each other's keys.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { inject } from "vitest";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    redis: { url?: string; problem?: string };
  }
}

const REDIS_SERVER = "/usr/bin/redis-server";

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startRedis(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    proc.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        resolve(proc);
      }
    });
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.REDIS_URL) {
    project.provide("redis", { url: process.env.REDIS_URL });
    return async () => {};
  }
  if (!existsSync(REDIS_SERVER)) {
    project.provide("redis", {
      problem: `The Redis tests need REDIS_URL=redis://… or ${REDIS_SERVER} (Debian: apt-get install redis-server).`,
    });
    return async () => {};
  }
  let proc: ChildProcess | undefined;
  try {
    const port = await freePort();
    proc = await startRedis(port);
    project.provide("redis", { url: `redis://127.0.0.1:${port}` });
  } catch (error) {
    project.provide("redis", { problem: `Could not start ${REDIS_SERVER} for the Redis tests: ${(error as Error).message}` });
  }
  return async () => {
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc!.once("exit", r));
    proc.kill("SIGTERM");
    await exited;
  };
}

/** The Redis the tests use; throws (so the test fails, never skips) when there is none. */
export function redisUrl(): string {
  const redis = inject("redis");
  if (!redis?.url) throw new Error(redis?.problem ?? "test/helpers/redis.ts was not run as vitest's globalSetup");
  return redis.url;
}

let counter = 0;

/** STORAGE_URL for a store of its own on the test Redis: same server, a key prefix nobody else uses. */
export function redisStorageUrl(name = "t"): string {
  const url = new URL(redisUrl());
  url.searchParams.set("prefix", `test-${name}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`);
  return url.toString();
}
