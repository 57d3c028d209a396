// Who a schedule change reaches, the notices it makes, and committing it (change + notices in one transaction).
import type { BotDeps } from "../bot/context.ts";
import { changeKinds, concerns, isUrgent, stateOf, type ScheduleChange } from "../domain/changes.ts";
import { eventById } from "../domain/agenda.ts";
import type { Visit, VisitEvent } from "../domain/visit.ts";
import type { UserProfile } from "../storage/users.ts";
import type { ChangeDraft } from "../storage/drafts.ts";
import type { ChangePayload } from "../bot/views/changes.ts";
import type { NewNotice } from "./outbox.ts";

/**
 * Every user with a profile whom the event concerns (a guest only for events for everyone).
 * An organizer gets notices only as the delegation member they said they are; otherwise they see the preview.
 */
export async function recipientsOf(deps: BotDeps, visit: Visit, event: VisitEvent): Promise<UserProfile[]> {
  const out: UserProfile[] = [];
  for await (const profile of deps.users.all()) {
    if (deps.organizerIds.includes(profile.userId) && profile.personId === undefined) continue;
    if (concerns(visit, event, profile.personId)) out.push(profile);
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

/** Applies a previewed change: records it, updates the live programme and queues one notice per recipient. */
export async function commitChangeDraft(deps: BotDeps, draft: ChangeDraft & { id: string; by: number }): Promise<CommitResult> {
  if (await deps.state.change(draft.id)) return { status: "duplicate" };
  const visit = deps.scenario.visit;
  const now = deps.clock.now();
  const change = buildChange(visit, draft, now);
  if (!change) return { status: "stale" };
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
  const fresh = await deps.state.commitChange(change, notices, {
    at: now, userId: draft.by, action: "change.send", allowed: true,
    details: { changeId: change.id, eventId: change.eventId, kinds: change.kinds, recipients: notices.length },
  });
  if (!fresh) return { status: "duplicate" };
  deps.scenario.setOverrides(await deps.state.overrides());
  deps.delivery.wake();
  return { status: "sent", change, recipients: notices.length };
}
