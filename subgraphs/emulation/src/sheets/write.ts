// EM-REGISTER, EM-SCORE writes. The unit's line registers and self-scores; the plan chapter's
// inspection team makes the verified sheet (the one that counts) and every change to it is
// recorded — who, when, what, from, to, why — in the same transaction as the change. A cluster
// head forwards its cluster's sheets. Once the council has confirmed the unit's result, its
// verified sheet is frozen. One sheet per (plan, unit, kind) and one registration per (plan,
// unit) are unique indexes: racing twins get one row and a CONFLICT.
import { arrivalDay, badInputFields, conflict, forbidden, lockRows, notFound, sql } from "@chapters/core";
import { chapterDay, chapterDaySql, requireInSlice, requireUnitOfPlan } from "../access/slice.ts";
import type { Tx } from "../write/transaction.ts";

interface PlanHead {
  id: string;
  chapterId: string;
  year: number;
}

async function planOf(tx: Tx, planId: string): Promise<PlanHead> {
  const plan = await tx.emulationPlan.findUnique({ where: { id: planId }, select: { id: true, chapterId: true, year: true } });
  if (!plan) throw notFound(`No emulation plan ${planId}.`);
  return plan;
}

/** The unit's line (the unit or a chapter above it) on the unit's day of the plan's year (its
 * reference date, or its last day when it ended before: ORG-REFORM). */
async function requireUnitLine(tx: Tx, roots: string[], plan: PlanHead, unitId: string): Promise<void> {
  await requireUnitOfPlan(tx, plan, unitId);
  await requireInSlice(tx, roots, unitId, await chapterDay(tx, unitId, plan.year), "unit");
}

/** The plan's own chapter (its inspection team and council): the caller's slice holds it on the
 * chapter's day of the plan's year (a province merged on 1 July: its last day; the caller's roots
 * follow the merge, so the successor's council decides its plan). */
export async function requirePlanChapter(tx: Tx, roots: string[], plan: PlanHead, what: string): Promise<void> {
  const rows = await tx.$queryRaw<{ ok: boolean }[]>(sql`SELECT EXISTS (SELECT 1 FROM "TreeClosure" s, (SELECT ${plan.chapterId}::uuid AS id, ${plan.year}::int AS year) x
    WHERE s."descendantId" = x.id AND s."ancestorId" = ANY(${roots}::uuid[]) AND s."validFrom" <= ${chapterDaySql("x.id", "x.year")}
    AND (s."validTo" IS NULL OR s."validTo" > ${chapterDaySql("x.id", "x.year")})) AS ok`);
  if (!rows[0]?.ok) throw forbidden(`Only the chapter that launched the plan (or one above it) ${what}.`);
}

/** A past year's record imported with its date: who imported it is `by`, from which document. */
export interface ImportedArrival {
  at: Date;
  document: string;
}

/** The unit registers (EM-REGISTER) on the day the request arrived (Vietnam time), recorded by the
 * system; only an import (records/import.ts) brings a past year's date, with its document. */
export async function registerUnit(tx: Tx, roots: string[], by: string, input: { planId: string; unitId: string }, imported?: ImportedArrival): Promise<void> {
  const plan = await planOf(tx, input.planId);
  await requireUnitLine(tx, roots, plan, input.unitId);
  await tx.registration.create({ data: { planId: plan.id, unitId: input.unitId, registeredOn: arrivalDay(imported?.at ?? new Date()), registeredBy: by, importedFrom: imported?.document ?? null } });
}

/** The unit's report (EM-REGISTER: "report and self-scoring sheet"), a record of its own with its
 * own arrival — recorded by the system, or imported with its document. */
export async function submitReport(tx: Tx, roots: string[], by: string, input: { planId: string; unitId: string; summary: string }, imported?: ImportedArrival): Promise<void> {
  const plan = await planOf(tx, input.planId);
  await requireUnitLine(tx, roots, plan, input.unitId);
  await tx.emulationReport.create({ data: { planId: plan.id, unitId: input.unitId, summary: input.summary, submittedAt: imported?.at ?? new Date(), submittedBy: by, importedFrom: imported?.document ?? null } });
}

export interface GradeInput {
  criterionCode: string;
  grade: "A" | "B" | "C";
  converted: boolean;
}

/** Maps criterion codes to ids; every criterion of the plan graded exactly once. */
async function gradeRows(tx: Tx, planId: string, grades: GradeInput[]): Promise<{ criterionId: string; grade: "A" | "B" | "C"; converted: boolean }[]> {
  const criteria = await tx.planCriterion.findMany({ where: { planId }, select: { id: true, code: true } });
  const byCode = new Map(criteria.map((c) => [c.code, c.id]));
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  grades.forEach((g, i) => {
    if (!byCode.has(g.criterionCode)) problems.push({ field: `grades.${i}.criterionCode`, message: `${g.criterionCode} is not a criterion of this plan` });
    if (seen.has(g.criterionCode)) problems.push({ field: `grades.${i}.criterionCode`, message: `${g.criterionCode} is graded twice` });
    if (g.converted && g.grade !== "A") problems.push({ field: `grades.${i}.converted`, message: "only an A can be a converted A (điểm quy đổi)" });
    seen.add(g.criterionCode);
  });
  const missing = criteria.filter((c) => !seen.has(c.code)).map((c) => c.code);
  if (missing.length) problems.push({ field: "grades", message: `every criterion needs a grade; missing: ${missing.join(", ")}` });
  if (problems.length) throw badInputFields(problems);
  return grades.map((g) => ({ criterionId: byCode.get(g.criterionCode)!, grade: g.grade, converted: g.converted }));
}

export interface SheetInput {
  planId: string;
  unitId: string;
  baseChaptersTotal: number;
  baseChaptersGood: number;
  grades: GradeInput[];
}

/** The unit's self-scoring sheet (EM-SCORE), dated the day it arrived (Vietnam time) unless a
 * past year's sheet is imported with its date and document. */
export async function submitSelfSheet(tx: Tx, roots: string[], by: string, input: SheetInput, imported?: ImportedArrival): Promise<string> {
  const plan = await planOf(tx, input.planId);
  await requireUnitLine(tx, roots, plan, input.unitId);
  const grades = await gradeRows(tx, plan.id, input.grades);
  const sheet = await tx.scoreSheet.create({
    data: {
      planId: plan.id, unitId: input.unitId, kind: "SELF", submittedOn: arrivalDay(imported?.at ?? new Date()), submittedBy: by, importedFrom: imported?.document ?? null,
      baseChaptersTotal: input.baseChaptersTotal, baseChaptersGood: input.baseChaptersGood,
    },
  });
  await tx.sheetGrade.createMany({ data: grades.map((g) => ({ sheetId: sheet.id, ...g })) });
  return sheet.id;
}

/** The inspection team's verified sheet, started from the unit's self sheet; its creation is the
 * first entry of its audit trail. */
export async function verifySheet(tx: Tx, roots: string[], by: string, input: { planId: string; unitId: string; reason: string }): Promise<string> {
  const plan = await planOf(tx, input.planId);
  await requirePlanChapter(tx, roots, plan, "verifies sheets (its inspection team)");
  const self = await tx.scoreSheet.findUnique({ where: { planId_unitId_kind: { planId: plan.id, unitId: input.unitId, kind: "SELF" } }, include: { grades: true } });
  if (!self) throw notFound("The unit has sent no self-scoring sheet under this plan: there is nothing to verify.");
  const sheet = await tx.scoreSheet.create({
    data: { planId: plan.id, unitId: input.unitId, kind: "VERIFIED", submittedOn: self.submittedOn, submittedBy: by, baseChaptersTotal: self.baseChaptersTotal, baseChaptersGood: self.baseChaptersGood },
  });
  await tx.sheetGrade.createMany({ data: self.grades.map((g) => ({ sheetId: sheet.id, criterionId: g.criterionId, grade: g.grade, converted: g.converted })) });
  await tx.sheetChange.create({ data: { sheetId: sheet.id, field: "sheet", fromValue: null, toValue: `verified from the self-scoring sheet ${self.id}`, reason: input.reason, changedBy: by } });
  return sheet.id;
}

/** Locks the verified sheet for a change; refuses when the result is confirmed (frozen). */
async function lockVerified(tx: Tx, roots: string[], planId: string, unitId: string): Promise<string> {
  const plan = await planOf(tx, planId);
  await requirePlanChapter(tx, roots, plan, "changes verified sheets (its inspection team)");
  const sheet = await tx.scoreSheet.findUnique({ where: { planId_unitId_kind: { planId, unitId, kind: "VERIFIED" } }, select: { id: true } });
  if (!sheet) throw notFound("The unit has no verified sheet under this plan yet: verify its self-scoring sheet first (verifyEmulationSheet).");
  await lockRows(tx, "ScoreSheet", [sheet.id]);
  const result = await tx.emulationResult.findUnique({ where: { planId_unitId: { planId, unitId } }, select: { status: true } });
  if (result?.status === "CONFIRMED") throw conflict("The council has confirmed this unit's classification, which froze its verified sheet: nothing was changed.");
  return sheet.id;
}

export interface VerifiedChange {
  planId: string;
  unitId: string;
  reason: string;
  grade?: { criterionCode: string; grade: "A" | "B" | "C"; converted: boolean } | null;
  baseChapters?: { total: number; good: number } | null;
  addFinding?: { code: string; note: string } | null;
  removeFinding?: string | null;
}

const gradeText = (g: { grade: string; converted: boolean }) => `${g.grade}${g.converted ? " (converted)" : ""}`;

/** One change to a verified sheet, recorded in its audit trail (EM-SCORE). */
export async function changeVerifiedSheet(tx: Tx, roots: string[], by: string, input: VerifiedChange): Promise<string> {
  const sheetId = await lockVerified(tx, roots, input.planId, input.unitId);
  const audit = (field: string, fromValue: string | null, toValue: string | null, criterionId: string | null = null) =>
    tx.sheetChange.create({ data: { sheetId, field, criterionId, fromValue, toValue, reason: input.reason, changedBy: by } });
  if (input.grade) {
    const g = input.grade;
    if (g.converted && g.grade !== "A") throw badInputFields([{ field: "grade.converted", message: "only an A can be a converted A (điểm quy đổi)" }]);
    const criterion = await tx.planCriterion.findUnique({ where: { planId_code: { planId: input.planId, code: g.criterionCode } }, select: { id: true } });
    if (!criterion) throw badInputFields([{ field: "grade.criterionCode", message: `${g.criterionCode} is not a criterion of this plan` }]);
    const before = await tx.sheetGrade.findUnique({ where: { sheetId_criterionId: { sheetId, criterionId: criterion.id } } });
    await tx.sheetGrade.update({ where: { sheetId_criterionId: { sheetId, criterionId: criterion.id } }, data: { grade: g.grade, converted: g.converted } });
    await audit(`grade ${g.criterionCode}`, before ? gradeText(before) : null, gradeText(g), criterion.id);
  }
  if (input.baseChapters) {
    const b = input.baseChapters;
    if (b.good > b.total) throw badInputFields([{ field: "baseChapters.good", message: `cannot exceed total (${b.total})` }]);
    const before = await tx.scoreSheet.findUniqueOrThrow({ where: { id: sheetId }, select: { baseChaptersTotal: true, baseChaptersGood: true } });
    await tx.scoreSheet.update({ where: { id: sheetId }, data: { baseChaptersTotal: b.total, baseChaptersGood: b.good } });
    await audit("baseChapters", `${before.baseChaptersGood ?? "?"}/${before.baseChaptersTotal ?? "?"} Good or better`, `${b.good}/${b.total} Good or better`);
  }
  if (input.addFinding) {
    const rule = await tx.demotionRule.findUnique({ where: { planId_code: { planId: input.planId, code: input.addFinding.code } }, select: { source: true } });
    if (rule?.source !== "INSPECTION") throw badInputFields([{ field: "addFinding.code", message: `${input.addFinding.code} is not a demotion rule of this plan that the inspection team records (its other rules read their owners' figures)` }]);
    const before = await tx.inspectionFinding.findUnique({ where: { sheetId_code: { sheetId, code: input.addFinding.code } } });
    await tx.inspectionFinding.upsert({ where: { sheetId_code: { sheetId, code: input.addFinding.code } }, update: { note: input.addFinding.note, recordedBy: by }, create: { sheetId, code: input.addFinding.code, note: input.addFinding.note, recordedBy: by } });
    await audit(`finding ${input.addFinding.code}`, before?.note ?? null, input.addFinding.note);
  }
  if (input.removeFinding) {
    const before = await tx.inspectionFinding.findUnique({ where: { sheetId_code: { sheetId, code: input.removeFinding } } });
    if (!before) throw notFound(`No finding ${input.removeFinding} on this sheet.`);
    await tx.inspectionFinding.delete({ where: { sheetId_code: { sheetId, code: input.removeFinding } } });
    await audit(`finding ${input.removeFinding}`, before.note, null);
  }
  return sheetId;
}

/** A cluster head (or the plan's chapter) forwards a member's self sheet upward (EM-SCORE). Its
 * time is when the request arrived, recorded by the system — never typed in — unless a past
 * year's record is imported (`imported`: its date and the document it comes from). */
export async function forwardSheet(tx: Tx, roots: string[], by: string, input: { planId: string; unitId: string }, imported?: ImportedArrival): Promise<string> {
  const plan = await planOf(tx, input.planId);
  const [head] = await tx.$queryRaw<{ ok: boolean }[]>(sql`SELECT EXISTS (SELECT 1 FROM "ClusterMember" h JOIN "ClusterMember" m ON m."clusterId" = h."clusterId"
    WHERE h."isHead" AND h."unitId" = ANY(${roots}::uuid[]) AND m."unitId" = ${input.unitId}::uuid AND m."planId" = ${plan.id}::uuid) AS ok`);
  if (!head?.ok) await requirePlanChapter(tx, roots, plan, "or the head of the unit's cluster forwards its sheet");
  const sheet = await tx.scoreSheet.findUnique({ where: { planId_unitId_kind: { planId: plan.id, unitId: input.unitId, kind: "SELF" } }, select: { id: true } });
  if (!sheet) throw notFound("The unit has sent no self-scoring sheet under this plan: there is nothing to forward.");
  await tx.scoreSheet.update({ where: { id: sheet.id }, data: { forwardedBy: by, forwardedAt: imported?.at ?? new Date(), forwardImportedFrom: imported?.document ?? null } });
  return sheet.id;
}

/** A cluster of units with its head (EM-SCORE), set by the plan's chapter. */
export async function createCluster(tx: Tx, roots: string[], input: { planId: string; name: string; unitIds: string[]; headId: string }): Promise<string> {
  const plan = await planOf(tx, input.planId);
  await requirePlanChapter(tx, roots, plan, "sets its clusters");
  if (!input.unitIds.includes(input.headId)) throw badInputFields([{ field: "headId", message: "the head must be one of the cluster's units" }]);
  for (const unitId of input.unitIds) await requireUnitOfPlan(tx, plan, unitId);
  const cluster = await tx.cluster.create({ data: { planId: plan.id, name: input.name } });
  await tx.clusterMember.createMany({ data: input.unitIds.map((unitId) => ({ clusterId: cluster.id, planId: plan.id, unitId, isHead: unitId === input.headId })) });
  return cluster.id;
}
