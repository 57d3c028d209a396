// Opens the configured store: Keyv namespaces for profiles and sessions, and the SQL handle that the
// programme, outbox and audit log share, so a change and its notices commit in one transaction.
import Keyv from "keyv";
import type { DatabaseSync } from "node:sqlite";
import { SqliteMap, openSqlite } from "./sqlite-map.ts";

export interface Storage {
  /** A Keyv namespace; values are plain JSON. */
  namespace<T>(name: string): Keyv<T>;
  /** What the store is, for logs and /healthz (never includes credentials). */
  readonly kind: "sqlite" | "memory";
  readonly sql: DatabaseSync;
  close(): Promise<void>;
}

export function openStorage(url: string): Storage {
  let kind: Storage["kind"];
  let file: string;
  if (url === "memory:") {
    kind = "memory";
    file = ":memory:";
  } else if (url.startsWith("sqlite://")) {
    kind = "sqlite";
    file = url.slice("sqlite://".length);
  } else {
    throw new Error(`STORAGE_URL ${url.split(":")[0]}: is not supported by this build`);
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
    async close() {
      if (sql.isOpen) sql.close();
    },
  };
}
