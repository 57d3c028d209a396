// Retrieval latency: every question of the eval set on the demo visit and on visits 10 and 100 times larger
// (bench/synthetic-visit.ts), asked as the eval asks them (an adviser on the morning of day 1).
import { createI18n } from "../src/bot/i18n.ts";
import { DEFAULT_SCENARIO_DIR } from "../src/config.ts";
import { loadScenario, type Scenario } from "../src/scenario/load.ts";
import { buildKnowledgeBase, type KnowledgeBase } from "../src/knowledge/knowledge-base.ts";
import { labelsFromI18n } from "../src/knowledge/labels.ts";
import { detectLanguage } from "../src/knowledge/detect-language.ts";
import { retrieve } from "../src/knowledge/retrieve.ts";
import { median, num, quantile, ratio, type Row } from "./lib.ts";
import { evalQuestions } from "./traffic.ts";
import { scaleScenario } from "./synthetic-visit.ts";

export const VIEWER = { personId: "adviser-egov", organizer: false };
export const NOW = Date.parse("2024-09-24T09:00:00+03:00");
export const SCALES = [1, 10, 100] as const;
const TARGETS: Partial<Record<number, number>> = { 1: 5, 100: 50 };

/** The knowledge base of the demo visit scaled `factor` times, and how long it took to build. */
async function knowledgeAt(demo: Scenario, factor: number): Promise<{ kb: KnowledgeBase; buildMs: number }> {
  const labels = labelsFromI18n(await createI18n());
  const scenario = scaleScenario(demo, factor);
  const start = performance.now();
  return { kb: buildKnowledgeBase(scenario, labels), buildMs: performance.now() - start };
}

/** Each question's latency is the median of five runs, after a warm-up pass over all of them. */
function latencies(kb: KnowledgeBase): number[] {
  const questions = evalQuestions();
  const ask = (q: string) => {
    const lang = detectLanguage(q, "en").lang;
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      retrieve(kb, { question: q, lang, viewer: VIEWER, now: NOW });
      runs.push(performance.now() - start);
    }
    return median(runs);
  };
  for (const q of questions) ask(q.q);
  return questions.map((q) => ask(q.q));
}

export async function retrieval(): Promise<Row[]> {
  const loaded = await loadScenario(DEFAULT_SCENARIO_DIR);
  if (!loaded.ok) throw new Error(`cannot load ${DEFAULT_SCENARIO_DIR}`);
  const rows: Row[] = [];
  let base = 0;
  for (const factor of SCALES) {
    const { kb, buildMs } = await knowledgeAt(loaded.scenario, factor);
    const ms = latencies(kb);
    const p95 = quantile(ms, 0.95);
    if (factor === 1) base = p95;
    const target = TARGETS[factor];
    rows.push({
      measure: `${factor === 1 ? "retrieval p95, demo visit" : `  ${factor}× visit`} (${num(kb.passages.length)} passages)`,
      figure: `${num(p95, 2)} ms (p50 ${num(quantile(ms, 0.5), 2)})`,
      baseline: factor === 1 ? `${ms.length} eval questions` : `1× ${num(base, 2)} ms`,
      ratio: factor === 1 ? "" : ratio(p95, base, 1),
      target: target !== undefined ? `≤ ${target} ms` : "",
      ...(target !== undefined ? { met: p95 <= target } : {}),
      data: { factor, passages: kb.passages.length, p50: quantile(ms, 0.5), p95, max: Math.max(...ms), buildMs },
    });
  }
  return rows;
}
