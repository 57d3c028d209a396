// The webhook baseline, run by bench/webhook.ts as its own process: a bare grammY bot with an in-memory session
// behind grammY's webhookCallback on node:http, answering each update with one sendMessage to the Bot API at
// BOT_API_ROOT. Prints {"port": …} once listening.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, session, webhookCallback, type Context, type SessionFlavor } from "grammy";

type BareContext = Context & SessionFlavor<{ updates: number }>;

const bot = new Bot<BareContext>(process.env.BOT_TOKEN!, { client: { apiRoot: process.env.BOT_API_ROOT! } });
bot.use(session({ initial: () => ({ updates: 0 }) }));
bot.use(async (ctx) => {
  ctx.session.updates++;
  await ctx.api.sendMessage(ctx.chat!.id, `update ${ctx.session.updates}`);
});
await bot.init();
const server = createServer(webhookCallback(bot, "http", { secretToken: process.env.WEBHOOK_SECRET! }));
server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`));
process.once("SIGTERM", () => server.close(() => process.exit(0)));
