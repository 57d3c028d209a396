// Where one user's personal data lives, so /forget and the visit purge find all of it.
// The audit log is not personal data here: it keeps ids and actions, and is never deleted with a delegate.
import type { SqliteStorage, Storage } from "./index.ts";
import type { Outbox } from "../delivery/outbox.ts";

/** Keyv namespaces holding a user's data and the key under which each holds it. */
export const PERSONAL_NAMESPACES: ReadonlyArray<{ name: string; key: (userId: number) => string }> = [
  { name: "users", key: String }, // language, identity, reminders, today card
  { name: "answers:turns", key: String }, // the last question and answer, for follow-ups
  { name: "handover:pending", key: String }, // a message to the liaison being written
  { name: "conversations", key: (id) => `chat:${id}` }, // an organizer's unfinished wizard
];

/**
 * Which delegate each message relayed to the organizers' chats stands for (name, @username, chat id), keyed by
 * that organizer-chat message, not by the delegate: /forget finds theirs by looking at every entry.
 */
const RELAYED = "handover:relayed";

/** Deletes everything kept about one user (private chat id = user id), their unsent notices and the payloads of all notices about them. */
export async function forgetUser(storage: Storage, outbox: Outbox, userId: number): Promise<void> {
  for (const ns of PERSONAL_NAMESPACES) await storage.namespace(ns.name).delete(ns.key(userId));
  const relayed = storage.namespace<{ userId?: number }>(RELAYED);
  const theirs: string[] = [];
  for await (const [key, value] of relayed.iterator?.() ?? []) if (value?.userId === userId) theirs.push(String(key));
  for (const key of theirs) await relayed.delete(key);
  await outbox.dropForUser(userId);
  await outbox.eraseUser(userId);
}

/** Deletes every user's personal data (the visit is over and its retention period has passed). */
export async function purgeAll(storage: Storage, outbox: Outbox): Promise<void> {
  for (const ns of PERSONAL_NAMESPACES) await storage.namespace(ns.name).clear();
  for (const name of ["drafts", "progress", RELAYED]) await storage.namespace(name).clear();
  await outbox.eraseAll();
  // Keyv leaves expired entries in the table until they are read again; nothing will read them now.
  if ("sql" in storage) (storage as SqliteStorage).sql.prepare("DELETE FROM kv WHERE json_extract(value, '$.expires') < ?").run(Date.now());
}
