// `attache check <visit-dir> [--json]` and `attache schema [--out FILE]`: tools for organizers preparing a visit.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadScenario } from "./scenario/load.ts";
import { formatProblem } from "./scenario/problems.ts";
import { visitJsonSchema } from "./scenario/schema.ts";
import { normalizedVisit } from "./scenario/normalized.ts";
import { HELP_TEXT } from "./help-text.ts";

export async function runCli(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "check") {
    const { values, positionals } = parseArgs({ args: rest, options: { json: { type: "boolean" } }, allowPositionals: true });
    const dir = positionals[0];
    if (!dir) {
      err.write("usage: attache check <visit-dir> [--json]\n");
      return 2;
    }
    const result = await loadScenario(path.resolve(dir));
    for (const w of result.warnings) err.write(`${formatProblem(w)}\n`);
    if (!result.ok) {
      for (const e of result.errors) err.write(`${formatProblem(e)}\n`);
      err.write(`${result.errors.length} error(s) in ${dir}\n`);
      return 1;
    }
    const visit = result.scenario.visit;
    if (values.json) out.write(`${JSON.stringify(normalizedVisit(result.scenario), null, 2)}\n`);
    else
      out.write(
        `${dir}: OK — ${visit.days.length} days, ${visit.events.length} events, ${visit.venues.length} venues, ` +
          `${visit.contacts.length} contacts, ${result.scenario.documents.length} documents, ${result.warnings.length} warning(s)\n`,
      );
    return 0;
  }
  if (command === "schema") {
    const { values } = parseArgs({ args: rest, options: { out: { type: "string" } } });
    const json = `${JSON.stringify(visitJsonSchema(), null, 2)}\n`;
    if (values.out) await writeFile(values.out, json);
    else out.write(json);
    return 0;
  }
  (command === "--help" || command === "-h" || command === "help" ? out : err).write(HELP_TEXT);
  return command === "--help" || command === "-h" || command === "help" ? 0 : 2;
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  process.exitCode = await runCli(process.argv.slice(2));
}
