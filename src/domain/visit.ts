// The visit as the rest of Attaché sees it: validated, with every time an instant (epoch ms).
import type { LocalizedText } from "./language.ts";

export interface VisitDay {
  /** YYYY-MM-DD in the visit's time zone. */
  date: string;
  title: LocalizedText;
}

export interface Group {
  id: string;
  name: LocalizedText;
}

export interface Person {
  id: string;
  name: LocalizedText;
  role: LocalizedText;
  groups: string[];
  /** Organizers and liaisons may change the programme. */
  organizer: boolean;
  telegramId?: number;
  /** Shown in the onboarding list; staff of the host side are usually not. */
  delegate: boolean;
}

export interface Venue {
  id: string;
  name: LocalizedText;
  address: LocalizedText;
  location: { lat: number; lon: number };
  directions?: LocalizedText;
  entrance?: LocalizedText;
}

export const CONTACT_ROLES = [
  "liaison", "interpreter", "driver", "hotel", "security", "medical", "emergency", "protocol", "other",
] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface Contact {
  id: string;
  role: ContactRole;
  name: LocalizedText;
  /** E.164, e.g. +375171234567. */
  phone: string;
  telegram?: string;
  languages: string[];
  hours?: LocalizedText;
  emergency: boolean;
  /** Who sees this contact; everyone by default. */
  audience: Audience;
}

export type Audience = { everyone: true } | { everyone: false; groups: string[]; people: string[] };

export interface VisitEvent {
  id: string;
  start: number;
  end: number;
  title: LocalizedText;
  description?: LocalizedText;
  venue?: string;
  audience: Audience;
  dressCode?: LocalizedText;
  transport?: LocalizedText;
  meetingPoint?: LocalizedText;
  interpreter?: string;
  contact?: string;
  notes?: LocalizedText;
  /** Never shown to delegates, nor given to the answering model. */
  organizerNotes?: string;
  cancelled: boolean;
}

export interface Visit {
  id: string;
  illustrative: boolean;
  title: LocalizedText;
  summary: LocalizedText;
  host: LocalizedText;
  delegation: LocalizedText;
  timezone: string;
  days: VisitDay[];
  groups: Group[];
  people: Person[];
  venues: Venue[];
  contacts: Contact[];
  events: VisitEvent[];
}

export const EVERYONE: Audience = { everyone: true };
