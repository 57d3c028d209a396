// /announce: audience (everyone, a group, a person) → the text → a preview in every language → Send once.
import type { Context } from "grammy";
import type { BotContext } from "../context.ts";
import { pick } from "../../domain/language.ts";
import { EVERYONE, type Audience } from "../../domain/visit.ts";
import { replyHtml } from "../reply.ts";
import { composeAnnouncement, previewAnnouncement } from "../features/organizer/announcements.ts";
import { auditAction } from "../features/organizer/audit.ts";
import { stepKeyboard, steps, wizardButton, type Wizard, type WizardStart } from "./steps.ts";

const MAX_LENGTH = 3000;

export async function announceWizard(conversation: Wizard, _ctx: Context, start: WizardStart = {}): Promise<void> {
  const s = steps(conversation, "announce");
  await s.run((ctx) => auditAction(ctx, "announce.wizard"));
  await s.run(askAudience);
  let audience: Audience | undefined;
  while (!audience) {
    const choice = await s.choose("audience", "group");
    if (choice.step === "group") audience = { everyone: false, groups: [choice.value], people: [] };
    else if (choice.value === "all") audience = EVERYONE;
    else {
      await s.run(askPerson);
      audience = { everyone: false, groups: [], people: [(await s.choose("person")).value] };
    }
  }
  let text = start.text?.trim();
  if (!text) {
    await s.run(askText);
    text = await s.typed();
  }
  // Room for the title and the language label in one Telegram message, whatever the translation adds.
  while (text.length > MAX_LENGTH) {
    const length = text.length;
    await s.run((ctx) => replyHtml(ctx, ctx.t("announce.tooLong", { length, max: MAX_LENGTH }), stepKeyboard(ctx.t, [])));
    text = await s.typed();
  }
  const written = text;
  const composed = await s.run((ctx) => composeAnnouncement(ctx, written));
  const to = audience;
  await s.run((ctx) => previewAnnouncement(ctx, to, composed));
}

async function askAudience(ctx: BotContext): Promise<void> {
  const visit = ctx.deps.scenario.visit;
  const buttons = [
    wizardButton(`👥 ${ctx.t("announce.everyone")}`, "audience", "all"),
    ...visit.groups.map((g) => wizardButton(pick(g.name, ctx.lang), "group", g.id)),
    wizardButton(`👤 ${ctx.t("announce.aPerson")}`, "audience", "people"),
  ];
  await replyHtml(ctx, ctx.t("announce.pickAudience"), stepKeyboard(ctx.t, buttons));
}

async function askPerson(ctx: BotContext): Promise<void> {
  const people = ctx.deps.scenario.visit.people;
  await replyHtml(ctx, ctx.t("announce.pickPerson"), stepKeyboard(ctx.t, people.map((p) => wizardButton(pick(p.name, ctx.lang), "person", p.id))));
}

async function askText(ctx: BotContext): Promise<void> {
  await replyHtml(ctx, ctx.t(ctx.deps.llm ? "announce.askText" : "announce.askTextAsWritten"), stepKeyboard(ctx.t, []));
}
