// docs/domain.md §4 EM-SCORE, EM-REGISTER: deadlines are the plan's rows, each read with core's one
// reading of "before day D" (test/platform/before-day.test.ts). Seed 002's "trước ngày 10/12/2024"
// is the cluster heads' deadline for forwarding their cluster's scores, checked against each
// sheet's forwardedAt — recorded by the system when the forwarding arrives, or imported with its
// document for a past year — and not against each unit's own sheet. A unit whose head forwarded
// late is not on time; a unit outside any cluster is judged on its own sheet.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { chapterIds, computeAndConfirm, createTestPlan, gradesOf, IMPORT_RECORDS, INSPECTION_CODES, KG_DEMOTIONS, ok, RESULT_FIELDS, scoreUnit, withSubgraphDb } from "../support/emulation.ts";

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
    // registered and sent on time (imported with their document: the running year's dates are past)
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

/** Today's calendar day in Vietnam, read independently of core (Intl's time zone data). */
const vietnamToday = () => new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Ho_Chi_Minh" });
const code = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;
const problems = (r: any) => (r.errors?.[0]?.extensions?.problems ?? []).map((p: any) => p.field);

describe("EM-REGISTER, EM-SCORE: dates the system records", () => {
  it("EM-REGISTER EM-SCORE: a live registration, report and self-scoring sheet carry the day their request arrived (Vietnam time), never a date the unit types", async () => {
    const hp = { chapter: "HP", role: "OFFICER" as const };
    const ward = { chapter: "HP.HB.HVT", role: "OFFICER" as const };
    const planId = await createTestPlan(t, hp, ids.get("HP")!, 2026);
    const unitId = ids.get("HP.HB.HVT")!;
    const typed = await t.query(`mutation($i: RegisterForEmulationInput!) { registerForEmulation(input: $i) { late } }`, { i: { planId, unitId, registeredOn: "2026-02-01" } }, ward);
    expect(typed.errors?.[0]?.message).toContain("registeredOn");
    const before = Date.now();
    const reg = ok(await t.query(`mutation($i: RegisterForEmulationInput!) { registerForEmulation(input: $i) { registeredOn registeredBy importedFrom late } }`, { i: { planId, unitId } }, ward)).registerForEmulation;
    // today is after 22 Feb 2026: a registration arriving today is late, whatever the unit would have typed
    expect(reg).toMatchObject({ registeredOn: vietnamToday(), importedFrom: null, late: true });
    const report = ok(await t.query(`mutation($i: SubmitEmulationReportInput!) { submitEmulationReport(input: $i) { submittedAt submittedOn importedFrom } }`, { i: { planId, unitId, summary: "Báo cáo tổng kết năm 2026" } }, ward)).submitEmulationReport;
    expect(report).toMatchObject({ submittedOn: vietnamToday(), importedFrom: null });
    expect(new Date(report.submittedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(report.submittedAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const sheet = ok(await t.query(`mutation($i: SubmitEmulationSheetInput!) { submitEmulationSheet(input: $i) { submittedOn importedFrom registrationImportedFrom report { submittedOn } } }`, {
      i: { planId, unitId, baseChaptersTotal: 0, baseChaptersGood: 0, grades: gradesOf({ aCount: 45, convertedACount: 0, cCount: 0 }) },
    }, ward)).submitEmulationSheet;
    expect(sheet).toEqual({ submittedOn: vietnamToday(), importedFrom: null, registrationImportedFrom: null, report: { submittedOn: vietnamToday() } });
    // the oracle: the rows hold the arrival days, nothing imported
    const rows = await withSubgraphDb(t, "emulation", async (db) => (await db.query(`SELECT to_char(r."registeredOn", 'YYYY-MM-DD') AS reg, to_char(s."submittedOn", 'YYYY-MM-DD') AS sheet,
        to_char((e."submittedAt" AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD') AS report, r."importedFrom" IS NULL AND s."importedFrom" IS NULL AND e."importedFrom" IS NULL AS live
      FROM "Registration" r JOIN "ScoreSheet" s ON s."planId" = r."planId" AND s."unitId" = r."unitId" AND s.kind = 'SELF'
      JOIN "EmulationReport" e ON e."planId" = r."planId" AND e."unitId" = r."unitId" WHERE r."planId" = $1`, [planId])).rows);
    expect(rows).toEqual([{ reg: vietnamToday(), sheet: vietnamToday(), report: vietnamToday(), live: true }]);
  });

  it("EM-REGISTER: a past year's records come only through the import, by the plan's chapter, naming the document and who imported them; a future date, a unit's own officer and a viewer are refused and write nothing; every attempt is audited", async () => {
    const bn = { chapter: "BN", role: "OFFICER" as const };
    const planId = await createTestPlan(t, bn, ids.get("BN")!, 2022);
    const unitId = ids.get("BN.TS")!;
    const input = (extra: object = {}) => ({ i: { planId, unitId, document: "Công văn số 15/HCTĐ ngày 25/12/2022 (tổng hợp hồ sơ thi đua)", registeredOn: "2022-02-10", ...extra } });
    const refused = [
      [await t.query(IMPORT_RECORDS, input(), { chapter: "BN.TS", role: "OFFICER" }), "FORBIDDEN"],
      [await t.query(IMPORT_RECORDS, input(), { chapter: "BN", role: "VIEWER" }), "FORBIDDEN"],
      [await t.query(IMPORT_RECORDS, input({ report: { submittedOn: "2099-12-01", summary: "Báo cáo" } }), bn), "BAD_USER_INPUT"],
    ] as const;
    expect(refused.map(([r]) => code(r))).toEqual(refused.map(([, c]) => c));
    expect(problems(refused[2][0])).toEqual(["report.submittedOn"]);
    const imported = ok(await t.query(IMPORT_RECORDS, input({ report: { submittedOn: "2022-12-05", summary: "Báo cáo tổng kết năm 2022" } }), bn)).importEmulationRecords;
    const rows = await withSubgraphDb(t, "emulation", async (db) => ({
      registrations: (await db.query(`SELECT to_char("registeredOn", 'YYYY-MM-DD') AS day, "registeredBy" AS by, "importedFrom" AS document FROM "Registration" WHERE "planId" = $1`, [planId])).rows,
      reports: (await db.query(`SELECT to_char(("submittedAt" AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD') AS day, "submittedBy" AS by, "importedFrom" AS document FROM "EmulationReport" WHERE "planId" = $1`, [planId])).rows,
      audit: (await db.query(`SELECT outcome, subject FROM "AuditEntry" WHERE operation = 'importEmulationRecords' AND variables::text LIKE $1 ORDER BY id`, [`%${planId}%`])).rows,
    }));
    const document = input().i.document;
    expect(rows.registrations).toEqual([{ day: "2022-02-10", by: imported.importedBy, document }]);
    expect(rows.reports).toEqual([{ day: "2022-12-05", by: imported.importedBy, document }]);
    expect(rows.audit.map((a: any) => a.outcome === "OK")).toEqual([false, false, false, true]);
    expect(rows.audit[3].subject).toBe(imported.importedBy);
  });

  it("EM-REGISTER EM-SCORE: not on time = either late — a late report (sheet on time), a late sheet (report on time) or no report leaves the unit NOT_CONSIDERED; a province officer may accept a late arrival with a reason, and the result shows it accepted late, not on time", async () => {
    const bn = { chapter: "BN", role: "OFFICER" as const };
    const sheet = { aCount: 45, convertedACount: 0, cCount: 0, baseTotal: 4, baseGood: 4 };
    const demotions = KG_DEMOTIONS.filter((d) => INSPECTION_CODES.includes(d.code));
    // the units' own deadline: before 10 Dec 2024
    const plan = await createTestPlan(t, bn, ids.get("BN")!, 2024, { demotions });
    const [lateReport, lateSheet] = [ids.get("BN.TS")!, ids.get("BN.TD")!];
    await scoreUnit(t, bn, plan, lateReport, sheet, { registeredOn: "2024-02-01", submittedOn: "2024-12-05", reportOn: "2024-12-10" });
    await scoreUnit(t, bn, plan, lateSheet, sheet, { registeredOn: "2024-02-01", submittedOn: "2024-12-10", reportOn: "2024-12-09" });
    const noReportPlan = await createTestPlan(t, bn, ids.get("BN")!, 2023, { demotions });
    await scoreUnit(t, bn, noReportPlan, lateReport, sheet, { registeredOn: "2023-02-01", submittedOn: "2023-12-05", reportOn: null });
    for (const p of [plan, noReportPlan]) ok(await t.query(`mutation($i: ComputeEmulationResultsInput!) { computeEmulationResults(input: $i) { id } }`, { i: { planId: p } }, bn));
    const read = async (p: string, u: string) => ok(await t.query(`query($p: ID!, $u: ID!) { emulationPlan(id: $p) { result(unitId: $u) { ${RESULT_FIELDS} registered submittedOnTime acceptedLate } } }`, { p, u }, bn)).emulationPlan.result;

    // the oracle: a unit is on time when its report and its sheet each arrived (Vietnam day) before the deadline
    const oracle = await withSubgraphDb(t, "emulation", async (db) => new Map((await db.query(`SELECT p.id || '|' || s."unitId" AS key,
        s."submittedOn" < p."submissionDeadline" AS "sheetOnTime",
        coalesce((e."submittedAt" AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < p."submissionDeadline", false) AS "reportOnTime"
      FROM "ScoreSheet" s JOIN "EmulationPlan" p ON p.id = s."planId" LEFT JOIN "EmulationReport" e ON e."planId" = s."planId" AND e."unitId" = s."unitId"
      WHERE s.kind = 'SELF' AND p.id = ANY($1::uuid[])`, [[plan, noReportPlan]])).rows.map((r: any) => [r.key, r])));
    const cases = [[plan, lateReport, "Report sent on 2024-12-10, after the deadline 2024-12-10"], [plan, lateSheet, "Self-scoring sheet sent on 2024-12-10, after the deadline 2024-12-10"], [noReportPlan, lateReport, "No report arrived"]] as const;
    for (const [p, u, note] of cases) {
      const r = await read(p, u);
      const o = oracle.get(`${p}|${u}`);
      expect([o.sheetOnTime && o.reportOnTime, r.submittedOnTime, r.class], note).toEqual([false, false, "NOT_CONSIDERED"]);
      expect(r.explanation.join(" "), note).toContain(note);
      expect(r.acceptedLate).toEqual([]);
    }

    // acceptance: the plan's chapter only, a late arrival only
    const accept = `mutation($i: AcceptLateEmulationArrivalInput!) { acceptLateEmulationArrival(input: $i) { arrival arrivedOn deadline reason acceptedBy } }`;
    const reason = "Hội đồng thi đua chấp nhận báo cáo gửi muộn: đường giao thông bị chia cắt do bão (biên bản họp ngày 12/12/2024)";
    expect(code(await t.query(accept, { i: { planId: plan, unitId: lateReport, arrival: "REPORT", reason } }, { chapter: "BN.TS", role: "OFFICER" }))).toBe("FORBIDDEN");
    const onTime = await t.query(accept, { i: { planId: plan, unitId: lateReport, arrival: "SHEET", reason } }, bn);
    expect([code(onTime), problems(onTime)]).toEqual(["BAD_USER_INPUT", ["arrival"]]);
    const accepted = ok(await t.query(accept, { i: { planId: plan, unitId: lateReport, arrival: "REPORT", reason } }, bn)).acceptLateEmulationArrival;
    expect(accepted).toMatchObject({ arrival: "REPORT", arrivedOn: "2024-12-10", deadline: "2024-12-10", reason });
    const [result] = await computeAndConfirm(t, bn, plan, [lateReport]);
    const shown = await read(plan, lateReport);
    expect(result.class).toBe("EXCELLENT");
    expect(shown).toMatchObject({ class: "EXCELLENT", registered: true, submittedOnTime: false, acceptedLate: ["REPORT"] });
    expect(shown.explanation[0]).toContain(`Report sent on 2024-12-10, after the deadline 2024-12-10`);
    expect(shown.explanation[0]).toContain(`accepted late by ${accepted.acceptedBy}: ${reason}`);
    const stored = await withSubgraphDb(t, "emulation", async (db) => (await db.query(`SELECT arrival::text, reason, "acceptedBy" FROM "LateAcceptance" WHERE "planId" = $1`, [plan])).rows);
    expect(stored).toEqual([{ arrival: "REPORT", reason, acceptedBy: accepted.acceptedBy }]);
    // the other unit, whose late sheet nobody accepted, is still not considered
    expect((await read(plan, lateSheet)).class).toBe("NOT_CONSIDERED");
  });
});
