// /venues and /contacts: lists, native venue cards (map pins) and contact cards (tap to call).
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { pick } from "../../domain/language.ts";
import { decode } from "../keyboards/callback-data.ts";
import { replyHtml } from "../reply.ts";
import { contactCardNames, renderContacts, renderVenueDetail, renderVenueList, visibleContacts } from "../views/places.ts";

export const places = new Composer<BotContext>();

const reader = (ctx: BotContext) => ({ lang: ctx.lang, t: ctx.t, viewer: ctx.viewer });

places.command(["venues", "places"], async (ctx) => {
  const view = renderVenueList(ctx.deps.scenario.visit, reader(ctx));
  await replyHtml(ctx, view.html, view.keyboard);
});

places.command(["contacts", "phones"], async (ctx) => {
  const view = renderContacts(ctx.deps.scenario.visit, reader(ctx));
  await replyHtml(ctx, view.html, view.keyboard);
});

places.on("callback_query:data", async (ctx, next) => {
  const cb = decode(ctx.callbackQuery.data);
  const visit = ctx.deps.scenario.visit;
  if (cb?.kind === "venues" || cb?.kind === "contacts") {
    await ctx.answerCallbackQuery();
    const view = cb.kind === "venues" ? renderVenueList(visit, reader(ctx)) : renderContacts(visit, reader(ctx));
    return replyHtml(ctx, view.html, view.keyboard);
  }
  if (cb?.kind === "venue") {
    const venue = visit.venues.find((v) => v.id === cb.venueId);
    if (!venue) return ctx.answerCallbackQuery({ text: ctx.t("errors.staleButton") });
    await ctx.answerCallbackQuery();
    await ctx.replyWithVenue(
      venue.location.lat,
      venue.location.lon,
      pick(venue.name, ctx.lang).slice(0, 256),
      pick(venue.address, ctx.lang).slice(0, 256),
    );
    return replyHtml(ctx, renderVenueDetail(venue, reader(ctx)));
  }
  if (cb?.kind === "contact") {
    const contact = visibleContacts(visit, reader(ctx)).find((c) => c.id === cb.contactId);
    if (!contact) return ctx.answerCallbackQuery({ text: ctx.t("errors.staleButton") });
    await ctx.answerCallbackQuery();
    const names = contactCardNames(contact, reader(ctx));
    return void (await ctx.replyWithContact(contact.phone, names.first_name, names.last_name ? { last_name: names.last_name } : {}));
  }
  return next();
});
