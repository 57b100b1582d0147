// docs/domain.md §1 ORG-REFORM, §2 HA-CAMPAIGNS: campaign progress restated onto today's tree. Kiên Giang ran
// its Tháng Nhân đạo in May 2024 and merged into An Giang in the 2025 reform; asked restated — of
// the campaign's own chapter by default, of Kiên Giang, or of An Giang — progress is the figure on
// today's tree, answered by An Giang (where Kiên Giang's history went), and equals an independent
// SQL computation over the rows: every counted record of the campaign recorded in Kiên Giang's
// subtree of the campaign's last day (all of it went to An Giang through the merge). As it was,
// it stays Kiên Giang's. A caller outside An Giang's slice is answered nothing.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedTestStack, type TestStack } from "@chapters/stack/testing";
import { ok } from "../support/emulation.ts";

let t: TestStack;
let hum: pg.Pool;
const ids = new Map<string, string>();
const admin = { chapter: "TW", role: "ADMIN" as const };

beforeAll(async () => {
  t = await sharedTestStack();
  hum = new pg.Pool({ connectionString: t.databaseUrl("humanitarian"), max: 1, options: "-c search_path=humanitarian" });
  for (const row of (await hum.query(`SELECT code, id::text AS id FROM "TreeChapter"`)).rows) ids.set(row.code, row.id);
}, 600_000);
afterAll(async () => {
  await hum?.end();
  await t?.stop();
});

const PROGRESS = `query($k: ID!, $c: ID, $r: Boolean) { campaign(id: $k) { progress(chapterId: $c, restated: $r) { value supports peopleHelped restated chapter { id } } } }`;

describe("ORG-REFORM restated campaign progress across the Kiên Giang → An Giang merge", () => {
  it("ORG-REFORM, HA-CAMPAIGNS: Kiên Giang's 2024 Tháng Nhân đạo restated answers An Giang's figure, equal to an independent SQL sum; as it was it stays Kiên Giang's", async () => {
    const [kg, ag] = [ids.get("KG")!, ids.get("AG")!];
    const { rows: [month] } = await hum.query(`SELECT id::text AS id, "endsOn"::text AS "endsOn" FROM "Campaign" WHERE "chapterId" = $1 AND kind = 'THANG_NHAN_DAO'`, [kg]);
    // the merge, as the replica holds it
    expect((await hum.query(`SELECT kind FROM "TreeSuccession" WHERE "predecessorId" = $1 AND "successorId" = $2`, [kg, ag])).rows).toEqual([{ kind: "MERGE" }]);
    // independent: the campaign's counted records in Kiên Giang's subtree on the campaign's last day
    const { rows: [expected] } = await hum.query(
      `SELECT coalesce(sum(s.value), 0)::float8 AS value, count(*)::int AS supports FROM "SupportRecord" s
       WHERE s."campaignId" = $1 AND s."fundState" IS DISTINCT FROM 'PENDING'
         AND s."chapterId" IN (SELECT c."descendantId" FROM "TreeClosure" c WHERE c."ancestorId" = $2
           AND c."validFrom" <= $3::date AND (c."validTo" IS NULL OR c."validTo" > $3::date))`,
      [month.id, kg, month.endsOn],
    );
    expect(expected.supports).toBeGreaterThan(0);

    const progress = async (c: string | null, r: boolean, as: { chapter: string; role: "ADMIN" | "OFFICER" } = admin) =>
      ok(await t.query(PROGRESS, { k: month.id, c, r }, as)).campaign?.progress ?? null;
    const restatedFigure = { value: expected.value, supports: expected.supports, restated: true, chapter: { id: ag } };
    expect(await progress(null, true), "the campaign's own chapter, restated").toMatchObject(restatedFigure);
    expect(await progress(kg, true), "Kiên Giang, restated").toMatchObject(restatedFigure);
    expect(await progress(ag, true), "An Giang, restated").toMatchObject(restatedFigure);
    expect(await progress(null, true, { chapter: "AG", role: "OFFICER" }), "An Giang's own officer").toMatchObject(restatedFigure);
    // as it was: Kiên Giang's own figure; An Giang did not hold it then
    expect(await progress(null, false)).toMatchObject({ value: expected.value, supports: expected.supports, restated: false, chapter: { id: kg } });
    expect(await progress(ag, false)).toMatchObject({ value: 0, supports: 0 });
    // outside the slice: nothing
    expect(await progress(kg, true, { chapter: "HP", role: "OFFICER" })).toBeNull();
  }, 120_000);
});
