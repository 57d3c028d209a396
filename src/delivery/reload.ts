// Reloading visit.yaml: validate the new text, preview its difference from the live programme, and on Send
// replace the scenario (the file supersedes bot-made changes), record each event's change like a bot-made one
// (/status, escalation, calendar SEQUENCE) and notify whom it concerns, once.
import path from "node:path";
import type { BotDeps } from "../bot/context.ts";
import { changeKinds, isUrgent, stateOf, type ScheduleChange } from "../domain/changes.ts";
import type { Visit, VisitEvent } from "../domain/visit.ts";
import { parseVisitSource, VISIT_FILE, type ParseResult } from "../scenario/load.ts";
import { formatProblem } from "../scenario/problems.ts";
import { diffVisits, isEmptyDiff, newsworthy, same, type VisitDiff } from "../scenario/diff.ts";
import { DraftStore, type Draft, type ReloadDraft } from "../storage/drafts.ts";
import type { UserProfile } from "../storage/users.ts";
import { changePayload, recipientsOf } from "./changes.ts";
import type { NewNotice } from "./outbox.ts";
import { cardRefreshesForReload } from "./today-card.ts";
import { installStaged, reloadMark, stageUpload } from "./reload-file.ts";

export type ReloadProposal =
  | { status: "invalid"; problems: string[] }
  | { status: "same" }
  | { status: "preview"; draft: Draft & ReloadDraft; recipients: number };

export type ReloadResult =
  | { status: "sent"; recipients: number; overrides: number }
  | { status: "stale" }
  | { status: "duplicate" }
  /** The uploaded file could not be saved beside the scenario: nothing was applied. */
  | { status: "unwritable"; error: string };

const drafts = (deps: BotDeps) => new DraftStore(deps.storage.namespace("drafts"));
/** Sent reload drafts, so a second Send says "already sent" rather than "expired". */
const sentReloads = (deps: BotDeps) => deps.storage.namespace<true>("reload:sent");
/** Where reloads sent before their changes were committed with the others kept them (their "Got it" still works). */
const legacyReloadChanges = (deps: BotDeps) => deps.storage.namespace<ScheduleChange>("reload:changes");
const KEEP = 14 * 24 * 3_600_000;

export const visitFilePath = (deps: BotDeps) => path.join(deps.scenario.base.dir, VISIT_FILE);

/** Parses visit.yaml text; problems name the file as visit.yaml:line. */
export function validateVisitText(deps: BotDeps, text: string): ParseResult {
  return parseVisitSource(text.replace(/^\uFEFF/, ""), visitFilePath(deps));
}

export async function reloadWasSent(deps: BotDeps, draftId: string): Promise<boolean> {
  return (await sentReloads(deps).get(draftId)) === true;
}

export async function reloadChange(deps: BotDeps, id: string): Promise<ScheduleChange | undefined> {
  return (await legacyReloadChanges(deps).get(id)) ?? undefined;
}

/** Validates the text and, when it changes the live programme, stores a draft the organizers can Send. */
export async function proposeReload(deps: BotDeps, text: string, origin: ReloadDraft["origin"], by: number, parsed = validateVisitText(deps, text)): Promise<ReloadProposal> {
  if (!parsed.ok) return { status: "invalid", problems: parsed.errors.map(formatProblem) };
  const diff = diffVisits(deps.scenario.visit, parsed.visit);
  if (isEmptyDiff(diff)) return { status: "same" };
  const overrides = Object.keys(deps.scenario.overrides).length;
  const draft = (await drafts(deps).create({ kind: "reload", text, origin, diff, overrides }, by, deps.clock.now())) as Draft & ReloadDraft;
  const { notices } = await reloadChanges(deps, deps.scenario.visit, parsed.visit, diff, draft.id, by);
  return { status: "preview", draft, recipients: new Set(notices.map((n) => n.userId)).size };
}

// Two organizers may tap Send on the same preview in two chats at once: one reload at a time per bot.
const locks = new WeakMap<BotDeps, Promise<unknown>>();
function exclusive<T>(deps: BotDeps, fn: () => Promise<T>): Promise<T> {
  const run = (locks.get(deps) ?? Promise.resolve()).then(fn, fn);
  locks.set(deps, run.catch(() => {}));
  return run;
}

/**
 * Applies a previewed reload: its changes (without overrides), notices, audit entry and the override reset in one
 * commit, then the uploaded file (staged before the commit, see reload-file.ts) and the live programme.
 */
export function applyReload(deps: BotDeps, draftId: string, by: number): Promise<ReloadResult> {
  return exclusive(deps, async () => {
    if (await reloadWasSent(deps, draftId)) return { status: "duplicate" } as const;
    const draft = await drafts(deps).get(draftId);
    if (draft?.kind !== "reload") return { status: "stale" } as const;
    const parsed = validateVisitText(deps, draft.text);
    const before = deps.scenario.visit;
    if (!parsed.ok || !same(diffVisits(before, parsed.visit), draft.diff)) return { status: "stale" } as const;
    const overrides = Object.keys(deps.scenario.overrides).length;
    const { changes, notices } = await reloadChanges(deps, before, parsed.visit, draft.diff, draft.id, by);
    // Pinned today cards showing a day the reload changed are refreshed in the same commit as the notices.
    const cards = await cardRefreshesForReload(deps, draft.id, touchedEvents(before, parsed.visit, draft.diff));
    const dir = deps.scenario.base.dir;
    let staged: string | undefined;
    try {
      if (draft.origin === "upload") staged = await stageUpload(dir, draftId, draft.text);
    } catch (error) {
      return { status: "unwritable", error: String((error as Error).message) } as const;
    }
    // A failed commit leaves the staged file: had it committed after all (a lost Redis reply), the next start puts it in place.
    const fresh = await deps.state.commitChanges(changes, [...notices, ...cards], {
      at: deps.clock.now(), userId: by, action: "reload.send", allowed: true,
      details: { draftId, origin: draft.origin, ...counts(draft.diff), recipients: notices.length, overridesCleared: overrides },
    }, { resetOverrides: true, mark: reloadMark(draftId) });
    // Not fresh: this preview was committed before (by another instance, or an attempt whose reply was lost), so
    // the file and the programme follow it all the same. A file that will not go in place now does at the next start.
    await installStaged(dir, staged).catch((err: unknown) => deps.logger.error({ err }, "staged visit.yaml not put in place"));
    deps.scenario.replace({ ...deps.scenario.base, visit: parsed.visit }, {});
    await sentReloads(deps).set(draftId, true, KEEP);
    await drafts(deps).delete(draftId);
    if (!fresh) return { status: "duplicate" } as const;
    deps.delivery.wake();
    return { status: "sent", recipients: new Set(notices.map((n) => n.userId)).size, overrides } as const;
  });
}

const counts = (d: VisitDiff) => ({
  added: d.added.length, removed: d.removed.length, moved: d.moved.length, cancelled: d.cancelled.length, changed: d.changed.length,
});

/** Every event whose card line a reload changes, as it was and as it is; added events too (they have no notice). */
function touchedEvents(before: Visit, after: Visit, diff: VisitDiff): Array<{ visit: Visit; event: VisitEvent }> {
  const { changes, removed } = newsworthy(diff);
  return [
    ...changes.flatMap((c) => [{ visit: before, event: c.before }, { visit: after, event: c.after }]),
    ...removed.map((event) => ({ visit: before, event })),
    ...diff.added.map((event) => ({ visit: after, event })),
  ];
}

/**
 * One schedule change per event the reload touches, and one change notice per delegate it concerns (before or
 * after the reload), keyed by the draft id: sending the same reload twice notifies nobody twice. A removed event
 * reads as cancelled. An added event has no state before, so it is recorded as an update of itself (before =
 * after, kind "note") and notifies nobody: /status shows it and its calendar SEQUENCE counts it.
 */
async function reloadChanges(
  deps: BotDeps, before: Visit, after: Visit, diff: VisitDiff, draftId: string, by: number,
): Promise<{ changes: ScheduleChange[]; notices: NewNotice[] }> {
  const now = deps.clock.now();
  const { changes: edited, removed } = newsworthy(diff);
  const items: Array<{ old: VisitEvent; now: VisitEvent; visit: Visit; notify: boolean }> = [
    ...edited.map((c) => ({ old: c.before, now: c.after, visit: after, notify: true })),
    ...removed.filter((e) => !e.cancelled).map((e) => ({ old: e, now: { ...e, cancelled: true }, visit: before, notify: true })),
    ...diff.added.map((e) => ({ old: e, now: e, visit: after, notify: false })),
  ];
  const changes: ScheduleChange[] = [];
  const notices: NewNotice[] = [];
  for (const [i, item] of items.entries()) {
    const [old, state] = [stateOf(item.old), stateOf(item.now)];
    const change: ScheduleChange = {
      id: `${draftId}-${i}`,
      eventId: item.now.id,
      kinds: item.notify ? changeKinds(old, state) : ["note"],
      before: old,
      after: state,
      by,
      at: now,
      urgent: isUrgent(old, state, now),
    };
    changes.push(change);
    if (!item.notify) continue;
    const payload = { ...changePayload(item.visit, change, item.now), venueBefore: before.venues.find((v) => v.id === item.old.venue)?.name };
    for (const p of await concerned(deps, before, item.old, item.visit, item.now)) {
      notices.push({ key: `reload:${draftId}:${item.now.id}:${p.userId}`, chatId: p.chatId, userId: p.userId, kind: "change", payload, batch: change.id });
    }
  }
  return { changes, notices };
}

/** Whom the event concerned before or concerns now (an audience may change with the file). */
async function concerned(deps: BotDeps, before: Visit, old: VisitEvent, after: Visit, now: VisitEvent): Promise<UserProfile[]> {
  const byId = new Map<number, UserProfile>();
  for (const p of [...(await recipientsOf(deps, before, old)), ...(await recipientsOf(deps, after, now))]) byId.set(p.userId, p);
  return [...byId.values()];
}
