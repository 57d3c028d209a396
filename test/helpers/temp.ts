// Temporary folders for a test — a copy of a visit it may rewrite, a storage file — removed after each test.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { MINI_DIR } from "./attache.ts";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An empty folder of this test's own. */
export function tempDir(label = "attache"): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${label}-`));
  made.push(dir);
  return dir;
}

/** A copy of a visit folder (the mini visit by default) the test may rewrite, and a storage file beside it. */
export function scenarioCopy(source = MINI_DIR): { dir: string; scenarioDir: string; storageFile: string } {
  const dir = tempDir("attache-scenario");
  const scenarioDir = path.join(dir, "scenario");
  cpSync(source, scenarioDir, { recursive: true });
  return { dir, scenarioDir, storageFile: path.join(dir, "attache.sqlite") };
}
