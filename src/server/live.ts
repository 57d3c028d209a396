// Live updates of the web chat: emulator events in the personas' chats (and demo-clock moves) turned into
// server-sent events for every open page.
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { Emulator, EmulatorEvents } from "../emulator/index.ts";
import type { PersonaRegistry } from "./personas.ts";
import { messageView } from "./views.ts";

export type LiveEventType = "message" | "edit" | "delete" | "pin" | "callbackAnswer" | "chatAction" | "clock" | "personas";

export interface LiveEvent {
  type: LiveEventType;
  data: unknown;
}

const KEEPALIVE_MS = 15_000;

export class LiveHub {
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private readonly streams = new Set<() => void>();

  publish(event: LiveEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Relays what happens in the personas' private chats; returns the function that stops relaying. */
  follow(emulator: Emulator, personas: PersonaRegistry): () => void {
    const ours = (chatId: number) => personas.get(chatId) !== undefined;
    const handlers: { [K in keyof EmulatorEvents]?: (...args: EmulatorEvents[K]) => void } = {
      message: (m) => {
        if (ours(m.chatId)) this.publish({ type: "message", data: messageView(m, emulator) });
      },
      edit: (m) => {
        if (ours(m.chatId) && !m.deleted) this.publish({ type: "edit", data: messageView(m, emulator) });
      },
      delete: (m) => {
        if (ours(m.chatId)) this.publish({ type: "delete", data: { chatId: m.chatId, id: m.id } });
      },
      pin: (e) => {
        if (!ours(e.chatId)) return;
        const pinned = emulator.pinnedMessage(e.chatId);
        this.publish({ type: "pin", data: { chatId: e.chatId, pinned: pinned && !pinned.deleted ? messageView(pinned, emulator) : null } });
      },
      callbackAnswer: (a) => {
        const chatId = a.query?.message?.chat.id ?? a.query?.from.id;
        if (chatId === undefined || !ours(chatId)) return;
        this.publish({
          type: "callbackAnswer",
          data: { chatId, queryId: a.callback_query_id, text: a.text ?? "", showAlert: a.show_alert === true, url: a.url ?? null },
        });
      },
      chatAction: (e) => {
        if (ours(e.chatId)) this.publish({ type: "chatAction", data: { chatId: e.chatId, action: e.action } });
      },
    };
    const names = Object.keys(handlers) as Array<keyof EmulatorEvents>;
    for (const name of names) emulator.on(name, handlers[name] as never);
    return () => {
      for (const name of names) emulator.off(name, handlers[name] as never);
    };
  }

  /** The SSE endpoint: a `ready` event, then every live event, with a keep-alive comment so proxies keep it open. */
  stream(c: Context): Response {
    return streamSSE(c, async (stream) => {
      const unsubscribe = this.subscribe((event) => {
        stream.writeSSE({ event: event.type, data: JSON.stringify(event.data) }).catch(() => {});
      });
      try {
        await stream.writeSSE({ event: "ready", data: "{}" });
        await new Promise<void>((resolve) => {
          const ping = setInterval(() => void stream.write(": keep-alive\n\n").catch(() => {}), KEEPALIVE_MS);
          const end = () => {
            clearInterval(ping);
            this.streams.delete(end);
            resolve();
          };
          this.streams.add(end);
          stream.onAbort(end);
        });
      } finally {
        unsubscribe();
      }
    });
  }

  /** Ends every open stream (the server is stopping). */
  close(): void {
    for (const end of [...this.streams]) end();
  }
}
