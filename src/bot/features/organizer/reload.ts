// A new visit.yaml from an organizer: sent to the bot as a document, or /reload to read the file on disk again.
// Either way a preview of what changes, and Send / Cancel (also for previews the file watcher sent).
import { readFile } from "node:fs/promises";
import { Composer } from "grammy";
import type { BotContext } from "../../context.ts";
import { VISIT_FILE } from "../../../scenario/load.ts";
import { DraftStore } from "../../../storage/drafts.ts";
import { applyReload, proposeReload, reloadWasSent, visitFilePath, type ReloadProposal } from "../../../delivery/reload.ts";
import { reportOf } from "../../../delivery/reload-watch.ts";
import { renderReloadPreview, renderReloadProblems } from "../../views/reload.ts";
import { decode } from "../../keyboards/callback-data.ts";
import { replyHtml, showHtml } from "../../reply.ts";

export const organizerReload = new Composer<BotContext>();

/** A visit file is tens of kilobytes; anything far larger is not one. */
const MAX_FILE_BYTES = 1_000_000;

const drafts = (ctx: BotContext) => new DraftStore(ctx.deps.storage.namespace("drafts"));

// The organizer guard has refused this document to everyone else before it gets here.
organizerReload.on("message:document", async (ctx, next) => {
  const document = ctx.message.document;
  if (document.file_name !== VISIT_FILE) return next();
  if ((document.file_size ?? 0) > MAX_FILE_BYTES) return replyHtml(ctx, ctx.t("reload.tooBig"));
  let text: string;
  try {
    text = await download(ctx);
  } catch (error) {
    ctx.deps.logger.warn({ err: error }, "visit.yaml download failed");
    return replyHtml(ctx, ctx.t("reload.downloadFailed"));
  }
  await respond(ctx, await proposeReload(ctx.deps, text, "upload", ctx.from.id));
});

organizerReload.command("reload", async (ctx) => {
  const file = visitFilePath(ctx.deps);
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return respond(ctx, { status: "invalid", problems: [`${VISIT_FILE}:1 file not found`] });
  await respond(ctx, await proposeReload(ctx.deps, text, "disk", ctx.from?.id ?? 0));
});

/** The file as Telegram keeps it (the Bot API's file download URL, on the same API root as the bot). */
async function download(ctx: BotContext): Promise<string> {
  const file = await ctx.getFile();
  if (!file.file_path) throw new Error("Telegram gave no file_path");
  const root = ctx.api.options?.apiRoot ?? "https://api.telegram.org";
  const response = await fetch(`${root}/file/bot${ctx.api.token}/${file.file_path}`);
  if (!response.ok) throw new Error(`file download: HTTP ${response.status}`);
  return response.text();
}

async function respond(ctx: BotContext, proposal: ReloadProposal): Promise<void> {
  if (proposal.status === "invalid") return replyHtml(ctx, renderReloadProblems(proposal.problems, ctx.t));
  if (proposal.status === "same") return replyHtml(ctx, ctx.t("reload.same"));
  const report = reportOf(proposal);
  if (report.report !== "preview") return;
  const view = renderReloadPreview(report, ctx.deps.scenario.visit.timezone, ctx.lang, ctx.t);
  await replyHtml(ctx, view.html, view.keyboard);
}

organizerReload.on("callback_query:data", async (ctx, next) => {
  const cb = decode(ctx.callbackQuery.data);
  if (cb?.kind !== "draft") return next();
  const draft = await drafts(ctx).get(cb.draftId);
  if (draft && draft.kind !== "reload") return next();
  if (!draft) {
    if (!(await reloadWasSent(ctx.deps, cb.draftId))) return next(); // not a reload's, or expired: the change previews say so
    return ctx.answerCallbackQuery({ text: ctx.t("organizer.alreadySent"), show_alert: true });
  }
  if (cb.action === "drop") {
    await drafts(ctx).delete(draft.id);
    await ctx.answerCallbackQuery();
    return showHtml(ctx, ctx.t("organizer.discarded"));
  }
  await ctx.answerCallbackQuery();
  if (cb.action !== "send") return;
  const result = await applyReload(ctx.deps, draft.id, ctx.from.id);
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  if (result.status === "duplicate") return replyHtml(ctx, ctx.t("organizer.alreadySent"));
  if (result.status === "unwritable") {
    ctx.deps.logger.error({ error: result.error }, "uploaded visit.yaml could not be saved");
    return replyHtml(ctx, ctx.t("reload.unwritable", { error: result.error }));
  }
  if (result.status === "stale") {
    // The live programme moved on (a /move, another reload): preview the same file against it again.
    await drafts(ctx).delete(draft.id);
    await replyHtml(ctx, ctx.t("reload.stale"));
    return respond(ctx, await proposeReload(ctx.deps, draft.text, draft.origin, ctx.from.id));
  }
  const cleared = result.overrides > 0 ? `\n${ctx.t("reload.overridesCleared", { count: result.overrides })}` : "";
  await replyHtml(ctx, ctx.t("reload.applied", { count: result.recipients }) + cleared);
});
