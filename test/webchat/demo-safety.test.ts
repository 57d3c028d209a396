import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/config.ts";
import { startDemoWorld, type DemoWorld } from "./demo-world.ts";

let world: DemoWorld | undefined;
let child: ChildProcess | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await world?.stop();
  world = undefined;
  child?.kill("SIGKILL");
  child = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A request to the demo on loopback naming `host` in its Host header, as a browser does after DNS rebinding. */
function call(port: number, host: string, method = "GET", route = "/api/state", body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path: route, headers: { host, ...(body ? { "content-type": "application/json" } : {}) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the demo's web chat", () => {
  it("answers requests naming localhost, 127.0.0.1 or [::1], with any port", async () => {
    world = await startDemoWorld();
    const port = world.demo.port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, "localhost"]) expect(await call(port, host)).toBe(200);
  });

  it("refuses with 403 a request naming any other host, so a DNS-rebinding page cannot drive the organizer persona", async () => {
    world = await startDemoWorld();
    const port = world.demo.port;
    for (const host of [`evil.example:${port}`, "127.0.0.1.nip.io", `localhost.evil.example:${port}`]) expect(await call(port, host)).toBe(403);
    expect(await call(port, `evil.example:${port}`, "GET", "/")).toBe(403);
    const before = world.demo.deps.clock.now();
    expect(await call(port, `evil.example:${port}`, "POST", "/api/clock", JSON.stringify({ action: "next-day" }))).toBe(403);
    expect(world.demo.deps.clock.now() - before).toBeLessThan(3_600_000);
    expect(await call(port, `localhost:${port}`, "POST", "/api/clock", JSON.stringify({ action: "next-day" }))).toBe(200);
    expect(world.demo.deps.clock.now() - before).toBeGreaterThan(3_600_000);
  });
});

describe("the demo without STORAGE_URL", () => {
  it("keeps its data in data/demo.sqlite, never in the real bot's data/attache.sqlite", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "attache-demo-cwd-"));
    dirs.push(cwd);
    const { BOT_TOKEN: _token, STORAGE_URL: _storage, ...rest } = process.env;
    child = spawn(process.execPath, [path.join(PROJECT_ROOT, "src/main.ts")], { cwd, env: { ...rest, PORT: "0", LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed:\n${out}`)), 15_000);
      const seen = (chunk: Buffer) => {
        out += chunk.toString();
        if (/http:\/\/localhost:\d+/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child!.stdout!.on("data", seen);
      child!.stderr!.on("data", seen);
      child!.on("exit", (code) => reject(new Error(`exited with ${code}:\n${out}`)));
    });
    expect(existsSync(path.join(cwd, "data", "demo.sqlite"))).toBe(true);
    expect(existsSync(path.join(cwd, "data", "attache.sqlite"))).toBe(false);
  });
});
