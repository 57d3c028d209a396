import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, DEFAULT_SCENARIO_DIR } from "../../src/config.ts";

const attache = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(PROJECT_ROOT, "bin/attache.js"), ...args], { encoding: "utf8" });
const start = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [path.join(PROJECT_ROOT, "src/main.ts"), ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, ...env },
    timeout: 15_000,
  });

describe("attache check", () => {
  it("accepts the demo visit with exit code 0", () => {
    const r = attache("check", DEFAULT_SCENARIO_DIR);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/OK — 3 days, \d+ events/);
  });
  it("prints the normalized visit with --json: time zone, dates and events with ISO instants", () => {
    const r = attache("check", DEFAULT_SCENARIO_DIR, "--json");
    const json = JSON.parse(r.stdout) as { visit: { timezone: string; dates: string[] }; events: Array<Record<string, unknown>> };
    expect(json.visit.timezone).toBe("Europe/Minsk");
    expect(json.visit.dates).toEqual(["2024-09-24", "2024-09-25", "2024-09-26"]);
    expect(json.events[0]).toMatchObject({ id: expect.any(String), start: expect.stringMatching(/^2024-09-24T\d\d:\d\d:00\+03:00$/), end: expect.any(String), audience: expect.anything() });
    expect(json.events[0]).toHaveProperty("venue");
  });
  it("exits 1 and names file and line for a broken visit", () => {
    const r = attache("check", path.join(PROJECT_ROOT, "test/fixtures/does-not-exist"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/visit\.yaml:1 +file not found/);
  });
});

describe("npm start", () => {
  it("lists every bad variable in one message and exits 2", () => {
    const r = start({ BOT_TOKEN: "nope", PORT: "http", ORGANIZER_IDS: "12,abc", BOT_NOW: "yesterday" });
    expect(r.status).toBe(2);
    for (const v of ["BOT_TOKEN", "PORT", "ORGANIZER_IDS", "BOT_NOW"]) expect(r.stderr).toContain(v);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it("with a broken scenario exits with its file:line errors", () => {
    const r = start({ BOT_TOKEN: "123456:TEST-token-for-the-local-emulator-only", SCENARIO_DIR: path.join(PROJECT_ROOT, "test/fixtures/does-not-exist") });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/visit\.yaml:1 +file not found/);
  });
  it("--help documents every variable the configuration reads", () => {
    const r = start({}, "--help");
    expect(r.status).toBe(0);
    const config = readFileSync(path.join(PROJECT_ROOT, "src/config.ts"), "utf8");
    const vars = [...config.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
    expect(vars.length).toBeGreaterThan(8);
    for (const v of vars) expect(r.stdout, `--help lacks ${v}`).toContain(v);
  });
});
