// EM-PLAN writes: a plan is data — contents, phases, criteria, the class rule table and the
// demotion rules — so next year's plan is a copy with rows changed, never a code change. One plan
// per chapter and year (a unique index: two officers racing get one plan and one CONFLICT). A
// plan's rule table is frozen once the council has confirmed a result under it.
import { conflict, lockRows, notFound, sql } from "@chapters/core";
import type { EmulationClass } from "../labels.ts";
import { chapterDay, requireInSlice } from "../access/slice.ts";
import type { Tx } from "../write/transaction.ts";
import type { PlanRow } from "./read.ts";

/** A whole plan: its header (as read back, PlanRow) and every row of its parts. */
export interface PlanInput extends Pick<PlanRow, "chapterId" | "year" | "title" | "registrationDeadline" | "submissionDeadline" | "forwardingDeadline" | "demotionsStack" | "source"> {
  contents: string[];
  phases: { name: string; startsOn: Date; endsOn: Date }[];
  criteria: { code: string; area: string; title: string }[];
  classRules: { class: EmulationClass; minA: number; maxC: number; minBaseShare: number }[];
  demotions: { code: string; label: string; effect: "DEMOTE" | "EXCLUDE"; source: "ORGANIZATION" | "HUMANITARIAN" | "INSPECTION"; indicatorCode?: string | null; threshold?: number | null; ofTarget?: boolean; baseChaptersMayMiss?: number | null }[];
}

/** Inserts a whole plan; returns its id. The caller checked the slice. */
export async function insertPlan(tx: Tx, by: string, input: PlanInput, copiedFromId: string | null = null): Promise<string> {
  const plan = await tx.emulationPlan.create({
    data: {
      chapterId: input.chapterId, year: input.year, title: input.title, registrationDeadline: input.registrationDeadline,
      submissionDeadline: input.submissionDeadline, forwardingDeadline: input.forwardingDeadline, demotionsStack: input.demotionsStack, source: input.source, copiedFromId, createdBy: by,
    },
  });
  await tx.planContent.createMany({ data: input.contents.map((title, i) => ({ planId: plan.id, position: i + 1, title })) });
  await tx.planPhase.createMany({ data: input.phases.map((p, i) => ({ planId: plan.id, position: i + 1, ...p })) });
  await tx.planCriterion.createMany({ data: input.criteria.map((c, i) => ({ planId: plan.id, position: i + 1, ...c })) });
  await tx.classRule.createMany({ data: input.classRules.map((r, i) => ({ planId: plan.id, position: i + 1, ...r })) });
  await tx.demotionRule.createMany({
    data: input.demotions.map((d, i) => ({ planId: plan.id, position: i + 1, code: d.code, label: d.label, effect: d.effect, source: d.source, indicatorCode: d.indicatorCode ?? null, threshold: d.threshold ?? null, ofTarget: d.ofTarget ?? false, baseChaptersMayMiss: d.baseChaptersMayMiss ?? 0 })),
  });
  return plan.id;
}

/** Creates a plan for a chapter in the caller's slice. */
export async function createPlan(tx: Tx, roots: string[], by: string, input: PlanInput): Promise<string> {
  await requireInSlice(tx, roots, input.chapterId, await chapterDay(tx, input.chapterId, input.year));
  return insertPlan(tx, by, input);
}

/** Reads a plan whole, as a PlanInput (for a copy). */
async function planAsInput(tx: Tx, planId: string): Promise<PlanInput | null> {
  const plan = await tx.emulationPlan.findUnique({
    where: { id: planId },
    include: { contents: { orderBy: { position: "asc" } }, phases: { orderBy: { position: "asc" } }, criteria: { orderBy: { position: "asc" } }, classRules: { orderBy: { position: "asc" } }, demotions: { orderBy: { position: "asc" } } },
  });
  if (!plan) return null;
  return {
    ...plan,
    contents: plan.contents.map((c) => c.title),
    phases: plan.phases.map(({ name, startsOn, endsOn }) => ({ name, startsOn, endsOn })),
    criteria: plan.criteria.map(({ code, area, title }) => ({ code, area, title })),
    classRules: plan.classRules.map(({ class: c, minA, maxC, minBaseShare }) => ({ class: c, minA, maxC, minBaseShare })),
    demotions: plan.demotions.map(({ code, label, effect, source, indicatorCode, threshold, ofTarget, baseChaptersMayMiss }) => ({ code, label, effect, source, indicatorCode, threshold, ofTarget, baseChaptersMayMiss })),
  };
}

const shiftYear = (d: Date, years: number) => new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate()));

/** Next year's plan (or another chapter's): a copy of every row, dates moved to the new year. */
export async function copyPlan(tx: Tx, roots: string[], by: string, input: { planId: string; chapterId?: string | null; year: number; title?: string | null }): Promise<string> {
  const source = await planAsInput(tx, input.planId);
  if (!source) throw notFound(`No emulation plan ${input.planId}.`);
  const chapterId = input.chapterId ?? source.chapterId;
  await requireInSlice(tx, roots, source.chapterId, await chapterDay(tx, source.chapterId, source.year), "plan chapter");
  await requireInSlice(tx, roots, chapterId, await chapterDay(tx, chapterId, input.year));
  const years = input.year - source.year;
  return insertPlan(tx, by, {
    ...source,
    chapterId,
    year: input.year,
    title: input.title ?? source.title.replace(String(source.year), String(input.year)),
    registrationDeadline: shiftYear(source.registrationDeadline, years),
    submissionDeadline: source.submissionDeadline && shiftYear(source.submissionDeadline, years),
    forwardingDeadline: source.forwardingDeadline && shiftYear(source.forwardingDeadline, years),
    phases: source.phases.map((p) => ({ name: p.name, startsOn: shiftYear(p.startsOn, years), endsOn: shiftYear(p.endsOn, years) })),
  }, input.planId);
}

/** Locks the plan row, checks the caller may change it and that no result is confirmed under it. */
export async function lockEditablePlan(tx: Tx, roots: string[], planId: string): Promise<{ chapterId: string; year: number }> {
  if (!(await lockRows(tx, "EmulationPlan", [planId])).length) throw notFound(`No emulation plan ${planId}.`);
  const plan = (await tx.emulationPlan.findUnique({ where: { id: planId }, select: { chapterId: true, year: true } }))!;
  await requireInSlice(tx, roots, plan.chapterId, await chapterDay(tx, plan.chapterId, plan.year), "plan chapter");
  const [frozen] = await tx.$queryRaw<{ n: number }[]>(sql`SELECT count(*)::int AS n FROM "EmulationResult" WHERE "planId" = ${planId}::uuid AND status = 'CONFIRMED'`);
  if (frozen!.n > 0) throw conflict(`The council has confirmed ${frozen!.n} result(s) under this plan, so its rule table is frozen: copy the plan to change the rules for another year.`);
  return plan;
}

/** Sets one row of the class rule table (EM-CLASS thresholds are data). */
export async function setClassRule(tx: Tx, roots: string[], input: { planId: string; class: EmulationClass; minA: number; maxC: number; minBaseShare: number }): Promise<void> {
  await lockEditablePlan(tx, roots, input.planId);
  const updated = await tx.classRule.updateMany({ where: { planId: input.planId, class: input.class }, data: { minA: input.minA, maxC: input.maxC, minBaseShare: input.minBaseShare } });
  if (!updated.count) throw notFound(`The plan has no ${input.class} row: its table has the classes it lists in classRules.`);
}

/** Sets (adds or changes) a demotion rule, keyed by its stable code. */
export async function setDemotionRule(tx: Tx, roots: string[], input: PlanInput["demotions"][number] & { planId: string }): Promise<void> {
  await lockEditablePlan(tx, roots, input.planId);
  const { planId, code, ...rest } = input;
  const data = { label: rest.label, effect: rest.effect, source: rest.source, indicatorCode: rest.indicatorCode ?? null, threshold: rest.threshold ?? null, ofTarget: rest.ofTarget ?? false, baseChaptersMayMiss: rest.baseChaptersMayMiss ?? 0 };
  const [last] = await tx.$queryRaw<{ n: number }[]>(sql`SELECT coalesce(max(position), 0)::int AS n FROM "DemotionRule" WHERE "planId" = ${planId}::uuid`);
  await tx.demotionRule.upsert({ where: { planId_code: { planId, code } }, update: data, create: { planId, code, position: last!.n + 1, ...data } });
}
