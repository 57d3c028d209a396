// /status: per change, who acknowledged, who has not, who cannot be reached. /log: the audit trail.
import { Composer } from "grammy";
import type { BotContext } from "../../context.ts";
import { pick } from "../../../domain/language.ts";
import { eventById } from "../../../domain/agenda.ts";
import { formatDay, formatTime } from "../../../domain/time.ts";
import { escapeHtml } from "../../html.ts";
import { replyHtml } from "../../reply.ts";
import type { Notice } from "../../../delivery/outbox.ts";

export const organizerStatus = new Composer<BotContext>();

/** A recipient's name as the organizer knows them: their delegation name, else the Telegram id. */
async function nameOf(ctx: BotContext, userId: number | undefined): Promise<string> {
  if (userId === undefined) return "?";
  const profile = await ctx.deps.users.get(userId);
  const person = ctx.deps.scenario.visit.people.find((p) => p.id === profile?.personId);
  return person ? pick(person.name, ctx.lang) : ctx.t("organizer.guestUser", { id: userId });
}

organizerStatus.command("status", async (ctx) => {
  const { state, outbox, scenario } = ctx.deps;
  const changes = await state.changes(10);
  if (changes.length === 0) return replyHtml(ctx, ctx.t("organizer.noChanges"));
  const blocks: string[] = [`<b>${ctx.t("organizer.statusTitle")}</b>`];
  for (const change of changes) {
    const notices: Notice[] = await outbox.byBatch(change.id);
    const acks = await state.acknowledgements(change.id);
    const acked: string[] = [];
    const waiting: string[] = [];
    const unreachable: string[] = [];
    for (const n of notices) {
      const name = escapeHtml(await nameOf(ctx, n.userId));
      if (n.userId !== undefined && acks.has(n.userId)) acked.push(name);
      else if (n.status === "unreachable" || n.status === "failed") unreachable.push(name);
      else waiting.push(name);
    }
    const event = eventById(scenario.visit, change.eventId);
    const title = event ? escapeHtml(pick(event.title, ctx.lang)) : escapeHtml(change.eventId);
    const when = `${formatDay(change.at, ctx.lang, scenario.visit.timezone)} ${formatTime(change.at, ctx.lang, scenario.visit.timezone)}`;
    blocks.push(
      [
        `<b>${ctx.t(`changes.kind.${change.kinds[0] ?? "note"}`)}: ${title}</b> · ${escapeHtml(when)}${change.urgent ? " ⚠️" : ""}`,
        `✅ ${ctx.t("organizer.acked", { count: acked.length })}${acked.length ? `: ${acked.join(", ")}` : ""}`,
        `⏳ ${ctx.t("organizer.notAcked", { count: waiting.length })}${waiting.length ? `: ${waiting.join(", ")}` : ""}`,
        `🚫 ${ctx.t("organizer.unreachable", { count: unreachable.length })}${unreachable.length ? `: ${unreachable.join(", ")}` : ""}`,
      ].join("\n"),
    );
  }
  await replyHtml(ctx, blocks.join("\n\n"));
});

organizerStatus.command("log", async (ctx) => {
  const entries = await ctx.deps.state.recentAudit(20);
  if (entries.length === 0) return replyHtml(ctx, ctx.t("organizer.logEmpty"));
  const tz = ctx.deps.scenario.visit.timezone;
  const lines = entries.map((e) => {
    const when = `${formatDay(e.at, ctx.lang, tz)} ${formatTime(e.at, ctx.lang, tz)}`;
    const details = e.details && Object.keys(e.details).length ? ` <code>${escapeHtml(JSON.stringify(e.details).slice(0, 200))}</code>` : "";
    return `${e.allowed ? "•" : "⛔"} ${escapeHtml(when)} · <code>${e.userId}</code> · ${escapeHtml(e.action)}${details}`;
  });
  await replyHtml(ctx, `<b>${ctx.t("organizer.logTitle")}</b>\n\n${lines.join("\n")}`);
});
