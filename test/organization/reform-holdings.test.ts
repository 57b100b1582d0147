// ORG-REFORM (docs/domain.md §1): a dissolution and a split move the ended chapter's fund balance and
// its remaining memberships, organisations and clubs to the chapter that takes over (the parent;
// the part named for a split), in the change's own transaction — no money or member is left on
// a chapter that no longer exists, so both views of every later year keep them. Checked on the
// demo's dissolved Từ Sơn district and on chapters created, filled and reshaped here.
import { DEMO, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => t?.stop());

const admin = { chapter: DEMO.central, role: "ADMIN" as const };
const db = () => t.stack.organization.database.prisma;

const balanceOf = async (code: string, until: string) =>
  (
    await db().$queryRawUnsafe<{ b: number }[]>(
      `SELECT coalesce(sum(CASE WHEN kind::text IN ('INCOME','TRANSFER_IN') THEN amount ELSE -amount END), 0)::float8 AS b
       FROM "FundEntry" WHERE "chapterId" = (SELECT id FROM "Chapter" WHERE code = $1) AND "entryDate" <= $2::date`,
      code,
      until,
    )
  )[0]!.b;

const idOf = async (code: string) => (await db().chapter.findUniqueOrThrow({ where: { code } })).id;

/** A commune under Bắc Ninh with one member, a fund, an organisation and a club. */
async function filledCommune(code: string): Promise<string> {
  const res = await t.query(
    `mutation($p: ID!) { createChapter(chapter: { code: "${code}", name: "Hội CTĐ xã ${code}", level: COMMUNE, parentId: $p }, basis: { effectiveDate: "2026-01-05", decisionNumber: "1/QĐ-TEST" }) { id } }`,
    { p: await idOf(DEMO.bacNinh) },
    admin,
  );
  expect(res.errors).toBeUndefined();
  const chapterId = await idOf(code);
  const person = await db().person.create({ data: { fullName: "Lê Văn Thử", searchName: "le van thu" } });
  const membership = crypto.randomUUID();
  await db().membership.create({ data: { id: membership, personId: person.id, chapterId, kind: "MEMBER", joinedOn: new Date("2026-01-10"), lineageId: membership } });
  await db().fundEntry.create({ data: { chapterId, entryDate: new Date("2026-01-15"), kind: "INCOME", amount: 7_300_000n, source: "Vận động", recordedBy: "test" } });
  await db().organisation.create({ data: { chapterId, kind: "SCHOOL", name: "Trường Thử", hasRedCross: true, listedOn: new Date("2026-01-05") } });
  await db().club.create({ data: { chapterId, kind: "FIRST_AID_TEAM", name: "Đội sơ cấp cứu Thử", servesLevel: "COMMUNE", foundedOn: new Date("2026-01-20") } });
  return chapterId;
}

async function holdingsOn(chapterId: string, on: string) {
  const day = new Date(on);
  return {
    members: await db().membership.count({ where: { chapterId, joinedOn: { lte: day }, OR: [{ leftOn: null }, { leftOn: { gt: day } }] } }),
    organisations: await db().organisation.count({ where: { chapterId, listedOn: { lte: day }, OR: [{ delistedOn: null }, { delistedOn: { gt: day } }] } }),
    clubs: await db().club.count({ where: { chapterId } }),
  };
}

describe("ORG-REFORM dissolution and split move everything", () => {
  it("ORG-REFORM: the dissolved Từ Sơn district kept nothing: its 95,800,000 VND passed to Bắc Ninh on 1 July 2025", async () => {
    const before = await balanceOf(DEMO.tuSon, "2025-06-30");
    expect(before).toBe(95_800_000);
    expect(await balanceOf(DEMO.tuSon, "2026-12-31")).toBe(0);
    const [received] = await db().$queryRawUnsafe<{ amount: number }[]>(
      `SELECT sum(amount)::float8 AS amount FROM "FundEntry" WHERE "chapterId" = (SELECT id FROM "Chapter" WHERE code = $1)
       AND kind::text = 'TRANSFER_IN' AND "entryDate" = '2025-07-01' AND source = 'Giải thể'`,
      DEMO.bacNinh,
    );
    expect(received!.amount).toBe(before);
  });

  it("ORG-REFORM: Bắc Ninh's 2026 subtree balance is the same as it was and restated", async () => {
    const q = `query($r: Boolean!) { chapter(code: "${DEMO.bacNinh}") { figures(year: 2026, restated: $r) { fund { subtreeBalance } } } }`;
    const asWas = (await t.query(q, { r: false }, admin)).data.chapter.figures.fund.subtreeBalance;
    const restated = (await t.query(q, { r: true }, admin)).data.chapter.figures.fund.subtreeBalance;
    expect(asWas).toBeGreaterThan(95_800_000);
    expect(asWas).toBe(restated);
  });

  it("ORG-REFORM: a dissolution passes members, fund, organisations and clubs to the parent in its own transaction", async () => {
    const id = await filledCommune("BN.DISS1");
    const parent = await idOf(DEMO.bacNinh);
    const parentBefore = await holdingsOn(parent, "2026-03-01");
    const res = await t.query(
      `mutation($c: ID!) { dissolveChapter(chapterId: $c, basis: { effectiveDate: "2026-03-01", decisionNumber: "2/QĐ-TEST" }) { kind } }`,
      { c: id },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(await holdingsOn(id, "2026-03-01")).toEqual({ members: 0, organisations: 0, clubs: 0 });
    expect(await balanceOf("BN.DISS1", "2026-12-31")).toBe(0);
    const parentAfter = await holdingsOn(parent, "2026-03-01");
    expect(parentAfter).toEqual({ members: parentBefore.members + 1, organisations: parentBefore.organisations + 1, clubs: parentBefore.clubs + 1 });
  });

  it("ORG-REFORM: a split passes them to the part named (takesOver); a split refused for bad input moves nothing", async () => {
    const id = await filledCommune("BN.SPLIT1");
    const split = (takes: [boolean, boolean]) =>
      t.query(
        `mutation($c: ID!, $a: Boolean, $b: Boolean) { splitChapter(chapterId: $c, parts: [
          { chapter: { code: "BN.SPLIT1A", name: "Hội CTĐ xã Một", level: COMMUNE }, childIds: [], takesOver: $a },
          { chapter: { code: "BN.SPLIT1B", name: "Hội CTĐ xã Hai", level: COMMUNE }, childIds: [], takesOver: $b }],
          basis: { effectiveDate: "2026-04-01", decisionNumber: "3/QĐ-TEST" }) { kind } }`,
        { c: id, a: takes[0], b: takes[1] },
        admin,
      );
    const refused = await split([true, true]);
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await holdingsOn(id, "2026-04-01")).toEqual({ members: 1, organisations: 1, clubs: 1 });

    const res = await split([false, true]);
    expect(res.errors).toBeUndefined();
    expect(await holdingsOn(id, "2026-04-01")).toEqual({ members: 0, organisations: 0, clubs: 0 });
    expect(await holdingsOn(await idOf("BN.SPLIT1B"), "2026-04-01")).toEqual({ members: 1, organisations: 1, clubs: 1 });
    expect(await holdingsOn(await idOf("BN.SPLIT1A"), "2026-04-01")).toEqual({ members: 0, organisations: 0, clubs: 0 });
    expect(await balanceOf("BN.SPLIT1", "2026-12-31")).toBe(0);
    expect(await balanceOf("BN.SPLIT1B", "2026-12-31")).toBe(7_300_000);
  });
});
