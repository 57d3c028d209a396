// Urgent changes whose notices delegates have not acknowledged 15 minutes on: listed once to the organizers
// (their group if configured, otherwise each privately). The list is made again at send time, so whoever
// acknowledged meanwhile drops off.
import type { BotDeps } from "../bot/context.ts";
import type { Translate } from "../bot/i18n.ts";
import { pick, type Lang } from "../domain/language.ts";
import { eventById, personById } from "../domain/agenda.ts";
import { escalationDue } from "../domain/reminders.ts";
import { renderEscalation, type Unacknowledged } from "../bot/views/reminders.ts";
import { registerRenderer } from "./render.ts";
import type { NewNotice } from "./outbox.ts";
import { organizerChatLang, organizerChats } from "./organizers.ts";

export interface EscalationPayload {
  changeId: string;
}

/** Recipients of the change's notices who have not tapped "Got it", in the reader's language. */
async function unacknowledged(deps: BotDeps, changeId: string, lang: Lang, t: Translate): Promise<Unacknowledged[]> {
  const visit = deps.scenario.visit;
  const acks = await deps.state.acknowledgements(changeId);
  const out: Unacknowledged[] = [];
  for (const notice of await deps.outbox.byBatch(changeId)) {
    if (notice.kind !== "change" || notice.userId === undefined || acks.has(notice.userId)) continue;
    const profile = await deps.users.get(notice.userId);
    const person = personById(visit, profile?.personId);
    out.push({
      name: person ? pick(person.name, lang) : t("organizer.guestUser", { id: notice.userId }),
      groups: (person?.groups ?? []).flatMap((id) => visit.groups.filter((g) => g.id === id).map((g) => pick(g.name, lang))),
      lang: profile?.lang,
      unreachable: notice.status === "unreachable" || notice.status === "failed",
    });
  }
  return out;
}

registerRenderer("escalation", async (notice, _to, deps) => {
  const { changeId } = notice.payload as EscalationPayload;
  const change = await deps.state.change(changeId);
  if (!change) return null;
  const lang = await organizerChatLang(deps, notice.chatId);
  const t = deps.i18n.t(lang);
  const waiting = await unacknowledged(deps, changeId, lang, t);
  if (waiting.length === 0) return null;
  const visit = deps.scenario.visit;
  const event = eventById(visit, change.eventId);
  const title = event ? pick(event.title, lang) : change.eventId;
  return { text: renderEscalation(visit, change, title, waiting, lang, t) };
});

/** Queues the escalations that fell due; returns how many notices were queued. */
export async function escalateUnacknowledged(deps: BotDeps, now: number): Promise<number> {
  let queued = 0;
  for (const change of await deps.state.changes(100)) {
    if (!escalationDue(change, now)) continue;
    // Marked before queuing: a crash between the two loses one escalation rather than repeating it.
    if (!(await deps.state.markOnce(`escalation:${change.id}`, now))) continue;
    const acks = await deps.state.acknowledgements(change.id);
    const waiting = (await deps.outbox.byBatch(change.id)).filter((n) => n.kind === "change" && n.userId !== undefined && !acks.has(n.userId));
    if (waiting.length === 0) continue;
    const payload: EscalationPayload = { changeId: change.id };
    const notices: NewNotice[] = organizerChats(deps).map((chatId) => ({
      key: `escalation:${change.id}:${chatId}`, chatId, kind: "escalation", payload, batch: `escalation:${change.id}`,
    }));
    if (notices.length === 0) continue; // no organizer with a Telegram id: /status is the only view
    queued += await deps.state.commitNotices(notices, {
      at: now, userId: 0, action: "escalation", allowed: true, details: { changeId: change.id, unacknowledged: waiting.length },
    });
  }
  return queued;
}
