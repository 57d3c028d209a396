// Who a schedule change reaches, the notices it makes, and committing it (change + notices in one transaction).
import type { BotDeps } from "../bot/context.ts";
import { changeKinds, isUrgent, stateOf, type EventState, type ScheduleChange } from "../domain/changes.ts";
import { audienceIncludes, eventById } from "../domain/agenda.ts";
import type { Audience, Visit, VisitEvent } from "../domain/visit.ts";
import type { UserProfile } from "../storage/users.ts";
import type { ChangeDraft } from "../storage/drafts.ts";
import type { ChangePayload } from "../bot/views/changes.ts";
import type { NewNotice } from "./outbox.ts";
import { cardRefreshNotices } from "./today-card.ts";

/**
 * Every user with a profile in the audience of an event or an announcement (a guest only when it is for
 * everyone). An organizer gets notices only as the delegation member they said they are; otherwise they see the preview.
 */
export async function recipientsOf(deps: BotDeps, visit: Visit, target: { audience: Audience }): Promise<UserProfile[]> {
  const out: UserProfile[] = [];
  for await (const profile of deps.users.all()) {
    if (deps.organizerIds.includes(profile.userId) && profile.personId === undefined) continue;
    if (audienceIncludes(visit, target.audience, { personId: profile.personId, organizer: false })) out.push(profile);
  }
  return out;
}

export function changePayload(visit: Visit, change: ScheduleChange, event: VisitEvent): ChangePayload {
  const venue = (id: string | undefined) => visit.venues.find((v) => v.id === id)?.name;
  return {
    changeId: change.id,
    eventId: change.eventId,
    kinds: change.kinds,
    title: event.title,
    before: change.before,
    after: change.after,
    venueBefore: venue(change.before.venue),
    venueAfter: venue(change.after.venue),
    urgent: change.urgent,
  };
}

export function buildChange(visit: Visit, draft: ChangeDraft & { id: string; by: number }, now: number): ScheduleChange | undefined {
  const event = eventById(visit, draft.eventId);
  if (!event) return undefined;
  const before = stateOf(event);
  return {
    id: draft.id,
    eventId: event.id,
    kinds: changeKinds(before, draft.after),
    before,
    after: draft.after,
    by: draft.by,
    at: now,
    urgent: isUrgent(before, draft.after, now),
  };
}

export type CommitResult =
  | { status: "sent"; change: ScheduleChange; recipients: number }
  | { status: "duplicate" }
  | { status: "stale" }
  | { status: "no-change" };

const sameState = (a: EventState, b: EventState) =>
  a.start === b.start && a.end === b.end && a.venue === b.venue && a.cancelled === b.cancelled &&
  JSON.stringify(a.notes ?? null) === JSON.stringify(b.notes ?? null);

/** Applies a previewed change: records it, updates the live programme and queues one notice per recipient. */
export async function commitChangeDraft(deps: BotDeps, draft: ChangeDraft & { id: string; by: number }): Promise<CommitResult> {
  if (await deps.state.change(draft.id)) return { status: "duplicate" };
  const visit = deps.scenario.visit;
  const now = deps.clock.now();
  const change = buildChange(visit, draft, now);
  if (!change) return { status: "stale" };
  // Another organizer changed this event after the preview was made: sending would silently undo that.
  if (draft.before && !sameState(change.before, draft.before)) return { status: "stale" };
  if (change.kinds.length === 0) return { status: "no-change" };
  const event = eventById(visit, change.eventId)!;
  const payload = changePayload(visit, change, event);
  const notices: NewNotice[] = (await recipientsOf(deps, visit, event)).map((p) => ({
    key: `change:${change.id}:${p.userId}`,
    chatId: p.chatId,
    userId: p.userId,
    kind: "change",
    payload,
    batch: change.id,
  }));
  // Pinned today cards showing this event's day are refreshed in the same transaction as the change.
  const cards = await cardRefreshNotices(deps, visit, change, event);
  const fresh = await deps.state.commitChange(change, [...notices, ...cards], {
    at: now, userId: draft.by, action: "change.send", allowed: true,
    details: { changeId: change.id, eventId: change.eventId, kinds: change.kinds, recipients: notices.length },
  });
  if (!fresh) return { status: "duplicate" };
  deps.scenario.setOverrides(await deps.state.overrides());
  deps.delivery.wake();
  return { status: "sent", change, recipients: notices.length };
}
