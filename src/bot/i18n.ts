// i18next with the four language variants; Serbian Latin resources are generated from the Cyrillic file at load.
import { readFileSync } from "node:fs";
import path from "node:path";
import i18next, { type i18n, type TFunction } from "i18next";
import { LANGS, type Lang } from "../domain/language.ts";
import { cyrillicToLatin } from "../domain/translit.ts";
import { PROJECT_ROOT } from "../config.ts";
import { escapeHtml } from "./html.ts";

export type Translate = TFunction;
export type Resources = Record<string, unknown>;

export const LOCALES_DIR = path.join(PROJECT_ROOT, "locales");
/** Files written by hand; sr-Latn is derived from sr-Cyrl. */
export const LOCALE_FILES = { en: "en.json", ru: "ru.json", "sr-Cyrl": "sr-Cyrl.json" } as const;

export function readLocale(name: keyof typeof LOCALE_FILES): Resources {
  return JSON.parse(readFileSync(path.join(LOCALES_DIR, LOCALE_FILES[name]), "utf8")) as Resources;
}

/** Deep-maps every string of a resource tree (used for Cyrillic → Latin). */
export function mapStrings(tree: Resources, fn: (s: string) => string): Resources {
  return Object.fromEntries(
    Object.entries(tree).map(([k, v]) => [
      k,
      typeof v === "string" ? fn(v) : v && typeof v === "object" ? mapStrings(v as Resources, fn) : v,
    ]),
  );
}

export function loadResources(): Record<Lang, Resources> {
  const cyrl = readLocale("sr-Cyrl");
  return {
    en: readLocale("en"),
    ru: readLocale("ru"),
    "sr-Cyrl": cyrl,
    "sr-Latn": mapStrings(cyrl, cyrillicToLatin),
  };
}

export interface I18n {
  t(lang: Lang): Translate;
  readonly instance: i18n;
}

export async function createI18n(resources: Record<Lang, Resources> = loadResources()): Promise<I18n> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(LANGS.map((l) => [l, { translation: resources[l] }])),
    lng: "en",
    fallbackLng: "en",
    supportedLngs: [...LANGS],
    // Every interpolated value is escaped for Telegram HTML; {{- x}} is only used for fragments we built.
    interpolation: { escapeValue: true, escape: escapeHtml },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<i18n["init"]>[0]);
  const cache = new Map<Lang, Translate>();
  return {
    instance,
    t(lang) {
      let t = cache.get(lang);
      if (!t) {
        t = instance.getFixedT(lang);
        cache.set(lang, t);
      }
      return t;
    },
  };
}
