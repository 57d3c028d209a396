// Optional dense retrieval: passage embeddings from the configured model, ranked by cosine similarity.
import { passageText, type Passage } from "./passage.ts";
import type { LlmClient } from "./llm.ts";

const BATCH = 64;

export interface DenseIndex {
  /** Passage keys closest to the question, best first (one entry per key). */
  rank(question: string, limit?: number): Promise<string[]>;
}

function norm(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s) || 1;
}

/** Embeds every passage (in batches); throws the client's LlmError if the server fails. */
export async function buildDenseIndex(embed: NonNullable<LlmClient["embed"]>, passages: readonly Passage[]): Promise<DenseIndex> {
  const vectors: Array<{ key: string; v: number[]; n: number }> = [];
  for (let i = 0; i < passages.length; i += BATCH) {
    const batch = passages.slice(i, i + BATCH);
    const embedded = await embed(batch.map((p) => `${p.title}\n${passageText(p)}`));
    embedded.forEach((v, j) => vectors.push({ key: batch[j]!.key, v, n: norm(v) }));
  }
  return {
    async rank(question, limit = 20) {
      const [q] = await embed([question]);
      if (!q) return [];
      const qn = norm(q);
      const best = new Map<string, number>();
      for (const { key, v, n } of vectors) {
        let dot = 0;
        for (let i = 0; i < Math.min(v.length, q.length); i++) dot += v[i]! * q[i]!;
        const cos = dot / (n * qn);
        if (cos > (best.get(key) ?? -Infinity)) best.set(key, cos);
      }
      return [...best.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([key]) => key);
    },
  };
}
