// docs/domain.md §1 ORG-REFORM ("members, money and open work follow a merge; when a chapter is dissolved they
// pass to the chapter that takes over its area"), §2 HA-PLEDGE, HA-PROFILE: humanitarian's standing
// records kept on a chapter that ended — Đồng Xoài's district, dissolved in the 2025 reform, whose
// area went to Bình Phước and so, through the merge, to Đồng Nai — are listed to the slice that
// holds where its history went (Đồng Nai's officer) and to anyone above (a national ADMIN), filtered
// in SQL, and to no one else. Checked against an independent SQL count over the tree of the
// campaign year (2024): Bình Phước's subtree then, plus Đồng Nai's own subtree today.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedTestStack, type TestStack } from "@chapters/stack/testing";
import { chapterIds, ok, withSubgraphDb } from "../support/emulation.ts";

let t: TestStack;
let ids: Map<string, string>;
const admin = { chapter: "TW", role: "ADMIN" as const };
const dnOfficer = { chapter: "DN", role: "OFFICER" as const };
const hpOfficer = { chapter: "HP", role: "OFFICER" as const };

beforeAll(async () => {
  t = await sharedTestStack();
  ids = await chapterIds(t);
}, 600_000);
afterAll(async () => t?.stop());

/** One statement on humanitarian's own tables, for the independent checks. */
const humQuery = (text: string, values: unknown[]) => withSubgraphDb(t, "humanitarian", (db) => db.query(text, values));

/** Independent: rows of `table` on chapters in Bình Phước's subtree of 2024 or in Đồng Nai's subtree today. */
async function sqlCount(table: string): Promise<number> {
  const { rows } = await humQuery(
    `SELECT count(*)::int AS n FROM "${table}" r WHERE r."chapterId" IN (
       SELECT c."descendantId" FROM "TreeClosure" c WHERE c."ancestorId" = $1 AND c."validFrom" <= '2024-12-31' AND (c."validTo" IS NULL OR c."validTo" > '2024-12-31')
       UNION SELECT c."descendantId" FROM "TreeClosure" c WHERE c."ancestorId" = $2 AND c."validTo" IS NULL)`,
    [ids.get("BP"), ids.get("DN")],
  );
  return rows[0].n;
}

const HEADS = `query($c: ID) { agencyHeads(chapterId: $c, first: 100) { totalCount nodes { reference } } }`;
const ADDRESSES = `query($c: ID) { humanitarianAddresses(chapterId: $c, first: 100) { totalCount nodes { id } } }`;

describe("ORG-REFORM rows kept on a dissolved chapter follow its successor", () => {
  it("ORG-REFORM, HA-PLEDGE, HA-PROFILE: Đồng Xoài's heads and addresses are listed to Đồng Nai's officer and a national ADMIN, equal to SQL, and to no one outside", async () => {
    const dx = ids.get("BP.DX")!;
    // Đồng Xoài's district ended (dissolved, not merged) and keeps rows
    const { rows: [ended] } = await humQuery(
      `SELECT bool_and(c."validTo" IS NOT NULL) AS ended, NOT EXISTS (SELECT 1 FROM "TreeSuccession" s WHERE s."predecessorId" = $1 AND s.kind = 'MERGE') AS dissolved
       FROM "TreeClosure" c WHERE c."descendantId" = $1 AND c.depth = 0`,
      [dx],
    );
    expect(ended).toEqual({ ended: true, dissolved: true });
    const onDx = (await humQuery(`SELECT count(*)::int AS n FROM "AgencyHead" WHERE "chapterId" = $1`, [dx])).rows[0].n;
    expect(onDx).toBe(11);

    const heads = await sqlCount("AgencyHead");
    const addresses = await sqlCount("HumanitarianAddress");
    for (const as of [dnOfficer, admin]) {
      const h = ok(await t.query(HEADS, { c: ids.get("DN") }, as)).agencyHeads;
      expect(h.totalCount, `${as.chapter}: heads`).toBe(heads);
      expect(h.nodes.filter((n: { reference: string }) => n.reference.startsWith("BP-DX-")).length, `${as.chapter}: Đồng Xoài's heads`).toBe(11);
      const a = ok(await t.query(ADDRESSES, { c: ids.get("DN") }, as)).humanitarianAddresses;
      expect(a.totalCount, `${as.chapter}: addresses`).toBe(addresses);
    }
    // the national ADMIN's whole list holds them too
    const all = ok(await t.query(`{ agencyHeads(first: 100) { nodes { reference } } }`, {}, admin)).agencyHeads.nodes;
    expect(all.filter((n: { reference: string }) => n.reference.startsWith("BP-DX-")).length).toBe(11);
    // outside the successor's slice: nothing of them
    const outside = ok(await t.query(`{ agencyHeads(first: 100) { nodes { reference } } }`, {}, hpOfficer)).agencyHeads.nodes;
    expect(outside.filter((n: { reference: string }) => n.reference.startsWith("BP-"))).toEqual([]);
  }, 120_000);
});
