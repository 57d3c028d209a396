// A Map-like key-value table on Node's built-in SQLite (node:sqlite: no native addon to compile).
// Keyv wraps it as a "mapLike" store: what Keyv's wrapper puts in comes back out, stored as JSON.
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { mkdirSync } from "node:fs";
import path from "node:path";

export function openSqlite(file: string): DatabaseSync {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new DatabaseSync(file);
  // WAL keeps readers and the writer apart; NORMAL sync is durable across process crashes.
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
  return db;
}

export class SqliteMap {
  private readonly stmts: {
    get: StatementSync;
    set: StatementSync;
    del: StatementSync;
    clear: StatementSync;
    entries: StatementSync;
    count: StatementSync;
  };

  constructor(db: DatabaseSync, table = "kv") {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table name ${table}`);
    db.exec(`CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`);
    this.stmts = {
      get: db.prepare(`SELECT value FROM ${table} WHERE key = ?`),
      set: db.prepare(`INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      del: db.prepare(`DELETE FROM ${table} WHERE key = ?`),
      clear: db.prepare(`DELETE FROM ${table}`),
      entries: db.prepare(`SELECT key, value FROM ${table} ORDER BY key`),
      count: db.prepare(`SELECT count(*) AS n FROM ${table}`),
    };
  }

  get(key: string): unknown {
    const row = this.stmts.get.get(key) as { value: string } | undefined;
    return row === undefined ? undefined : JSON.parse(row.value);
  }

  set(key: string, value: unknown): this {
    this.stmts.set.run(key, JSON.stringify(value));
    return this;
  }

  has(key: string): boolean {
    return this.stmts.get.get(key) !== undefined;
  }

  delete(key: string): boolean {
    return Number(this.stmts.del.run(key).changes) > 0;
  }

  clear(): void {
    this.stmts.clear.run();
  }

  get size(): number {
    return Number((this.stmts.count.get() as { n: number }).n);
  }

  *entries(): IterableIterator<[string, unknown]> {
    for (const row of this.stmts.entries.iterate() as Iterable<{ key: string; value: string }>) {
      yield [row.key, JSON.parse(row.value)];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  [Symbol.iterator](): IterableIterator<[string, unknown]> {
    return this.entries();
  }
}
