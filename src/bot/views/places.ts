// HTML views of venues and contacts, and the native venue/contact cards that go with them.
import { InlineKeyboard } from "grammy";
import { pick, type Lang } from "../../domain/language.ts";
import type { Contact, ContactRole, Venue, Visit } from "../../domain/visit.ts";
import { CONTACT_ROLES } from "../../domain/visit.ts";
import { contactVisibleTo } from "../../domain/agenda.ts";
import { escapeHtml } from "../html.ts";
import { encode } from "../keyboards/callback-data.ts";
import type { Reader } from "./agenda.ts";

export function mapLink(v: Venue): string {
  const { lat, lon } = v.location;
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}

export function renderVenueList(visit: Visit, r: Reader) {
  const lines = [`<b>${r.t("venues.header")}</b>`];
  for (const v of visit.venues) {
    lines.push(`📍 <b>${escapeHtml(pick(v.name, r.lang))}</b>\n${escapeHtml(pick(v.address, r.lang))}`);
  }
  lines.push(r.t("venues.hint"));
  const keyboard = InlineKeyboard.from(
    visit.venues.map((v) => [InlineKeyboard.text(pick(v.name, r.lang).slice(0, 60), encode({ kind: "venue", venueId: v.id }))]),
  );
  return { html: lines.join("\n\n"), keyboard };
}

/** The text sent after the native venue card: how to get there and the entrance. */
export function renderVenueDetail(v: Venue, r: Reader): string {
  const lines = [`<b>${escapeHtml(pick(v.name, r.lang))}</b>`, escapeHtml(pick(v.address, r.lang))];
  if (v.directions) lines.push(`🚶 <b>${r.t("venues.directions")}:</b> ${escapeHtml(pick(v.directions, r.lang))}`);
  if (v.entrance) lines.push(`🚪 <b>${r.t("venues.entrance")}:</b> ${escapeHtml(pick(v.entrance, r.lang))}`);
  lines.push(`<a href="${escapeHtml(mapLink(v))}">${r.t("venues.openMap")}</a>`);
  return lines.join("\n");
}

export function visibleContacts(visit: Visit, r: Reader): Contact[] {
  return visit.contacts.filter((c) => contactVisibleTo(visit, c, r.viewer));
}

const ROLE_ICON: Record<ContactRole, string> = {
  liaison: "🤝", interpreter: "🗣", driver: "🚗", hotel: "🏨", security: "🛡", medical: "⚕️",
  emergency: "🚨", protocol: "📋", other: "☎️",
};

function contactLine(c: Contact, lang: Lang): string {
  const tg = c.telegram ? ` · @${escapeHtml(c.telegram)}` : "";
  const hours = c.hours ? `\n   <i>${escapeHtml(pick(c.hours, lang))}</i>` : "";
  const langs = c.languages.length ? ` · ${escapeHtml(c.languages.join("/"))}` : "";
  return `${ROLE_ICON[c.role]} ${escapeHtml(pick(c.name, lang))} — <code>${escapeHtml(c.phone)}</code>${tg}${langs}${hours}`;
}

/** Contacts grouped by role; emergency numbers always listed first. */
export function renderContacts(visit: Visit, r: Reader) {
  const contacts = visibleContacts(visit, r);
  const emergency = contacts.filter((c) => c.emergency);
  const lines = [`<b>${r.t("contacts.header")}</b>`];
  if (emergency.length) {
    lines.push(`<b>🚨 ${r.t("contacts.emergency")}</b>\n${emergency.map((c) => contactLine(c, r.lang)).join("\n")}`);
  }
  const rows = [];
  for (const role of CONTACT_ROLES) {
    const ofRole = contacts.filter((c) => c.role === role && !c.emergency);
    if (ofRole.length === 0) continue;
    lines.push(`<b>${r.t(`contacts.role.${role}`)}</b>\n${ofRole.map((c) => contactLine(c, r.lang)).join("\n")}`);
    for (const c of ofRole) {
      rows.push([InlineKeyboard.text(`${ROLE_ICON[c.role]} ${pick(c.name, r.lang).slice(0, 50)}`, encode({ kind: "contact", contactId: c.id }))]);
    }
  }
  lines.push(r.t("contacts.hint"));
  return { html: lines.join("\n\n"), keyboard: InlineKeyboard.from(rows) };
}

/** First and last name for Telegram's contact card (it wants them apart). */
export function contactCardNames(c: Contact, r: Reader): { first_name: string; last_name?: string } {
  const name = pick(c.name, r.lang);
  const role = r.t(`contacts.role.${c.role}`);
  return { first_name: name.slice(0, 64), last_name: `(${role})`.slice(0, 64) };
}
