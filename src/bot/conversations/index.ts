// The organizer wizards (/change, /announce) on @grammyjs/conversations. Installed after the organizer guard
// and for organizers only: a delegate's update never touches a wizard, so no question of theirs is swallowed.
import { Composer, type Context } from "grammy";
import { conversations, createConversation, type ConversationFlavor } from "@grammyjs/conversations";
import type { BotContext } from "../context.ts";
import { replyHtml } from "../reply.ts";
import { wizardStorage } from "./storage.ts";
import { changeWizard } from "./change.ts";
import { announceWizard } from "./announce.ts";
import { openWizard } from "./enter.ts";

type OrganizerContext = ConversationFlavor<BotContext>;

/** A wizard left waiting this long is closed by the next update, which then goes to the rest of the bot. */
const MAX_WAIT_MS = 2 * 3_600_000;

const wizards = new Composer<OrganizerContext>();
wizards.use(conversations<BotContext, Context>({ storage: wizardStorage() }));
wizards.use(createConversation<BotContext, Context>(changeWizard, { id: "change", maxMillisecondsToWait: MAX_WAIT_MS }));
wizards.use(createConversation<BotContext, Context>(announceWizard, { id: "announce", maxMillisecondsToWait: MAX_WAIT_MS }));

wizards.command("change", async (ctx) => {
  const eventId = ctx.match.trim().split(/\s+/)[0];
  await openWizard(ctx, "change", eventId ? { eventId } : {});
});
wizards.command("announce", async (ctx) => {
  const text = ctx.match.trim();
  await openWizard(ctx, "announce", text ? { text } : {});
});
// Inside a wizard /stop leaves it (src/bot/conversations/steps.ts); here none is open.
wizards.command("stop", (ctx) => replyHtml(ctx, ctx.t("wizard.noneOpen")));

export const organizerWizards = new Composer<BotContext>();
organizerWizards.filter((ctx) => ctx.viewer.organizer, wizards as unknown as Composer<BotContext>);
