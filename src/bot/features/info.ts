// /help and /about.
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../context.ts";
import { pick } from "../../domain/language.ts";
import { escapeHtml } from "../html.ts";
import { replyHtml } from "../reply.ts";
import { encode } from "../keyboards/callback-data.ts";
import { formatShortDay, startOfLocalDay } from "../../domain/time.ts";

export const info = new Composer<BotContext>();

export function helpKeyboard(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard()
    .text(`📅 ${ctx.t("buttons.today")}`, encode({ kind: "today" }))
    .text(`📍 ${ctx.t("buttons.venues")}`, encode({ kind: "venues" }))
    .text(`☎️ ${ctx.t("buttons.contacts")}`, encode({ kind: "contacts" }));
}

info.command("help", async (ctx) => {
  const forOrganizers = ctx.viewer.organizer ? `\n\n${ctx.t("reload.organizerHelp")}` : "";
  await replyHtml(ctx, ctx.t("help.text") + forOrganizers, helpKeyboard(ctx));
});

info.command("about", async (ctx) => {
  const visit = ctx.deps.scenario.visit;
  const day = (date: string) => formatShortDay(startOfLocalDay(date, visit.timezone) + 43_200_000, ctx.lang, visit.timezone);
  const lines = [
    `<b>${escapeHtml(pick(visit.title, ctx.lang))}</b>`,
    escapeHtml(pick(visit.summary, ctx.lang)),
    `${ctx.t("about.host")}: ${escapeHtml(pick(visit.host, ctx.lang))}`,
    `${ctx.t("about.delegation")}: ${escapeHtml(pick(visit.delegation, ctx.lang))}`,
    `${ctx.t("about.dates")}: ${escapeHtml(day(visit.days[0]!.date))} – ${escapeHtml(day(visit.days.at(-1)!.date))}`,
  ];
  if (visit.illustrative) lines.push(`<i>${ctx.t("about.illustrative")}</i>`);
  lines.push(`<i>${ctx.t("about.software")}</i>`);
  await replyHtml(ctx, lines.join("\n\n"));
});
