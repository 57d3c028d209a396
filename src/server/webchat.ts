// The web chat's HTTP API and page: personas, per-chat history, sending text, pressing buttons, the command menu,
// files, the demo clock and the live event stream. Everything a visitor does goes through the emulator's user side,
// so the bot sees exactly the updates a Telegram client would send.
import { Hono, type Context } from "hono";
import type { Logger } from "pino";
import { z } from "zod";
import type { Emulator } from "../emulator/index.ts";
import type { BotDeps } from "../bot/context.ts";
import { ShiftableClock } from "../clock.ts";
import { loadAssets } from "./assets.ts";
import { CLOCK_ACTIONS, clockView, moveClock } from "./demo-clock.ts";
import { LiveHub } from "./live.ts";
import type { Persona, PersonaRegistry } from "./personas.ts";
import { commandMenu, messageView } from "./views.ts";

export interface WebChatOptions {
  emulator: Emulator;
  deps: BotDeps;
  personas: PersonaRegistry;
  logger: Logger;
  /** Called after a visitor moved the clock (the demo runs the bot's scheduler at once instead of within 15 s). */
  onClockMoved?: () => void;
}

export interface WebChatServer {
  app: Hono;
  hub: LiveHub;
  /** Stops relaying emulator events and ends open event streams. */
  close(): void;
}

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** The names the demo answers to, with any port. */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

const userIdParam = z.coerce.number().int().positive();
const schemas = {
  text: z.object({
    text: z.string().trim().min(1, "text is empty").max(4096, "text is longer than 4096 characters"),
    replyTo: z.number().int().positive().optional(),
  }),
  share: z.object({ what: z.enum(["location", "contact"]) }),
  callback: z.object({ messageId: z.number().int().positive(), data: z.string().min(1).max(64) }),
  clock: z.object({ action: z.enum(CLOCK_ACTIONS), at: z.string().max(40).optional() }),
  guest: z.object({ languageCode: z.string().regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/, "a Telegram language_code such as en, ru, sr, hr").default("en") }),
};

type Failure = { error: string; status: 400 | 404 | 409 | 415 };
const fail = (c: Context, f: Failure) => c.json({ error: f.error }, f.status);

/** Parses a JSON body against a schema; a failure names the first bad field. */
async function readBody<T>(c: Context, schema: z.ZodType<T>): Promise<T | Failure> {
  if (!(c.req.header("content-type") ?? "").startsWith("application/json")) {
    return { error: "send the body as application/json", status: 415 };
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { error: "the body is not valid JSON", status: 400 };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return { error: issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid body", status: 400 };
}
const failed = (v: unknown): v is Failure => typeof v === "object" && v !== null && "error" in v && "status" in v;

export function personaView(p: Persona) {
  return {
    userId: p.userId,
    kind: p.kind,
    name: [p.firstName, p.lastName].filter(Boolean).join(" "),
    role: p.role,
    lang: p.lang ?? null,
    languageCode: p.languageCode,
  };
}

export function createWebChatServer({ emulator, deps, personas, logger, onClockMoved }: WebChatOptions): WebChatServer {
  const app = new Hono();
  const hub = new LiveHub();
  const unfollow = hub.follow(emulator, personas);
  const assets = loadAssets();
  const clock = deps.clock instanceof ShiftableClock ? deps.clock : undefined;
  const clockNow = () => (clock ? clockView(clock, deps.scenario.visit) : null);
  // An organizer's change can move the next event the clock panel names.
  const unwatch = deps.scenario.onChange(() => hub.publish({ type: "clock", data: clockNow() }));

  // A page on another site can rebind its own name to 127.0.0.1 and then call this server as same-origin: its
  // requests still carry that name in Host, so anything but a loopback name is refused before any route.
  app.use("*", async (c, next) => {
    if (!LOOPBACK_HOST.test(c.req.header("host") ?? "")) return c.text("Forbidden: the demo answers only to localhost, 127.0.0.1 or [::1].\n", 403);
    await next();
  });
  // The container's HEALTHCHECK asks the same path in demo mode as in production.
  app.get("/healthz", async (c) => {
    try {
      await deps.storage.ping();
      return c.json({ status: "ok", mode: "demo" });
    } catch (error) {
      return c.json({ status: "degraded", mode: "demo", store: { ok: false, error: (error as Error).message } }, 503);
    }
  });

  const persona = (c: Context): Persona | Failure => {
    const id = userIdParam.safeParse(c.req.param("userId"));
    if (!id.success) return { error: "the chat id must be a positive integer", status: 400 };
    return personas.get(id.data) ?? { error: `no persona with id ${id.data}`, status: 404 };
  };

  for (const [route, asset] of assets) {
    app.get(route, (c) => c.body(asset.body, 200, { "content-type": asset.type, "content-security-policy": CSP, "cache-control": "no-cache" }));
  }

  app.get("/api/state", (c) =>
    c.json({
      bot: { name: emulator.bot.first_name, username: emulator.bot.username ?? "" },
      visit: { title: deps.scenario.visit.title.en, timezone: deps.scenario.visit.timezone },
      personas: personas.list().map(personaView),
      clock: clockNow(),
    }),
  );
  app.get("/api/personas", (c) => c.json({ personas: personas.list().map(personaView) }));

  app.post("/api/personas", async (c) => {
    const body = await readBody(c, schemas.guest);
    if (failed(body)) return fail(c, body);
    const guest = await personas.addGuest(emulator, deps, body.languageCode);
    if (!guest) return fail(c, { error: "the demo has enough guests; use one of them", status: 409 });
    emulator.sendText(guest.userId, "/start");
    hub.publish({ type: "personas", data: personas.list().map(personaView) });
    return c.json({ persona: personaView(guest) }, 201);
  });

  app.get("/api/chats/:userId", (c) => {
    const p = persona(c);
    if (failed(p)) return fail(c, p);
    const pinned = emulator.pinnedMessage(p.userId);
    const action = emulator.chatAction(p.userId);
    return c.json({
      persona: personaView(p),
      messages: emulator.history(p.userId).filter((m) => !m.deleted).map((m) => messageView(m, emulator)),
      pinned: pinned && !pinned.deleted ? messageView(pinned, emulator) : null,
      // Telegram shows a chat action for up to 5 seconds.
      typing: action !== undefined && emulator.now() - action.at < 5000 ? action.action : null,
    });
  });

  app.post("/api/chats/:userId/messages", async (c) => {
    const p = persona(c);
    if (failed(p)) return fail(c, p);
    const body = await readBody(c, schemas.text);
    if (failed(body)) return fail(c, body);
    const target = body.replyTo === undefined ? undefined : emulator.message(p.userId, body.replyTo);
    if (body.replyTo !== undefined && (!target || target.deleted)) return fail(c, { error: `no message #${body.replyTo} to reply to`, status: 404 });
    const { message } = emulator.sendText(p.userId, body.text, body.replyTo === undefined ? {} : { replyToMessageId: body.replyTo });
    return c.json({ message: messageView(message, emulator) }, 201);
  });

  // What a reply keyboard's request_location / request_contact key sends: the persona is at the visit's first venue.
  app.post("/api/chats/:userId/share", async (c) => {
    const p = persona(c);
    if (failed(p)) return fail(c, p);
    const body = await readBody(c, schemas.share);
    if (failed(body)) return fail(c, body);
    const where = deps.scenario.visit.venues[0]?.location ?? { lat: 53.9023, lon: 27.5619 };
    const { message } = body.what === "location"
      ? emulator.sendLocation(p.userId, where.lat, where.lon)
      : emulator.sendContactCard(p.userId, {
        phone_number: `+38160${String(p.userId).slice(-7)}`, first_name: p.firstName, ...(p.lastName ? { last_name: p.lastName } : {}), user_id: p.userId,
      });
    return c.json({ message: messageView(message, emulator) }, 201);
  });

  app.post("/api/chats/:userId/callbacks", async (c) => {
    const p = persona(c);
    if (failed(p)) return fail(c, p);
    const body = await readBody(c, schemas.callback);
    if (failed(body)) return fail(c, body);
    const message = emulator.message(p.userId, body.messageId);
    if (!message || message.deleted) return fail(c, { error: `no message #${body.messageId} in this chat`, status: 404 });
    try {
      const { queryId } = emulator.clickButton(p.userId, body.messageId, body.data);
      return c.json({ queryId }, 202);
    } catch {
      return fail(c, { error: "that message has no such button (any more)", status: 409 });
    }
  });

  app.get("/api/chats/:userId/commands", (c) => {
    const p = persona(c);
    if (failed(p)) return fail(c, p);
    return c.json(commandMenu(emulator, p.userId, p.languageCode));
  });

  app.get("/api/files/:fileId", (c) => {
    const file = emulator.file(c.req.param("fileId"));
    if (!file) return fail(c, { error: "no such file", status: 404 });
    if (file.bytes.byteLength === 0 && file.url && /^https?:/.test(file.url)) return c.redirect(file.url);
    const inline = file.mime.startsWith("image/");
    const name = file.filename.replace(/[^\w.-]+/g, "_");
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": file.mime,
      "content-disposition": `${inline ? "inline" : "attachment"}; filename="${name}"`,
      "x-content-type-options": "nosniff",
    });
  });

  app.get("/api/clock", (c) => (clock ? c.json(clockNow()) : fail(c, { error: "the bot's clock cannot be moved", status: 409 })));
  app.post("/api/clock", async (c) => {
    if (!clock) return fail(c, { error: "the bot's clock cannot be moved", status: 409 });
    const body = await readBody(c, schemas.clock);
    if (failed(body)) return fail(c, body);
    const refused = moveClock(clock, deps.scenario.visit, body.action, body.at);
    if (refused) return fail(c, { error: refused, status: 409 });
    const view = clockNow();
    logger.info({ local: view?.local }, "demo clock moved");
    hub.publish({ type: "clock", data: view });
    onClockMoved?.();
    return c.json(view);
  });

  app.get("/api/events", (c) => hub.stream(c));

  app.all("/api/*", (c) => fail(c, { error: "not found", status: 404 }));
  app.onError((error, c) => {
    logger.error({ err: error, path: c.req.path }, "web chat request failed");
    return c.json({ error: "internal error" }, 500);
  });

  return {
    app,
    hub,
    close() {
      unfollow();
      unwatch();
      hub.close();
    },
  };
}
