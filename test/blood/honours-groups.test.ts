// BL-HONOURS (docs/domain.md §3): families and collectives are honoured too (122/QĐ-BCĐQG), by their
// members' donations counted together against the tiers of their kind, once per tier — the
// same rule as for a donor. The expected tiers and days are recomputed here from the raw rows.
import type { BloodPrisma } from "@chapters/blood";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
let db: BloodPrisma;
const officer = { chapter: "BN", role: "OFFICER" as const };
const RULES = "NATIONAL_122_2017";
const ids = new Map<string, string>();

beforeAll(async () => {
  t = await startTestStack();
  db = t.stack.services.blood!.database.prisma as BloodPrisma;
  for (const row of await db.treeChapter.findMany()) ids.set(row.code, row.id);
});
afterAll(async () => t?.stop());

const CREATE = `mutation($i: CreateDonorGroupInput!) { createDonorGroup(input: $i) { id kind memberCount chapter { id } } }`;
const CANDIDATES = `query($c: String) { groupHonourCandidates(ruleSet: "${RULES}", from: "2024-01-01", to: "2026-12-31", chapterCode: $c, first: 100) {
  nodes { group { id kind } donations reachedOn tier { subject awardingBody } } } }`;
const AWARD = `mutation($c: ID!) { awardGroupHonours(ruleSet: "${RULES}", from: "2024-01-01", to: "2026-12-31", chapterId: $c, awardedOn: "2026-12-31") { group { id } donations } }`;

/** Donors of a chapter, most donations first, until their donations add up to `atLeast`. */
async function donorsTotalling(code: string, atLeast: number): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ id: string; n: number }[]>(
    `SELECT p.id::text AS id, count(d.*)::int AS n FROM "Donor" p JOIN "Donation" d ON d."donorId" = p.id
     WHERE p."chapterId" = $1::uuid AND p."mergedIntoId" IS NULL GROUP BY p.id ORDER BY n DESC, p.id`,
    ids.get(code),
  );
  const chosen: string[] = [];
  let total = 0;
  for (const row of rows) {
    if (total >= atLeast && chosen.length >= 2) break;
    chosen.push(row.id);
    total += row.n;
  }
  expect(total).toBeGreaterThanOrEqual(atLeast);
  return chosen;
}

/** The tiers a group reached in the period, and the day of each, from its members' donations. */
async function expectedTiers(donorIds: string[], subject: string): Promise<{ donations: number; reachedOn: string }[]> {
  const days = (
    await db.$queryRawUnsafe<{ on: Date }[]>(
      `SELECT "donatedOn" AS on FROM "Donation" WHERE "donorId" = ANY($1::uuid[]) ORDER BY "donatedOn", "recordedAt", id`,
      donorIds,
    )
  ).map((r) => r.on.toISOString().slice(0, 10));
  const tiers = await db.honourTier.findMany({ where: { ruleSetCode: RULES, subject: subject as "FAMILY" } });
  return tiers
    .filter((tier) => tier.donations <= days.length && days[tier.donations - 1]! >= "2024-01-01" && days[tier.donations - 1]! <= "2026-12-31")
    .map((tier) => ({ donations: tier.donations, reachedOn: days[tier.donations - 1]! }))
    .sort((a, b) => b.donations - a.donations);
}

describe("BL-HONOURS families and collectives, once per tier", () => {
  it("BL-HONOURS: a family reaches the family tiers by its members' donations together and is honoured once per tier", async () => {
    const members = await donorsTotalling("BN.PTS", 20);
    const created = await t.query(CREATE, { i: { chapterId: ids.get("BN.PTS"), kind: "FAMILY", name: "Gia đình ông Nguyễn Văn Thử", donorIds: members } }, officer);
    expect(created.errors).toBeUndefined();
    const family = created.data.createDonorGroup;
    expect(family).toMatchObject({ kind: "FAMILY", memberCount: members.length });

    const want = await expectedTiers(members, "FAMILY");
    expect(want.length).toBeGreaterThanOrEqual(1);
    const res = await t.query(CANDIDATES, { c: "BN.PTS" }, officer);
    expect(res.errors).toBeUndefined();
    const mine = res.data.groupHonourCandidates.nodes.filter((n: { group: { id: string } }) => n.group.id === family.id);
    expect(mine.map((n: { donations: number; reachedOn: string }) => ({ donations: n.donations, reachedOn: n.reachedOn }))).toEqual(want);
    expect(mine.every((n: { tier: { subject: string } }) => n.tier.subject === "FAMILY")).toBe(true);

    const first = await t.query(AWARD, { c: ids.get("BN.PTS") }, officer);
    expect(first.errors).toBeUndefined();
    expect(first.data.awardGroupHonours.filter((n: { group: { id: string } }) => n.group.id === family.id)).toHaveLength(want.length);
    const second = await t.query(AWARD, { c: ids.get("BN.PTS") }, officer);
    expect(second.data.awardGroupHonours).toEqual([]);
    expect(await db.groupHonour.count({ where: { groupId: family.id } })).toBe(want.length);
  });

  it("BL-HONOURS: a collective is measured against the collective tiers, not the family ones", async () => {
    const members = await donorsTotalling("BN.TD.LIM", 2);
    const created = await t.query(CREATE, { i: { chapterId: ids.get("BN.TD.LIM"), kind: "COLLECTIVE", name: "Công ty TNHH Thử Nghiệm", donorIds: members } }, officer);
    expect(created.errors).toBeUndefined();
    const collective = created.data.createDonorGroup.id as string;
    // 100 donations between them in 2026 (recorded directly: the tier, not the interval, is under test)
    await db.donation.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({
        donorId: members[i % members.length]!, chapterId: ids.get("BN.TD.LIM")!, donatedOn: new Date(Date.UTC(2026, 0, 1 + i)),
        typeCode: "APHERESIS_PLASMA", volumeMl: 250, units: 1, isFirst: false, recordedBy: "test",
      })),
    });
    const want = await expectedTiers(members, "COLLECTIVE");
    expect(want.map((w) => w.donations)).toContain(100);
    const res = await t.query(CANDIDATES, { c: "BN.TD.LIM" }, officer);
    const mine = res.data.groupHonourCandidates.nodes.filter((n: { group: { id: string } }) => n.group.id === collective);
    expect(mine.map((n: { donations: number; reachedOn: string }) => ({ donations: n.donations, reachedOn: n.reachedOn }))).toEqual(want);
    expect(mine.every((n: { tier: { subject: string } }) => n.tier.subject === "COLLECTIVE")).toBe(true);
  });

  it("BL-HONOURS: a group needs two donors, and an officer elsewhere cannot group donors outside their slice", async () => {
    const members = await donorsTotalling("BN.PTS", 1);
    const before = await db.donorGroup.count();
    const alone = await t.query(CREATE, { i: { chapterId: ids.get("BN.PTS"), kind: "FAMILY", name: "Gia đình một người", donorIds: members.slice(0, 1) } }, officer);
    expect(alone.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const outsider = await t.query(
      CREATE,
      { i: { chapterId: ids.get("BN.PTS"), kind: "FAMILY", name: "Gia đình ngoài", donorIds: members.slice(0, 2) } },
      { chapter: "HP", role: "OFFICER" },
    );
    expect(members.length).toBeGreaterThanOrEqual(2);
    expect(outsider.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await db.donorGroup.count()).toBe(before);
  });
});
