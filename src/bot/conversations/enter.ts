// Opening a wizard from any organizer handler (a command, a preview's Edit button): the one already open closes.
import type { ConversationFlavor } from "@grammyjs/conversations";
import type { BotContext } from "../context.ts";
import type { WizardName, WizardStart } from "./steps.ts";

export async function openWizard(ctx: BotContext, name: WizardName, start: WizardStart = {}): Promise<void> {
  // Installed for organizers in private chats only (src/bot/conversations/index.ts), after the guard.
  const controls = (ctx as Partial<ConversationFlavor<BotContext>>).conversation;
  if (!controls) throw new Error(`the ${name} wizard is for organizers in a private chat`);
  await controls.exitAll();
  await controls.enter(name, start);
}
