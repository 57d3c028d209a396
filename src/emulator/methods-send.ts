// Bot API send methods: sendMessage, media uploads, venue/contact/location, chat actions, copy and forward.
import type { Message } from 'grammy/types';
import {
  captionText, messageText, numberOrBad, replyMarkup, replyTarget, requireChat, requireMessage, requireMessageId,
  sendableChat, stringOrBad, textFields,
} from './method-utils.ts';
import { guessMime } from './params.ts';
import type { Params } from './params.ts';
import { isCaptioned } from './state.ts';
import { bad } from './types.ts';
import type { Core, MessageKind, MethodHandler, StoredFile } from './types.ts';

function common(core: Core, p: Params) {
  const chat = sendableChat(core, p);
  return { chat, markup: replyMarkup(p), replyTo: replyTarget(chat, p), from: core.state.bot };
}

const sendMessage: MethodHandler = (core, p) => {
  const f = messageText(core, p);
  const { chat, markup, replyTo, from } = common(core, p);
  return core.state.addMessage(chat, { fromBot: true, from, kind: 'text', ...textFields(f), replyMarkup: markup, replyToMessageId: replyTo }).raw;
};

/** Resolve a file parameter to a stored file (upload, known file_id, or URL). */
export function resolveFile(core: Core, p: Params, field: string, kind: string): StoredFile {
  const input = p.file(field);
  if (!input) throw bad(`there is no ${field} in the request`);
  if (input.kind === 'id') {
    const f = core.state.files.get(input.fileId);
    if (!f) throw bad('wrong file identifier/HTTP URL specified');
    return f;
  }
  if (input.kind === 'url') {
    const name = decodeURIComponent(new URL(input.url).pathname.split('/').pop() || `${field}.dat`);
    return core.state.storeFile({ bytes: new Uint8Array(0), filename: name, mime: guessMime(name), kind, url: input.url });
  }
  const { filename, mime, bytes } = input.file;
  if (bytes.byteLength === 0) throw bad('file must be non-empty');
  return core.state.storeFile({ bytes, filename, mime: guessMime(filename, mime), kind });
}

/** The Telegram media object for a stored file. */
export function mediaFields(kind: MessageKind, f: StoredFile, p?: Params): Record<string, unknown> {
  const base = { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.bytes.byteLength };
  switch (kind) {
    case 'photo':
      return {
        photo: [
          { ...base, file_id: `${f.file_id}_s`, file_unique_id: `${f.file_unique_id}s`, width: 90, height: 68, file_size: Math.min(f.bytes.byteLength, 1500) },
          { ...base, width: 1280, height: 960 },
        ],
      };
    case 'voice':
      return { voice: { ...base, duration: p?.int('duration') ?? 1, mime_type: f.mime === 'application/octet-stream' ? 'audio/ogg' : f.mime } };
    case 'sticker':
      return { sticker: { ...base, type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: p?.str('emoji') ?? '👍' } };
    case 'audio':
      return { audio: { ...base, duration: p?.int('duration') ?? 1, file_name: f.filename, mime_type: f.mime } };
    case 'video':
    case 'animation':
      return { [kind]: { ...base, width: p?.int('width') ?? 640, height: p?.int('height') ?? 360, duration: p?.int('duration') ?? 1, file_name: f.filename, mime_type: f.mime } };
    default:
      return { document: { ...base, file_name: f.filename, mime_type: f.mime } };
  }
}

function sendMedia(kind: MessageKind, field: string): MethodHandler {
  return (core, p) => {
    const { chat, markup, replyTo, from } = common(core, p);
    const caption = isCaptioned(kind) ? captionText(core, p) : undefined;
    const file = resolveFile(core, p, field, kind);
    return core.state.addMessage(chat, {
      fromBot: true, from, kind, ...(caption ? textFields(caption) : {}), replyMarkup: markup, replyToMessageId: replyTo,
      media: mediaFields(kind, file, p), fileId: file.file_id,
    }).raw;
  };
}

function location(p: Params): { latitude: number; longitude: number } {
  const latitude = numberOrBad(p, 'latitude', 'wrong latitude specified');
  const longitude = numberOrBad(p, 'longitude', 'wrong longitude specified');
  if (latitude < -90 || latitude > 90) throw bad('wrong latitude specified');
  if (longitude < -180 || longitude > 180) throw bad('wrong longitude specified');
  return { latitude, longitude };
}

const sendLocation: MethodHandler = (core, p) => {
  const loc = location(p);
  const { chat, markup, replyTo, from } = common(core, p);
  const acc = p.num('horizontal_accuracy');
  const live = p.int('live_period');
  const media = { location: { ...loc, ...(acc !== undefined ? { horizontal_accuracy: acc } : {}), ...(live !== undefined ? { live_period: live } : {}) } };
  return core.state.addMessage(chat, { fromBot: true, from, kind: 'location', replyMarkup: markup, replyToMessageId: replyTo, media }).raw;
};

const sendVenue: MethodHandler = (core, p) => {
  const loc = location(p);
  const title = stringOrBad(p, 'title', 'venue title is empty');
  const address = stringOrBad(p, 'address', 'venue address is empty');
  const { chat, markup, replyTo, from } = common(core, p);
  const venue: Record<string, unknown> = { location: loc, title, address };
  for (const k of ['foursquare_id', 'foursquare_type', 'google_place_id', 'google_place_type']) {
    const v = p.str(k);
    if (v !== undefined) venue[k] = v;
  }
  return core.state.addMessage(chat, { fromBot: true, from, kind: 'venue', replyMarkup: markup, replyToMessageId: replyTo, media: { venue, location: loc } }).raw;
};

const sendContact: MethodHandler = (core, p) => {
  const phone = stringOrBad(p, 'phone_number', 'phone number is empty');
  const first = stringOrBad(p, 'first_name', 'first name is empty');
  const { chat, markup, replyTo, from } = common(core, p);
  const contact: Record<string, unknown> = { phone_number: phone, first_name: first };
  const last = p.str('last_name');
  const vcard = p.str('vcard');
  if (last !== undefined) contact.last_name = last;
  if (vcard !== undefined) contact.vcard = vcard;
  return core.state.addMessage(chat, { fromBot: true, from, kind: 'contact', replyMarkup: markup, replyToMessageId: replyTo, media: { contact } }).raw;
};

const ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document',
  'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);

const sendChatAction: MethodHandler = (core, p) => {
  const chat = sendableChat(core, p);
  const action = p.str('action') ?? '';
  if (!ACTIONS.has(action)) throw bad('wrong parameter action in request');
  core.state.recordChatAction(chat, action, core.now());
  return true;
};

function sourceMessage(core: Core, p: Params, notFound: string) {
  const from = requireChat(core, p, 'from_chat_id');
  return requireMessage(from, requireMessageId(p), notFound);
}

const copyMessage: MethodHandler = (core, p) => {
  const src = sourceMessage(core, p, 'message to copy not found');
  if (src.kind === 'service') throw bad("the message can't be copied");
  const { chat, markup, replyTo, from } = common(core, p);
  const caption = p.has('caption') && isCaptioned(src.kind) ? textFields(captionText(core, p)) : { text: src.text, entities: src.entities };
  const { forward_origin: _drop, ...media } = src.media;
  const m = core.state.addMessage(chat, {
    fromBot: true, from, kind: src.kind, ...caption, replyMarkup: markup, replyToMessageId: replyTo, media, fileId: src.fileId,
  });
  return { message_id: m.id };
};

const forwardMessage: MethodHandler = (core, p) => {
  const src = sourceMessage(core, p, 'message to forward not found');
  const { chat, from } = common(core, p);
  const origin = src.media.forward_origin ?? (src.from.is_bot || src.chatId > 0
    ? { type: 'user', sender_user: src.from, date: src.date }
    : { type: 'chat', sender_chat: core.state.chat(src.chatId)?.chat, date: src.date });
  return core.state.addMessage(chat, {
    fromBot: true, from, kind: src.kind, text: src.text, entities: src.entities,
    media: { ...src.media, forward_origin: origin }, fileId: src.fileId,
  }).raw as Message;
};

export const sendMethods: Record<string, MethodHandler> = {
  sendMessage,
  sendPhoto: sendMedia('photo', 'photo'),
  sendDocument: sendMedia('document', 'document'),
  sendAudio: sendMedia('audio', 'audio'),
  sendVideo: sendMedia('video', 'video'),
  sendAnimation: sendMedia('animation', 'animation'),
  sendVoice: sendMedia('voice', 'voice'),
  sendSticker: sendMedia('sticker', 'sticker'),
  sendLocation,
  sendVenue,
  sendContact,
  sendChatAction,
  copyMessage,
  forwardMessage,
};
