// Checks a model's reply: a decline, or an answer whose citations name given passages and whose numbers appear in them.
import { passageText, type Passage } from "./passage.ts";
import { NO_ANSWER } from "./prompt.ts";

export type CheckedReply =
  | { kind: "declined" }
  /** `text` has citations renumbered 1..k in order of first use; `cited[i]` is the passage of [i+1]. */
  | { kind: "answer"; text: string; cited: Passage[] }
  | { kind: "uncertain"; reason: "noCitation" | "unsupportedNumber" | "empty" };

const CITATION = /\[(\d{1,2}(?:\s*,\s*\d{1,2})*)\]/g;
const MAX_ANSWER = 1500;

/** Phone numbers and clock times in a text, digits only ("+375 29 000-01-01" → "375290000101"). */
function numbersIn(text: string): string[] {
  const phones = text.match(/\+?\d[\d\s()-]{5,}\d/g) ?? [];
  const times = text.match(/\b\d{1,2}[:.]\d{2}\b/g) ?? [];
  return [...phones, ...times].map((n) => n.replace(/\D/g, "").replace(/^0(?=\d{3}$)/, ""));
}

export function checkReply(reply: string, passages: readonly Passage[]): CheckedReply {
  const raw = reply.trim();
  if (raw === "" ) return { kind: "uncertain", reason: "empty" };
  if (raw.toUpperCase().startsWith(NO_ANSWER) || raw.replace(/[\s.]/g, "").toUpperCase() === NO_ANSWER) {
    return { kind: "declined" };
  }
  const order: number[] = [];
  const text = raw
    .replace(/\*\*|__|`/g, "")
    .replace(CITATION, (_, list: string) => {
      const valid = list
        .split(",")
        .map((n) => Number(n.trim()))
        .filter((n) => n >= 1 && n <= passages.length);
      if (valid.length === 0) return "";
      return valid
        .map((n) => {
          if (!order.includes(n)) order.push(n);
          return `[${order.indexOf(n) + 1}]`;
        })
        .join("");
    })
    .replace(/[ \t]+([.,;:!?])/g, "$1")
    .replace(/[ \t]{2,}/g, " ")
    .trim()
    .slice(0, MAX_ANSWER);
  if (order.length === 0) return { kind: "uncertain", reason: "noCitation" };
  const cited = order.map((n) => passages[n - 1]!);
  // A phone number or a time the cited passages do not contain was made up.
  const support = numbersIn(cited.map(passageText).join(" ")).join(" ");
  const allowed = new Set(numbersIn(cited.map(passageText).join(" ")));
  for (const n of numbersIn(text)) {
    if (!allowed.has(n) && !support.includes(n)) return { kind: "uncertain", reason: "unsupportedNumber" };
  }
  return { kind: "answer", text, cited };
}
