// Sending an organizers' announcement: one notice per recipient of its audience, queued with its audit entry
// in one transaction; the dedupe key makes a second Send add nothing.
import type { BotDeps } from "../bot/context.ts";
import type { AnnouncementDraft, Draft } from "../storage/drafts.ts";
import type { AnnouncementPayload } from "../bot/views/announcement.ts";
import { recipientsOf } from "./changes.ts";
import type { NewNotice } from "./outbox.ts";

export function announcementPayload(draft: AnnouncementDraft & { id: string }): AnnouncementPayload {
  return {
    announcementId: draft.id,
    texts: draft.texts,
    ...(draft.original ? { original: draft.original } : {}),
    machineTranslated: draft.machineTranslated,
  };
}

/** Queues the announcement for its audience; returns how many notices were new (0 on a repeated Send). */
export async function commitAnnouncement(deps: BotDeps, draft: Draft & AnnouncementDraft): Promise<{ recipients: number; queued: number }> {
  const visit = deps.scenario.visit;
  const payload = announcementPayload(draft);
  const notices: NewNotice[] = (await recipientsOf(deps, visit, draft)).map((p) => ({
    key: `announcement:${draft.id}:${p.userId}`,
    chatId: p.chatId,
    userId: p.userId,
    kind: "announcement",
    payload,
    batch: draft.id,
  }));
  const queued = await deps.state.commitNotices(notices, {
    at: deps.clock.now(), userId: draft.by, action: "announce.send", allowed: true,
    details: { announcementId: draft.id, audience: draft.audience, recipients: notices.length, machineTranslated: draft.machineTranslated },
  });
  deps.delivery.wake();
  return { recipients: notices.length, queued };
}
