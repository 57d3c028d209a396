// The demo's cast: which people of the visit the web chat lets a visitor be, their Telegram identities in the
// emulator, their pre-seeded profiles, and the "new guest" personas a visitor adds.
import type { Emulator } from "../emulator/index.ts";
import type { BotDeps } from "../bot/context.ts";
import { pick, type Lang } from "../domain/language.ts";
import type { Person, Visit } from "../domain/visit.ts";

export type PersonaKind = "delegate" | "organizer" | "guest";

export interface Persona {
  /** Telegram user id in the emulator; also the private chat id. */
  userId: number;
  kind: PersonaKind;
  /** The delegation member this persona is; undefined for guests. */
  personId?: string;
  /** Language the profile is seeded with (guests choose theirs in /start). */
  lang?: Lang;
  /** The Telegram client's language_code. */
  languageCode: string;
  firstName: string;
  lastName?: string;
  /** The person's role in their own language, shown under the name. */
  role: string;
}

/** Fixed ids keep a persona's stored profile across restarts of the demo. */
export const FIRST_PERSONA_ID = 5_000_001;
const FIRST_GUEST_ID = 5_000_101;
/** Enough for any rehearsal; a page left clicking "+ Add" should not grow the tab list without end. */
export const MAX_GUESTS = 20;

interface CastLine {
  person: Person;
  lang: Lang;
  organizer: boolean;
}

/**
 * Picks the cast from the visit itself, so any SCENARIO_DIR works: the first delegate of the first three groups
 * (Serbian Latin, Serbian Cyrillic, English), one more delegate reading Russian, and the first organizer (Russian).
 */
export function chooseCast(visit: Visit): CastLine[] {
  const delegates = visit.people.filter((p) => p.delegate && !p.organizer);
  const taken = new Set<string>();
  const lines: CastLine[] = [];
  const take = (person: Person | undefined, lang: Lang, organizer = false) => {
    if (!person || taken.has(person.id)) return;
    taken.add(person.id);
    lines.push({ person, lang, organizer });
  };
  const langs: Lang[] = ["sr-Latn", "sr-Cyrl", "en"];
  langs.forEach((lang, i) => {
    const group = visit.groups[i];
    take(delegates.find((p) => group && p.groups.includes(group.id) && !taken.has(p.id)), lang);
  });
  take(delegates.find((p) => !taken.has(p.id)), "ru");
  take(visit.people.find((p) => p.organizer), "ru", true);
  return lines;
}

const CLIENT_CODE: Record<Lang, string> = { "sr-Latn": "sr", "sr-Cyrl": "sr", en: "en", ru: "ru" };

function splitName(full: string): { firstName: string; lastName?: string } {
  const i = full.indexOf(" ");
  return i < 0 ? { firstName: full } : { firstName: full.slice(0, i), lastName: full.slice(i + 1) };
}

/** The personas of a running demo: the cast plus the guests a visitor added. */
export class PersonaRegistry {
  private readonly byId = new Map<number, Persona>();
  private nextGuestId = FIRST_GUEST_ID;
  private guestCount = 0;

  constructor(visit: Visit) {
    chooseCast(visit).forEach((line, i) => {
      this.byId.set(FIRST_PERSONA_ID + i, {
        userId: FIRST_PERSONA_ID + i,
        kind: line.organizer ? "organizer" : "delegate",
        personId: line.person.id,
        lang: line.lang,
        languageCode: CLIENT_CODE[line.lang],
        ...splitName(pick(line.person.name, line.lang)),
        role: pick(line.person.role, line.lang),
      });
    });
  }

  list(): Persona[] {
    return [...this.byId.values()];
  }

  get(userId: number): Persona | undefined {
    return this.byId.get(userId);
  }

  /** Telegram ids the demo adds to ORGANIZER_IDS. */
  organizerIds(): number[] {
    return this.list().filter((p) => p.kind === "organizer").map((p) => p.userId);
  }

  /** A fresh guest; ids whose profile survives from an earlier run are skipped so the guest really starts anew. */
  async addGuest(emulator: Emulator, deps: BotDeps, languageCode: string): Promise<Persona | undefined> {
    if (this.guestCount >= MAX_GUESTS) return undefined;
    while (await deps.users.get(this.nextGuestId)) this.nextGuestId++;
    const persona: Persona = {
      userId: this.nextGuestId++,
      kind: "guest",
      languageCode,
      firstName: "Guest",
      lastName: String(++this.guestCount),
      role: `new guest · Telegram in "${languageCode}"`,
    };
    this.byId.set(persona.userId, persona);
    registerUser(emulator, persona);
    return persona;
  }
}

function registerUser(emulator: Emulator, p: Persona): void {
  emulator.addUser(
    { id: p.userId, first_name: p.firstName, ...(p.lastName ? { last_name: p.lastName } : {}), language_code: p.languageCode },
    { startedBot: true },
  );
}

/**
 * Registers the cast in the emulator and gives each a finished onboarding in their language, unless a profile
 * survives from an earlier run (a language changed with /lang stays changed).
 */
export async function seedPersonas(registry: PersonaRegistry, emulator: Emulator, deps: BotDeps): Promise<void> {
  const now = deps.clock.now();
  for (const p of registry.list()) {
    registerUser(emulator, p);
    if (p.kind === "guest" || !p.lang || (await deps.users.get(p.userId))) continue;
    await deps.users.put({
      userId: p.userId, chatId: p.userId, lang: p.lang, langChosen: true,
      ...(p.personId ? { personId: p.personId } : {}), onboarded: true, firstSeen: now, lastSeen: now,
    });
  }
}
