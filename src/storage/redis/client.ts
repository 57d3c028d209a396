// The one Redis connection a process keeps (node-redis, the client @keyv/redis is built on), the key prefix
// from STORAGE_URL, and Lua scripts run by their SHA1 so each call sends only its arguments.
import { createHash } from "node:crypto";
import { createClient } from "@keyv/redis";

const newClient = (url: string, reconnect: (attempt: number) => number | Error) =>
  createClient({ url, socket: { connectTimeout: 5000, reconnectStrategy: reconnect } });

export type RedisClient = ReturnType<typeof newClient>;

export interface RedisTarget {
  /** The URL node-redis connects to (credentials included; never logged). */
  url: string;
  /** Every key Attaché writes starts with `<prefix>:`, so several bots (or test runs) can share one server. */
  prefix: string;
  /** host:port only, for error messages. */
  where: string;
}

/** redis[s]://[user:pass@]host[:port][/db][?prefix=name] → what to connect to, without leaking credentials. */
export function parseRedisUrl(url: string): RedisTarget {
  const u = new URL(url);
  const prefix = u.searchParams.get("prefix") ?? "attache";
  if (!/^[\w.-]{1,64}$/.test(prefix)) throw new Error("STORAGE_URL: prefix must be 1–64 characters of A-Z a-z 0-9 _ . -");
  u.searchParams.delete("prefix");
  const port = u.port || (u.protocol === "rediss:" ? "6380" : "6379");
  return { url: u.toString(), prefix, where: `${u.protocol}//${u.hostname}:${port}` };
}

const backoff = (attempt: number) => Math.min(100 * 2 ** attempt, 2000) + Math.floor(Math.random() * 100);

/**
 * Connects, retrying for a second or two at start-up (a Redis container may still be starting), then for ever once it
 * has worked: a running bot rides out a Redis restart; operations fail meanwhile and the outbox retries them.
 */
export async function connectRedis(target: RedisTarget, onError: (error: Error) => void = () => {}): Promise<RedisClient> {
  let connected = false;
  const client = newClient(target.url, (attempt) => (connected || attempt < 4 ? backoff(attempt) : new Error(`no answer from ${target.where}`)));
  // Without a listener node-redis would crash the process on a dropped connection.
  client.on("error", (error: Error) => onError(error));
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    throw new Error(`Cannot reach Redis at ${target.where}: ${(error as Error).message}`);
  }
  connected = true;
  return client;
}

export type Reply = string | number | null | Reply[];

/** A Lua script: EVALSHA first, EVAL when the server does not have it cached yet (after a restart or a flush). */
export class Script {
  readonly source: string;
  readonly sha: string;
  constructor(source: string) {
    this.source = source;
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  async run(client: RedisClient, args: Array<string | number>): Promise<Reply> {
    const options = { keys: [], arguments: args.map(String) };
    try {
      return (await client.evalSha(this.sha, options)) as Reply;
    } catch (error) {
      if (!/NOSCRIPT/.test((error as Error).message)) throw error;
      return (await client.eval(this.source, options)) as Reply;
    }
  }
}
