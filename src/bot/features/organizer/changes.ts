// /move, /cancel and /reinstate for organizers who type fast; each ends in the same preview and Send button.
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../context.ts";
import { LANGS, pick } from "../../../domain/language.ts";
import { eventById } from "../../../domain/agenda.ts";
import { stateOf, type EventState } from "../../../domain/changes.ts";
import { editTime } from "../../../domain/edits.ts";
import { nearest } from "../../../scenario/problems.ts";
import { DraftStore, type Draft } from "../../../storage/drafts.ts";
import { buildChange, changePayload, commitChangeDraft, recipientsOf } from "../../../delivery/changes.ts";
import { renderChangeNotice } from "../../views/changes.ts";
import { decode, encode } from "../../keyboards/callback-data.ts";
import { escapeHtml } from "../../html.ts";
import { replyHtml, showHtml } from "../../reply.ts";
import { openWizard } from "../../conversations/enter.ts";
import { auditAction } from "./audit.ts";

export const organizerChanges = new Composer<BotContext>();

const drafts = (ctx: BotContext) => new DraftStore(ctx.deps.storage.namespace("drafts"));

/** Finds the event named in a command, or explains, with the nearest ids. */
async function eventArg(ctx: BotContext, id: string | undefined) {
  const visit = ctx.deps.scenario.visit;
  if (!id) {
    await replyHtml(ctx, ctx.t("organizer.usage"));
    return undefined;
  }
  const event = eventById(visit, id);
  if (!event) {
    const hints = nearest(id, visit.events.map((e) => e.id)).map((x) => `<code>${escapeHtml(x)}</code>`).join(", ");
    await replyHtml(ctx, ctx.t("organizer.unknownEvent", { id, hints }));
    return undefined;
  }
  return event;
}

organizerChanges.command("move", async (ctx) => {
  const [id, time] = ctx.match.trim().split(/\s+/);
  const event = await eventArg(ctx, id);
  if (!event) return;
  const edit = editTime(ctx.deps.scenario.visit, event, "move", time ?? "");
  if (!edit.ok) return replyHtml(ctx, ctx.t(`organizer.${edit.reason}`, { value: time ?? "" }));
  await preview(ctx, event.id, edit.after);
});

organizerChanges.command(["cancel", "reinstate"], async (ctx) => {
  const event = await eventArg(ctx, ctx.match.trim().split(/\s+/)[0]);
  if (!event) return;
  const cancelled = ctx.message?.text?.startsWith("/cancel") ?? false;
  if (event.cancelled === cancelled) return replyHtml(ctx, ctx.t(cancelled ? "organizer.alreadyCancelled" : "organizer.notCancelled"));
  await preview(ctx, event.id, { ...stateOf(event), cancelled });
});

/** Shows the notice as each language shows it, who gets it, and Send / Edit / Cancel. */
export async function preview(ctx: BotContext, eventId: string, after: EventState): Promise<void> {
  const visit = ctx.deps.scenario.visit;
  const current = eventById(visit, eventId);
  const before = current ? stateOf(current) : undefined;
  const draft = await drafts(ctx).create({ kind: "change", eventId, after, ...(before ? { before } : {}) }, ctx.from!.id, ctx.deps.clock.now());
  const change = buildChange(visit, draft as Draft & { kind: "change" }, ctx.deps.clock.now());
  const event = eventById(visit, eventId)!;
  if (!change || change.kinds.length === 0) return replyHtml(ctx, ctx.t("organizer.nothingChanges"));
  await auditAction(ctx, "change.preview", { draftId: draft.id, eventId, kinds: change.kinds });
  const payload = changePayload(visit, change, event);
  const recipients = await recipientsOf(ctx.deps, visit, event);
  const names = recipients.map((r) => {
    const person = visit.people.find((p) => p.id === r.personId);
    return person ? pick(person.name, ctx.lang) : ctx.t("organizer.guestUser", { id: r.userId });
  });
  const blocks = LANGS.map((lang) => `<b>${lang}</b>\n${renderChangeNotice(payload, visit, lang, ctx.deps.i18n.t(lang)).html}`);
  const html = [
    `<b>${ctx.t("organizer.previewTitle")}</b>`,
    ...blocks,
    ctx.t("organizer.recipients", { count: recipients.length }) + (names.length ? `\n${escapeHtml(names.join(", "))}` : ""),
  ].join("\n\n");
  const keyboard = new InlineKeyboard()
    .text(`📤 ${ctx.t("organizer.send")}`, encode({ kind: "draft", action: "send", draftId: draft.id }))
    .text(`✏️ ${ctx.t("organizer.edit")}`, encode({ kind: "draft", action: "edit", draftId: draft.id }))
    .text(`✖️ ${ctx.t("organizer.discard")}`, encode({ kind: "draft", action: "drop", draftId: draft.id }));
  await replyHtml(ctx, html, keyboard);
}

organizerChanges.on("callback_query:data", async (ctx, next) => {
  const cb = decode(ctx.callbackQuery.data);
  if (cb?.kind !== "draft") return next();
  const draft = await drafts(ctx).get(cb.draftId);
  if (cb.action === "drop") {
    await drafts(ctx).delete(cb.draftId);
    await auditAction(ctx, "change.discard", { draftId: cb.draftId });
    await ctx.answerCallbackQuery();
    return showHtml(ctx, ctx.t("organizer.discarded"));
  }
  if (cb.action === "edit") {
    await ctx.answerCallbackQuery();
    // Back into /change at "what changes" for the same event; this preview stays until sent or discarded.
    if (draft?.kind === "change") {
      await auditAction(ctx, "change.edit", { draftId: draft.id, eventId: draft.eventId });
      return openWizard(ctx, "change", { eventId: draft.eventId });
    }
    return replyHtml(ctx, ctx.t("organizer.expired"));
  }
  if (!draft) {
    // Already sent (the draft is kept until sent) or expired: never send twice.
    const sent = await ctx.deps.state.change(cb.draftId);
    return ctx.answerCallbackQuery({ text: ctx.t(sent ? "organizer.alreadySent" : "organizer.expired"), show_alert: true });
  }
  if (draft.kind !== "change") return next();
  await ctx.answerCallbackQuery();
  const result = await commitChangeDraft(ctx.deps, draft);
  if (result.status === "sent") await drafts(ctx).delete(draft.id);
  const text =
    result.status === "sent" ? ctx.t("organizer.sent", { count: result.recipients })
    : result.status === "duplicate" ? ctx.t("organizer.alreadySent")
    : result.status === "stale" ? ctx.t("organizer.changedSince")
    : ctx.t("organizer.nothingChanges");
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  if (result.status === "sent" && result.recipients > 0) await ctx.deps.delivery.track(ctx.chat!.id, result.change.id, ctx.lang, text);
  else await replyHtml(ctx, text);
});
