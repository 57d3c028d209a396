// The `answers` dependency: detect the language, retrieve, answer with the model or offline, and keep current.
import type { Logger } from "pino";
import type { Lang, SourceLang } from "../domain/language.ts";
import type { Viewer } from "../domain/agenda.ts";
import type { Contact } from "../domain/visit.ts";
import type { ScenarioSource } from "../scenario/source.ts";
import { sourceOf, type Answer, type AnswerNote } from "./answer.ts";
import { buildDenseIndex, type DenseIndex } from "./dense.ts";
import { detectLanguage } from "./detect-language.ts";
import { contextFor, type Turn } from "./follow-up.ts";
import { buildKnowledgeBase, liaisonFor, originalOf, passageIn, visibleTo, type KnowledgeBase } from "./knowledge-base.ts";
import { LlmError, type LlmClient } from "./llm.ts";
import { decline, offlineAnswer } from "./offline.ts";
import { forReader, sourceLangOf, type Passage } from "./passage.ts";
import type { Labels } from "./passages-visit.ts";
import { buildPrompt } from "./prompt.ts";
import { checkReply } from "./reply-check.ts";
import { retrieve, type Retrieval } from "./retrieve.ts";

export interface AskRequest {
  question: string;
  /** The user's language setting: the fallback when the text does not tell. */
  setting: Lang;
  viewer: Viewer;
  now: number;
  previous?: Turn;
  /** Called with the model's text so far while it streams (citations not yet checked). */
  onPartial?: (text: string) => void;
}

export interface AskResult {
  answer: Answer;
  /** What to remember for a follow-up. */
  turn: Turn;
}

export interface Answers {
  ask(req: AskRequest): Promise<AskResult>;
  /** A passage for a source button, in the reader's variant, if this viewer may see it. */
  passage(key: string, lang: Lang, viewer: Viewer): Passage | undefined;
  /** The original-language excerpt of the document passage a reader of `lang` was shown, if visible. */
  original(key: string, lang: Lang, viewer: Viewer): Passage | undefined;
  liaison(viewer: Viewer): Contact | undefined;
  readonly usesModel: boolean;
  /** Stops following scenario changes. */
  close(): void;
}

export interface AnswersOptions {
  scenario: ScenarioSource;
  labels: (lang: SourceLang) => Labels;
  llm?: LlmClient;
  logger?: Pick<Logger, "warn" | "info" | "debug">;
}

/** Passages offered to the model: the best few, if they match the question at all. */
const PROMPT_PASSAGES = 6;
const PROMPT_MIN_COVERAGE = 0.2;

export function createAnswers(options: AnswersOptions): Answers {
  const { scenario, labels, llm, logger } = options;
  let kb = buildKnowledgeBase(scenario.current, labels);
  let dense: Promise<DenseIndex | undefined> = buildDense(kb);

  function buildDense(base: KnowledgeBase): Promise<DenseIndex | undefined> {
    if (!llm?.embed) return Promise.resolve(undefined);
    return buildDenseIndex(llm.embed, base.passages).catch((error: unknown) => {
      logger?.warn({ err: error }, "embeddings unavailable: lexical retrieval only");
      return undefined;
    });
  }

  const unsubscribe = scenario.onChange((next) => {
    kb = buildKnowledgeBase(next, labels);
    dense = buildDense(kb);
    logger?.info({ passages: kb.passages.length }, "knowledge rebuilt after a scenario change");
  });

  async function denseRanking(base: KnowledgeBase, question: string): Promise<string[] | undefined> {
    const index = await dense;
    if (!index || base !== kb) return undefined;
    try {
      return await index.rank(question);
    } catch (error) {
      logger?.warn({ err: error }, "dense retrieval failed for one question: lexical only");
      return undefined;
    }
  }

  async function ask(req: AskRequest): Promise<AskResult> {
    const base = kb;
    const lang = detectLanguage(req.question, req.setting).lang;
    const context = contextFor(req.question, lang, req.previous, req.now);
    const ranked = await denseRanking(base, context ? `${context.question} ${req.question}` : req.question);
    const retrieval = retrieve(base, {
      question: req.question,
      lang,
      viewer: req.viewer,
      now: req.now,
      ...(context ? { context: { question: context.question, keys: context.keys } } : {}),
      ...(ranked ? { dense: ranked } : {}),
    });
    const query = context ? `${req.question} ${context.question}` : req.question;
    const answer = llm
      ? await withModel(base, llm, retrieval, req, lang, query, context?.question)
      : offlineAnswer(base, retrieval, query, lang, req.viewer);
    const keys = answer.kind === "answer" ? answer.sources.map((s) => s.key) : retrieval.hits.slice(0, 3).map((h) => h.key);
    return { answer, turn: { question: req.question, lang, keys, at: req.now } };
  }

  async function withModel(
    base: KnowledgeBase,
    model: LlmClient,
    retrieval: Retrieval,
    req: AskRequest,
    lang: Lang,
    query: string,
    previous: string | undefined,
  ): Promise<Answer> {
    const fallback = (note: AnswerNote): Answer => {
      const offline = offlineAnswer(base, retrieval, query, lang, req.viewer);
      return { ...offline, note };
    };
    const candidates = retrieval.hits.filter((h, i) => h.coverage >= PROMPT_MIN_COVERAGE || (i < 3 && h.coverage === 0 && h.score > 0));
    if (candidates.length === 0) return decline(base, lang, req.viewer);
    const prompt = buildPrompt({
      question: req.question,
      lang,
      passages: candidates.slice(0, PROMPT_PASSAGES).map((h) => forReader(h.passage, lang)),
      ...(previous ? { previous } : {}),
    });
    let reply: string;
    try {
      reply = await model.complete(prompt.messages, req.onPartial);
    } catch (error) {
      const kind = error instanceof LlmError ? error.kind : "error";
      logger?.warn({ err: error, kind }, "language model failed: offline answer instead");
      return fallback("llmUnavailable");
    }
    const checked = checkReply(reply, prompt.passages);
    if (checked.kind === "declined") return decline(base, lang, req.viewer);
    if (checked.kind === "uncertain") {
      logger?.info({ reason: checked.reason }, "model answer not grounded: offline answer instead");
      const offline = offlineAnswer(base, retrieval, query, lang, req.viewer);
      return offline.kind === "answer" ? { ...offline, note: "uncertain" } : offline;
    }
    const shownLang = sourceLangOf(lang);
    return {
      kind: "answer",
      lang,
      text: checked.text,
      // The prompt held passages in the reader's variant; sources point at the stored ones.
      sources: checked.cited.map((p, i) => sourceOf(base, passageIn(base, p.key, shownLang) ?? p, i + 1, lang)),
      via: "llm",
    };
  }

  return {
    ask,
    passage(key, lang, viewer) {
      const p = passageIn(kb, key, sourceLangOf(lang));
      return p && visibleTo(kb.visit, viewer)(p) ? forReader(p, lang) : undefined;
    },
    original(key, lang, viewer) {
      const p = passageIn(kb, key, sourceLangOf(lang));
      const original = p ? originalOf(kb, p) : undefined;
      return original && visibleTo(kb.visit, viewer)(original) ? original : undefined;
    },
    liaison: (viewer) => liaisonFor(kb, viewer),
    usesModel: llm !== undefined,
    close: () => void unsubscribe(),
  };
}
