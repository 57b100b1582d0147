// ORG-TARGETS, BL-TARGETS, ORG-VALUE, ORG-PEOPLE (docs/domain.md §1, §3): one target per thing, held
// in organization's catalogue, each on the chapter whose document states it — blood keeps no
// second copy, Từ Sơn's 800–1,400 units sit on the city (not on wards that did not exist yet),
// the demo communes' populations differ, ORG-VALUE is a catalogue row the humanitarian subgraph
// will report, and staffing is an indicator whose actual comes from the people records.
import type { BloodPrisma } from "@chapters/blood";
import { DEMO, sharedTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  t = await sharedTestStack();
});
afterAll(async () => t?.stop());

const admin = { chapter: DEMO.central, role: "ADMIN" as const };

describe("BL-TARGETS one source for blood targets", () => {
  it("BL-TARGETS: BN.PTS 2026 has one blood-units target (organization's 120); blood's figures carry no target of their own", async () => {
    const res = await t.query(`{ chapter(code: "${DEMO.newTuSonWard}") { bloodIndicators(year: 2026) { indicatorCode target { value } } } }`, {}, admin);
    expect(res.errors).toBeUndefined();
    const units = res.data.chapter.bloodIndicators.find((i: { indicatorCode: string }) => i.indicatorCode === "blood.units");
    expect(units.target.value).toBe(120);
    const second = await t.query(`{ chapter(code: "${DEMO.newTuSonWard}") { bloodFigures(year: 2026) { unitsTarget } } }`, {}, admin);
    expect(second.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("BL-TARGETS: Từ Sơn's 800–1,400 units are the city's target for 2024; none of its wards carries a blood target", async () => {
    const res = await t.query(
      `{ chapter(code: "${DEMO.tuSon}", asOf: "2024-12-31") { bloodIndicators(year: 2024) { indicatorCode target { value maxValue } }
         children(first: 50, levels: [COMMUNE]) { nodes { code bloodIndicators(year: 2024) { indicatorCode target { value } } } } } }`,
      {},
      admin,
    );
    expect(res.errors).toBeUndefined();
    const city = res.data.chapter.bloodIndicators.find((i: { indicatorCode: string }) => i.indicatorCode === "blood.units");
    expect(city.target).toEqual({ value: 800, maxValue: 1_400 });
    const wards = res.data.chapter.children.nodes as { bloodIndicators: { target: unknown }[] }[];
    expect(wards.length).toBe(12);
    expect(wards.flatMap((w) => w.bloodIndicators).every((i) => i.target === null)).toBe(true);
  });

  it("BL-TARGETS: the demo communes' populations differ, so their population shares can", async () => {
    const blood = t.stack.services.blood!.database.prisma as BloodPrisma;
    const rows = await blood.$queryRawUnsafe<{ population: number }[]>(
      `SELECT p.population FROM "ChapterPopulation" p JOIN "TreeChapter" c ON c.id = p."chapterId" WHERE p.year = 2024 AND c.code LIKE '%.%'`,
    );
    expect(rows.length).toBeGreaterThan(4);
    expect(new Set(rows.map((r) => r.population)).size).toBe(rows.length);
  });
});

describe("ORG-VALUE and staffing as catalogue indicators", () => {
  it("ORG-VALUE, HA-TARGETS: Từ Sơn's ≥ 1 billion VND a year is a target on humanitarian.value — the indicator humanitarian reports — with its source", async () => {
    const res = await t.query(
      `{ indicators(ownerSubgraph: "humanitarian", first: 20) { nodes { code unit } }
         chapter(code: "${DEMO.tuSon}", asOf: "2024-11-24") { targets(year: 2024) { nodes { indicatorCode value source } }
           humanitarianIndicators(year: 2024) { indicatorCode actual target { value } } } }`,
      {},
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.indicators.nodes).toContainEqual({ code: "humanitarian.value", unit: "VND" });
    expect(res.data.chapter.targets.nodes).toContainEqual({ indicatorCode: "humanitarian.value", value: 1_000_000_000, source: expect.stringContaining("seed 001") });
    expect(res.data.chapter.targets.nodes.map((n: { indicatorCode: string }) => n.indicatorCode)).not.toContain("hum.activity-value");
    const value = res.data.chapter.humanitarianIndicators.find((i: { indicatorCode: string }) => i.indicatorCode === "humanitarian.value");
    expect(value.target).toEqual({ value: 1_000_000_000 });
  });

  it("BL-TARGETS, BL-ORGAN: each target carries its source and years — Từ Sơn's 2.5% is for 2033, organ registrations are per district of Kiên Giang, other provinces' plans say illustrative", async () => {
    const q = `query($c: String!, $y: Int!) { chapter(code: $c) { targets(year: $y) { nodes { indicatorCode value maxValue source } } } }`;
    const targets = async (code: string, year: number) => (await t.query(q, { c: code, y: year }, admin)).data?.chapter?.targets.nodes ?? [];
    const ts2024 = await targets(DEMO.tuSon, 2024);
    expect(ts2024.map((n: any) => n.indicatorCode)).not.toContain("blood.population-share");
    const org = t.stack.organization.database.prisma;
    const rows = await org.$queryRawUnsafe<{ code: string; year: number; indicator: string; value: number; max: number | null; source: string }[]>(
      `SELECT c.code, t.year, t."indicatorCode" AS indicator, t.value, t."maxValue" AS max, t.source FROM "Target" t JOIN "Chapter" c ON c.id = t."chapterId"
       WHERE t."indicatorCode" IN ('blood.population-share', 'blood.organ-registrations') ORDER BY c.code, t.year`);
    expect(rows.filter((r) => r.indicator === "blood.population-share" && r.code === "BN.TS")).toEqual([
      { code: "BN.TS", year: 2033, indicator: "blood.population-share", value: 2.5, max: null, source: expect.stringContaining("seed 001") },
    ]);
    const organ = rows.filter((r) => r.indicator === "blood.organ-registrations");
    expect(organ.map((r) => [r.code, r.year, r.value, r.max])).toEqual([["KG.CT", 2024, 10, 20], ["KG.RG", 2024, 10, 20]]);
    expect(organ.every((r) => r.source.includes("seed 002"))).toBe(true);
    // every target row says where it comes from; the invented ones say so
    const sources = await org.$queryRawUnsafe<{ source: string | null; n: number }[]>(`SELECT source, count(*)::int AS n FROM "Target" WHERE "assignedBy" = 'seed' GROUP BY source`);
    expect(sources.every((s) => s.source && (s.source.startsWith("seed 0") || s.source.startsWith("illustrative")))).toBe(true);
  });

  it("ORG-PEOPLE: staffing is an indicator whose actual counts the chapter's OWN full-time staff (not its subtree's), against Từ Sơn's 2–3", async () => {
    const res = await t.query(
      `{ chapter(code: "${DEMO.tuSon}", asOf: "2024-12-31") { id figures(year: 2024) { members { staff } }
         organizationIndicators(year: 2024) { indicatorCode actual target { value maxValue } } } }`,
      {},
      admin,
    );
    expect(res.errors).toBeUndefined();
    const staff = res.data.chapter.organizationIndicators.find((i: { indicatorCode: string }) => i.indicatorCode === "org.staff");
    const [row] = await t.stack.organization.database.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "Membership" m
       WHERE m."chapterId" = $1::uuid AND m.kind::text = 'STAFF' AND m."joinedOn" <= '2024-12-31' AND (m."leftOn" IS NULL OR m."leftOn" > '2024-12-31')`,
      res.data.chapter.id,
    );
    expect(staff.actual).toBe(row!.n);
    // the subtree's staff (every ward's) is more: it is not what seed 001's 2–3 counts
    expect(res.data.chapter.figures.members.staff).toBeGreaterThan(row!.n);
    expect(staff.target).toEqual({ value: 2, maxValue: 3 });
  });
});
