// Request parameter decoding: query string, JSON, urlencoded and multipart (with uploads), and typed accessors.
import { bad } from './types.ts';

export interface UploadedFile {
  filename: string;
  mime: string;
  bytes: Uint8Array;
}

export type FileInput =
  | { kind: 'upload'; file: UploadedFile }
  | { kind: 'id'; fileId: string }
  | { kind: 'url'; url: string };

/** Decoded request parameters; values from form encodings are strings, JSON values keep their types. */
export class Params {
  raw: Record<string, unknown>;
  files: Map<string, UploadedFile>;
  constructor(raw: Record<string, unknown> = {}, files: Map<string, UploadedFile> = new Map()) {
    this.raw = raw;
    this.files = files;
  }

  has(key: string): boolean {
    const v = this.raw[key];
    return (v !== undefined && v !== null && v !== '') || this.files.has(key);
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return JSON.stringify(v);
  }

  num(key: string): number | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : Number.NaN;
    if (!Number.isFinite(n)) throw bad(`invalid ${key} specified`);
    return n;
  }

  int(key: string): number | undefined {
    const n = this.num(key);
    if (n !== undefined && !Number.isInteger(n)) throw bad(`invalid ${key} specified`);
    return n;
  }

  bool(key: string): boolean {
    const v = this.raw[key];
    return v === true || v === 'true' || v === '1' || v === 1 || v === 'True';
  }

  /** A structured field; form encodings carry it as a JSON string, JSON bodies may carry it natively. */
  json(key: string, error = `can't parse ${key} JSON object`): unknown {
    const v = this.raw[key];
    if (typeof v !== 'string') return v ?? undefined;
    if (v.trim() === '') return undefined;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw bad(error);
    }
  }

  /** A file parameter: an upload (direct part or attach://name), a file_id, or an HTTP URL. */
  file(key: string): FileInput | undefined {
    const direct = this.files.get(key);
    if (direct) return { kind: 'upload', file: direct };
    const v = this.str(key);
    if (v === undefined || v === '') return undefined;
    if (v.startsWith('attach://')) {
      const f = this.files.get(v.slice('attach://'.length));
      if (!f) throw bad(`file of field ${key} not found in the request`);
      return { kind: 'upload', file: f };
    }
    if (/^https?:\/\//i.test(v)) return { kind: 'url', url: v };
    return { kind: 'id', fileId: v };
  }

  /** Parameters as recorded in the call log (uploads summarized). */
  summary(): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this.raw };
    for (const [name, f] of this.files) {
      out[name] = { filename: f.filename, mime: f.mime, size: f.bytes.byteLength };
    }
    return out;
  }
}

function headerParam(header: string, name: string): string | undefined {
  const re = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
  const m = re.exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '').trim();
}

/** Minimal, tolerant multipart/form-data parser (accepts grammY's unquoted filenames). */
export function parseMultipart(body: Uint8Array, boundary: string): { fields: Record<string, string>; files: Map<string, UploadedFile> } {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delim = Buffer.from(`--${boundary}`);
  const fields: Record<string, string> = {};
  const files = new Map<string, UploadedFile>();
  let pos = buf.indexOf(delim);
  while (pos !== -1) {
    let start = pos + delim.length;
    if (buf[start] === 0x2d && buf[start + 1] === 0x2d) break; // closing "--"
    if (buf[start] === 0x0d && buf[start + 1] === 0x0a) start += 2;
    const next = buf.indexOf(delim, start);
    if (next === -1) break;
    let end = next;
    if (buf[end - 2] === 0x0d && buf[end - 1] === 0x0a) end -= 2;
    const part = buf.subarray(start, end);
    const sep = part.indexOf('\r\n\r\n');
    const head = sep === -1 ? part.toString('utf8') : part.subarray(0, sep).toString('utf8');
    const content = sep === -1 ? Buffer.alloc(0) : part.subarray(sep + 4);
    const headers = new Map<string, string>();
    for (const line of head.split('\r\n')) {
      const c = line.indexOf(':');
      if (c > 0) headers.set(line.slice(0, c).trim().toLowerCase(), line.slice(c + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = headerParam(disposition, 'name');
    if (name !== undefined) {
      const starName = headerParam(disposition, 'filename\\*');
      const filename = starName !== undefined
        ? decodeURIComponent(starName.replace(/^UTF-8''/i, ''))
        : headerParam(disposition, 'filename');
      if (filename !== undefined) {
        files.set(name, { filename, mime: headers.get('content-type') ?? 'application/octet-stream', bytes: new Uint8Array(content) });
      } else {
        fields[name] = content.toString('utf8');
      }
    }
    pos = next;
  }
  return { fields, files };
}

/** Decode all parameters of a Bot API request (query string merged with the body). */
export async function readParams(req: Request): Promise<Params> {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of new URL(req.url).searchParams) raw[k] = v;
  if (req.method === 'GET' || req.method === 'HEAD') return new Params(raw);
  const type = (req.headers.get('content-type') ?? '').toLowerCase();
  const body = new Uint8Array(await req.arrayBuffer());
  if (body.byteLength === 0) return new Params(raw);
  if (type.startsWith('multipart/form-data')) {
    const boundary = headerParam(req.headers.get('content-type') ?? '', 'boundary');
    if (!boundary) throw bad('wrong multipart/form-data request: boundary not found');
    const { fields, files } = parseMultipart(body, boundary);
    return new Params({ ...raw, ...fields }, files);
  }
  const text = Buffer.from(body).toString('utf8');
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(text)) raw[k] = v;
    return new Params(raw);
  }
  if (type.startsWith('application/json') || /^\s*\{/.test(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw bad("can't parse JSON object");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw bad("can't parse JSON object");
    return new Params({ ...raw, ...(parsed as Record<string, unknown>) });
  }
  return new Params(raw);
}

const MIME_BY_EXT: Record<string, string> = {
  pdf: 'application/pdf', txt: 'text/plain', csv: 'text/csv', json: 'application/json', html: 'text/html',
  ics: 'text/calendar', zip: 'application/zip', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png',
  gif: 'image/gif', webp: 'image/webp', ogg: 'audio/ogg', oga: 'audio/ogg', mp3: 'audio/mpeg', mp4: 'video/mp4',
  vcf: 'text/vcard', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', md: 'text/markdown',
};

/** Guess a MIME type from a file name the way Telegram does, falling back to the declared type. */
export function guessMime(filename: string, declared?: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  const byExt = ext !== undefined ? MIME_BY_EXT[ext] : undefined;
  if (byExt) return byExt;
  return declared && declared !== 'application/octet-stream' ? declared : 'application/octet-stream';
}
