// Builds the Keyv namespaces Attaché keeps (users, sessions, …) on the configured backend.
import Keyv from "keyv";
import { SqliteMap, openSqlite } from "./sqlite-map.ts";

export interface Storage {
  /** A Keyv namespace; values are plain JSON. */
  namespace<T>(name: string): Keyv<T>;
  /** What the store is, for logs and /healthz (never includes credentials). */
  readonly kind: "sqlite" | "memory";
  close(): Promise<void>;
}

export function openStorage(url: string): Storage {
  if (url === "memory:") {
    const map = new Map<string, unknown>();
    return makeStorage("memory", map, async () => {});
  }
  if (url.startsWith("sqlite://")) {
    const file = url.slice("sqlite://".length);
    const db = openSqlite(file);
    return makeStorage("sqlite", new SqliteMap(db), async () => db.close());
  }
  throw new Error(`STORAGE_URL ${url.split(":")[0]}: is not supported by this build`);
}

function makeStorage(kind: Storage["kind"], map: unknown, close: () => Promise<void>): Storage {
  const spaces = new Map<string, Keyv<unknown>>();
  return {
    kind,
    namespace<T>(name: string): Keyv<T> {
      let kv = spaces.get(name);
      if (!kv) {
        // serialization: false — the SQLite map already stores JSON; encoding twice only costs time.
        kv = new Keyv<unknown>({ store: map, namespace: name, serialization: false });
        spaces.set(name, kv);
      }
      return kv as Keyv<T>;
    },
    close,
  };
}
