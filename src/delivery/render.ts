// Renders stored notices at send time, in the recipient's current language: one renderer per notice kind.
import type { BotDeps } from "../bot/context.ts";
import type { Lang } from "../domain/language.ts";
import type { Translate } from "../bot/i18n.ts";
import { isErased, type Notice, type NoticeKind } from "./outbox.ts";
import type { RenderNotice, RenderedNotice } from "./sender.ts";
import { renderChangeNotice, type ChangePayload } from "../bot/views/changes.ts";
import type { UserProfile } from "../storage/users.ts";

export interface Recipient {
  lang: Lang;
  t: Translate;
  /** Undefined for chats that are not a user's (an organizers' group). */
  profile?: UserProfile;
}

export type NoticeRenderer = (notice: Notice, to: Recipient, deps: BotDeps) => Promise<RenderedNotice | null> | RenderedNotice | null;

/** A plain text notice written through a locale key (escalations, reload reports, relays). */
export interface TextPayload {
  key: string;
  vars?: Record<string, unknown>;
  /** Text inserted verbatim after escaping (a relayed message), appended under the localized line. */
  body?: string;
}

const renderers: Partial<Record<NoticeKind, NoticeRenderer>> = {
  change: (n, to, deps) => {
    const view = renderChangeNotice(n.payload as ChangePayload, deps.scenario.visit, to.lang, to.t);
    return { text: view.html, keyboard: view.keyboard };
  },
};

/** Lets a feature module add the renderer for its notice kind. */
export function registerRenderer(kind: NoticeKind, renderer: NoticeRenderer): void {
  renderers[kind] = renderer;
}

export function createRenderer(deps: BotDeps): RenderNotice {
  return async (notice) => {
    const renderer = renderers[notice.kind];
    if (!renderer) throw new Error(`no renderer for notice kind ${notice.kind}`);
    if (isErased(notice.payload)) return null; // /forget or the purge erased it while it was in flight
    const profile = notice.userId !== undefined ? await deps.users.get(notice.userId) : undefined;
    // A user who asked to be forgotten gets nothing more.
    if (notice.userId !== undefined && !profile) return null;
    const lang = profile?.lang ?? "en";
    return renderer(notice, { lang, t: deps.i18n.t(lang), profile }, deps);
  };
}
