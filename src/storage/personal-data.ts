// Where one user's personal data lives, so /forget and the visit purge find all of it.
// The audit log is not personal data here: it keeps ids and actions, and is never deleted with a delegate.
import type { Storage } from "./index.ts";
import type { Outbox } from "../delivery/outbox.ts";

/** Keyv namespaces holding a user's data and the key under which each holds it. */
export const PERSONAL_NAMESPACES: ReadonlyArray<{ name: string; key: (userId: number) => string }> = [
  { name: "users", key: String }, // language, identity, reminders, today card
  { name: "answers:turns", key: String }, // the last question and answer, for follow-ups
  { name: "handover:pending", key: String }, // a message to the liaison being written
  { name: "conversations", key: (id) => `chat:${id}` }, // an organizer's unfinished wizard
];

/** Deletes everything kept about one user (private chat id = user id) and their unsent notices. */
export async function forgetUser(storage: Storage, outbox: Outbox, userId: number): Promise<void> {
  for (const ns of PERSONAL_NAMESPACES) await storage.namespace(ns.name).delete(ns.key(userId));
  await outbox.dropForUser(userId);
}

/** Deletes every user's personal data (the visit is over and its retention period has passed). */
export async function purgeAll(storage: Storage): Promise<void> {
  for (const ns of PERSONAL_NAMESPACES) await storage.namespace(ns.name).clear();
  for (const name of ["drafts", "progress", "handover:replies"]) await storage.namespace(name).clear();
}
