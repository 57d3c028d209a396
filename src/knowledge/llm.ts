// The language model behind grounded answers: any OpenAI-compatible server, with one deadline per call.
import type OpenAI from "openai";
import type { ChatMessage } from "./prompt.ts";

export type LlmFailure = "timeout" | "rateLimit" | "error";

export class LlmError extends Error {
  readonly kind: LlmFailure;
  constructor(kind: LlmFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LlmError";
    this.kind = kind;
  }
}

export interface LlmClient {
  /** The reply's text; `onText` sees the text so far while it streams. Throws LlmError, nothing else. */
  complete(messages: ChatMessage[], onText?: (soFar: string) => void): Promise<string>;
  /** Embeddings, when an embedding model is configured. Throws LlmError. */
  embed?(texts: string[]): Promise<number[][]>;
}

export interface LlmConfig {
  apiKey?: string;
  baseUrl?: string;
  model: string;
  embeddingModel?: string;
  timeoutMs: number;
}

/** True when the configuration names a server to ask (a key for OpenAI, or a base URL for a local one). */
export function llmConfigured(config: LlmConfig): boolean {
  return Boolean(config.apiKey || config.baseUrl);
}

// The SDK costs some 30 MB of memory; a bot answering offline never loads it, one with a model on its first call.
type Sdk = typeof import("openai").default;
let sdk: Sdk | undefined;
const loadSdk = async (): Promise<Sdk> => (sdk ??= (await import("openai")).default);

export function openAiClient(config: LlmConfig): LlmClient {
  let created: Promise<OpenAI> | undefined;
  const openai = () =>
    (created ??= loadSdk().then((Sdk) => new Sdk({
      // Local OpenAI-compatible servers need no key, but the SDK insists on one.
      apiKey: config.apiKey ?? "not-needed",
      ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
      timeout: config.timeoutMs,
      // A delegate is waiting: no silent retries, the offline answer is the fallback.
      maxRetries: 0,
    })));

  /** Runs `call` under one overall deadline (a stream that stalls midway counts too). */
  async function withDeadline<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), config.timeoutMs);
    try {
      return await call(controller.signal);
    } catch (error) {
      throw classify(error, controller.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  const client_: LlmClient = {
    complete(messages, onText) {
      return withDeadline(async (signal) => {
        const client = await openai();
        if (!onText) {
          const res = await client.chat.completions.create(
            { model: config.model, messages, temperature: 0 },
            { signal },
          );
          const content: unknown = res?.choices?.[0]?.message?.content;
          if (typeof content !== "string") throw new LlmError("error", "the model's reply has no text");
          return content;
        }
        const stream = await client.chat.completions.create(
          { model: config.model, messages, temperature: 0, stream: true },
          { signal },
        );
        let text = "";
        for await (const chunk of stream) {
          const delta: unknown = chunk?.choices?.[0]?.delta?.content;
          if (typeof delta === "string" && delta) {
            text += delta;
            onText(text);
          }
        }
        return text;
      });
    },
  };
  const embeddingModel = config.embeddingModel;
  if (embeddingModel) {
    client_.embed = (texts) =>
      withDeadline(async (signal) => {
        const client = await openai();
        const res = await client.embeddings.create({ model: embeddingModel, input: texts }, { signal });
        const vectors = res?.data?.map((d) => d.embedding);
        if (!Array.isArray(vectors) || vectors.length !== texts.length || !vectors.every(Array.isArray)) {
          throw new LlmError("error", "the embeddings reply is malformed");
        }
        return vectors;
      });
  }
  return client_;
}

function classify(error: unknown, deadlinePassed: boolean): LlmError {
  if (error instanceof LlmError) return error;
  if (deadlinePassed || (sdk && error instanceof sdk.APIConnectionTimeoutError)) {
    return new LlmError("timeout", "the model did not answer in time", { cause: error });
  }
  if (sdk && error instanceof sdk.APIError && error.status === 429) {
    return new LlmError("rateLimit", "the model's server is rate-limiting us", { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LlmError("error", `the model call failed: ${message}`, { cause: error });
}
