// docs/domain.md §2 HA-TARGETS, HA-SUPPORT, HA-PLEDGE, HA-CALENDAR, ORG-VALUE, ORG-REFORM: humanitarian's
// figure rollups are exact. The migration holds exactly what core's generator makes of the spec;
// after seeded random writes (support records in bulk, backdated, moved to another chapter or
// address, deleted, and through the API; address steps, moves and household sizes; sponsors and
// pledges) and tree changes recorded in organization (move, merge, split, dissolve), for every
// chapter, every kept year and both views, the figures read from the rollups equal the figures
// computed from the rows, and the rollups kept write by write equal a from-scratch rebuild; a
// figure read through the gateway right after a write shows it; concurrent writers on the
// PostgreSQL server lose nothing.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { figureVersionSql, isoDate, rollupSql, todayInVietnam } from "@chapters/core";
import {
  figuresFromRollups,
  figuresFromRows,
  HUMANITARIAN_ROLLUPS,
  rebuildHumanitarianRollups,
  yearWindow,
  type HumanitarianPrisma,
  type HumanitarianService,
} from "@chapters/humanitarian";
import { treeChanges } from "@chapters/organization";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../support/random.ts";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { expectRollupsMatchRows } from "../support/rollups.ts";

let t: TestStack;
beforeAll(async () => {
  // the PostgreSQL server even in the embedded run: the concurrency case needs real parallel writers
  t = await startTestStack({ server: true, gateway: { registeredOnly: [] } });
});
afterAll(async () => t?.stop());

const humanitarian = () => t.stack.services.humanitarian as unknown as HumanitarianService;
const db = (): HumanitarianPrisma => humanitarian().database.prisma;
const org = () => t.stack.organization.database.prisma;
const admin = { chapter: "TW", role: "ADMIN" as const };
/** calendar years (HA-CALENDAR: the rollups hold calendar years): the demo's 2023 to the running one */
const YEARS = [2023, 2024, 2025, 2026];

const context = () => ({
  prisma: db(),
  identity: { subject: "test", chapterCode: "TW", role: "ADMIN" as const, grants: [] },
  requestId: "test",
  memo: new Map(),
  pubsub: null as never,
  live: null as never,
});

async function everyChapter(): Promise<string[]> {
  return (await db().treeChapter.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((c) => c.id);
}

async function expectRollupsExact(label: string) {
  await expectRollupsMatchRows(label, await everyChapter(), YEARS, {
    fromRollups: (ids, year, restated) => figuresFromRollups(context() as never, ids, year, restated),
    fromRows: (ids, year, restated) => figuresFromRows(context() as never, ids, yearWindow(year), restated),
  });
}

/** Own and subtree rows of YEARS without their all-zero rows (a row kept at zero is the same
 * figure; a rebuild may keep an earlier year that backdated writes reached). */
async function rollupTables() {
  const nonZero = (rows: Record<string, unknown>[]) =>
    rows
      .filter((r) => YEARS.includes(Number(r.year)))
      .filter((r) => Object.entries(r).some(([k, v]) => !["chapterId", "x", "year", "restated"].includes(k) && Number(v) !== 0))
      .map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? Number(v) : v)));
  const own = await db().$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "HumanitarianOwnFigures" ORDER BY "chapterId", year`);
  const subtree = await db().$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "HumanitarianSubtreeFigures" ORDER BY x, year, restated`);
  return { own: nonZero(own), subtree: nonZero(subtree) };
}

async function expectKeptEqualsRebuild() {
  const kept = await rollupTables();
  await rebuildHumanitarianRollups(db());
  const rebuilt = await rollupTables();
  expect(kept.own).toEqual(rebuilt.own);
  expect(kept.subtree).toEqual(rebuilt.subtree);
}

async function liveChapters(levels: string[], options: { childless?: boolean } = {}): Promise<string[]> {
  const today = todayInVietnam();
  const live = { validFrom: { lte: today }, OR: [{ validTo: null }, { validTo: { gt: today } }] };
  const rows = await org().chapterVersion.findMany({ where: { level: { in: levels as never }, ...live }, select: { chapterId: true }, orderBy: { chapterId: "asc" } });
  const parents = new Set((await org().chapterVersion.findMany({ where: live, select: { parentId: true } })).map((v) => v.parentId));
  return rows.map((r) => r.chapterId).filter((id) => !options.childless || !parents.has(id));
}

const KINDS = ["MONTHLY", "WHEELCHAIR", "HOUSING", "HEALTH_INSURANCE", "OTHER"] as const;

async function randomWrites(seed: number, count: number) {
  const r = seededRandom(seed);
  const communes = await liveChapters(["COMMUNE", "BRANCH", "AFFILIATED"]);
  const campaign = await db().campaign.findFirstOrThrow({ where: { kind: "PROGRAMME" } });
  for (let i = 0; i < count; i++) {
    const addresses = await db().humanitarianAddress.findMany({ select: { id: true, chapterId: true, status: true }, orderBy: { id: "asc" }, take: 80 });
    const sponsors = await db().sponsor.findMany({ select: { id: true }, orderBy: { id: "asc" }, take: 40 });
    const kind = r.int(0, 10);
    if (kind === 0) {
      // HA-SUPPORT, HA-CAMPAIGNS: several acts of help in one statement, backdated into earlier
      // reporting years, some recorded by a chapter other than the address's, some to people outside
      // the address list, some from a chapter's fund (ORG-FUND: counted once RECORDED, not PENDING)
      const address = r.pick(addresses);
      await db().supportRecord.createMany({
        skipDuplicates: true,
        data: [r.day("2022-11-20", "2023-11-30"), r.day("2024-11-20", "2025-11-30"), r.day("2025-11-20", "2026-11-25")].map((givenOn) => {
          const outside = r.int(0, 3) === 0;
          const fund = r.int(0, 3) === 0 ? (r.int(0, 1) ? "RECORDED" : "PENDING") : null;
          return {
            chapterId: r.int(0, 2) ? address.chapterId : r.pick(communes), addressId: outside ? null : address.id,
            recipientGroup: outside ? "Hộ bị ảnh hưởng bão" : null, headCount: outside ? r.int(1, 40) : null,
            giver: fund ? ("CHAPTER_FUND" as const) : ("SPONSOR" as const), sponsorId: fund ? null : r.pick(sponsors).id,
            fundState: fund as "RECORDED" | "PENDING" | null, fundEntryId: fund === "RECORDED" ? randomUUID() : null,
            campaignId: r.int(0, 4) ? campaign.id : null, kind: r.pick(KINDS), value: BigInt(r.int(1, 90) * 100_000), givenOn,
            reference: `R-${r.int(0, 1_000_000_000)}`, recordedBy: "test" };
        }),
      });
    } else if (kind === 10) {
      // ORG-FUND: a chapter-fund gift's ledger line written: it starts to count
      const pending = await db().supportRecord.findMany({ where: { fundState: "PENDING" }, select: { id: true }, orderBy: { id: "asc" }, take: 20 });
      if (pending.length) await db().supportRecord.update({ where: { id: r.pick(pending).id }, data: { fundState: "RECORDED", fundEntryId: randomUUID() } });
    } else if (kind === 1) {
      // a support record moved to another chapter, another address and another day
      const some = await db().supportRecord.findMany({ select: { id: true }, orderBy: { id: "asc" }, take: 60 });
      await db().supportRecord.update({
        where: { id: r.pick(some).id },
        data: { chapterId: r.pick(communes), givenOn: r.day("2022-11-25", "2026-11-25"), value: BigInt(r.int(1, 50) * 100_000) },
      }).catch(() => undefined); // its reference already used in that chapter is refused (HA-NODOUBLE): nothing written
    } else if (kind === 2) {
      const some = await db().supportRecord.findMany({ select: { id: true }, orderBy: { id: "asc" }, take: 60 });
      await db().supportRecord.delete({ where: { id: r.pick(some).id } });
    } else if (kind === 3) {
      // HA-PROFILE: a new address, surveyed some years ago, maybe already further along
      const surveyedOn = r.day("2022-06-01", "2026-11-20");
      const later = (days: number) => (r.int(0, 1) ? new Date(surveyedOn.getTime() + days * 86_400_000) : null);
      await db().humanitarianAddress.create({
        data: { chapterId: r.pick(communes), kind: "HOUSEHOLD", category: "DISASTER", fullName: `Hộ thử ${seed}-${i}`, addressLine: "Ấp 1", needs: "Nhà ở",
          householdSize: r.int(1, 6), surveyedOn, surveyedBy: "test", profiledOn: later(30), approvedOn: later(90), publishedOn: later(120) },
      });
    } else if (kind === 4) {
      // steps taken, undone or backdated on an existing address
      const a = r.pick(addresses);
      const day = r.day("2023-01-01", "2026-11-25");
      const step = r.pick(["profiledOn", "approvedOn", "supportedOn", "closedOn", "publishedOn", "surveyedOn"] as const);
      await db().humanitarianAddress
        .update({ where: { id: a.id }, data: { [step]: step === "surveyedOn" || r.int(0, 3) ? day : null } })
        .catch(() => undefined); // a step the workflow's checks refuse (HA-PROFILE) writes nothing
    } else if (kind === 5) {
      // an address moved to another chapter, its household grown: its support goes with it
      const a = r.pick(addresses);
      await db().humanitarianAddress.update({ where: { id: a.id }, data: { chapterId: r.pick(communes), householdSize: r.int(1, 8), priorityRank: null } });
    } else if (kind === 6) {
      // HA-PLEDGE: a head of an agency on a chapter's list, serving from a past day (some for a
      // while only), some with their own sponsor record (and a new sponsor beside them)
      const servesFrom = r.day("2022-06-01", "2026-11-20");
      const sponsor = await db().sponsor.create({ data: { chapterId: r.pick(communes), kind: "INDIVIDUAL", name: `Thủ trưởng ${seed}-${i}` } });
      await db().agencyHead.create({
        data: { chapterId: r.pick(communes), reference: `H-${seed}-${i}`, fullName: `Thủ trưởng ${seed}-${i}`, position: "Giám đốc", organisation: "Sở thử", servesFrom,
          servesUntil: r.int(0, 2) ? null : new Date(servesFrom.getTime() + r.int(30, 700) * 86_400_000), sponsorId: r.int(0, 1) ? sponsor.id : r.pick(sponsors).id, recordedBy: "test" },
      });
    } else if (kind === 7) {
      // a head moved to another chapter's list, their dates or sponsor record changed
      const heads = await db().agencyHead.findMany({ select: { id: true, servesFrom: true }, orderBy: { id: "asc" }, take: 40 });
      if (!heads.length) continue;
      const h = r.pick(heads);
      const servesFrom = r.int(0, 1) ? h.servesFrom : r.day("2022-06-01", "2026-11-20");
      await db().agencyHead.update({
        where: { id: h.id },
        data: { chapterId: r.pick(communes), servesFrom, servesUntil: r.int(0, 1) ? null : new Date(servesFrom.getTime() + r.int(1, 500) * 86_400_000), sponsorId: r.int(0, 2) ? r.pick(sponsors).id : null },
      }).catch(() => undefined); // its Mã already listed in that chapter is refused: nothing written
    } else if (kind === 8) {
      const startsOn = r.day("2022-11-25", "2026-11-25");
      await db().pledge.create({
        data: { sponsorId: r.pick(sponsors).id, addressId: r.pick(addresses).id, startsOn, endsOn: r.int(0, 1) ? new Date(startsOn.getTime() + r.int(30, 700) * 86_400_000) : null,
          promisedKind: "MONTHLY", promisedValue: 500_000n, recordedBy: "test" },
      }).catch(() => undefined); // the same pledge twice is refused
    } else {
      const pledges = await db().pledge.findMany({ select: { id: true, startsOn: true }, orderBy: { id: "asc" }, take: 40 });
      if (!pledges.length) continue;
      const p = r.pick(pledges);
      if (r.int(0, 1)) await db().pledge.update({ where: { id: p.id }, data: { endsOn: new Date(p.startsOn.getTime() + r.int(1, 400) * 86_400_000) } });
      else await db().pledge.delete({ where: { id: p.id } });
    }
  }
}

const meta = (date: string, note: string) => ({ effectiveDate: isoDate(date), decisionNumber: `HUM-${note}`, note, recordedBy: "test" });

describe("HA-TARGETS humanitarian figure rollups", () => {
  it("HA-TARGETS: the migration's generic part is exactly what core generates from the spec", () => {
    const migration = readFileSync(new URL("../../prisma/humanitarian/migrations/20261206180000_agency_heads/migration.sql", import.meta.url), "utf8");
    expect(migration).toContain(rollupSql(HUMANITARIAN_ROLLUPS));
    // and the data version beside them (core's rollups/versioned.ts)
    expect(readFileSync(new URL("../../prisma/humanitarian/migrations/20261206220000_figure_version/migration.sql", import.meta.url), "utf8")).toBe(figureVersionSql(HUMANITARIAN_ROLLUPS));
  });

  it("HA-TARGETS, ORG-VALUE: after the demo seed the rollups answer every kept year, equal to the rows, in both views", async () => {
    await humanitarian().caughtUp();
    await rebuildHumanitarianRollups(db(), { onlyIfStale: true });
    const years = (await db().$queryRawUnsafe<{ year: number }[]>(`SELECT year FROM "HumanitarianRollupYear" ORDER BY year`)).map((r) => r.year);
    expect(years).toEqual(expect.arrayContaining(YEARS));
    await expectRollupsExact("after the demo seed");
    // something to compare: the demo's 2023 is not all zeros
    const national = (await figuresFromRollups(context() as never, await everyChapter(), 2023, true))!;
    expect([...national.values()].some((f) => f.value > 0n && f.addressesSupported > 0 && f.surveyed > 0)).toBe(true);
  });

  it("HA-SUPPORT, HA-PLEDGE, HA-CALENDAR: after random writes (bulk, backdated, moved, deleted) every figure equals its computation from the rows, and a rebuild", async () => {
    await randomWrites(3, 90);
    await expectRollupsExact("after random writes");
    await expectKeptEqualsRebuild();
  });

  it("ORG-VALUE: a gift recorded through the gateway shows at once in its commune's and the national figures", async () => {
    const q = `query($c: String!) { chapter(code: $c) { humanitarianFigures(year: 2026) { value supports addressesSupported } } }`;
    const figures = async (code: string) => (await t.query(q, { c: code }, admin)).data.chapter.humanitarianFigures;
    const communeId = (await liveChapters(["COMMUNE"]))[0]!;
    const commune = await db().treeChapter.findUniqueOrThrow({ where: { id: communeId } });
    const address = await db().humanitarianAddress.create({
      data: { chapterId: communeId, kind: "PERSON", category: "ORPHAN", status: "APPROVED", fullName: "Lò Văn Thử", addressLine: "Bản 2", needs: "Học phí",
        surveyedOn: isoDate("2026-01-05"), surveyedBy: "test", profiledOn: isoDate("2026-01-10"), approvedOn: isoDate("2026-01-20"), consentOn: isoDate("2026-01-06"), consentBy: "test" },
    });
    const sponsor = await db().sponsor.findFirstOrThrow({ where: { name: "Võ Thanh Sơn" } });
    const campaign = await db().campaign.create({
      data: { chapterId: communeId, kind: "PROGRAMME", name: "Chương trình thử", startsOn: isoDate("2026-11-25"), endsOn: isoDate("2027-11-24"), createdBy: "test" },
    });
    const [communeBefore, nationalBefore] = [await figures(commune.code), await figures("TW")];
    const res = await t.query(
      `mutation($i: RecordSupportInput!) { recordSupport(input: $i) { id } }`,
      { i: { addressId: address.id, sponsorId: sponsor.id, campaignId: campaign.id, kind: "OTHER", value: "3500000", givenOn: todayInVietnam().toISOString().slice(0, 10), reference: "ROLLUP-API-1" } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const [communeAfter, nationalAfter] = [await figures(commune.code), await figures("TW")];
    expect(Number(communeAfter.value)).toBe(Number(communeBefore.value) + 3_500_000);
    expect(communeAfter.addressesSupported).toBe(communeBefore.addressesSupported + 1);
    expect(Number(nationalAfter.value)).toBe(Number(nationalBefore.value) + 3_500_000);
    expect(nationalAfter.supports).toBe(nationalBefore.supports + 1);
    // and it was the rollups that answered
    expect(await figuresFromRollups(context() as never, [communeId], 2026, false)).not.toBeNull();
  });

  it("ORG-REFORM: after a move, a merge, a split and a dissolution recorded in organization, both views still equal the rows, and the kept rollups a rebuild", async () => {
    const communes = await liveChapters(["COMMUNE"]);
    const provinces = await liveChapters(["PROVINCE"]);
    const run = (work: (tx: never) => Promise<unknown>) => org().$transaction((tx) => work(tx as never), { timeout: 60_000 });
    await run((tx) => treeChanges.moveChapters(tx, [communes[1]!], provinces[2]!, meta("2026-02-01", "move")));
    await run((tx) => treeChanges.mergeChapters(tx, [communes[3]!], { intoId: communes[4]! }, meta("2026-03-01", "merge")));
    const childless = (await liveChapters(["COMMUNE"], { childless: true })).filter((id) => ![communes[1], communes[3], communes[4]].includes(id));
    await run((tx) =>
      treeChanges.splitChapter(tx, childless[0]!, [
        { code: "HUM.SPLIT.A", name: "Hội CTĐ xã Tách Một", level: "COMMUNE", childIds: [] },
        { code: "HUM.SPLIT.B", name: "Hội CTĐ xã Tách Hai", level: "COMMUNE", childIds: [] },
      ], meta("2026-04-01", "split")),
    );
    const branches = await liveChapters(["BRANCH", "COMMUNE"], { childless: true });
    await run((tx) => treeChanges.dissolveChapter(tx, branches[0]!, meta("2026-05-01", "dissolve")));
    await humanitarian().caughtUp();
    await randomWrites(8, 40);
    await expectRollupsExact("after tree changes");
    await expectKeptEqualsRebuild();
  });

  it("ORG-VALUE: 20 concurrent gifts for communes of one province (PostgreSQL server) lose nothing", async () => {
    await humanitarian().caughtUp();
    const dn = await db().treeChapter.findUniqueOrThrow({ where: { code: "DN" } });
    const today = todayInVietnam();
    const under = (await db().treeClosure.findMany({ where: { ancestorId: dn.id, depth: { gte: 1 }, validFrom: { lte: today }, OR: [{ validTo: null }, { validTo: { gt: today } }] } })).map((c) => c.descendantId);
    const addresses = await db().humanitarianAddress.findMany({ where: { chapterId: { in: under } }, select: { id: true, chapterId: true } });
    expect(addresses.length).toBeGreaterThan(0);
    const sponsor = await db().sponsor.findFirstOrThrow();
    const campaign = await db().campaign.findFirstOrThrow({ where: { kind: "PROGRAMME" } });
    // 1 January to 27 November 2026: calendar year 2026 (HA-CALENDAR: the rollups hold calendar years)
    const value = async () => {
      const years = await Promise.all([2026].map((y) => figuresFromRollups(context() as never, [dn.id], y, false)));
      return years.reduce((sum, f) => sum + Number(f!.get(dn.id)!.value), 0);
    };
    const before = await value();
    const pool = new pg.Pool({ connectionString: t.databaseUrl("humanitarian"), max: 10, options: "-c search_path=humanitarian" });
    try {
      await Promise.all(
        Array.from({ length: 20 }, async (_v, i) => {
          const client = await pool.connect();
          try {
            const a = addresses[i % addresses.length]!;
            await client.query("BEGIN");
            await client.query(
              `INSERT INTO "SupportRecord" (id, "chapterId", "addressId", "sponsorId", "campaignId", kind, value, "givenOn", reference, "recordedBy")
               VALUES (gen_random_uuid(), $1, $2, $3, $4, 'OTHER', $5, $6::date, 'RACE-' || gen_random_uuid(), 'test')`,
              [under[i % under.length], a.id, sponsor.id, campaign.id, 100_000 * (i + 1), `2026-${String((i % 11) + 1).padStart(2, "0")}-${String((i % 27) + 1).padStart(2, "0")}`],
            );
            await client.query("COMMIT");
          } finally {
            client.release();
          }
        }),
      );
    } finally {
      await pool.end();
    }
    expect(await value()).toBe(before + 100_000 * ((20 * 21) / 2));
    await expectRollupsExact("after concurrent writers");
    await expectKeptEqualsRebuild();
  });
});
