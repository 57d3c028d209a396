// Telegram HTML: escaping every inserted value, and splitting long texts below the 4096-character limit.
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"]/g, (ch) => ESCAPES[ch]!);
}

export const MESSAGE_LIMIT = 4096;

/**
 * Splits HTML on paragraph boundaries (blank lines), then lines, so each part stays below `limit`.
 * Our views never open a tag in one paragraph and close it in another, so each part stays balanced.
 */
export function splitMessage(html: string, limit = MESSAGE_LIMIT - 96): string[] {
  if (html.length <= limit) return [html];
  const parts: string[] = [];
  let current = "";
  const push = (piece: string, sep: string) => {
    if (current && current.length + sep.length + piece.length > limit) {
      parts.push(current);
      current = piece;
    } else current = current ? current + sep + piece : piece;
  };
  for (const paragraph of html.split(/\n{2,}/)) {
    if (paragraph.length <= limit) {
      push(paragraph, "\n\n");
      continue;
    }
    for (const line of paragraph.split("\n")) {
      if (line.length <= limit) push(line, "\n");
      else for (const chunk of hardWrap(line, limit)) push(chunk, "\n");
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** Last resort for one enormous line: cut at spaces, never inside a tag or an entity. */
function hardWrap(line: string, limit: number): string[] {
  const plain = line.replace(/<[^>]*>/g, "");
  const chunks: string[] = [];
  let rest = plain;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf(" ", limit);
    if (cut < limit / 2) cut = limit;
    const amp = rest.lastIndexOf("&", cut);
    if (amp > cut - 10 && rest.indexOf(";", amp) >= cut) cut = amp;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}
