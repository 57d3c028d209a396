import { describe, expect, it } from "vitest";
import { HAND_WRITTEN, loadResources, readLocale, type Resources } from "../../src/bot/i18n.ts";

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** key → sorted interpolation variables; plural forms collapse to their base key. */
function shape(tree: Resources, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") {
      const vars = [...v.matchAll(/\{\{-?\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();
      const base = key.replace(PLURAL, "");
      out.set(base, [...new Set([...(out.get(base)?.split(",").filter(Boolean) ?? []), ...vars])].sort().join(","));
    } else if (v && typeof v === "object") for (const [kk, vv] of shape(v as Resources, key)) out.set(kk, vv);
  }
  return out;
}

describe("locales", () => {
  const en = shape(readLocale("en"));
  for (const name of HAND_WRITTEN) {
    it(`${name} has exactly the keys and interpolation variables of English`, () => {
      const other = shape(readLocale(name));
      expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
      for (const [key, vars] of en) expect({ key, vars: other.get(key) }).toEqual({ key, vars });
    });
  }
  it("gives every plural key all the forms its language needs", () => {
    for (const [name, locale] of [["ru", "ru"], ["sr-Cyrl", "sr"], ["en", "en"]] as const) {
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      const flat = JSON.stringify(readLocale(name));
      for (const base of ["minutes", "hours"]) {
        for (const c of categories) expect(flat, `${name} ${base}_${c}`).toContain(`"${base}_${c}"`);
      }
    }
  });
  it("derives Serbian Latin from Cyrillic: no Cyrillic letter survives", () => {
    const latn = JSON.stringify(loadResources()["sr-Latn"]);
    expect(latn).not.toMatch(/\p{Script=Cyrillic}/u);
    expect(latn).toContain("Program za danas");
  });
});
