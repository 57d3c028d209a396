// Prompt size: the grounded prompt the answering service would send to the model for each eval question, counted
// with gpt-tokenizer the way src/knowledge/prompt.ts counts it. A fake model captures the messages.
import { countTokens } from "gpt-tokenizer";
import { createI18n } from "../src/bot/i18n.ts";
import { DEFAULT_SCENARIO_DIR } from "../src/config.ts";
import { loadScenario } from "../src/scenario/load.ts";
import { scenarioSource } from "../src/scenario/source.ts";
import { createAnswers } from "../src/knowledge/service.ts";
import { labelsFromI18n } from "../src/knowledge/labels.ts";
import { detectLanguage } from "../src/knowledge/detect-language.ts";
import { NO_ANSWER, PROMPT_TOKEN_LIMIT, buildPrompt, type ChatMessage } from "../src/knowledge/prompt.ts";
import { num, quantile, ratio, type Row } from "./lib.ts";
import { evalQuestions } from "./traffic.ts";
import { scaleScenario } from "./synthetic-visit.ts";
import { NOW, VIEWER } from "./retrieval.ts";

/** prompt.ts's count: both messages' contents, 4 tokens of chat framing each, 3 for the reply's start. */
const tokensOf = (messages: ChatMessage[]) => messages.reduce((sum, m) => sum + countTokens(m.content) + 4, 0) + 3;

async function promptTokens(factor: number): Promise<{ tokens: number[]; frame: number[] }> {
  const loaded = await loadScenario(DEFAULT_SCENARIO_DIR);
  if (!loaded.ok) throw new Error(`cannot load ${DEFAULT_SCENARIO_DIR}`);
  let captured: ChatMessage[] | undefined;
  const answers = createAnswers({
    scenario: scenarioSource(scaleScenario(loaded.scenario, factor)),
    labels: labelsFromI18n(await createI18n()),
    llm: {
      async complete(messages) {
        captured = messages;
        return NO_ANSWER;
      },
    },
  });
  const tokens: number[] = [];
  const frame: number[] = [];
  for (const q of evalQuestions()) {
    captured = undefined;
    await answers.ask({ question: q.q, setting: "en", viewer: VIEWER, now: NOW });
    // A question no passage matches is declined before any prompt is built.
    if (captured) tokens.push(tokensOf(captured));
    frame.push(buildPrompt({ question: q.q, lang: detectLanguage(q.q, "en").lang, passages: [] }).tokens);
  }
  answers.close();
  return { tokens, frame };
}

export async function promptSize(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const factor of [1, 100]) {
    const { tokens, frame } = await promptTokens(factor);
    const max = Math.max(...tokens);
    const frameMax = Math.max(...frame);
    rows.push({
      measure: factor === 1 ? `prompt tokens, max (${tokens.length} prompts)` : `  100× visit (${tokens.length} prompts)`,
      figure: `${num(max)} (p50 ${num(quantile(tokens, 0.5))})`,
      baseline: `rules + question ${num(frameMax)}`,
      ratio: ratio(max, frameMax, 1),
      target: `≤ ${num(PROMPT_TOKEN_LIMIT)}`,
      met: max <= PROMPT_TOKEN_LIMIT,
      data: { factor, prompts: tokens.length, max, p50: quantile(tokens, 0.5), frameMax },
    });
  }
  return rows;
}
