// docs/domain.md §4 EM-SCORE, EM-REGISTER: deadlines are the plan's rows, each read with core's one
// reading of "before day D" (test/platform/before-day.test.ts). Seed 002's "trước ngày 10/12/2024"
// is the cluster heads' deadline for forwarding their cluster's scores, checked against each
// sheet's forwardedAt — recorded by the system when the forwarding arrives, or imported with its
// document for a past year — and not against each unit's own sheet. A unit whose head forwarded
// late is not on time; a unit outside any cluster is judged on its own sheet.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { chapterIds, createTestPlan, INSPECTION_CODES, KG_DEMOTIONS, ok, scoreUnit } from "../support/emulation.ts";

let t: TestStack;
let ids: Map<string, string>;

beforeAll(async () => {
  t = await startTestStack();
  ids = await chapterIds(t);
}, 600_000);
afterAll(async () => t?.stop());

const PLAN = `query { chapter(code: "AG") { emulationPlans(year: 2024) { id registrationDeadline submissionDeadline forwardingDeadline
  sheets(kind: SELF, first: 50) { nodes { unitCode submittedOn forwardedBy forwardedAt forwardImportedFrom } }
  results(first: 50) { nodes { unitCode submittedOnTime class cluster { name } } } } } }`;

describe("EM-SCORE, EM-REGISTER: deadlines as the plan's rows", () => {
  it("EM-SCORE: Kiên Giang 2024's 10/12 is the cluster heads' forwarding deadline, checked against forwardedAt (imported with its document), not each unit's own sheet", async () => {
    const [plan] = ok(await t.query(PLAN, {}, { chapter: "AG", role: "VIEWER" })).chapter.emulationPlans;
    expect(plan).toMatchObject({ registrationDeadline: "2024-02-22", submissionDeadline: null, forwardingDeadline: "2024-12-10" });
    const db = new pg.Client({ connectionString: t.databaseUrl("emulation"), options: "-c search_path=emulation" });
    await db.connect();
    try {
      // the oracle: a unit in a cluster is on time when its head's forwarding arrived (Vietnam day) before 10 Dec
      const { rows } = await db.query(`SELECT t.code, (s."forwardedAt" AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < p."forwardingDeadline" AS forwarded,
          s."forwardImportedFrom" AS document, EXISTS (SELECT 1 FROM "ClusterMember" m WHERE m."planId" = p.id AND m."unitId" = s."unitId") AS clustered
        FROM "ScoreSheet" s JOIN "EmulationPlan" p ON p.id = s."planId" JOIN "TreeChapter" t ON t.id = s."unitId" WHERE p.id = $1 AND s.kind = 'SELF'`, [plan.id]);
      const results = new Map(plan.results.nodes.map((r: any) => [r.unitCode, r]));
      const sheets = new Map(plan.sheets.nodes.map((s: any) => [s.unitCode, s]));
      expect(rows.filter((r) => r.clustered).map((r) => r.code).sort()).toEqual(["KG.CT", "KG.RG"]);
      for (const r of rows) {
        expect((results.get(r.code) as any).submittedOnTime).toBe(r.clustered ? r.forwarded === true : true);
        expect((sheets.get(r.code) as any).forwardImportedFrom).toBe(r.document);
        if (r.clustered) expect((sheets.get(r.code) as any).forwardedBy).toBe("cum-truong@KG.RG");
      }
    } finally {
      await db.end();
    }
  });

  it("EM-SCORE EM-REGISTER: a sheet its cluster head forwards after the forwarding deadline (arrival recorded by the system) is not on time — the unit is NOT_CONSIDERED; a unit outside any cluster is judged on its own sheet", async () => {
    const bn = { chapter: "BN", role: "OFFICER" as const };
    // a plan of the running year whose cluster heads had to forward before 1 Dec 2026: every
    // forwarding recorded today (6 Dec 2026 or later) arrives late
    const planId = await createTestPlan(t, bn, ids.get("BN")!, 2026, { submissionDeadline: null, forwardingDeadline: "2026-12-01", demotions: KG_DEMOTIONS.filter((d) => INSPECTION_CODES.includes(d.code)) });
    const [clustered, alone] = [ids.get("BN.PTS")!, ids.get("BN.PTAMSON")!];
    const sheet = { aCount: 45, convertedACount: 0, cCount: 0, baseTotal: 4, baseGood: 4 };
    await scoreUnit(t, bn, planId, clustered, sheet, { registeredOn: "2026-02-01", submittedOn: "2026-11-20" });
    await scoreUnit(t, bn, planId, alone, sheet, { registeredOn: "2026-02-01", submittedOn: "2026-11-20" });
    ok(await t.query(`mutation($i: CreateEmulationClusterInput!) { createEmulationCluster(input: $i) { id } }`, { i: { planId, name: "Cụm thử nghiệm", unitIds: [clustered], headId: clustered } }, bn));
    const before = Date.now();
    const fwd = ok(await t.query(`mutation($i: EmulationUnitInput!) { forwardEmulationSheet(input: $i) { forwardedAt forwardImportedFrom } }`, { i: { planId, unitId: clustered } }, bn)).forwardEmulationSheet;
    // the forwarding time is the arrival the system recorded, not a date the caller typed
    expect(fwd.forwardImportedFrom).toBeNull();
    expect(new Date(fwd.forwardedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(fwd.forwardedAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    ok(await t.query(`mutation($i: ComputeEmulationResultsInput!) { computeEmulationResults(input: $i) { id } }`, { i: { planId } }, bn));
    const q = `query($p: ID!, $u: ID!) { emulationPlan(id: $p) { result(unitId: $u) { class submittedOnTime explanation } } }`;
    const late = ok(await t.query(q, { p: planId, u: clustered }, bn)).emulationPlan.result;
    expect(late).toMatchObject({ class: "NOT_CONSIDERED", submittedOnTime: false });
    expect(late.explanation[0]).toContain("after the cluster heads' deadline 2026-12-01");
    const own = ok(await t.query(q, { p: planId, u: alone }, bn)).emulationPlan.result;
    expect(own).toMatchObject({ class: "EXCELLENT", submittedOnTime: true });
  });
});
