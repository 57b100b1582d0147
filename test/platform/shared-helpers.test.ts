// The shared helpers every subgraph now takes from core, one of each (no stack needed): the name
// mask users see (ORG-PEOPLE, HA-PROFILE, BL-DONORS), the id check and its one message, and the
// reference date (31 December, or today while the year runs; HA-CALENDAR's year ends 24 November).
import { isUuid, maskName, parseInput, referenceDate, uuid } from "@chapters/core";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { z } from "zod";

describe("ORG-PEOPLE one name mask", () => {
  it("ORG-PEOPLE: family name, then initials, for blood, organization and humanitarian alike", () => {
    expect(maskName("Nguyễn Văn An")).toBe("Nguyễn V. A.");
    expect(maskName("  Trần   thị  Ánh Hồng ")).toBe("Trần T. Á. H.");
  });

  it("ORG-PEOPLE: a one-word name shows only its initial (it would otherwise show whole)", () => {
    expect(maskName("H'Hen")).toBe("H.");
    expect(maskName("")).toBe("");
  });
});

describe("one id check, one message", () => {
  it("accepts any id the tables hold (md5-derived synthetic ids too) and nothing else", () => {
    expect(isUuid("0f8e3c2a-1b4d-4e5f-9a6b-7c8d9e0f1a2b")).toBe(true);
    expect(isUuid("0f8e3c2a-1b4d-0e5f-0a6b-7c8d9e0f1a2b")).toBe(true);
    expect(isUuid("0f8e3c2a-1b4d-4e5f-9a6b")).toBe(false);
    expect(isUuid(42)).toBe(false);
  });

  it("a bad id is BAD_USER_INPUT naming the field, with the one message", () => {
    let error: unknown;
    try {
      parseInput(z.object({ chapterId: uuid }), { chapterId: "HP" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe("BAD_USER_INPUT");
    expect((error as GraphQLError).message).toContain("chapterId");
    expect((error as GraphQLError).message).toContain("must be an id (uuid)");
  });
});

describe("one reference date", () => {
  const day = (text: string) => new Date(`${text}T00:00:00Z`);
  it("is 31 December of a past year, today while the year runs", () => {
    expect(referenceDate(2024, day("2025-03-01"))).toEqual(day("2024-12-31"));
    expect(referenceDate(2025, day("2025-03-01"))).toEqual(day("2025-03-01"));
  });

  it("HA-CALENDAR: a year ending on another day (24 November) passes its last day", () => {
    expect(referenceDate(2024, day("2025-03-01"), day("2024-11-24"))).toEqual(day("2024-11-24"));
  });
});
