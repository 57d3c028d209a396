// visit.yaml edited on disk: validated once the file settles, and the organizers get either its file:line
// problems (the last good version keeps running) or a preview to Send, through the outbox, since nobody is
// in a chat with the bot when a file changes. Also renders those reports ("system" notices).
import { readFile } from "node:fs/promises";
import type { BotDeps } from "../bot/context.ts";
import { escapeHtml, splitMessage } from "../bot/html.ts";
import { renderReloadPreview, renderReloadProblems, type ReloadPreview } from "../bot/views/reload.ts";
import { same } from "../scenario/diff.ts";
import { watchVisitFile, type VisitFileWatcher } from "../scenario/watch.ts";
import { DraftStore, newId } from "../storage/drafts.ts";
import type { NewNotice } from "./outbox.ts";
import { organizerChatLang, organizerChats } from "./organizers.ts";
import { registerRenderer, type TextPayload } from "./render.ts";
import { proposeReload, validateVisitText, visitFilePath, type ReloadProposal } from "./reload.ts";

export type ReloadReport =
  | { report: "invalid"; problems: string[] }
  | { report: "same" }
  | ({ report: "preview" } & ReloadPreview);

export function reportOf(proposal: ReloadProposal): ReloadReport {
  if (proposal.status === "invalid") return { report: "invalid", problems: proposal.problems };
  if (proposal.status === "same") return { report: "same" };
  const { draft, recipients } = proposal;
  return { report: "preview", draftId: draft.id, diff: draft.diff, overrides: draft.overrides, recipients };
}

// A report is rendered when it is sent, in each organizer chat's language; a preview whose draft was sent
// or discarded meanwhile is not sent at all.
registerRenderer("system", async (notice, _to, deps) => {
  const payload = notice.payload as ReloadReport | TextPayload;
  const lang = await organizerChatLang(deps, notice.chatId);
  const t = deps.i18n.t(lang);
  if (!("report" in payload)) return { text: t(payload.key, payload.vars ?? {}) + (payload.body ? `\n\n${escapeHtml(payload.body)}` : "") };
  if (payload.report === "invalid") return { text: renderReloadProblems(payload.problems, t) };
  if (payload.report === "same") return { text: t("reload.same") };
  if (!(await new DraftStore(deps.storage.namespace("drafts")).get(payload.draftId))) return null;
  const view = renderReloadPreview(payload, deps.scenario.visit.timezone, lang, t);
  // A notice is one message: a very long preview keeps its head (and its buttons).
  const parts = splitMessage(view.html);
  return { text: parts.length > 1 ? `${parts[0]}\n…` : view.html, keyboard: view.keyboard };
});

/** Watches the scenario's visit.yaml; each settled change is checked once and reported to the organizers. */
export function watchScenarioFile(deps: BotDeps, debounceMs = 300): VisitFileWatcher {
  let lastText: string | undefined;
  let queue = Promise.resolve();
  const check = async () => {
    let text: string;
    try {
      text = await readFile(visitFilePath(deps), "utf8");
    } catch {
      return; // mid-rename or removed: the next event will say
    }
    if (text === lastText) return;
    lastText = text;
    const parsed = validateVisitText(deps, text);
    // The bot's own write after an uploaded reload, or an edit of comments only: nothing to tell.
    if (parsed.ok && same(parsed.visit, deps.scenario.base.visit)) return;
    const proposal = await proposeReload(deps, text, "disk", 0, parsed);
    const report = reportOf(proposal);
    const key = `reload:${report.report}:${report.report === "preview" ? report.draftId : newId()}`;
    const notices: NewNotice[] = organizerChats(deps).map((chatId) => ({ key: `${key}:${chatId}`, chatId, kind: "system", payload: report, batch: key }));
    await deps.state.commitNotices(notices, {
      at: deps.clock.now(), userId: 0, action: `reload.${proposal.status}`, allowed: true,
      details: { origin: "disk", ...(proposal.status === "invalid" ? { problems: proposal.problems.length } : {}), ...(proposal.status === "preview" ? { draftId: proposal.draft.id } : {}) },
    });
    deps.delivery.wake();
    deps.logger.info({ status: proposal.status }, "visit.yaml changed on disk");
  };
  return watchVisitFile(deps.scenario.base.dir, () => {
    queue = queue.then(check).catch((error) => deps.logger.error({ err: error }, "visit.yaml reload check failed"));
  }, debounceMs);
}
