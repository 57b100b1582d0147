// Who sees what of the blood subgraph (docs/domain.md §5): a blood centre PARTNER with the
// "blood-stock" grant sees stock and drive results for its slice and never a donor's personal
// data; a VIEWER sees donors with masked names; staff see everything in their slice.
import type { BloodPrisma } from "@chapters/blood";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
let db: BloodPrisma;
const ids = new Map<string, string>();
const partner = { chapter: "HP", role: "PARTNER" as const, grants: ["blood-stock"] };

beforeAll(async () => {
  // these tests are about the subgraphs' own rules for partner and screen identities, which hold
  // beneath the gateway's allow-list of operations: let them send their queries ad hoc
  t = await startTestStack({ gateway: { registeredOnly: [] } });
  db = t.stack.services.blood!.database.prisma as BloodPrisma;
  for (const row of await db.treeChapter.findMany()) ids.set(row.code, row.id);
});
afterAll(async () => t?.stop());

const STOCK = `query($c: String) { bloodStock(from: "2025-01-01", to: "2025-12-31", chapterCode: $c) { abo rh bloodGroup units donations } }`;

/** Units by group for donations whose chapter lay under `code` on the donation day. */
async function stockBySql(code: string) {
  return db.$queryRaw<{ abo: string; rh: string; units: number; donations: number }[]>`
    SELECT p.abo::text AS abo, p.rh::text AS rh, sum(d.units)::float8 AS units, count(*)::int AS donations
    FROM "Donation" d JOIN "Donor" p ON p.id = d."donorId"
    JOIN "TreeClosure" c ON c."descendantId" = d."chapterId" AND c."validFrom" <= d."donatedOn" AND (c."validTo" IS NULL OR c."validTo" > d."donatedOn")
    JOIN "TreeChapter" a ON a.id = c."ancestorId" AND a.code = ${code}
    WHERE d."donatedOn" BETWEEN '2025-01-01' AND '2025-12-31'
    GROUP BY p.abo, p.rh ORDER BY p.abo, p.rh`;
}

describe("a blood centre PARTNER (grant blood-stock)", () => {
  it("sees the stock by blood group for its slice only, equal to the SQL count", async () => {
    const res = await t.query(STOCK, {}, partner);
    expect(res.errors).toBeUndefined();
    const expected = await stockBySql("HP");
    expect(expected.length).toBeGreaterThan(0);
    expect(res.data.bloodStock.map(({ abo, rh, units, donations }: any) => ({ abo, rh, units, donations }))).toEqual(
      expected.map((e) => ({ ...e, units: expect.closeTo(e.units, 6) })),
    );
    const national = await t.query(STOCK, {}, { chapter: "TW", role: "ADMIN" });
    const sum = (lines: { donations: number }[]) => lines.reduce((s, l) => s + l.donations, 0);
    expect(sum(res.data.bloodStock)).toBeLessThan(sum(national.data.bloodStock));
  });

  it("asking for another province's subtree gives nothing of it", async () => {
    const res = await t.query(STOCK, { c: "BN" }, partner);
    expect(res.errors).toBeUndefined();
    expect(res.data.bloodStock).toEqual([]);
    expect((await stockBySql("BN")).length).toBeGreaterThan(0);
  });

  it("sees the drives and results of its slice, and no donor", async () => {
    const res = await t.query(
      `{ bloodDrives(first: 1000) { totalCount nodes { id name date chapter { code } result { unitsCollected donations deferredDonors } } } }`,
      {},
      partner,
    );
    expect(res.errors).toBeUndefined();
    const drives = res.data.bloodDrives.nodes as { id: string; chapter: { code: string }; result: { unitsCollected: number; donations: number } }[];
    expect(drives.length).toBeGreaterThan(0);
    expect(drives.every((d) => d.chapter.code.startsWith("HP."))).toBe(true);
    const hpDrives = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Drive" v JOIN "TreeClosure" c ON c."descendantId" = v."chapterId"
        AND c."validFrom" <= v.date AND (c."validTo" IS NULL OR c."validTo" > v.date)
      WHERE c."ancestorId" = ${ids.get("HP")}::uuid`;
    expect(res.data.bloodDrives.totalCount).toBe(hpDrives[0]!.n);
    const one = drives.find((d) => d.result.donations > 0)!;
    const [sums] = await db.$queryRaw<{ units: number; n: number }[]>`
      SELECT sum(units)::float8 AS units, count(*)::int AS n FROM "Donation" WHERE "driveId" = ${one.id}::uuid`;
    expect(one.result).toMatchObject({ unitsCollected: expect.closeTo(sums!.units, 6), donations: sums!.n });

    const donors = await t.query(`{ donors(first: 5) { nodes { fullName phone } } }`, {}, partner);
    expect(donors.data).toBeNull();
    expect(donors.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const registrations = await t.query(`{ bloodDrives(first: 3) { nodes { registrations { donor { fullName phone } } } } }`, {}, partner);
    expect(registrations.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(JSON.stringify(registrations.data ?? {})).not.toMatch(/09\d{8}/);
  });

  it("without the grant, a partner sees no stock (granted blood figures only)", async () => {
    const res = await t.query(STOCK, {}, { chapter: "HP", role: "PARTNER", grants: ["blood-figures"] });
    expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(res.errors?.[0]?.message).toContain("blood-stock");
  });
});

describe("personal data of donors", () => {
  const DONORS = `{ donors(first: 500) { nodes { id fullName phone nationalId birthDate bloodGroup donationCount } } }`;

  it("a VIEWER sees donors with masked names and no phone, national ID or birth date", async () => {
    const officer = await t.query(DONORS, {}, { chapter: "BN", role: "OFFICER" });
    const viewer = await t.query(DONORS, {}, { chapter: "BN", role: "VIEWER" });
    expect(viewer.errors).toBeUndefined();
    const full = new Map((officer.data.donors.nodes as { id: string; fullName: string; phone: string | null }[]).map((d) => [d.id, d]));
    const masked = viewer.data.donors.nodes as { id: string; fullName: string; phone: null; nationalId: null; birthDate: null; donationCount: number }[];
    expect(masked.length).toBe(full.size);
    expect([...full.values()].some((d) => d.phone)).toBe(true);
    for (const d of masked) {
      // one mask in every subgraph (core's auth/mask.ts): the family name, then initials
      const [family, ...given] = full.get(d.id)!.fullName.split(" ");
      expect(d.fullName).toBe([family, ...given.map((w) => `${[...w][0]}.`)].join(" "));
      expect(d.fullName).not.toBe(full.get(d.id)!.fullName);
      expect([d.phone, d.nationalId, d.birthDate]).toEqual([null, null, null]);
    }
  });

  it("a PARTNER with the personal-data grant sees them unmasked; a SCREEN sees no donor", async () => {
    const granted = await t.query(DONORS, {}, { chapter: "BN", role: "PARTNER", grants: ["personal-data"] });
    expect(granted.errors).toBeUndefined();
    expect(granted.data.donors.nodes.some((d: { phone: string | null }) => d.phone)).toBe(true);
    const screen = await t.query(DONORS, {}, { chapter: "BN", role: "SCREEN" });
    expect(screen.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("an officer sees only the donors of its own slice", async () => {
    const res = await t.query(`{ donors(first: 500) { totalCount nodes { chapter { code } } } }`, {}, { chapter: "HP", role: "OFFICER" });
    expect(res.errors).toBeUndefined();
    expect(res.data.donors.totalCount).toBeGreaterThan(0);
    expect(res.data.donors.nodes.every((d: { chapter: { code: string } }) => d.chapter.code.startsWith("HP."))).toBe(true);
    const anyBn = await db.donor.findFirstOrThrow({ where: { chapterId: ids.get("BN.PTS") } });
    const one = await t.query(`query($id: ID!) { donor(id: $id) { id } }`, { id: anyBn.id }, { chapter: "HP", role: "OFFICER" });
    expect(one.data.donor).toBeNull();
    expect(one.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(one.errors?.[0]?.message).toBe(`No donor ${anyBn.id} in your part of the tree.`);
  });

  it("ORG-REFORM: a donor of a merged province (Kiên Giang → An Giang) follows it: An Giang reads and records for the donor by id, Hải Phòng does not", async () => {
    const donor = await db.donor.create({ data: { chapterId: ids.get("KG")!, fullName: "Lâm Văn Kiên", abo: "B", rh: "POSITIVE" } });
    const read = `query($id: ID!) { donor(id: $id) { id fullName } }`;
    const ag = await t.query(read, { id: donor.id }, { chapter: "AG", role: "OFFICER" });
    expect(ag.errors).toBeUndefined();
    expect(ag.data.donor.id).toBe(donor.id);
    const hp = await t.query(read, { id: donor.id }, { chapter: "HP", role: "OFFICER" });
    expect(hp.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const record = `mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }`;
    const input = { i: { donorId: donor.id, donatedOn: "2026-11-02", type: "WHOLE_BLOOD", volumeMl: 350, chapterId: ids.get("AG") } };
    const refused = await t.query(record, input, { chapter: "HP", role: "OFFICER" });
    expect(refused.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const recorded = await t.query(record, input, { chapter: "AG", role: "OFFICER" });
    expect(recorded.errors).toBeUndefined();
  });
});
