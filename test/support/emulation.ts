// Helpers for the emulation tests (docs/domain.md §4): a plan under test with the Kiên Giang 2024
// rule table over `criteria` criteria, and one unit taken through registration, self-scoring,
// verification, computation and the council's confirmation — every step through the gateway.
import type { EmulationPrisma } from "@chapters/emulation";
import pg from "pg";
import { expect } from "vitest";
import type { GraphQLResponse, TestStack } from "@chapters/stack/testing";

export type Caller = { chapter: string; role?: "ADMIN" | "OFFICER" | "VIEWER" | "PARTNER" | "SCREEN"; grants?: string[] };

export const KG_TABLE = [
  { class: "EXCELLENT", minA: 41, maxC: 3, minBaseShare: 0.75 },
  { class: "GOOD", minA: 36, maxC: 5, minBaseShare: 0.75 },
  { class: "AVERAGE", minA: 32, maxC: 7, minBaseShare: 0.3 },
];

export const INSPECTION_CODES = ["LATE_REPORT", "NO_TRAINING", "STAFF_TRAINING", "MOVEMENT_TARGET"];

export const KG_DEMOTIONS = [
  { code: "DUES", label: "Nộp hội phí đạt dưới 90%", effect: "DEMOTE", source: "ORGANIZATION", indicatorCode: "org.dues-rate", threshold: 90 },
  { code: "MEMBER_GROWTH", label: "Phát triển hội viên dưới 90% chỉ tiêu", effect: "DEMOTE", source: "ORGANIZATION", indicatorCode: "org.member-growth", threshold: 90, ofTarget: true },
  ...INSPECTION_CODES.map((code) => ({ code, label: `Phát hiện của đoàn kiểm tra: ${code}`, effect: "DEMOTE", source: "INSPECTION" })),
  { code: "FUND_TARGET", label: "Quỹ Hội không đạt", effect: "DEMOTE", source: "ORGANIZATION", indicatorCode: "org.fund-balance", threshold: 100, ofTarget: true },
  { code: "RESOURCES", label: "Tổng nguồn lực dưới 90% nghị quyết", effect: "DEMOTE", source: "HUMANITARIAN", indicatorCode: "humanitarian.value", threshold: 90, ofTarget: true },
  { code: "HUMANITARIAN_MONTH", label: "Tháng Nhân đạo dưới 20% nghị quyết", effect: "DEMOTE", source: "HUMANITARIAN", indicatorCode: "humanitarian.month-value", ofTarget: true },
];

/** A plain client on one subgraph's database (its schema first on the search path), for the
 * tests' independent SQL, closed after `work`. */
export async function withSubgraphDb<T>(t: TestStack, subgraph: string, work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: t.databaseUrl(subgraph), options: `-c search_path=${subgraph}` });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

export function ok<T = any>(r: GraphQLResponse<T>): T {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data as T;
}

export async function chapterIds(t: TestStack): Promise<Map<string, string>> {
  const db = t.stack.services.emulation!.database.prisma as EmulationPrisma;
  return new Map((await db.treeChapter.findMany()).map((c) => [c.code, c.id]));
}

/** A plan with the Kiên Giang table over `criteria` criteria (codes C1…Cn). */
export async function createTestPlan(t: TestStack, as: Caller, chapterId: string, year: number, options: { criteria?: number; demotions?: object[]; stack?: boolean; submissionDeadline?: string | null; forwardingDeadline?: string | null } = {}): Promise<string> {
  const n = options.criteria ?? 50;
  const r = await t.query(
    `mutation($i: CreateEmulationPlanInput!) { createEmulationPlan(input: $i) { id } }`,
    {
      i: {
        chapterId, year, title: `Kế hoạch thi đua thử nghiệm ${year}`, source: "test",
        registrationDeadline: `${year}-02-22`, submissionDeadline: options.submissionDeadline === undefined ? `${year}-12-10` : options.submissionDeadline,
        forwardingDeadline: options.forwardingDeadline ?? null, demotionsStack: options.stack ?? false,
        contents: ["Công tác xã hội nhân đạo"], phases: [{ name: "Đợt 1", startsOn: `${year}-01-01`, endsOn: `${year}-06-30` }],
        criteria: Array.from({ length: n }, (_, i) => ({ code: `C${i + 1}`, area: "Thử nghiệm", title: `Tiêu chí ${i + 1}` })),
        classRules: KG_TABLE, demotionRules: options.demotions ?? KG_DEMOTIONS,
      },
    },
    as,
  );
  return ok(r).createEmulationPlan.id;
}

export interface Sheet {
  aCount: number;
  convertedACount: number;
  cCount: number;
  baseTotal?: number;
  baseGood?: number;
}

/** The test plans' criterion codes C1…Cn. */
export const testCodes = (n = 50) => Array.from({ length: n }, (_, i) => `C${i + 1}`);

export const gradesOf = (s: Sheet, codes: string[] = testCodes()) =>
  codes.map((criterionCode, i) => ({ criterionCode, grade: i < s.aCount ? "A" : i < s.aCount + s.cCount ? "C" : "B", converted: i < s.convertedACount }));

export const IMPORT_RECORDS = `mutation($i: ImportEmulationRecordsInput!) { importEmulationRecords(input: $i) { document importedBy } }`;

/** Brings one unit's past records in with their dates through the import path (EM-REGISTER: live
 * mutations date an arrival themselves), naming the document they come from: its registration
 * (unless `registeredOn` is null), its report (on `reportOn`, by default the sheet's day; none
 * when null) and its self-scoring sheet; then the plan's inspection team verifies the sheet. `as`
 * is the plan's chapter (who may import). */
export async function scoreUnit(t: TestStack, as: Caller, planId: string, unitId: string, s: Sheet, dates: { registeredOn?: string | null; submittedOn: string; reportOn?: string | null }, codes: string[] = testCodes()) {
  const report = dates.reportOn === null ? null : { submittedOn: dates.reportOn ?? dates.submittedOn, summary: "Báo cáo tổng kết năm (thử nghiệm)" };
  ok(await t.query(IMPORT_RECORDS, {
    i: {
      planId, unitId, document: "Hồ sơ thi đua của đơn vị (thử nghiệm)", registeredOn: dates.registeredOn ?? null, report,
      sheet: { submittedOn: dates.submittedOn, baseChaptersTotal: s.baseTotal ?? 4, baseChaptersGood: s.baseGood ?? 4, grades: gradesOf(s, codes) },
    },
  }, as));
  ok(await t.query(`mutation($i: VerifyEmulationSheetInput!) { verifyEmulationSheet(input: $i) { id } }`, { i: { planId, unitId, reason: "Thẩm định cuối năm" } }, as));
}

export const RESULT_FIELDS = `unitCode class classLabel explanation status countedA cCount demotionCodes factsCount factsDecidedByCouncil factsUndecided
  facts { code source indicatorCode actual target value threshold status applies missing owner note via decision { applies reason decidedBy } }`;

/** EM-DEMOTE: the council decides each UNKNOWN fact of the unit's result (as not applying,
 * unless `applies` names it); returns the result after the decisions. */
export async function decideUnknown(t: TestStack, as: Caller, planId: string, unitId: string, applies: string[] = []): Promise<any> {
  const read = async () => ok(await t.query(`query($p: ID!, $u: ID!) { emulationPlan(id: $p) { result(unitId: $u) { ${RESULT_FIELDS} } } }`, { p: planId, u: unitId }, as)).emulationPlan.result;
  for (const fact of (await read()).facts.filter((f: any) => f.status === "UNKNOWN" && !f.decision)) {
    ok(await t.query(`mutation($i: DecideEmulationFactInput!) { decideEmulationFact(input: $i) { class } }`, {
      i: { planId, unitId, code: fact.code, applies: applies.includes(fact.code), reason: `Hội đồng thi đua quyết định (${fact.code}): ${applies.includes(fact.code) ? "áp dụng" : "không áp dụng"}` },
    }, as));
  }
  return read();
}

/** Computes the units' results, has the council decide their UNKNOWN facts (none applies unless
 * named in `applies`) and confirms them; returns each unit's confirmed result. */
export async function computeAndConfirm(t: TestStack, as: Caller, planId: string, unitIds: string[], applies: string[] = []): Promise<any[]> {
  ok(await t.query(`mutation($i: ComputeEmulationResultsInput!) { computeEmulationResults(input: $i) { id } }`, { i: { planId, unitIds } }, as));
  for (const unitId of unitIds) await decideUnknown(t, as, planId, unitId, applies);
  ok(await t.query(`mutation($i: ConfirmEmulationResultsInput!) { confirmEmulationResults(input: $i) { id } }`, { i: { planId, unitIds } }, as));
  const results = [];
  for (const unitId of unitIds) {
    const r = ok(await t.query(`query($p: ID!, $u: ID!) { emulationPlan(id: $p) { result(unitId: $u) { ${RESULT_FIELDS} } } }`, { p: planId, u: unitId }, as));
    results.push(r.emulationPlan.result);
  }
  return results;
}
