// The visit.yaml format as a zod schema: the single source of the file format and of its JSON Schema.
import { z } from "zod";
import { CONTACT_ROLES } from "../domain/visit.ts";

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "ids are lower-case letters, digits, - and _, at most 40 characters");

/** A text in ru, sr (Cyrillic) and en. Serbian Latin is generated, never written here. */
export const localizedSchema = z
  .strictObject({
    ru: z.string().trim().min(1).optional(),
    sr: z.string().trim().min(1).optional(),
    en: z.string().trim().min(1).optional(),
  })
  .refine((t) => t.ru !== undefined || t.sr !== undefined || t.en !== undefined, {
    message: "give the text in ru, sr (Cyrillic) and en",
  })
  .meta({ description: "Text in Russian (ru), Serbian Cyrillic (sr) and English (en); Serbian Latin is generated." });

const localTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([zZ]|[+-]\d{2}:\d{2})?$/,
    'a time is "YYYY-MM-DDTHH:MM" in the visit\'s time zone (or with an explicit offset)',
  );

const audienceSchema = z
  .union([
    z.literal("everyone"),
    z.strictObject({ groups: z.array(id).default([]), people: z.array(id).default([]) }),
  ])
  .default("everyone")
  .meta({ description: '"everyone", or { groups: [...], people: [...] }' });

const dayDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is "YYYY-MM-DD"');

export const visitFileSchema = z.strictObject({
  $schema: z.string().optional(),
  visit: z.strictObject({
    id,
    illustrative: z.boolean().default(false).meta({ description: "true when times, venues or phones are invented" }),
    title: localizedSchema,
    summary: localizedSchema,
    host: localizedSchema,
    delegation: localizedSchema,
    timezone: z.string().min(1).meta({ description: "IANA time zone, e.g. Europe/Minsk" }),
    days: z.array(z.strictObject({ date: dayDate, title: localizedSchema })).min(1),
  }),
  groups: z.array(z.strictObject({ id, name: localizedSchema })).default([]),
  people: z
    .array(
      z.strictObject({
        id,
        name: localizedSchema,
        role: localizedSchema,
        groups: z.array(id).default([]),
        organizer: z.boolean().default(false),
        delegate: z.boolean().default(true),
        telegram_id: z.number().int().positive().optional(),
      }),
    )
    .default([]),
  venues: z
    .array(
      z.strictObject({
        id,
        name: localizedSchema,
        address: localizedSchema,
        location: z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
        directions: localizedSchema.optional(),
        entrance: localizedSchema.optional(),
      }),
    )
    .default([]),
  contacts: z
    .array(
      z.strictObject({
        id,
        role: z.enum(CONTACT_ROLES),
        name: localizedSchema,
        phone: z
          .string()
          .regex(/^(\+[1-9]\d{6,14}|\d{2,4})$/, "a phone is in international form, e.g. +375171234567, or a short emergency number such as 112"),
        telegram: z
          .string()
          .regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/, "a Telegram username, e.g. @attache_liaison")
          .optional(),
        languages: z.array(z.string().min(2).max(8)).default([]),
        hours: localizedSchema.optional(),
        emergency: z.boolean().default(false),
        audience: audienceSchema,
      }),
    )
    .default([]),
  events: z.array(
    z.strictObject({
      id,
      start: localTime,
      end: localTime,
      title: localizedSchema,
      description: localizedSchema.optional(),
      venue: id.optional(),
      audience: audienceSchema,
      dress_code: localizedSchema.optional(),
      transport: localizedSchema.optional(),
      meeting_point: localizedSchema.optional(),
      interpreter: id.optional().meta({ description: "id of a contact with role interpreter" }),
      contact: id.optional().meta({ description: "id of the contact in charge" }),
      notes: localizedSchema.optional(),
      organizer_notes: z.string().optional().meta({ description: "for organizers only; never shown to delegates" }),
      cancelled: z.boolean().default(false),
    }),
  ),
});

export type VisitFile = z.output<typeof visitFileSchema>;
export type LocalizedInput = z.output<typeof localizedSchema>;

/** JSON Schema for editors (YAML language servers read `$schema`). */
export function visitJsonSchema(): unknown {
  return z.toJSONSchema(visitFileSchema, { io: "input", target: "draft-2020-12" });
}
