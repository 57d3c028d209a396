import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/config.ts";

const dockerfile = readFileSync(path.join(PROJECT_ROOT, "Dockerfile"), "utf8");
const instructions = dockerfile
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));

describe("the Dockerfile", () => {
  it("builds on an official Node 24 slim image in more than one stage", () => {
    const froms = instructions.filter((l) => l.startsWith("FROM "));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f).toMatch(/^FROM node:24(\.\d+)*-slim\b/);
  });
  it("copies only paths that exist in the repository", () => {
    const copies = instructions.filter((l) => l.startsWith("COPY ") && !l.includes("--from="));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const sources = copy.split(/\s+/).slice(1, -1);
      for (const source of sources) expect(existsSync(path.join(PROJECT_ROOT, source)), source).toBe(true);
    }
  });
  it("runs an entry point that exists, as a non-root user, with production dependencies only", () => {
    const cmd = instructions.filter((l) => l.startsWith("CMD ")).at(-1)!; // the last: HEALTHCHECK has a CMD of its own
    const args = JSON.parse(cmd.slice(4)) as string[];
    expect(args[0]).toBe("node");
    const files = args.filter((a) => a.endsWith(".ts"));
    expect(files.at(-1)).toBe("src/main.ts");
    for (const file of files) expect(existsSync(path.join(PROJECT_ROOT, file)), file).toBe(true);
    // The container starts the bot the way `npm start` does.
    const start = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).scripts.start as string;
    expect(args.join(" ")).toBe(start);
    expect(instructions).toContain("USER node");
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/VOLUME \["\/data"\]/);
  });
  it("checks health on the path the server answers", () => {
    const health = instructions.find((l) => l.startsWith("HEALTHCHECK"));
    expect(health).toBeDefined();
    expect(dockerfile).toMatch(/\/healthz/);
    const ops = readFileSync(path.join(PROJECT_ROOT, "src/server/ops.ts"), "utf8");
    const demo = readFileSync(path.join(PROJECT_ROOT, "src/server/webchat.ts"), "utf8");
    expect(ops).toContain('"/healthz"');
    expect(demo).toContain('"/healthz"');
  });
  it("documents in .env.example every variable the configuration reads", () => {
    const config = readFileSync(path.join(PROJECT_ROOT, "src/config.ts"), "utf8");
    const example = readFileSync(path.join(PROJECT_ROOT, ".env.example"), "utf8");
    const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    const vars = [...config.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
    expect(vars.length).toBeGreaterThan(8);
    for (const v of vars) {
      expect(example, `.env.example lacks ${v}`).toContain(v);
      expect(readme, `README lacks ${v}`).toContain(v);
    }
  });
});
