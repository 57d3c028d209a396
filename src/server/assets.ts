// The web chat's front end, read once at start-up from src/webchat/: the page, its CSS, and its browser modules,
// whose TypeScript is served as JavaScript by Node's own type stripper (no bundler, no build step).
import { readFileSync } from "node:fs";
import { stripTypeScriptTypes } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const WEBCHAT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "webchat");

export interface Asset {
  body: string;
  type: string;
}

/** Browser modules keep their `.ts` names so their relative imports resolve unchanged; the MIME type is what counts. */
const FILES: Record<string, string> = {
  "/": "index.html",
  "/style.css": "style.css",
  "/app.ts": "app.ts",
  "/bubbles.ts": "bubbles.ts",
  "/clock.ts": "clock.ts",
  "/render.ts": "render.ts",
};

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".ts": "text/javascript; charset=utf-8",
};

/**
 * Node marks stripTypeScriptTypes experimental and warns once per process; the demo's console should show the
 * address, not that warning, so it is muted for this one call only.
 */
function stripTypes(source: string): string {
  const emitWarning = process.emitWarning;
  process.emitWarning = (() => {}) as typeof process.emitWarning;
  try {
    return stripTypeScriptTypes(source, { mode: "strip" });
  } finally {
    process.emitWarning = emitWarning;
  }
}

export function loadAssets(dir = WEBCHAT_DIR): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [route, file] of Object.entries(FILES)) {
    const source = readFileSync(path.join(dir, file), "utf8");
    const ext = path.extname(file);
    assets.set(route, { body: ext === ".ts" ? stripTypes(source) : source, type: TYPES[ext] ?? "application/octet-stream" });
  }
  return assets;
}
