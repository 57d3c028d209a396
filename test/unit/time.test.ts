import { describe, expect, it } from "vitest";
import { formatTime, formatZone, isoWithOffset, localDate, parseVisitTime } from "../../src/domain/time.ts";

describe("visit time", () => {
  it("reads a wall-clock time in Minsk as the right instant", () => {
    expect(new Date(parseVisitTime("2024-09-24T10:00", "Europe/Minsk")!).toISOString()).toBe("2024-09-24T07:00:00.000Z");
  });
  it("honours an explicit offset", () => {
    expect(parseVisitTime("2024-09-24T10:00+02:00", "Europe/Minsk")).toBe(Date.parse("2024-09-24T08:00:00Z"));
  });
  it("reads wall-clock times across a daylight-saving change (Belgrade, end of October)", () => {
    expect(new Date(parseVisitTime("2024-10-26T12:00", "Europe/Belgrade")!).toISOString()).toBe("2024-10-26T10:00:00.000Z");
    expect(new Date(parseVisitTime("2024-10-28T12:00", "Europe/Belgrade")!).toISOString()).toBe("2024-10-28T11:00:00.000Z");
  });
  it("rejects impossible times", () => {
    expect(parseVisitTime("2024-09-24T25:99", "Europe/Minsk")).toBeUndefined();
    expect(parseVisitTime("tomorrow", "Europe/Minsk")).toBeUndefined();
  });
  it("gives the visit-zone date even when it is another day in UTC", () => {
    expect(localDate(Date.parse("2024-09-24T22:30:00Z"), "Europe/Minsk")).toBe("2024-09-25");
  });
  it("prints ISO instants with the zone's offset", () => {
    expect(isoWithOffset(Date.parse("2024-09-24T07:00:00Z"), "Europe/Minsk")).toBe("2024-09-24T10:00:00+03:00");
  });
  it("shows Minsk times and names the zone whatever the reader's own zone is", () => {
    const instant = Date.parse("2024-09-24T07:00:00Z");
    expect(formatTime(instant, "en", "Europe/Minsk")).toBe("10:00");
    expect(formatTime(instant, "sr-Latn", "Europe/Minsk")).toBe("10:00");
    expect(formatZone(instant, "ru", "Europe/Minsk")).toBe("Минск, UTC+3");
    expect(formatZone(instant, "sr-Latn", "Europe/Minsk")).toBe("Minsk, UTC+3");
  });
});
