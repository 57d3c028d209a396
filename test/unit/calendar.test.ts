import { describe, expect, it } from "vitest";
import { vtimezone } from "../../src/bot/views/calendar.ts";

describe("VTIMEZONE for the visit's zone", () => {
  it("is one fixed observance where the offset does not change (Minsk)", () => {
    const tz = vtimezone("Europe/Minsk", Date.parse("2024-09-23T00:00:00Z"), Date.parse("2024-09-28T00:00:00Z"));
    expect(tz.split("\r\n")).toEqual([
      "BEGIN:VTIMEZONE", "TZID:Europe/Minsk",
      "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0300", "TZOFFSETTO:+0300", "END:STANDARD",
      "END:VTIMEZONE",
    ]);
  });

  it("carries a daylight-saving change inside the visit at the local time it happens (Belgrade, 27 October 2024)", () => {
    const lines = vtimezone("Europe/Belgrade", Date.parse("2024-10-25T00:00:00Z"), Date.parse("2024-10-29T00:00:00Z")).split("\r\n");
    expect(lines.slice(2, 7)).toEqual(["BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0200", "END:STANDARD"]);
    expect(lines.slice(7, 12)).toEqual(["BEGIN:STANDARD", "DTSTART:20241027T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD"]);
  });

  it("marks a spring-forward change as daylight time (Belgrade, 31 March 2024)", () => {
    const lines = vtimezone("Europe/Belgrade", Date.parse("2024-03-30T00:00:00Z"), Date.parse("2024-04-01T00:00:00Z")).split("\r\n");
    expect(lines.slice(7, 12)).toEqual(["BEGIN:DAYLIGHT", "DTSTART:20240331T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT"]);
  });
});
