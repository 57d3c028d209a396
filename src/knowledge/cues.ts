// What a question asks for (where, when, a phone…) and which visit day it means ("tomorrow", "day 2").
import type { Visit } from "../domain/visit.ts";
import { visitDayIndex } from "../domain/agenda.ts";
import { basicFold, foldSerbian, words } from "./normalize.ts";

export type Intent = "where" | "when" | "phone" | "who" | "dress" | "transport" | "howMany";

/**
 * Cue words per intent. Russian as written (lower case, ё→е); Serbian in folded Latin (both scripts
 * and diacritic-less typing fold to it); English as written. Prefixes end with "*".
 */
const INTENT_CUES: Record<Intent, string> = {
  where: `где куда адрес адреса находится место откуда gde gdje adresa adresu mesto mestu nalazi where address located venue place location`,
  when: `когда во сколько время начало начинается заканчивается расписание kada kad vreme pocetak pocinje pocinju zavrsava satnica
    when time start* begin* ends finish* schedule sati часов`,
  phone: `телефон* номер* позвонить звонить связаться контакт* telefon* broj* pozvati pozovem zvati kontakt* phone* number* call contact*
    reach mobile telegram`,
  who: `кто кого кем ko koga kim who whom`,
  dress: `дресс одежда одеться надеть форма костюм dress odeca oblaciti obuci obucem odelo kostim wear attire suit tie galstuk галстук kravata`,
  transport: `транспорт добраться доехать ехать едем трансфер автобус машина автомобиль prevoz stici stignem idemo voznja transfer autobus kombi
    kolima automobil get transport car bus minibus drive taxi metro`,
  howMany: `сколько koliko many much`,
};

/** Every cue word (prefixes without their "*"): words that say what is asked rather than about what. */
export const INTENT_WORDS: readonly string[] = Object.values(INTENT_CUES)
  .flatMap((spec) => spec.split(/\s+/))
  .filter(Boolean)
  .map((w) => w.replace(/\*$/, ""));

type CueList = { exact: Set<string>; prefixes: string[] };

function cueList(spec: string): CueList {
  const all = spec.split(/\s+/).filter(Boolean);
  return {
    exact: new Set(all.filter((w) => !w.endsWith("*"))),
    prefixes: all.filter((w) => w.endsWith("*")).map((w) => w.slice(0, -1)),
  };
}

const INTENTS = Object.fromEntries(
  (Object.keys(INTENT_CUES) as Intent[]).map((k) => [k, cueList(INTENT_CUES[k])]),
) as Record<Intent, CueList>;

// Folding (Unicode normalisation, transliteration) costs more than all the cue checks after it; the words of
// questions repeat, so their forms are remembered.
const FORMS_MEMO_ENTRIES = 5000;
const formsMemo = new Map<string, readonly string[]>();

/** The forms a word is compared in: as typed (Russian, English) and Serbian-folded (both scripts). */
function forms(word: string): readonly string[] {
  let found = formsMemo.get(word);
  if (!found) {
    const lower = basicFold(word).replace(/['’]s$/, "");
    found = [lower, foldSerbian(lower)];
    if (formsMemo.size >= FORMS_MEMO_ENTRIES) formsMemo.clear();
    formsMemo.set(word, found);
  }
  return found;
}

function hits(list: CueList, wordForms: readonly string[]): boolean {
  return wordForms.some((f) => list.exact.has(f) || list.prefixes.some((p) => f.startsWith(p)));
}

export function intentsOf(question: string): Set<Intent> {
  const found = new Set<Intent>();
  // Folding is the costly part: once per word, not once per word and intent.
  const ws = words(question).map(forms);
  for (const intent of Object.keys(INTENTS) as Intent[]) {
    if (ws.some((w) => hits(INTENTS[intent], w))) found.add(intent);
  }
  // "во сколько" / "u koliko sati" / "what time" ask when, not how many.
  if (found.has("howMany") && /(во\s+сколько|u\s+koliko|у\s+колико|what\s+time)/i.test(basicFold(question))) {
    found.delete("howMany");
    found.add("when");
  }
  return found;
}

// Relative days; the value is the offset from today.
const RELATIVE: Array<[string, number]> = [
  ["сегодня", 0], ["danas", 0], ["today", 0], ["tonight", 0], ["вечером", 0], ["veceras", 0],
  ["завтра", 1], ["sutra", 1], ["tomorrow", 1],
  ["послезавтра", 2], ["prekosutra", 2],
  ["вчера", -1], ["juce", -1], ["yesterday", -1],
];
// Adjectives and nouns built on them ("tomorrow's", "завтрашний", "sutrašnji", "сутрашњи").
const RELATIVE_PREFIXES: Array<[string, number]> = [
  ["сегодняшн", 0], ["danasnj", 0], ["завтрашн", 1], ["sutrasnj", 1], ["послезавтрашн", 2], ["prekosutrasnj", 2],
];
const ORDINALS: Array<[string, number]> = [
  ["перв", 0], ["втор", 1], ["трет", 2], ["четверт", 3], ["prv", 0], ["drug", 1], ["trec", 2], ["cetvrt", 3],
  ["first", 0], ["second", 1], ["third", 2], ["fourth", 3], ["last", -1], ["последн", -1], ["poslednj", -1], ["zadnj", -1],
];
const DAY_WORDS = /^(день|дня|дне|днем|dan|dana|danu|day)$/;
// Weekday names in their case forms (0 = Sunday), as whole words so "средства" is not Wednesday.
const WEEKDAYS: Array<[RegExp, number]> = [
  [/^понедельник[аеу]?$/, 1], [/^вторник[аеу]?$/, 2], [/^сред[аеуы]$/, 3], [/^четверг[аеу]?$/, 4],
  [/^пятниц[аеуы]$/, 5], [/^суббот[аеуы]$/, 6], [/^воскресень[еяю]$/, 0],
  [/^ponedelj(ak|ka|ku)$/, 1], [/^utor(ak|ka|ku)$/, 2], [/^sred[aeu]$/, 3], [/^cetvrt(ak|ka|ku)$/, 4],
  [/^pet(ak|ka|ku)$/, 5], [/^subot[aeiu]$/, 6],
  [/^monday$/, 1], [/^tuesday$/, 2], [/^wednesday$/, 3], [/^thursday$/, 4], [/^friday$/, 5], [/^saturday$/, 6], [/^sunday$/, 0],
];

export interface DayHint {
  /** Visit day index the question is about. */
  day: number;
  /** The words that said so (left out of the lexical query). */
  words: string[];
}

/** The visit day a question points at, relative to `now` ("tomorrow") or absolute ("day 2", "Wednesday"). */
export function dayHintOf(question: string, visit: Visit, now: number): DayHint | undefined {
  const ws = words(question);
  const wordForms = ws.map(forms);
  const last = visit.days.length - 1;
  const clamp = (d: number) => (d >= 0 && d <= last ? d : undefined);
  for (let i = 0; i < ws.length; i++) {
    const [plain, folded] = wordForms[i]!;
    const rel = RELATIVE.find(([w]) => w === plain || w === folded) ??
      RELATIVE_PREFIXES.find(([p]) => plain!.startsWith(p) || folded!.startsWith(p));
    if (rel) {
      const today = visitDayIndex(visit, now + rel[1] * 86_400_000);
      const day = clamp(today);
      if (day !== undefined) return { day, words: [ws[i]!] };
      continue;
    }
    const next = wordForms[i + 1] ?? [];
    const prev = wordForms[i - 1] ?? [];
    const nearDay = [...next, ...prev].some((f) => DAY_WORDS.test(f));
    const ord = ORDINALS.find(([p]) => plain!.startsWith(p) || folded!.startsWith(p));
    if (ord && nearDay) {
      const day = clamp(ord[1] < 0 ? last : ord[1]);
      if (day !== undefined) return { day, words: [ws[i]!] };
    }
    if (/^\d$/.test(plain!) && nearDay) {
      const day = clamp(Number(plain) - 1);
      if (day !== undefined) return { day, words: [ws[i]!] };
    }
    const weekday = WEEKDAYS.find(([re]) => re.test(plain!) || re.test(folded!));
    if (weekday) {
      const day = visit.days.findIndex((d) => new Date(`${d.date}T12:00:00Z`).getUTCDay() === weekday[1]);
      if (day >= 0) return { day, words: [ws[i]!] };
    }
  }
  return undefined;
}
