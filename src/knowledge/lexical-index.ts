// BM25 over one source language's passages (MiniSearch), plus how much of a question a passage covers.
import MiniSearch from "minisearch";
import type { SourceLang } from "../domain/language.ts";
import { analyze } from "./analyze.ts";
import { passageText, type Passage } from "./passage.ts";

export interface LexicalHit {
  passage: Passage;
  score: number;
  /** Share (0–1) of the question's IDF weight found in the passage: the confidence measure. */
  coverage: number;
}

interface IndexedDoc {
  id: number;
  title: string;
  heading: string;
  text: string;
}

export class LexicalIndex {
  readonly lang: SourceLang;
  private readonly passages: Passage[];
  private readonly search: MiniSearch<IndexedDoc>;
  private readonly docFreq = new Map<string, number>();
  private readonly prefixFreqs = new Map<string, number>();

  constructor(lang: SourceLang, passages: Passage[]) {
    this.lang = lang;
    this.passages = passages;
    const tokenize = (text: string) => analyze(text, lang);
    this.search = new MiniSearch<IndexedDoc>({
      fields: ["title", "heading", "text"],
      tokenize,
      processTerm: (term) => term,
      searchOptions: {
        tokenize,
        processTerm: (term) => term,
        boost: { title: 2, heading: 1.5, text: 1 },
        // Stems of one word can differ by a letter or two across its forms ("aerodr" / "aerodrom").
        prefix: (term) => term.length >= 4,
        fuzzy: (term) => (term.length >= 7 ? 1 : false),
        weights: { prefix: 0.5, fuzzy: 0.3 },
        combineWith: "OR",
      },
    });
    this.search.addAll(
      passages.map((p, id) => ({ id, title: p.title, heading: p.heading ?? "", text: passageText(p) })),
    );
    for (const p of passages) {
      for (const term of new Set(analyze(`${p.title} ${p.heading ?? ""} ${passageText(p)}`, lang))) {
        this.docFreq.set(term, (this.docFreq.get(term) ?? 0) + 1);
      }
    }
  }

  get size(): number {
    return this.passages.length;
  }

  /** BM25's inverse document frequency; a term the visit never mentions weighs the most. */
  idf(term: string): number {
    const n = this.passages.length;
    const df = this.docFreq.get(term) ?? this.prefixFreq(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** A scan of the whole vocabulary, so remembered: the index never changes once built. */
  private prefixFreq(term: string): number {
    if (term.length < 4) return 0;
    let best = this.prefixFreqs.get(term);
    if (best !== undefined) return best;
    best = 0;
    for (const [t, df] of this.docFreq) if (t.startsWith(term) && df > best) best = df;
    if (this.prefixFreqs.size >= 10_000) this.prefixFreqs.clear();
    this.prefixFreqs.set(term, best);
    return best;
  }

  /**
   * Passages matching `query` (a question, without its day words), best first; `allow` filters by audience.
   * `soft` terms (what is asked: "time", "address") count towards coverage only where they match.
   */
  query(
    query: string,
    allow: (p: Passage) => boolean,
    { limit = 10, soft = new Set<string>(), exact = false }: { limit?: number; soft?: ReadonlySet<string>; exact?: boolean } = {},
  ): LexicalHit[] {
    const terms = [...new Set(analyze(query, this.lang))];
    if (terms.length === 0) return [];
    const results = this.search.search(query, {
      filter: (r) => allow(this.passages[r.id as number]!),
      ...(exact ? { prefix: false, fuzzy: false } : {}),
    });
    const weights = terms.map((t) => this.idf(t));
    return results.slice(0, limit).map((r) => {
      const matched = new Set(r.queryTerms);
      let total = 0;
      let covered = 0;
      for (const [i, t] of terms.entries()) {
        const w = weights[i]!;
        if (matched.has(t)) covered += w;
        if (matched.has(t) || !soft.has(t)) total += w;
      }
      return { passage: this.passages[r.id as number]!, score: r.score, coverage: total > 0 ? covered / total : 0 };
    });
  }
}
