// Telegram HTML: escaping every inserted value, and splitting long texts below the 4096-character limit
// into parts that are each valid on their own (tags open across a cut are closed and reopened).
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"]/g, (ch) => ESCAPES[ch]!);
}

export const MESSAGE_LIMIT = 4096;
/** Room kept in each part for the tags that close it and reopen in the next. */
const TAG_ROOM = 256;

const TAG = /<(\/?)([a-z][a-z0-9-]*)[^>]*>/g;

/** The tags still open after `html`, given those open before it (outermost first, as written). */
function openTagsAfter(html: string, open: string[]): string[] {
  const stack = [...open];
  for (const m of html.matchAll(TAG)) {
    if (m[1] === "/") {
      const at = stack.map((t) => tagName(t)).lastIndexOf(m[2]!);
      if (at >= 0) stack.splice(at, 1);
    } else stack.push(m[0]);
  }
  return stack;
}

const tagName = (openTag: string) => /^<([a-z][a-z0-9-]*)/.exec(openTag)![1]!;
const closing = (open: string[]) => [...open].reverse().map((t) => `</${tagName(t)}>`).join("");

/** Is `i` inside a tag or an entity of `html`? A cut there would break it. */
function insideMarkup(html: string, i: number): boolean {
  const lt = html.lastIndexOf("<", i - 1);
  if (lt >= 0 && html.indexOf(">", lt) >= i) return true;
  const amp = html.lastIndexOf("&", i - 1);
  return amp >= 0 && i - amp <= 10 && /^&#?[a-z0-9]+;/i.test(html.slice(amp, amp + 12)) && html.indexOf(";", amp) >= i;
}

/** The best place to cut `html` at or before `max`: a blank line, a line break, a space, or anywhere safe. */
function cutPoint(html: string, from: number, max: number): number {
  for (const sep of ["\n\n", "\n", " "]) {
    const at = html.lastIndexOf(sep, max);
    if (at > from + (max - from) / 3 && !insideMarkup(html, at)) return at;
  }
  let at = max;
  while (at > from + 1 && insideMarkup(html, at)) at--;
  return at;
}

/**
 * Splits HTML into parts below `limit` characters, preferring paragraph boundaries, then lines, then spaces.
 * A tag open across a cut is closed at the end of one part and reopened at the start of the next, so every
 * part is valid Telegram HTML on its own.
 */
export function splitMessage(html: string, limit = MESSAGE_LIMIT - 96): string[] {
  if (html.length <= limit) return [html];
  const parts: string[] = [];
  let open: string[] = [];
  let pos = 0;
  while (pos < html.length) {
    const reopen = open.join("");
    const budget = limit - reopen.length - TAG_ROOM;
    if (html.length - pos <= budget) {
      parts.push(reopen + html.slice(pos));
      break;
    }
    const cut = cutPoint(html, pos, pos + budget);
    const raw = html.slice(pos, cut);
    const after = openTagsAfter(raw, open);
    const part = (reopen + raw).trimEnd() + closing(after);
    if (part.replace(/<[^>]*>/g, "").trim()) parts.push(part);
    open = after;
    pos = cut;
    while (pos < html.length && /\s/.test(html[pos]!)) pos++;
  }
  return parts;
}
