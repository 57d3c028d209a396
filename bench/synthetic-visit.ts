// A visit N times larger than the demo, made in memory: N copies of every event, venue, contact and document,
// each copy with its own ids and varied text (words swapped for others of the visit's vocabulary, made-up names),
// so the index grows in passages and in vocabulary, not only in duplicates.
import type { LocalizedText, SourceLang } from "../src/domain/language.ts";
import type { Contact, Venue, Visit, VisitEvent } from "../src/domain/visit.ts";
import type { Scenario, VisitDocument } from "../src/scenario/load.ts";

/** Share of words replaced in a copy's texts. */
const SWAP = 0.3;
const WORD = /\p{L}{3,}/gu;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES: Record<SourceLang, string[]> = {
  ru: ["ка", "ло", "ми", "ре", "су", "ва", "то", "ни", "ба", "до", "ге", "жу", "зо", "лу", "пе", "ра"],
  sr: ["ка", "ло", "ми", "ре", "су", "ва", "то", "ни", "ба", "до", "ге", "жу", "зо", "љу", "пе", "ћа"],
  en: ["ka", "lo", "mi", "re", "su", "va", "to", "ni", "ba", "do", "ge", "ju", "zo", "lu", "pe", "ra"],
};

class Varier {
  private readonly random: () => number;
  private readonly pools: Record<SourceLang, string[]>;
  constructor(scenario: Scenario, seed: number) {
    this.random = prng(seed);
    const texts: Record<SourceLang, string[]> = { ru: [], sr: [], en: [] };
    const add = (t: LocalizedText | undefined) => {
      if (t) for (const lang of ["ru", "sr", "en"] as const) texts[lang].push(t[lang]);
    };
    const v = scenario.visit;
    for (const e of v.events) [e.title, e.description, e.notes, e.transport, e.meetingPoint, e.dressCode].forEach(add);
    for (const p of v.venues) [p.name, p.address, p.directions, p.entrance].forEach(add);
    for (const c of v.contacts) [c.name, c.hours].forEach(add);
    for (const d of scenario.documents) texts[d.lang].push(d.text);
    this.pools = {
      ru: [...new Set(texts.ru.join(" ").match(WORD) ?? [])],
      sr: [...new Set(texts.sr.join(" ").match(WORD) ?? [])],
      en: [...new Set(texts.en.join(" ").match(WORD) ?? [])],
    };
  }

  /** A made-up proper name, the same in spirit in every language (Cyrillic for ru and sr). */
  name(lang: SourceLang, copy: number): string {
    const s = SYLLABLES[lang];
    let out = "";
    for (let n = copy; out.length < 6 || n > 0; n = Math.floor(n / s.length)) out += s[n % s.length];
    return out[0]!.toUpperCase() + out.slice(1);
  }

  text(text: string, lang: SourceLang): string {
    const pool = this.pools[lang];
    return text.replace(WORD, (w) => (this.random() < SWAP ? pool[Math.floor(this.random() * pool.length)]! : w));
  }

  localized(t: LocalizedText, copy: number): LocalizedText {
    return {
      ru: `${this.text(t.ru, "ru")} ${this.name("ru", copy)}`,
      sr: `${this.text(t.sr, "sr")} ${this.name("sr", copy)}`,
      en: `${this.text(t.en, "en")} ${this.name("en", copy)}`,
    };
  }

  optional(t: LocalizedText | undefined, copy: number): LocalizedText | undefined {
    return t ? this.localized(t, copy) : undefined;
  }
}

const suffix = (id: string, copy: number) => (copy === 0 ? id : `${id}-x${copy}`);

function copyEvent(e: VisitEvent, copy: number, vary: Varier): VisitEvent {
  const out: VisitEvent = { ...e, id: suffix(e.id, copy), title: vary.localized(e.title, copy) };
  for (const key of ["description", "notes", "transport", "meetingPoint", "dressCode"] as const) {
    const varied = vary.optional(e[key], copy);
    if (varied) out[key] = varied;
  }
  if (e.venue) out.venue = suffix(e.venue, copy);
  if (e.contact) out.contact = suffix(e.contact, copy);
  if (e.interpreter) out.interpreter = suffix(e.interpreter, copy);
  return out;
}

function copyVenue(v: Venue, copy: number, vary: Varier): Venue {
  const out: Venue = { ...v, id: suffix(v.id, copy), name: vary.localized(v.name, copy), address: vary.localized(v.address, copy) };
  const directions = vary.optional(v.directions, copy);
  const entrance = vary.optional(v.entrance, copy);
  if (directions) out.directions = directions;
  if (entrance) out.entrance = entrance;
  return out;
}

function copyContact(c: Contact, copy: number, vary: Varier): Contact {
  const out: Contact = { ...c, id: suffix(c.id, copy), name: vary.localized(c.name, copy), phone: `${c.phone.slice(0, -3)}${String(copy % 1000).padStart(3, "0")}` };
  const hours = vary.optional(c.hours, copy);
  if (hours) out.hours = hours;
  return out;
}

function copyDocument(d: VisitDocument, copy: number, vary: Varier): VisitDocument {
  return { ...d, id: suffix(d.id, copy), title: `${vary.text(d.title, d.lang)} ${vary.name(d.lang, copy)}`, text: vary.text(d.text, d.lang) };
}

/** The scenario with `factor` copies of its events, venues, contacts and documents (copy 0 is the original). */
export function scaleScenario(scenario: Scenario, factor: number, seed = 1): Scenario {
  if (factor <= 1) return scenario;
  const vary = new Varier(scenario, seed);
  const copies = Array.from({ length: factor }, (_, i) => i);
  const v = scenario.visit;
  const visit: Visit = {
    ...v,
    events: copies.flatMap((k) => v.events.map((e) => (k === 0 ? e : copyEvent(e, k, vary)))).sort((a, b) => a.start - b.start),
    venues: copies.flatMap((k) => v.venues.map((x) => (k === 0 ? x : copyVenue(x, k, vary)))),
    contacts: copies.flatMap((k) => v.contacts.map((c) => (k === 0 ? c : copyContact(c, k, vary)))),
  };
  const documents = copies.flatMap((k) => scenario.documents.map((d) => (k === 0 ? d : copyDocument(d, k, vary))));
  return { ...scenario, visit, documents };
}
