// /today, /tomorrow, /agenda, /now, /next and the day/event buttons.
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { eventById, nowAndNext, visitDayIndex, visitPhase, audienceIncludes } from "../../domain/agenda.ts";
import { formatShortDay, startOfLocalDay } from "../../domain/time.ts";
import { renderDay, renderEvent, renderNow, type Reader } from "../views/agenda.ts";
import { replyHtml, showHtml } from "../reply.ts";
import { decode } from "../keyboards/callback-data.ts";

export const agenda = new Composer<BotContext>();

const reader = (ctx: BotContext): Reader => ({ lang: ctx.lang, t: ctx.t, viewer: ctx.viewer });

/** The day index to show for "today" (+offset days); outside the visit, the nearest day with a note. */
function dayFor(ctx: BotContext, offset: number): { day: number; note?: string } {
  const visit = ctx.deps.scenario.visit;
  const now = ctx.deps.clock.now() + offset * 86_400_000;
  const index = visitDayIndex(visit, now);
  if (index >= 0) return { day: index };
  const { phase } = visitPhase(visit, now);
  const first = visit.days[0]!;
  const last = visit.days[visit.days.length - 1]!;
  const range = {
    from: formatShortDay(startOfLocalDay(first.date, visit.timezone) + 43_200_000, ctx.lang, visit.timezone),
    to: formatShortDay(startOfLocalDay(last.date, visit.timezone) + 43_200_000, ctx.lang, visit.timezone),
  };
  const note = ctx.t(phase === "before" ? "agenda.beforeVisit" : "agenda.afterVisit", range);
  return { day: phase === "before" ? 0 : visit.days.length - 1, note };
}

export async function sendDay(ctx: BotContext, offset: number): Promise<void> {
  const { day, note } = dayFor(ctx, offset);
  const view = renderDay(ctx.deps.scenario.visit, day, reader(ctx), ctx.deps.clock.now());
  await replyHtml(ctx, note ? `${note}\n\n${view.html}` : view.html, view.keyboard);
}

agenda.command("today", (ctx) => sendDay(ctx, 0));
agenda.command("tomorrow", (ctx) => sendDay(ctx, 1));
agenda.command(["agenda", "programme", "program"], (ctx) => sendDay(ctx, 0));

agenda.command("now", async (ctx) => {
  await replyHtml(ctx, renderNow(ctx.deps.scenario.visit, reader(ctx), ctx.deps.clock.now()));
});

agenda.command("next", async (ctx) => {
  const visit = ctx.deps.scenario.visit;
  const { next } = nowAndNext(visit, ctx.viewer, ctx.deps.clock.now());
  if (!next) return replyHtml(ctx, ctx.t("now.noMore"));
  const view = renderEvent(visit, next, reader(ctx));
  await replyHtml(ctx, view.html, view.keyboard);
});

agenda.on("callback_query:data", async (ctx, next) => {
  const cb = decode(ctx.callbackQuery.data);
  const visit = ctx.deps.scenario.visit;
  if (cb?.kind === "day") {
    await ctx.answerCallbackQuery();
    const day = Math.min(cb.day, visit.days.length - 1);
    const view = renderDay(visit, day, reader(ctx), ctx.deps.clock.now());
    return showHtml(ctx, view.html, view.keyboard);
  }
  if (cb?.kind === "today") {
    await ctx.answerCallbackQuery();
    return sendDay(ctx, 0);
  }
  if (cb?.kind === "event") {
    const event = eventById(visit, cb.eventId);
    // A button from an old keyboard (the programme changed) or for someone else's event.
    if (!event || !audienceIncludes(visit, event.audience, ctx.viewer)) {
      await ctx.answerCallbackQuery({ text: ctx.t("errors.staleButton") });
      return sendDay(ctx, 0);
    }
    await ctx.answerCallbackQuery();
    const view = renderEvent(visit, event, reader(ctx));
    return showHtml(ctx, view.html, view.keyboard);
  }
  return next();
});
