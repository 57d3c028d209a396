/// <reference lib="dom" />
// The demo clock panel: the visit's time in its own zone, ticking between the server's updates, and which of the
// controls can apply (no "next event" after the last one, no "next day" on the last day).

export interface Clock { now: number; timezone: string; local: string; day?: number; dayCount: number; next?: { start: number; title: string }; hasNextDay: boolean }

let clock: Clock | null = null;
let receivedAt = 0;

/** Times on the page are the visit's wall clock, whatever the browser's own zone. */
export const fmt = (ms: number, opts: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: clock?.timezone ?? "UTC", ...opts }).format(ms);
export const hhmm = (ms: number) => fmt(ms, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

const text = (id: string, value: string) => {
  const node = document.getElementById(id);
  if (node) node.textContent = value;
};

export function setClock(c: Clock | null): void {
  clock = c;
  receivedAt = Date.now();
  tick();
  text("clock-next", c?.next ? `Next: ${hhmm(c.next.start)} ${c.next.title}` : "No event left in the programme");
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-clock]")) {
    b.disabled = !c || (b.dataset.clock === "next-event" && !c.next) || (b.dataset.clock === "next-day" && !c.hasNextDay);
  }
}

/** The bot's clock runs on in real time after each jump, so the panel does too. */
export function tick(): void {
  if (!clock) return;
  const now = clock.now + (Date.now() - receivedAt);
  text("clock-time", hhmm(now));
  text("clock-day", `${clock.day ? `Day ${clock.day} of ${clock.dayCount} · ` : ""}${fmt(now, { weekday: "short", day: "numeric", month: "short" })} · ${clock.timezone}`);
}
