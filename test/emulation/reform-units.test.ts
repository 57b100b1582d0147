// docs/domain.md §4 EM-REGISTER with ORG-REFORM: a plan's units are the units as registered, kept
// through the 2025 reform. On the demo data (prisma/emulation/reform-2025.ts) Kiên Giang's and An
// Giang's 2025 plans have districts that registered in February 2025 and were dissolved on
// 1 July 2025 — below nothing on 31 December 2025. Walked through the gateway as An Giang's viewer
// and compared with independent SQL: the units are the registrations whose unit lay below the
// plan's chapter on its registration day (organization's own tree, not the replica); a dissolved
// district's result reads as it was on the district itself, and restated on the chapter that took
// over its area (computed here from organization's versions and successions).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedTestStack, type TestStack } from "@chapters/stack/testing";
import { ok, withSubgraphDb } from "../support/emulation.ts";

let t: TestStack;
const viewer = { chapter: "AG", role: "VIEWER" as const };

beforeAll(async () => {
  t = await sharedTestStack();
}, 600_000);
afterAll(async () => t?.stop());

const withDb = <T>(subgraph: string, work: (db: pg.Client) => Promise<T>): Promise<T> => withSubgraphDb(t, subgraph, work);

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString().slice(0, 10) : d);

/** organization's tree: code of a chapter id, whether `unit` lay below `ancestor` on `day`, and
 * the chapter in force today that a chapter's history went to (merged: its successor; dissolved
 * or split: the parent of its last version), followed until a chapter in force. */
async function organizationTree() {
  return withDb("organization", async (db) => {
    const chapters = (await db.query(`SELECT id::text AS id, code, "endedOn", "endKind"::text AS "endKind" FROM "Chapter"`)).rows as { id: string; code: string; endedOn: Date | null; endKind: string | null }[];
    const versions = (await db.query(`SELECT "chapterId"::text AS "chapterId", "parentId"::text AS "parentId", "validFrom", "validTo" FROM "ChapterVersion"`)).rows as { chapterId: string; parentId: string | null; validFrom: Date; validTo: Date | null }[];
    const merges = (await db.query(`SELECT "predecessorId"::text AS p, "successorId"::text AS s FROM "ChapterSuccession" WHERE kind = 'MERGE'`)).rows as { p: string; s: string }[];
    const byId = new Map(chapters.map((c) => [c.id, c]));
    const parentOn = (id: string, day: string) => versions.find((v) => v.chapterId === id && iso(v.validFrom) <= day && (v.validTo === null || iso(v.validTo) > day))?.parentId ?? null;
    const below = (unit: string, ancestor: string, day: string): boolean => {
      for (let p = parentOn(unit, day); p; p = parentOn(p, day)) if (p === ancestor) return true;
      return false;
    };
    const destination = (id: string): string => {
      const c = byId.get(id)!;
      if (!c.endedOn) return id;
      const merged = merges.find((m) => m.p === id);
      if (merged) return destination(merged.s);
      const last = versions.filter((v) => v.chapterId === id).sort((a, b) => iso(b.validFrom).localeCompare(iso(a.validFrom)))[0]!;
      return destination(last.parentId!);
    };
    return { code: (id: string) => byId.get(id)!.code, id: (code: string) => chapters.find((c) => c.code === code)!.id, below, destination };
  });
}

const PLANS = `query { chapter(code: "AG") { emulationPlans(year: 2025) { id chapter { id } results(first: 50) { nodes { unitCode unit { id } class registered } } } } }`;

describe("EM-REGISTER, ORG-REFORM: the 2025 plans' units as registered", () => {
  it("EM-REGISTER: Kiên Giang's and An Giang's 2025 plans keep the districts that registered in February 2025 and were dissolved on 1 July 2025 (independent SQL over organization's tree)", async () => {
    const tree = await organizationTree();
    const plans = ok(await t.query(PLANS, {}, viewer)).chapter.emulationPlans as any[];
    expect(plans.map((p) => tree.code(p.chapter.id)).sort()).toEqual(["AG", "KG"]);
    const registrations = await withDb("emulation", async (db) =>
      (await db.query(`SELECT "planId"::text AS "planId", "unitId"::text AS "unitId", "registeredOn" FROM "Registration" r JOIN "EmulationPlan" p ON p.id = r."planId" WHERE p.year = 2025`)).rows as { planId: string; unitId: string; registeredOn: Date }[]);
    for (const plan of plans) {
      // the oracle: every registration of the plan whose unit lay below the plan's chapter on its day
      const expected = registrations.filter((r) => r.planId === plan.id && tree.below(r.unitId, plan.chapter.id, iso(r.registeredOn))).map((r) => tree.code(r.unitId)).sort();
      expect(expected.length).toBeGreaterThan(0);
      const shown = plan.results.nodes.map((n: any) => n.unitCode).sort();
      expect(shown).toEqual(expected);
      // none of them is below the plan's chapter on 31 December 2025: "the chapters directly below
      // on 31 December" would have left the plan without units
      for (const n of plan.results.nodes) expect(tree.below(n.unit.id, plan.chapter.id, "2025-12-31")).toBe(false);
    }
    const kg = plans.find((p) => tree.code(p.chapter.id) === "KG");
    expect(kg.results.nodes.map((n: any) => n.unitCode).sort()).toEqual(["KG.CT", "KG.RG"]);
    expect(plans.find((p) => tree.code(p.chapter.id) === "AG").results.nodes.map((n: any) => n.unitCode)).toEqual(["AG.LX"]);
  });

  it("EM-REGISTER ORG-REFORM: a dissolved district's 2025 result reads as it was on the district and restated on the chapter that took over its area, equal to the stored results", async () => {
    const tree = await organizationTree();
    const stored = await withDb("emulation", async (db) =>
      (await db.query(`SELECT r."unitId"::text AS "unitId", r."planId"::text AS "planId", r.class::text AS class FROM "EmulationResult" r JOIN "EmulationPlan" p ON p.id = r."planId" WHERE p.year = 2025`)).rows as { unitId: string; planId: string; class: string }[]);
    const reformUnits = stored.filter((r) => ["KG.RG", "KG.CT", "AG.LX"].includes(tree.code(r.unitId)));
    expect(reformUnits).toHaveLength(3);
    const q = `query($code: String!, $asOf: Date, $restated: Boolean!) { chapter(code: $code, asOf: $asOf) { id emulationResults(year: 2025, restated: $restated) { unitCode class plan { id } } } }`;
    const pick = (rows: any[]) => rows.map((r) => `${r.unitCode}|${r.class}|${r.plan.id}`).sort();
    for (const unit of reformUnits) {
      const code = tree.code(unit.unitId);
      // as it was: on the district itself, as it stood on its last day
      const own = ok(await t.query(q, { code, asOf: "2025-06-30", restated: false }, viewer)).chapter;
      expect(pick(own.emulationResults)).toEqual([`${code}|${unit.class}|${unit.planId}`]);
      // restated: on the chapter its history went to today
      const successor = tree.destination(unit.unitId);
      expect(successor).not.toBe(unit.unitId);
      const restated = ok(await t.query(q, { code: tree.code(successor), asOf: null, restated: true }, viewer)).chapter;
      const expected = stored.filter((r) => tree.destination(r.unitId) === successor).map((r) => `${tree.code(r.unitId)}|${r.class}|${r.planId}`).sort();
      expect(pick(restated.emulationResults)).toEqual(expected);
      expect(expected).toContain(`${code}|${unit.class}|${unit.planId}`);
      // as it was, the successor holds only its own results: the district's stay the district's
      const asWas = ok(await t.query(q, { code: tree.code(successor), asOf: null, restated: false }, viewer)).chapter;
      expect(pick(asWas.emulationResults)).toEqual(stored.filter((r) => r.unitId === successor).map((r) => `${tree.code(r.unitId)}|${r.class}|${r.planId}`).sort());
    }
    // Rạch Giá's sheet was sent and verified: it is classed; Châu Thành registered and sent none
    const rg = reformUnits.find((r) => tree.code(r.unitId) === "KG.RG")!;
    const ct = reformUnits.find((r) => tree.code(r.unitId) === "KG.CT")!;
    expect(rg.class).not.toBe("NOT_CONSIDERED");
    expect(ct.class).toBe("NOT_CONSIDERED");
  });

  it("EM-REGISTER: outside the slice, a dissolved district's result stays hidden in both views", async () => {
    const q = `query($restated: Boolean!) { chapter(code: "KG.RG", asOf: "2025-06-30") { emulationResults(year: 2025, restated: $restated) { unitCode } } }`;
    for (const restated of [false, true]) {
      const r = await t.query(q, { restated }, { chapter: "BN", role: "VIEWER" });
      expect(r.data?.chapter?.emulationResults ?? []).toEqual([]);
    }
  });
});
