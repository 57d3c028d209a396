// An OpenAI-compatible fake on loopback: chat completions (plain and SSE streaming) and embeddings,
// with scripted replies and failure modes, recording every request it gets.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Script =
  | { text: string; delayMs?: number; chunkDelayMs?: number }
  | { status: 500 | 429 | 400 }
  | { hangMs: number }
  | { malformed: true }
  | { respond: (body: ChatBody) => string };

export interface ChatBody {
  model: string;
  stream?: boolean;
  messages: Array<{ role: string; content: string }>;
}

export interface RecordedRequest {
  path: string;
  body: unknown;
}

export interface FakeLlm {
  /** e.g. http://127.0.0.1:41234/v1 — for OPENAI_BASE_URL. */
  baseUrl: string;
  requests: RecordedRequest[];
  chats(): ChatBody[];
  /** Queues replies for the next chat completions, in order; when empty, `fallback` answers. */
  script(...scripts: Script[]): void;
  fallback: Script;
  /** Makes /v1/embeddings fail with this status until set back to undefined. */
  embeddingsStatus?: number;
  close(): Promise<void>;
}

/** Deterministic embedding: hashed words into 64 dimensions (similar texts get similar vectors). */
export function fakeEmbedding(text: string): number[] {
  const v = new Array<number>(64).fill(0);
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 2166136261;
    for (const ch of w.slice(0, 5)) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
    v[Math.abs(h) % 64]! += 1;
  }
  return v;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeLlm(): Promise<FakeLlm> {
  const queue: Script[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const fake: FakeLlm = {
    baseUrl: "",
    requests: [],
    chats: () => fake.requests.filter((r) => r.path.endsWith("/chat/completions")).map((r) => r.body as ChatBody),
    script: (...s) => void queue.push(...s),
    fallback: { text: "NO_ANSWER" },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function chat(body: ChatBody, res: ServerResponse): Promise<void> {
    const s = queue.shift() ?? fake.fallback;
    if ("status" in s) {
      res.writeHead(s.status, { "content-type": "application/json", ...(s.status === 429 ? { "retry-after": "20" } : {}) });
      return void res.end(JSON.stringify({ error: { message: `scripted ${s.status}`, type: "fake" } }));
    }
    if ("hangMs" in s) {
      await sleep(s.hangMs);
      if (!res.destroyed) res.end();
      return;
    }
    if ("malformed" in s) {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end("{ this is not json");
    }
    const text = "respond" in s ? s.respond(body) : s.text;
    if ("delayMs" in s && s.delayMs) await sleep(s.delayMs);
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({
        id: "chatcmpl-fake", object: "chat.completion", created: 0, model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
      }));
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const pieces = text.match(/[\s\S]{1,12}/g) ?? [];
    for (const piece of pieces) {
      const chunk = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: 0, model: body.model,
        choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] };
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      if ("chunkDelayMs" in s && s.chunkDelayMs) await sleep(s.chunkDelayMs);
    }
    res.end("data: [DONE]\n\n");
  }

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? "";
    fake.requests.push({ path, body });
    try {
      if (req.method === "POST" && path.endsWith("/chat/completions")) return await chat(body as ChatBody, res);
      if (req.method === "POST" && path.endsWith("/embeddings")) {
        if (fake.embeddingsStatus) {
          res.writeHead(fake.embeddingsStatus, { "content-type": "application/json" });
          return void res.end(JSON.stringify({ error: { message: "scripted" } }));
        }
        const input = (body as { input: string | string[] }).input;
        const texts = Array.isArray(input) ? input : [input];
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(JSON.stringify({
          object: "list", model: "fake-embed",
          data: texts.map((t, index) => ({ object: "embedding", index, embedding: fakeEmbedding(t) })),
          usage: { prompt_tokens: 0, total_tokens: 0 },
        }));
      }
      res.writeHead(404).end();
    } catch {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
