// Message text + Telegram entities → a tree of a few safe element kinds. The browser builds DOM nodes from it with
// textContent only, so the bot's HTML is never parsed by the page and links keep to http/https/tg/tel.
// Pure (no DOM): the tests run it in Node, the page imports it as a module.

export interface Entity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
}

export type Tag = "b" | "i" | "u" | "s" | "code" | "pre" | "a" | "blockquote" | "span";

export interface ElementNode {
  tag: Tag;
  className?: string;
  href?: string;
  /** A /command the reader can tap to send, like in Telegram. */
  command?: string;
  children: TextNode[];
}

export type TextNode = string | ElementNode;

const SCHEMES = new Set(["http:", "https:", "tg:", "tel:"]);

/** The link if its scheme is http, https, tg or tel; anything else (javascript:, data:, mailto:…) is refused. */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return SCHEMES.has(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const SIMPLE: Record<string, Tag> = {
  bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
  blockquote: "blockquote", expandable_blockquote: "blockquote",
};

function wrap(entity: Entity, inner: string, children: TextNode[]): TextNode[] {
  const tag = SIMPLE[entity.type];
  if (tag) return [{ tag, children }];
  switch (entity.type) {
    case "spoiler":
      return [{ tag: "span", className: "spoiler", children }];
    case "bot_command":
      return [{ tag: "span", className: "command", command: inner.replace(/@\w+$/, ""), children }];
    case "text_link":
    case "url":
    case "phone_number":
    case "mention": {
      const target =
        entity.type === "text_link" ? entity.url ?? ""
        : entity.type === "url" ? (/^[a-z][a-z0-9+.-]*:/i.test(inner) ? inner : `http://${inner}`)
        : entity.type === "phone_number" ? `tel:${inner.replace(/[^\d+]/g, "")}`
        : `https://t.me/${inner.slice(1)}`;
      const href = safeHref(target);
      return href ? [{ tag: "a", href, children }] : children;
    }
    default:
      return children; // hashtags, emails, custom emoji…: plain text
  }
}

function build(text: string, entities: Entity[], start: number, end: number): TextNode[] {
  const out: TextNode[] = [];
  let pos = start;
  let i = 0;
  while (i < entities.length) {
    const e = entities[i]!;
    if (e.offset >= end) break;
    if (e.offset < pos) {
      i++; // overlaps an earlier sibling: Telegram's HTML never produces this; keep the text, drop the style
      continue;
    }
    if (e.offset > pos) out.push(text.slice(pos, e.offset));
    const eEnd = Math.min(e.offset + e.length, end);
    let j = i + 1;
    while (j < entities.length && entities[j]!.offset < eEnd) j++;
    out.push(...wrap(e, text.slice(e.offset, eEnd), build(text, entities.slice(i + 1, j), e.offset, eEnd)));
    pos = eEnd;
    i = j;
  }
  if (pos < end) out.push(text.slice(pos, end));
  return out;
}

/** Offsets and lengths are UTF-16 code units in Telegram, exactly JavaScript's string indices. */
export function buildTree(text: string, entities: readonly Entity[] = []): TextNode[] {
  const valid = entities
    .filter((e) => Number.isInteger(e.offset) && Number.isInteger(e.length) && e.length > 0 && e.offset >= 0 && e.offset < text.length)
    .slice()
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  return build(text, valid, 0, text.length);
}
