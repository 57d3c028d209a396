import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/config.ts";
import { FIRST_PERSONA_ID } from "../../src/server/personas.ts";

const MAIN = path.join(PROJECT_ROOT, "src/main.ts");
let child: ChildProcess | undefined;
let blocker: Server | undefined;
const dirs: string[] = [];
afterEach(() => {
  child?.kill("SIGKILL");
  blocker?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A process environment without BOT_TOKEN (whatever the developer's shell has). */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { BOT_TOKEN: _token, ...rest } = process.env;
  const dir = mkdtempSync(path.join(tmpdir(), "attache-notoken-"));
  dirs.push(dir);
  return { ...rest, STORAGE_URL: `sqlite://${path.join(dir, "demo.sqlite")}`, LOG_LEVEL: "warn", ...extra };
}

/** Starts `npm start`'s entry point; resolves with the web chat address it prints. */
function start(extra: Record<string, string>): Promise<{ url: string; ms: number }> {
  const started = Date.now();
  child = spawn(process.execPath, [MAIN], { env: env(extra), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed:\n${out}`)), 15_000);
    child!.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /http:\/\/localhost:\d+/.exec(out)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve({ url, ms: Date.now() - started });
      }
    });
    child!.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child!.on("exit", (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

describe("npm start without BOT_TOKEN", () => {
  it("prints the web chat's address, serves the page, and a persona's /today is answered", async () => {
    const { url, ms } = await start({ PORT: "0" });
    expect(ms).toBeLessThan(10_000);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<title>Attaché/);

    const staff = FIRST_PERSONA_ID + 2;
    const sent = await fetch(`${url}/api/chats/${staff}/messages`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "/today" }),
    });
    expect(sent.status).toBe(201);
    let reply: { text: string } | undefined;
    for (let i = 0; i < 50 && !reply; i++) {
      const { messages } = (await (await fetch(`${url}/api/chats/${staff}`)).json()) as { messages: Array<{ out: boolean; text: string }> };
      reply = messages.find((m) => !m.out);
      if (!reply) await new Promise((r) => setTimeout(r, 100));
    }
    expect(reply?.text).toMatch(/^Day 1 · Tuesday(,)? 24 September/);
  });

  it("names PORT and exits 2, with no stack trace, when the port is taken", async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    const r = spawnSync(process.execPath, [MAIN], { env: env({ PORT: String(port) }), encoding: "utf8", timeout: 15_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`Port ${port} is already in use.*PORT`));
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it("--help explains the demo and still exits 0 without starting anything", () => {
    const r = spawnSync(process.execPath, [MAIN, "--help"], { env: env({}), encoding: "utf8", timeout: 15_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/without it: a demo in the browser/);
  });
});
