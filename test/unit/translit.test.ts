import { describe, expect, it } from "vitest";
import { cyrillicToLatin, latinToCyrillicFold } from "../../src/domain/translit.ts";

describe("Serbian Cyrillic to Latin", () => {
  it("maps every letter of the alphabet", () => {
    expect(cyrillicToLatin("абвгдђежзијклљмнњопрстћуфхцчџш")).toBe("abvgdđežzijklljmnnjoprstćufhcčdžš");
  });
  it("writes the digraphs title-case at the start of a capitalised word", () => {
    expect(cyrillicToLatin("Љубљана Њујорк Џамија")).toBe("Ljubljana Njujork Džamija");
  });
  it("writes the digraphs all-caps inside an all-caps word", () => {
    expect(cyrillicToLatin("ЉУБЉАНА, ЊЕГОШ, ЏЕП")).toBe("LJUBLJANA, NJEGOŠ, DŽEP");
  });
  it("treats a lone capital digraph before a capital word as all-caps only when the word is", () => {
    expect(cyrillicToLatin("Љ")).toBe("Lj");
    expect(cyrillicToLatin("ДЕЈАН РИСТИЋ")).toBe("DEJAN RISTIĆ");
  });
  it("leaves Latin text, digits, markup and placeholders alone", () => {
    expect(cyrillicToLatin("<b>{{name}}</b> 5G и IoT, /today")).toBe("<b>{{name}}</b> 5G i IoT, /today");
  });
  it("transliterates the minister's name", () => {
    expect(cyrillicToLatin("Министар Дејан Ристић")).toBe("Ministar Dejan Ristić");
  });
});

describe("Serbian Latin folded to Cyrillic for matching", () => {
  it("folds digraphs and diacritics", () => {
    expect(latinToCyrillicFold("Ljubljana Džamija Ćuprija")).toBe("љубљана џамија ћуприја");
  });
  it("round-trips generated Latin back to lower-case Cyrillic", () => {
    const cyr = "Колико људи користи е-управу у Србији?";
    expect(latinToCyrillicFold(cyrillicToLatin(cyr))).toBe(cyr.toLowerCase());
  });
});

describe("Russian letters in a Serbian text", () => {
  it("are still shown in Latin, so a Latin reader never sees Cyrillic", () => {
    expect(cyrillicToLatin("Шульган Юрьевич Яковлев")).toBe("Šulgan Jurevič Jakovlev");
  });
});
