// The delegates and the updates the benchmarks send: stored profiles, and a mix of /today, agenda buttons and
// free-text questions taken from the grounded-answers eval set (bench/eval/questions.yaml).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { Update } from "grammy/types";
import { LANGS, type Lang } from "../src/domain/language.ts";
import type { Visit } from "../src/domain/visit.ts";
import type { UserStore } from "../src/storage/users.ts";
import { encode } from "../src/bot/keyboards/callback-data.ts";

export interface EvalQuestion {
  lang: Lang;
  q: string;
  expect?: string[];
  decline?: boolean;
}

export const QUESTIONS_FILE = path.join(import.meta.dirname, "eval", "questions.yaml");

export function evalQuestions(): EvalQuestion[] {
  return (parse(readFileSync(QUESTIONS_FILE, "utf8")) as { questions: EvalQuestion[] }).questions;
}

/** First user id of the benchmark delegates (well away from the scenario's telegram ids). */
export const FIRST_USER = 500_000;

/** Stores `count` onboarded delegates: every language, every delegation member, some guests, reminder choices. */
export async function seedDelegates(users: UserStore, visit: Visit, count: number, now: number): Promise<number[]> {
  const people = visit.people.filter((p) => p.delegate).map((p) => p.id);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const userId = FIRST_USER + i;
    const personId = i % 5 === 4 ? undefined : people[i % people.length];
    await users.put({
      userId, chatId: userId, lang: LANGS[i % LANGS.length]!, langChosen: true, onboarded: true,
      ...(personId ? { personId } : {}), reminderMinutes: ([0, 15, 30, 60] as const)[i % 4]!, firstSeen: now, lastSeen: now,
    });
    ids.push(userId);
  }
  return ids;
}

export type UpdateKind = "today" | "button" | "question";
export const UPDATE_KINDS: readonly UpdateKind[] = ["today", "button", "question"];

let nextUpdateId = 1;
let nextMessageId = 1;

const from = (userId: number, lang: Lang) => ({ id: userId, is_bot: false, first_name: "Delegate", language_code: lang.slice(0, 2) });

export function commandUpdate(userId: number, lang: Lang, command: string): Update {
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: nextMessageId++, date: 1727250000, chat: { id: userId, type: "private", first_name: "Delegate" },
      from: from(userId, lang), text: command, entities: [{ type: "bot_command", offset: 0, length: command.length }],
    },
  } as Update;
}

export function textUpdate(userId: number, lang: Lang, text: string): Update {
  return {
    update_id: nextUpdateId++,
    message: { message_id: nextMessageId++, date: 1727250000, chat: { id: userId, type: "private", first_name: "Delegate" }, from: from(userId, lang), text },
  } as Update;
}

export function buttonUpdate(userId: number, lang: Lang, data: string): Update {
  return {
    update_id: nextUpdateId++,
    callback_query: {
      id: String(nextUpdateId), from: from(userId, lang), chat_instance: "bench", data,
      message: { message_id: 1, date: 1727250000, chat: { id: userId, type: "private", first_name: "Delegate" }, text: "The programme" },
    },
  } as Update;
}

/**
 * `count` updates from `userIds` in turn, the kinds in turn: /today; a day or an event button from the
 * programme's keyboard; a question of the eval set (the offline answering path).
 */
export function mixedUpdates(count: number, userIds: readonly number[], visit: Visit, kinds: readonly UpdateKind[] = UPDATE_KINDS): Array<{ kind: UpdateKind; update: Update }> {
  const questions = evalQuestions();
  const buttons = [
    ...visit.days.map((_, day) => encode({ kind: "day", day })),
    ...visit.events.filter((e) => e.audience.everyone).map((e) => encode({ kind: "event", eventId: e.id })),
  ];
  const out: Array<{ kind: UpdateKind; update: Update }> = [];
  for (let i = 0; i < count; i++) {
    const userId = userIds[i % userIds.length]!;
    const lang = LANGS[(((userId - FIRST_USER) % LANGS.length) + LANGS.length) % LANGS.length]!;
    const kind = kinds[i % kinds.length]!;
    const update = kind === "today"
      ? commandUpdate(userId, lang, "/today")
      : kind === "button"
        ? buttonUpdate(userId, lang, buttons[i % buttons.length]!)
        : textUpdate(userId, lang, questions[i % questions.length]!.q);
    out.push({ kind, update });
  }
  return out;
}
