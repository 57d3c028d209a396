#!/usr/bin/env node
// npx attache …: runs the TypeScript CLI directly (Node ≥ 22.18 strips types, no build step).
const { runCli } = await import("../src/cli.ts");
process.exitCode = await runCli(process.argv.slice(2));
