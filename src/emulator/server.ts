// HTTP layer: the Hono app routing /bot<token>/<method> and /file/bot<token>/<path>, faults, call log, listen/close.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { isSendMethod } from './faults.ts';
import type { FaultKind } from './faults.ts';
import { findMethod } from './methods.ts';
import { Params, readParams } from './params.ts';
import { ApiError } from './types.ts';
import type { Core } from './types.ts';

type Bindings = { incoming?: IncomingMessage; outgoing?: ServerResponse };
export type EmulatorApp = Hono<{ Bindings: Bindings }>;

const METHOD_RE = /\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/;
const FILE_RE = /\/file\/bot([^/]+)\/(.+)$/;
const DEFAULT_TOKEN = /^\d+:[A-Za-z0-9_-]+$/;

function tokenOk(core: Core, token: string): boolean {
  return core.config.tokens ? core.config.tokens.includes(token) : DEFAULT_TOKEN.test(token);
}

function reply(c: Context, status: number, body: unknown): Response {
  return c.body(JSON.stringify(body), status as 200, { 'content-type': 'application/json' });
}

/** Destroy the client socket without answering; falls back to a 502 when not served by @hono/node-server. */
function drop(c: Context<{ Bindings: Bindings }>): Response {
  const socket = c.env?.incoming?.socket;
  if (!socket) return reply(c, 502, { ok: false, error_code: 502, description: 'Bad Gateway' });
  socket.destroy();
  return RESPONSE_ALREADY_SENT;
}

function numericChatId(p: Params): number | undefined {
  const raw = p.raw.chat_id;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : undefined;
  return n;
}

async function handleMethod(core: Core, c: Context<{ Bindings: Bindings }>, token: string, requested: string): Promise<Response> {
  const at = core.now();
  core.injector.stats.requests++;
  let params = new Params();
  let method = requested;
  const finish = (status: number, body: Record<string, unknown>, fault?: FaultKind): Response => {
    const ok = body.ok === true;
    core.logCall({
      method, params: params.summary(), at, ok,
      ...(ok || fault === 'dropConnection' ? {} : { error_code: body.error_code as number, description: body.description as string }),
      ...(fault ? { fault } : {}),
    });
    return fault === 'dropConnection' ? drop(c) : reply(c, status, body);
  };
  const fail = (err: ApiError, fault?: FaultKind): Response => finish(err.code, err.toJSON(), fault);
  if (!tokenOk(core, token)) return fail(new ApiError(401, 'Unauthorized'));
  const found = findMethod(requested);
  if (!found) return fail(new ApiError(404, 'Not Found'));
  method = found.name;
  try {
    params = await readParams(c.req.raw);
  } catch (e) {
    if (e instanceof ApiError) return fail(e);
    throw e;
  }
  const pre = core.injector.pre(method);
  if (pre?.kind === 'dropConnection' && !pre.afterSend) return finish(0, { ok: false }, 'dropConnection');
  if (pre?.kind === 'serverError') return fail(new ApiError(500, 'Internal Server Error'), 'serverError');
  if (pre?.kind === 'tooManyRequests') {
    return fail(new ApiError(429, `Too Many Requests: retry after ${pre.retryAfter}`, { retry_after: pre.retryAfter }), 'tooManyRequests');
  }
  const chatId = numericChatId(params);
  const send = isSendMethod(method);
  if (send) {
    const retryAfter = core.injector.checkRate(chatId, at);
    if (retryAfter !== undefined) {
      return fail(new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter }), 'rateLimit');
    }
  }
  // Events raised by the method are held until its call is logged, so observers see both at once.
  core.holdEvents();
  let held = true;
  const releaseEvents = (): void => {
    if (held) core.releaseEvents();
    held = false;
  };
  try {
    let result = found.fn(core, params, { signal: c.req.raw.signal });
    if (result instanceof Promise) {
      releaseEvents();
      result = await result;
    }
    if (send) core.injector.recordSend(chatId, at);
    return finish(200, { ok: true, result }, pre?.kind === 'dropConnection' ? 'dropConnection' : undefined);
  } catch (e) {
    if (e instanceof ApiError) return fail(e, e.code === 403 && core.injector.config.blocked?.has(chatId ?? NaN) ? 'blocked' : undefined);
    console.error(`[emulator] ${method} crashed:`, e);
    return fail(new ApiError(500, 'Internal Server Error'));
  } finally {
    releaseEvents();
  }
}

/** The Hono app speaking the Bot API; mount it elsewhere or serve it with listen(). */
export function createApp(core: Core): EmulatorApp {
  const app: EmulatorApp = new Hono<{ Bindings: Bindings }>();
  app.all('*', async (c) => {
    const path = c.req.path;
    const file = FILE_RE.exec(path);
    if (file) {
      const token = decodeURIComponent(file[1] ?? '');
      const stored = core.state.filesByPath.get(decodeURIComponent(file[2] ?? ''));
      if (!tokenOk(core, token)) return reply(c, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      if (!stored) return reply(c, 404, { ok: false, error_code: 404, description: 'Not Found: file not found' });
      return c.body(stored.bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': stored.mime, 'content-length': String(stored.bytes.byteLength) });
    }
    const m = METHOD_RE.exec(path);
    if (!m) return reply(c, 404, { ok: false, error_code: 404, description: 'Not Found' });
    return handleMethod(core, c, decodeURIComponent(m[1] ?? ''), m[2] ?? '');
  });
  return app;
}

export interface RunningServer {
  apiRoot: string;
  port: number;
  close(): Promise<void>;
}

/** Serve the app on host:port (0 = any free port); close() force-closes lingering keep-alive sockets. */
export async function startServer(app: EmulatorApp, port: number, host: string, beforeClose: () => void): Promise<RunningServer> {
  let active = 0;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({
      fetch: (req, env) => {
        const out = (env as Bindings).outgoing;
        if (out) {
          active++;
          out.once('close', () => { active--; });
        }
        return app.fetch(req, env);
      },
      port,
      hostname: host,
      overrideGlobalObjects: false,
    }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  const addr = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    apiRoot: `http://${shownHost}:${addr.port}`,
    port: addr.port,
    close: async () => {
      beforeClose();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const until = Date.now() + 1000;
      while (active > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      server.closeAllConnections();
      await closed;
    },
  };
}
