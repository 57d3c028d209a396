// What organizers see of a visit.yaml reload: the preview of its changes with Send / Cancel, and the
// file:line problems of a file that cannot be loaded.
import { InlineKeyboard } from "grammy";
import { pick, type Lang, type LocalizedText } from "../../domain/language.ts";
import type { VisitEvent } from "../../domain/visit.ts";
import { formatShortDay, formatTime } from "../../domain/time.ts";
import type { EntriesDiff, EventDiff, VisitDiff } from "../../scenario/diff.ts";
import { escapeHtml } from "../html.ts";
import type { Translate } from "../i18n.ts";
import { encode } from "../keyboards/callback-data.ts";

export interface ReloadPreview {
  draftId: string;
  diff: VisitDiff;
  /** Bot-made changes the file replaces. */
  overrides: number;
  /** Delegates who will get a notice. */
  recipients: number;
}

export function renderReloadPreview(p: ReloadPreview, timezone: string, lang: Lang, t: Translate) {
  const name = (text: LocalizedText) => escapeHtml(pick(text, lang));
  const when = (e: Pick<VisitEvent, "start" | "end">) =>
    escapeHtml(`${formatShortDay(e.start, lang, timezone)} ${formatTime(e.start, lang, timezone)}–${formatTime(e.end, lang, timezone)}`);
  const fields = (f: string[]) => `<code>${escapeHtml(f.join(", "))}</code>`;
  const d = p.diff;
  const blocks: string[] = [`<b>📄 ${t("reload.previewTitle")}</b>`];
  const list = (icon: string, key: string, lines: string[]) => {
    if (lines.length) blocks.push(`${icon} <b>${t(key)}</b>\n${lines.join("\n")}`);
  };
  list("➕", "reload.added", d.added.map((e) => `${name(e.title)} · ${when(e)}`));
  list("➖", "reload.removed", d.removed.map((e) => `${name(e.title)} · ${when(e)}`));
  list("🕒", "reload.moved", d.moved.map((c) => `${name(c.after.title)} · ${when(c.before)} → <b>${when(c.after)}</b>`));
  list("❌", "reload.cancelled", d.cancelled.map((c) => `${name(c.after.title)} · ${when(c.before)}`));
  list("✏️", "reload.changed", d.changed.map((c: EventDiff) => `${name(c.after.title)} · ${fields(c.fields)}`));
  const entries = (e: EntriesDiff) => [
    ...e.added.map((x) => `➕ ${name(x.name)}`),
    ...e.removed.map((x) => `➖ ${name(x.name)}`),
    ...e.changed.map((x) => `✏️ ${name(x.name)} · ${fields(x.fields)}`),
  ];
  list("📍", "reload.venues", entries(d.venues));
  list("☎️", "reload.contacts", entries(d.contacts));
  if (d.sections.length) blocks.push(`📄 ${t("reload.sections")} ${fields(d.sections)}`);
  if (p.overrides > 0) blocks.push(`⚠️ ${t("reload.overrides", { count: p.overrides })}`);
  blocks.push(t("reload.recipients", { count: p.recipients }));
  const keyboard = new InlineKeyboard()
    .text(`📤 ${t("organizer.send")}`, encode({ kind: "draft", action: "send", draftId: p.draftId }))
    .text(`✖️ ${t("organizer.discard")}`, encode({ kind: "draft", action: "drop", draftId: p.draftId }));
  return { html: blocks.join("\n\n"), keyboard };
}

/** The problems as formatProblem wrote them, escaped, under the localized explanation. */
export function renderReloadProblems(problems: string[], t: Translate): string {
  const shown = problems.slice(0, 20).map((p) => `• <code>${escapeHtml(p)}</code>`);
  if (problems.length > shown.length) shown.push(t("reload.moreProblems", { count: problems.length - shown.length }));
  return `${t("reload.invalid")}\n\n${shown.join("\n")}`;
}
