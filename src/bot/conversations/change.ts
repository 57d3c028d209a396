// /change: day → event → what changes → the new value → the same preview and Send as /move and /cancel.
import type { Context } from "grammy";
import type { BotContext } from "../context.ts";
import { pick, SOURCE_LANGS, type LocalizedText } from "../../domain/language.ts";
import { eventById } from "../../domain/agenda.ts";
import { stateOf, type EventState } from "../../domain/changes.ts";
import type { VisitEvent } from "../../domain/visit.ts";
import { editTime } from "../../domain/edits.ts";
import { formatShortDay, formatTime, localDate, startOfLocalDay } from "../../domain/time.ts";
import { detectLanguage } from "../../knowledge/detect-language.ts";
import { readerLangOf, sourceLangOf } from "../../knowledge/passage.ts";
import { preview } from "../features/organizer/changes.ts";
import { replyHtml } from "../reply.ts";
import { auditAction } from "../features/organizer/audit.ts";
import { stepKeyboard, steps, wizardButton, type Wizard, type WizardStart } from "./steps.ts";
import { translate } from "./translate.ts";

/** What the organizer can change about an event, in the order the buttons show. */
const EDITS = ["move", "end", "venue", "cancel", "reinstate", "note"] as const;
type Edit = (typeof EDITS)[number];
const isEdit = (v: string): v is Edit => (EDITS as readonly string[]).includes(v);
/** A note rides in a change notice with the event's title, times and venue: it must leave them room. */
const NOTE_MAX = 1000;
/** A translation may run longer than its original, within reason; a longer one is not a translation. */
const NOTE_TRANSLATION_MAX = 1500;

export async function changeWizard(conversation: Wizard, _ctx: Context, start: WizardStart = {}): Promise<void> {
  const s = steps(conversation, "change");
  await s.run((ctx) => auditAction(ctx, "change.wizard", start.eventId ? { eventId: start.eventId } : undefined));
  let eventId = start.eventId;
  while (!eventId) {
    await s.run(askDay);
    const day = Number((await s.choose("day")).value);
    if (await s.run((ctx) => askEvent(ctx, day))) eventId = (await s.choose("event")).value;
  }
  const id = eventId;
  if (!(await s.run((ctx) => askWhat(ctx, id)))) return;
  const edit = (await s.choose("what")).value;
  if (!isEdit(edit)) return;
  let after: EventState | null = null;
  if (edit === "move" || edit === "end") {
    await s.run((ctx) => askTime(ctx, id, edit));
    for (let result: EventState | "retry" | "gone" = "retry"; result === "retry"; ) {
      const text = await s.typed();
      result = await s.run((ctx) => timeEdit(ctx, id, edit, text));
      if (result !== "retry" && result !== "gone") after = result;
    }
  } else if (edit === "venue") {
    await s.run(askVenue);
    const venue = (await s.choose("venue")).value;
    after = await s.run(async (ctx) => withEvent(ctx, id, (e) => ({ ...stateOf(e), venue })));
  } else if (edit === "note") {
    await s.run(askNote);
    let text = await s.typed();
    while (text.length > NOTE_MAX) {
      const length = text.length;
      await s.run((ctx) => replyHtml(ctx, ctx.t("wizard.noteTooLong", { length, max: NOTE_MAX }), stepKeyboard(ctx.t, [])));
      text = await s.typed();
    }
    const note = text;
    after = await s.run(async (ctx) => {
      const notes = await noteTexts(ctx, note);
      return withEvent(ctx, id, (e) => ({ ...stateOf(e), notes }));
    });
  } else {
    after = await s.run(async (ctx) => withEvent(ctx, id, (e) => ({ ...stateOf(e), cancelled: edit === "cancel" })));
  }
  const ready = after;
  if (ready) await s.run((ctx) => preview(ctx, id, ready));
}

function withEvent(ctx: BotContext, id: string, fn: (e: VisitEvent) => EventState): EventState | null {
  const event = eventById(ctx.deps.scenario.visit, id);
  return event ? fn(event) : null;
}

async function askDay(ctx: BotContext): Promise<void> {
  const visit = ctx.deps.scenario.visit;
  const buttons = visit.days.map((d, i) => {
    const label = `${formatShortDay(startOfLocalDay(d.date, visit.timezone) + 12 * 3_600_000, ctx.lang, visit.timezone)} · ${pick(d.title, ctx.lang)}`;
    return wizardButton(label, "day", String(i));
  });
  await replyHtml(ctx, ctx.t("wizard.pickDay"), stepKeyboard(ctx.t, buttons));
}

/** Lists the day's events, cancelled ones too (organizers may reinstate them); false when there are none. */
async function askEvent(ctx: BotContext, day: number): Promise<boolean> {
  const visit = ctx.deps.scenario.visit;
  const date = visit.days[day]?.date;
  const events = visit.events.filter((e) => date !== undefined && localDate(e.start, visit.timezone) === date);
  if (events.length === 0) {
    await replyHtml(ctx, ctx.t("wizard.noEvents"));
    return false;
  }
  const buttons = events.map((e) =>
    wizardButton(`${e.cancelled ? "❌ " : ""}${formatTime(e.start, ctx.lang, visit.timezone)} ${pick(e.title, ctx.lang)}`, "event", e.id),
  );
  await replyHtml(ctx, ctx.t("wizard.pickEvent"), stepKeyboard(ctx.t, buttons));
  return true;
}

async function askWhat(ctx: BotContext, id: string): Promise<boolean> {
  const visit = ctx.deps.scenario.visit;
  const event = eventById(visit, id);
  if (!event) {
    await replyHtml(ctx, ctx.t("wizard.unknownEvent"));
    return false;
  }
  const tz = visit.timezone;
  const offered = EDITS.filter((k) => (k === "cancel" ? !event.cancelled : k === "reinstate" ? event.cancelled : true));
  const html = ctx.t("wizard.pickWhat", {
    title: pick(event.title, ctx.lang),
    time: `${formatShortDay(event.start, ctx.lang, tz)} ${formatTime(event.start, ctx.lang, tz)}–${formatTime(event.end, ctx.lang, tz)}`,
  });
  await replyHtml(ctx, html, stepKeyboard(ctx.t, offered.map((k) => wizardButton(ctx.t(`wizard.what.${k}`), "what", k))));
  return true;
}

async function askTime(ctx: BotContext, id: string, edit: "move" | "end"): Promise<void> {
  const visit = ctx.deps.scenario.visit;
  const event = eventById(visit, id);
  const now = event ? `${formatTime(event.start, ctx.lang, visit.timezone)}–${formatTime(event.end, ctx.lang, visit.timezone)}` : "";
  await replyHtml(ctx, ctx.t(edit === "move" ? "wizard.askStart" : "wizard.askEnd", { now }), stepKeyboard(ctx.t, []));
}

/** The event with the typed time, or "retry" after saying what is wrong, or "gone" if the event is. */
async function timeEdit(ctx: BotContext, id: string, edit: "move" | "end", text: string): Promise<EventState | "retry" | "gone"> {
  const visit = ctx.deps.scenario.visit;
  const event = eventById(visit, id);
  if (!event) {
    await replyHtml(ctx, ctx.t("wizard.unknownEvent"));
    return "gone";
  }
  const result = editTime(visit, event, edit, text);
  if (result.ok) return result.after;
  const why = result.reason === "endBeforeStart"
    ? ctx.t("wizard.endBeforeStart", { start: formatTime(event.start, ctx.lang, visit.timezone) })
    : ctx.t(`organizer.${result.reason}`, { value: text });
  await replyHtml(ctx, `${why}\n${ctx.t("wizard.tryAgain")}`, stepKeyboard(ctx.t, []));
  return "retry";
}

async function askVenue(ctx: BotContext): Promise<void> {
  const venues = ctx.deps.scenario.visit.venues;
  await replyHtml(ctx, ctx.t("wizard.pickVenue"), stepKeyboard(ctx.t, venues.map((v) => wizardButton(pick(v.name, ctx.lang), "venue", v.id))));
}

async function askNote(ctx: BotContext): Promise<void> {
  await replyHtml(ctx, ctx.t("wizard.askNote"), stepKeyboard(ctx.t, []));
}

/**
 * The note in the three source languages: machine-translated when a model is configured, otherwise
 * the typed text everywhere, with the language it is written in for readers of the others.
 */
async function noteTexts(ctx: BotContext, text: string): Promise<LocalizedText> {
  const written = sourceLangOf(detectLanguage(text, ctx.lang).lang);
  const translated = await translate(ctx.deps, text, written, NOTE_TRANSLATION_MAX);
  const texts = {} as LocalizedText;
  for (const lang of SOURCE_LANGS) {
    const t = ctx.deps.i18n.t(readerLangOf(lang));
    const copy = translated?.[lang];
    texts[lang] = lang === written ? text
      : copy ? `${copy} (${t("wizard.machineTranslated")})`
      : `${text} (${t(`wizard.noteIn.${written}`)})`;
  }
  return texts;
}
