// ORG-TARGETS, BL-TARGETS, ORG-VALUE, ORG-PEOPLE (docs/domain.md §1, §3): one target per thing, held
// in organization's catalogue, each on the chapter whose document states it — blood keeps no
// second copy, Từ Sơn's 800–1,400 units sit on the city (not on wards that did not exist yet),
// the demo communes' populations differ, ORG-VALUE is a catalogue row the humanitarian subgraph
// will report, and staffing is an indicator whose actual comes from the people records.
import type { BloodPrisma } from "@chapters/blood";
import { DEMO, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
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
  it("ORG-VALUE: the value of humanitarian activity is a catalogue indicator owned by humanitarian, with Từ Sơn's ≥ 1 billion VND target", async () => {
    const res = await t.query(
      `{ indicators(ownerSubgraph: "humanitarian", first: 10) { nodes { code unit } }
         chapter(code: "${DEMO.tuSon}", asOf: "2024-12-31") { targets(year: 2024) { nodes { indicatorCode value } } } }`,
      {},
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.indicators.nodes).toContainEqual({ code: "hum.activity-value", unit: "VND" });
    expect(res.data.chapter.targets.nodes).toContainEqual({ indicatorCode: "hum.activity-value", value: 1_000_000_000 });
  });

  it("ORG-PEOPLE: staffing is an indicator whose actual counts the full-time staff in the people records, against Từ Sơn's 2–3", async () => {
    const res = await t.query(
      `{ chapter(code: "${DEMO.tuSon}", asOf: "2024-12-31") { id figures(year: 2024) { members { staff } }
         organizationIndicators(year: 2024) { indicatorCode actual target { value maxValue } } } }`,
      {},
      admin,
    );
    expect(res.errors).toBeUndefined();
    const staff = res.data.chapter.organizationIndicators.find((i: { indicatorCode: string }) => i.indicatorCode === "org.staff");
    const [row] = await t.stack.organization.database.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "Membership" m JOIN "ChapterClosure" c ON c."descendantId" = m."chapterId"
       WHERE c."ancestorId" = $1::uuid AND c."validFrom" <= '2024-12-31' AND (c."validTo" IS NULL OR c."validTo" > '2024-12-31')
         AND m.kind::text = 'STAFF' AND m."joinedOn" <= '2024-12-31' AND (m."leftOn" IS NULL OR m."leftOn" > '2024-12-31')`,
      res.data.chapter.id,
    );
    expect(row!.n).toBeGreaterThan(0);
    expect(staff.actual).toBe(row!.n);
    expect(staff.actual).toBe(res.data.chapter.figures.members.staff);
    expect(staff.target).toEqual({ value: 2, maxValue: 3 });
  });
});
