// "Before day D" (trước ngày D) is read one way across the product (docs/domain.md HA-CALENDAR:
// "before day D is read one way everywhere in the product"; EM-REGISTER, EM-SCORE): strictly
// before D, the words as written — arriving on D itself is late, the last day on time is D − 1.
// Emulation's deadlines (registration before 22 Feb 2024, sheets before 10 Dec 2024, seed 002) and
// humanitarian's due dates (quarterly reports before the 10th, seed 004) both go through these
// helpers; their own suites check the deadlines through the gateway.
import { describe, expect, it } from "vitest";
import { addDays, arrivalDay, arrivedBefore, isoDate, lastDayBefore } from "@chapters/core";

describe("HA-CALENDAR EM-REGISTER: one reading of 'before day D'", () => {
  const d = isoDate("2024-02-22");

  it("EM-REGISTER HA-CALENDAR: a day before D is on time, D itself and later are late", () => {
    expect(arrivedBefore(isoDate("2024-02-21"), d)).toBe(true);
    expect(arrivedBefore(isoDate("2024-02-22"), d)).toBe(false);
    expect(arrivedBefore(isoDate("2024-02-23"), d)).toBe(false);
    expect(lastDayBefore(d)).toEqual(isoDate("2024-02-21"));
    expect(arrivedBefore(lastDayBefore(d), d)).toBe(true);
    expect(arrivedBefore(addDays(lastDayBefore(d), 1), d)).toBe(false);
  });

  it("EM-REGISTER HA-CALENDAR: an arrival instant is read as its day in Vietnam time (UTC+7)", () => {
    // 21 Feb 23:59 in Hà Nội is 16:59 UTC: on time; 22 Feb 00:30 in Hà Nội is 21 Feb 17:30 UTC: late
    expect(arrivalDay(new Date("2024-02-21T16:59:00Z"))).toEqual(isoDate("2024-02-21"));
    expect(arrivedBefore(new Date("2024-02-21T16:59:00Z"), d)).toBe(true);
    expect(arrivalDay(new Date("2024-02-21T17:30:00Z"))).toEqual(isoDate("2024-02-22"));
    expect(arrivedBefore(new Date("2024-02-21T17:30:00Z"), d)).toBe(false);
  });
});
