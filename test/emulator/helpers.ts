// Shared fixtures for emulator tests: an emulator on loopback, grammY bots polling it, raw Bot API calls.
import { Bot } from 'grammy';
import { createEmulator } from '../../src/emulator/index.ts';
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.ts';

export const TOKEN = '123:ABC';

export interface Harness {
  emu: Emulator;
  apiRoot: string;
  /** A started (long polling) grammY bot; `setup` registers handlers before polling begins. */
  startBot(setup?: (bot: Bot) => void): Promise<Bot>;
  /** A grammY bot that is not polling (for bot.api calls). */
  apiBot(token?: string): Bot;
  /** Raw Bot API call with a JSON body; returns HTTP status and parsed body. */
  call(method: string, params?: Record<string, unknown>, token?: string): Promise<{ status: number; body: ApiBody }>;
  stop(): Promise<void>;
}

export interface ApiBody {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

export async function harness(options?: EmulatorOptions): Promise<Harness> {
  const emu = createEmulator(options);
  const { apiRoot } = await emu.listen();
  const bots: Bot[] = [];
  const running: Array<Promise<void>> = [];
  const h: Harness = {
    emu,
    apiRoot,
    async startBot(setup) {
      const bot = new Bot(TOKEN, { client: { apiRoot } });
      setup?.(bot);
      bot.catch((err) => {
        console.error('bot error', err.error);
      });
      bots.push(bot);
      await new Promise<void>((resolve, reject) => {
        running.push(bot.start({ onStart: () => resolve(), timeout: 10 }).catch(reject));
      });
      return bot;
    },
    apiBot(token = TOKEN) {
      return new Bot(token, { client: { apiRoot } });
    },
    async call(method, params = {}, token = TOKEN) {
      const res = await fetch(`${apiRoot}/bot${token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
      });
      return { status: res.status, body: (await res.json()) as ApiBody };
    },
    async stop() {
      for (const bot of bots) if (bot.isRunning()) await bot.stop();
      await Promise.allSettled(running);
      await emu.close();
    },
  };
  return h;
}
