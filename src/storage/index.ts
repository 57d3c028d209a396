// Opens the configured store, embedded or shared, behind the same interfaces: Keyv namespaces for profiles and
// sessions, the programme state with its outbox (a change and its notices commit together), the webhook inbox,
// and — on a store several processes share — the send limiter they keep together.
import Keyv from "keyv";
import type { DatabaseSync } from "node:sqlite";
import { SqliteMap, openSqlite } from "./sqlite-map.ts";
import { SqliteStateStore } from "./sqlite-state.ts";
import type { StateStore } from "./state.ts";
import type { Outbox } from "../delivery/outbox.ts";
import type { Limits, SendLimiter } from "../delivery/limiter.ts";
import { SqliteInbox, type UpdateInbox } from "../server/inbox.ts";

export interface Storage {
  /** A Keyv namespace; values are plain JSON. */
  namespace<T>(name: string): Keyv<T>;
  /** What the store is, for logs and /healthz (never includes credentials). */
  readonly kind: "sqlite" | "memory" | "redis";
  /** Resolves when the store answers (for /healthz); rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The embedded store keeps its SQL handle reachable for tests and tools that look inside. */
export interface SqliteStorage extends Storage {
  readonly kind: "sqlite" | "memory";
  readonly sql: DatabaseSync;
}

export interface Stores {
  storage: Storage;
  state: StateStore;
  outbox: Outbox;
  inbox: UpdateInbox;
  /** Present when several processes share the store: one limiter for all of them (else each paces itself). */
  limiter?: (limits: Partial<Limits>) => SendLimiter;
  /** Closes everything above (the same as storage.close()). */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Connection trouble on a shared store (it reconnects by itself); never carries credentials. */
  onError?: (error: Error) => void;
}

export const isSharedStore = (url: string) => /^rediss?:\/\//.test(url);

/** sqlite://<path> or memory: → one SQLite database for everything. */
export function openStorage(url: string): SqliteStorage {
  let kind: SqliteStorage["kind"];
  let file: string;
  if (url === "memory:") {
    kind = "memory";
    file = ":memory:";
  } else if (url.startsWith("sqlite://")) {
    kind = "sqlite";
    file = url.slice("sqlite://".length);
  } else {
    throw new Error(`STORAGE_URL ${url.split(":")[0]}: is not an embedded store`);
  }
  const sql = openSqlite(file);
  const map = new SqliteMap(sql);
  const spaces = new Map<string, Keyv<unknown>>();
  return {
    kind,
    sql,
    namespace<T>(name: string): Keyv<T> {
      let kv = spaces.get(name);
      if (!kv) {
        // serialization: false — the SQLite map already stores JSON; encoding twice only costs time.
        kv = new Keyv<unknown>({ store: map, namespace: name, serialization: false });
        spaces.set(name, kv);
      }
      return kv as Keyv<T>;
    },
    async ping() {
      sql.prepare("SELECT 1").get();
    },
    async close() {
      if (sql.isOpen) sql.close();
    },
  };
}

/** The embedded stores on one SQLite database (the default: one process). */
export function openSqliteStores(url: string): Stores & { storage: SqliteStorage } {
  const storage = openStorage(url);
  const state = new SqliteStateStore(storage.sql);
  return { storage, state, outbox: state, inbox: new SqliteInbox(storage.sql), close: () => storage.close() };
}

/** Opens STORAGE_URL: sqlite://…, memory: or redis[s]://… (shared by several bot processes). */
export async function openStores(url: string, options: OpenOptions = {}): Promise<Stores> {
  if (!isSharedStore(url)) return openSqliteStores(url);
  // Loaded only when asked for, so the embedded default never loads a Redis client.
  const { openRedisStores } = await import("./redis/index.ts");
  return openRedisStores(url, options);
}
