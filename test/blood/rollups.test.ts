// BL-TARGETS, ORG-REFORM: blood's figure rollups are exact. After seeded random writes (donations
// recorded through the API and written in bulk, several of one donor in one statement, moved,
// deleted; organ registrations) and tree changes recorded in organization, for every chapter,
// every year and both views, the figures read from the rollups equal the figures computed from
// the rows, and the rollups kept write by write equal a from-scratch rebuild. The migration holding
// them holds exactly what core's generator makes of blood's spec.
import { readdirSync, readFileSync } from "node:fs";
import { deltaRollupSql, isoDate, todayInVietnam } from "@chapters/core";
import { BLOOD_ROLLUPS, indicatorsFromRollups, indicatorsFromRows, rebuildBloodRollups, type BloodService } from "@chapters/blood";
import { treeChanges } from "@chapters/organization";
import { DEMO, startTestStack, type TestStack } from "@chapters/stack/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../support/random.ts";
import { expectRollupsMatchRows } from "../support/rollups.ts";

let t: TestStack;
beforeAll(async () => {
  // on the PostgreSQL server even in the embedded run: the concurrent writers below must race
  t = await startTestStack({ server: true });
});
afterAll(async () => t?.stop());

const blood = () => t.stack.services.blood as unknown as BloodService;
const db = () => blood().database.prisma;
const org = () => t.stack.organization.database.prisma;
const YEARS = [2023, 2024, 2025, 2026];

const context = () => ({ prisma: db(), identity: { subject: "test", chapterCode: DEMO.central, role: "ADMIN" as const, grants: [] }, requestId: "test", memo: new Map(), pubsub: null as never, live: null as never });

async function everyChapter(): Promise<string[]> {
  return (await db().treeChapter.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((c) => c.id);
}

async function expectRollupsExact(label: string) {
  await expectRollupsMatchRows(label, await everyChapter(), YEARS, {
    fromRollups: (ids, year, restated) => indicatorsFromRollups(context(), ids, year, restated),
    fromRows: (ids, year, restated) => indicatorsFromRows(context(), ids, year, restated),
  });
}

async function rollupRows(): Promise<string[]> {
  const rows = await db().$queryRaw<Record<string, unknown>[]>`
    SELECT x, year, restated, units::float8 AS units, donations, repeats, donors, organ FROM "BloodSubtree"
    WHERE units <> 0 OR donations <> 0 OR repeats <> 0 OR donors <> 0 OR organ <> 0 ORDER BY x, year, restated`;
  return rows.map((r) => JSON.stringify(r));
}

async function liveChapters(levels: string[]): Promise<string[]> {
  const today = todayInVietnam();
  const rows = await org().chapterVersion.findMany({
    where: { level: { in: levels as never }, validFrom: { lte: today }, OR: [{ validTo: null }, { validTo: { gt: today } }] },
    select: { chapterId: true },
    orderBy: { chapterId: "asc" },
  });
  return rows.map((r) => r.chapterId);
}

async function randomWrites(seed: number, count: number) {
  const r = seededRandom(seed);
  const communes = await liveChapters(["COMMUNE", "BRANCH", "AFFILIATED"]);
  const donors = (await db().donor.findMany({ select: { id: true, chapterId: true }, orderBy: { id: "asc" } })).slice(0, 60);
  for (let i = 0; i < count; i++) {
    const kind = r.int(0, 4);
    if (kind === 0) {
      // several donations of one donor in one statement, in chapters of any year
      const donor = r.pick(donors);
      const days = [r.day("2023-01-01", "2023-12-31"), r.day("2024-01-01", "2024-06-30"), r.day("2024-07-01", "2024-12-31")];
      await db().donation.createMany({
        data: days.map((d) => ({ donorId: donor.id, chapterId: r.pick(communes), donatedOn: d, typeCode: "WHOLE_BLOOD", volumeMl: r.pick([250, 350, 450]), units: r.pick([1, 1.4, 1.8]), isFirst: r.int(0, 1) === 1, recordedBy: "test" })),
      });
    } else if (kind === 1) {
      const donor = r.pick(donors);
      const res = await t.query(`mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }`, {
        i: { donorId: donor.id, donatedOn: `2026-${String(r.int(1, 10)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`, type: "WHOLE_BLOOD", volumeMl: 350, chapterId: r.pick(communes) },
      });
      // refused inside the interval of the donor's last donation: a refusal writes nothing, which is fine here
      expect(res.status).toBeLessThan(500);
    } else if (kind === 2) {
      const some = await db().donation.findMany({ select: { id: true }, orderBy: { id: "asc" }, take: 50 });
      const one = r.pick(some);
      await db().donation.update({ where: { id: one.id }, data: { chapterId: r.pick(communes), donatedOn: r.day("2024-01-01", "2026-10-31") } });
    } else if (kind === 3) {
      const some = await db().donation.findMany({ select: { id: true }, orderBy: { id: "asc" }, take: 50 });
      await db().donation.delete({ where: { id: r.pick(some).id } });
    } else {
      await db().organRegistration.create({
        data: { chapterId: r.pick(communes), fullName: `Người đăng ký ${seed}-${i}`, registeredOn: r.day("2023-01-01", "2026-10-31"), organs: ["KIDNEY"], consentSignedOn: isoDate("2023-01-01"), consentDocument: "Phiếu đồng ý", recordedBy: "test" },
      });
    }
  }
}

const meta = (date: string, note: string) => ({ effectiveDate: isoDate(date), decisionNumber: `THU-${note}`, note, recordedBy: "test" });

describe("BL-TARGETS blood figure rollups", () => {
  it("BL-TARGETS: the migration's generic part is exactly what core generates from the spec, and no later migration changes them", () => {
    const folder = new URL("../../prisma/blood/migrations/", import.meta.url);
    const migration = readFileSync(new URL("20261206110000_blood_rollups_generated/migration.sql", folder), "utf8");
    expect(migration).toContain(deltaRollupSql(BLOOD_ROLLUPS));
    // the one file shows the rollups as they run: nothing after it redefines a blood_ function or trigger
    const later = readdirSync(folder).filter((name) => name > "20261206110000_blood_rollups_generated" && !name.endsWith(".toml"));
    for (const name of later) expect(readFileSync(new URL(`${name}/migration.sql`, folder), "utf8")).not.toMatch(/blood_|"Blood/);
  });

  it("BL-TARGETS: after the demo seed the rollups answer every year, equal to the rows, in both views", async () => {
    await blood().caughtUp();
    await expectRollupsExact("after the demo seed");
  });

  it("BL-TARGETS: after random writes (bulk, moved, deleted, through the API) every figure equals its computation from the rows", async () => {
    await randomWrites(5, 60);
    await expectRollupsExact("after random writes");
  });

  it("BL-TARGETS: 20 donations recorded at once, and transactions writing several batches, end exact (the national rows are folded at commit)", async () => {
    const communes = await liveChapters(["COMMUNE"]);
    const created = await db().donor.createManyAndReturn({
      data: Array.from({ length: 24 }, (_, i) => ({ chapterId: communes[i % 4]!, fullName: `Người hiến đồng thời ${i}`, abo: "O" as const, rh: "POSITIVE" as const })),
      select: { id: true, chapterId: true },
    });
    const central = (await db().treeChapter.findUniqueOrThrow({ where: { code: DEMO.central } })).id;
    const nationalDonations = async () => (await indicatorsFromRollups(context(), [central], 2026, false))?.get(central)?.donations;
    const before = await nationalDonations();
    const recorded = created.slice(0, 20).map((donor, i) =>
      t.query(`mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }`, {
        i: { donorId: donor.id, donatedOn: `2026-11-${String(1 + (i % 20)).padStart(2, "0")}`, type: "WHOLE_BLOOD", volumeMl: 350 },
      }),
    );
    // a transaction that writes, moves and removes in several statements: its differences are folded once, at commit
    const batches = created.slice(20).map((donor, i) =>
      db().$transaction(async (tx) => {
        await tx.donation.createMany({
          data: ["2026-01-10", "2026-05-10", "2026-09-10"].map((d) => ({ donorId: donor.id, chapterId: communes[(i + 5) % communes.length]!, donatedOn: isoDate(d), typeCode: "WHOLE_BLOOD", volumeMl: 350, units: 1.4, isFirst: d === "2026-01-10", recordedBy: "test" })),
        });
        await tx.donation.updateMany({ where: { donorId: donor.id, donatedOn: isoDate("2026-05-10") }, data: { chapterId: communes[(i + 9) % communes.length]! } });
        await tx.donation.deleteMany({ where: { donorId: donor.id, donatedOn: isoDate("2026-09-10") } });
      }),
    );
    const answers = await Promise.all(recorded);
    await Promise.all(batches);
    expect(answers.map((a) => a.errors?.[0]?.message ?? "ok")).toEqual(answers.map(() => "ok"));
    // 20 recorded, and 3 − 1 from each of the 4 transactions
    expect(await nationalDonations()).toBe(before! + 20 + 4 * 2);
    await expectRollupsExact("after concurrent writers");
    const kept = await rollupRows();
    await rebuildBloodRollups(db());
    expect(kept).toEqual(await rollupRows());
  });

  it("BL-TARGETS: a donation's open transaction holds no rollup row: another donation under the same nation commits meanwhile, and both count once committed", async () => {
    const communes = await liveChapters(["COMMUNE"]);
    const donors = await db().donor.createManyAndReturn({
      data: [0, 1].map((i) => ({ chapterId: communes[i]!, fullName: `Người hiến chờ ${i}`, abo: "A" as const, rh: "POSITIVE" as const })),
      select: { id: true, chapterId: true },
    });
    const central = (await db().treeChapter.findUniqueOrThrow({ where: { code: DEMO.central } })).id;
    const nationalDonations = async () => (await indicatorsFromRollups(context(), [central], 2026, false))?.get(central)?.donations;
    const before = await nationalDonations();
    const connect = async () => {
      const client = new pg.Client({ connectionString: t.databaseUrl("blood"), options: "-c search_path=blood" });
      await client.connect();
      return client;
    };
    const insert = (client: pg.Client, donor: { id: string; chapterId: string }) =>
      client.query(
        `INSERT INTO "Donation" (id, "donorId", "chapterId", "donatedOn", "typeCode", "volumeMl", units, "isFirst", "recordedBy")
         VALUES (gen_random_uuid(), $1, $2, '2026-06-01', 'WHOLE_BLOOD', 350, 1.4, TRUE, 'test')`,
        [donor.id, donor.chapterId],
      );
    const open = await connect();
    const other = await connect();
    try {
      await open.query("BEGIN");
      await insert(open, donors[0]!);
      // were the national row locked by the open transaction, this would wait for it and time out
      await other.query("SET lock_timeout = '5s'");
      await other.query("BEGIN");
      await insert(other, donors[1]!);
      await other.query("COMMIT");
      expect(await nationalDonations()).toBe(before! + 1);
      await open.query("COMMIT");
      expect(await nationalDonations()).toBe(before! + 2);
    } finally {
      await open.end();
      await other.end();
    }
    await expectRollupsExact("after a writer waited on none");
  });

  it("ORG-REFORM: a tree change recorded in organization is summed again once the replica catches up, and the kept rollups equal a rebuild", async () => {
    const communes = await liveChapters(["COMMUNE"]);
    const provinces = await liveChapters(["PROVINCE"]);
    await org().$transaction((tx) => treeChanges.moveChapters(tx, [communes[1]!], provinces[2]!, meta("2026-02-01", "move")), { timeout: 60_000 });
    await org().$transaction((tx) => treeChanges.mergeChapters(tx, [communes[6]!], { intoId: communes[7]! }, meta("2026-03-01", "merge")), { timeout: 60_000 });
    await blood().caughtUp();
    await randomWrites(9, 30);
    await expectRollupsExact("after tree changes");
    const kept = await rollupRows();
    await rebuildBloodRollups(db());
    expect(kept).toEqual(await rollupRows());
  });
});
