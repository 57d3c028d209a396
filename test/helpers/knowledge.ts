// Builds the knowledge of a visit folder (demo or fixture) for the knowledge tests.
import path from "node:path";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { DEFAULT_SCENARIO_DIR } from "../../src/config.ts";
import { loadScenario, type Scenario } from "../../src/scenario/load.ts";
import { scenarioSource } from "../../src/scenario/source.ts";
import { createI18n } from "../../src/bot/i18n.ts";
import { buildKnowledgeBase, type KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { labelsFromI18n } from "../../src/knowledge/labels.ts";
import { createAnswers, type Answers } from "../../src/knowledge/service.ts";
import type { LlmClient } from "../../src/knowledge/llm.ts";
import type { Viewer } from "../../src/domain/agenda.ts";

export const DEMO_DIR = DEFAULT_SCENARIO_DIR;
export const MINI_DIR = path.join(import.meta.dirname, "..", "fixtures", "mini");
/** Day 1, 09:00 in Minsk: "tomorrow" is day 2. */
export const DAY1_MORNING = Date.parse("2024-09-24T09:00:00+03:00");
export const EXPERT: Viewer = { personId: "adviser-egov", organizer: false };
export const HEAD: Viewer = { personId: "ristic", organizer: false };
export const GUEST: Viewer = { organizer: false };

export async function scenarioAt(dir: string): Promise<Scenario> {
  const loaded = await loadScenario(dir);
  if (!loaded.ok) throw new Error(`${dir}: ${loaded.errors.map((e) => e.message).join("; ")}`);
  return loaded.scenario;
}

const labels = labelsFromI18n(await createI18n());

export async function knowledgeOf(dir = DEMO_DIR): Promise<KnowledgeBase> {
  return buildKnowledgeBase(await scenarioAt(dir), labels);
}

export async function answersFor(dir = DEMO_DIR, llm?: LlmClient): Promise<Answers> {
  return createAnswers({ scenario: scenarioSource(await scenarioAt(dir)), labels, ...(llm ? { llm } : {}) });
}

/** A copy of the demo visit with one more document (for injected-document tests). */
export function demoWithDocument(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "attache-visit-"));
  cpSync(DEMO_DIR, dir, { recursive: true });
  writeFileSync(path.join(dir, "documents", name), text);
  return dir;
}
