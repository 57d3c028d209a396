import { describe, expect, it } from "vitest";
import { basicFold, foldDiacritics, foldSerbian, sentences } from "../../src/knowledge/normalize.ts";
import { analyze, stemSerbianFolded, stemWord } from "../../src/knowledge/analyze.ts";

describe("normalisation", () => {
  it("lower-cases and folds ё to е", () => {
    expect(basicFold("Ковалёва ЁЛКА")).toBe("ковалева елка");
  });

  it("folds Serbian Cyrillic, Latin and diacritic-less Latin to one form", () => {
    expect(foldSerbian("Ручак у Министарству")).toBe("rucak u ministarstvu");
    expect(foldSerbian("Ručak u Ministarstvu")).toBe("rucak u ministarstvu");
    expect(foldSerbian("rucak u ministarstvu")).toBe("rucak u ministarstvu");
    expect(foldSerbian("Ђорђевић")).toBe(foldSerbian("Djordjevic"));
  });

  it("drops diacritics from Latin but leaves Cyrillic letters alone", () => {
    expect(foldDiacritics("ristić café")).toBe("ristic cafe");
    expect(foldDiacritics("йод")).toBe("йод");
  });

  it("splits sentences without breaking times or decimals", () => {
    expect(sentences("Lunch is at 13:30. More than 2.3 million people use it.", "en")).toEqual([
      "Lunch is at 13:30.",
      "More than 2.3 million people use it.",
    ]);
  });
});

describe("stemming and analysis", () => {
  it("gives a Serbian question the same terms in Cyrillic, Latin and Latin without diacritics", () => {
    const cyr = analyze("Где је сутрашњи ручак у министарству?", "sr");
    expect(analyze("Gde je sutrašnji ručak u ministarstvu?", "sr")).toEqual(cyr);
    expect(analyze("Gde je sutrasnji rucak u ministarstvu?", "sr")).toEqual(cyr);
    expect(cyr.length).toBeGreaterThan(0);
  });

  it("brings a Serbian noun's cases together (hotel/hotela/hotelu, ručak/ručka)", () => {
    const stems = (ws: string[]) => new Set(ws.map((w) => stemSerbianFolded(foldSerbian(w))));
    expect(stems(["hotel", "hotela", "hotelu", "хотелом"]).size).toBe(1);
    expect(stems(["ručak", "ručka", "ručku"]).size).toBe(1);
    expect(stems(["sastanak", "sastanka", "састанку"]).size).toBe(1);
  });

  it("stems Russian case forms together", () => {
    expect(stemWord("министерстве", "ru")).toBe(stemWord("министерство", "ru"));
    expect(stemWord("делегацию", "ru")).toBe(stemWord("делегация", "ru"));
    expect(stemWord("Ковалёвой", "ru")).toBe(stemWord("ковалевой", "ru"));
  });

  it("stems English and reads possessives as the noun", () => {
    expect(analyze("tomorrow's meetings", "en")).toEqual(analyze("tomorrow meeting", "en"));
  });

  it("drops stop words and keeps names and numbers", () => {
    expect(analyze("What is the phone of Dejan Ristić?", "en")).toEqual(["phone", "dejan", "ristic"]);
    expect(analyze("Где будет обед в 13:30?", "ru")).toEqual(["обед", "13", "30"]);
  });

  it("keeps a hyphenated word whole and by its parts", () => {
    expect(analyze("e-uprava", "sr")).toEqual(["e-uprav", "uprav"]);
  });
});
