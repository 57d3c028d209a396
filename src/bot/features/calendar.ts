// /calendar: the delegate's own programme as an .ics file; re-imported after a change, it updates the phone's calendar.
import { Composer, InputFile } from "grammy";
import type { BotContext } from "../context.ts";
import { eventsFor } from "../../domain/agenda.ts";
import { buildCalendar } from "../views/calendar.ts";

export const calendar = new Composer<BotContext>();

/** SEQUENCE of each event: how many committed changes it has had (every change of the visit, not the last 50). */
async function sequences(ctx: BotContext): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const change of await ctx.deps.state.changes(Number.MAX_SAFE_INTEGER)) {
    counts.set(change.eventId, (counts.get(change.eventId) ?? 0) + 1);
  }
  return counts;
}

calendar.command("calendar", async (ctx) => {
  const visit = ctx.deps.scenario.visit;
  const ics = buildCalendar(visit, eventsFor(visit, ctx.viewer), {
    lang: ctx.lang, t: ctx.t, sequences: await sequences(ctx), stamp: ctx.deps.clock.now(), viewer: ctx.viewer,
  });
  await ctx.replyWithDocument(new InputFile(Buffer.from(ics, "utf8"), "visit.ics"), {
    caption: ctx.t("calendar.caption"),
    parse_mode: "HTML",
  });
});
