// i18next with the four language variants; Serbian Latin resources are generated from the Cyrillic file at load.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import i18next, { type i18n, type TFunction } from "i18next";
import { LANGS, type Lang } from "../domain/language.ts";
import { cyrillicToLatin } from "../domain/translit.ts";
import { PROJECT_ROOT } from "../config.ts";
import { escapeHtml } from "./html.ts";

export type Translate = TFunction;
export type Resources = Record<string, unknown>;

export const LOCALES_DIR = path.join(PROJECT_ROOT, "locales");
/** Folders written by hand; sr-Latn is derived from sr-Cyrl. */
export const HAND_WRITTEN = ["en", "ru", "sr-Cyrl"] as const;
export type HandWritten = (typeof HAND_WRITTEN)[number];

/**
 * Reads locales/<lang>/*.json: one file per feature, each owning its top-level keys,
 * merged into one resource tree (a key defined by two files is an error).
 */
export function readLocale(name: HandWritten, dir = LOCALES_DIR): Resources {
  const merged: Resources = {};
  for (const file of readdirSync(path.join(dir, name)).filter((f) => f.endsWith(".json")).sort()) {
    const tree = JSON.parse(readFileSync(path.join(dir, name, file), "utf8")) as Resources;
    for (const [key, value] of Object.entries(tree)) {
      if (key in merged) throw new Error(`locales/${name}/${file}: key "${key}" is already defined by another file`);
      merged[key] = value;
    }
  }
  return merged;
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
