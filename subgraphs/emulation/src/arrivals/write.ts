// EM-REGISTER, EM-SCORE: dates the system records. Live mutations date a registration, report or
// self-scoring sheet by when the request arrived (sheets/write.ts); the two ways around that are
// here, both kept to the plan's chapter (its province officers) and audited like every mutation:
//   - an import of a past year's records (demo data, a year already run) with their dates, naming
//     the document they come from — who imported them is the caller, recorded on each row;
//   - a late arrival accepted with a reason: the unit is considered, and its result shows the
//     arrival as accepted late, never as on time (results/compute.ts).
import { arrivalDay, arrivedBefore, badInputFields, conflict, formatIsoDate, notFound, todayInVietnam } from "@chapters/core";
import { forwardSheet, registerUnit, requirePlanChapter, submitReport, submitSelfSheet, type GradeInput } from "../sheets/write.ts";
import type { Tx } from "../write/transaction.ts";

export type ArrivalKind = "REGISTRATION" | "REPORT" | "SHEET" | "FORWARDING";

export interface ImportInput {
  planId: string;
  unitId: string;
  /** the document the dates come from (a report's number, a council's minutes…) */
  document: string;
  registeredOn?: Date | null;
  report?: { submittedOn: Date; summary: string } | null;
  sheet?: { submittedOn: Date; baseChaptersTotal: number; baseChaptersGood: number; grades: GradeInput[] } | null;
  forwardedOn?: Date | null;
}

async function planWithDeadlines(tx: Tx, planId: string) {
  const plan = await tx.emulationPlan.findUnique({ where: { id: planId }, select: { id: true, chapterId: true, year: true, registrationDeadline: true, submissionDeadline: true, forwardingDeadline: true } });
  if (!plan) throw notFound(`No emulation plan ${planId}.`);
  return plan;
}

/** A past year's records of one unit, with their dates and the document they come from. An
 * imported date is a day that has already come (Vietnam time): nothing arrives in the future. */
export async function importArrivals(tx: Tx, roots: string[], by: string, input: ImportInput): Promise<void> {
  const plan = await planWithDeadlines(tx, input.planId);
  await requirePlanChapter(tx, roots, plan, "imports its past records (a province officer)");
  const today = todayInVietnam();
  const dated: [string, Date | null | undefined][] = [["registeredOn", input.registeredOn], ["report.submittedOn", input.report?.submittedOn], ["sheet.submittedOn", input.sheet?.submittedOn], ["forwardedOn", input.forwardedOn]];
  const future = dated.filter(([, day]) => day && day.getTime() > today.getTime());
  if (future.length) throw badInputFields(future.map(([field]) => ({ field, message: `is after today (${formatIsoDate(today)}, Vietnam time): an import brings records that have already arrived` })));
  const at = (day: Date) => ({ at: day, document: input.document });
  const unit = { planId: plan.id, unitId: input.unitId };
  if (input.registeredOn) await registerUnit(tx, roots, by, unit, at(input.registeredOn));
  if (input.report) await submitReport(tx, roots, by, { ...unit, summary: input.report.summary }, at(input.report.submittedOn));
  if (input.sheet) await submitSelfSheet(tx, roots, by, { ...unit, baseChaptersTotal: input.sheet.baseChaptersTotal, baseChaptersGood: input.sheet.baseChaptersGood, grades: input.sheet.grades }, at(input.sheet.submittedOn));
  if (input.forwardedOn) await forwardSheet(tx, roots, by, unit, at(input.forwardedOn));
}

/** When the arrival came and the deadline it had to come before ("trước ngày D"). */
async function arrivalOf(tx: Tx, plan: Awaited<ReturnType<typeof planWithDeadlines>>, unitId: string, arrival: ArrivalKind): Promise<{ at: Date | null; deadline: Date | null }> {
  const key = { planId: plan.id, unitId };
  switch (arrival) {
    case "REGISTRATION":
      return { at: (await tx.registration.findUnique({ where: { planId_unitId: key } }))?.registeredOn ?? null, deadline: plan.registrationDeadline };
    case "REPORT":
      return { at: (await tx.emulationReport.findUnique({ where: { planId_unitId: key } }))?.submittedAt ?? null, deadline: plan.submissionDeadline };
    case "SHEET":
      return { at: (await tx.scoreSheet.findUnique({ where: { planId_unitId_kind: { ...key, kind: "SELF" } } }))?.submittedOn ?? null, deadline: plan.submissionDeadline };
    case "FORWARDING":
      return { at: (await tx.scoreSheet.findUnique({ where: { planId_unitId_kind: { ...key, kind: "SELF" } } }))?.forwardedAt ?? null, deadline: plan.forwardingDeadline };
  }
}

/** A province officer accepts an arrival that came after its deadline, with a reason. Only a late
 * arrival can be accepted; a confirmed result is frozen. It counts from the next computation. */
export async function acceptLateArrival(tx: Tx, roots: string[], by: string, input: { planId: string; unitId: string; arrival: ArrivalKind; reason: string }): Promise<{ arrivedOn: Date; deadline: Date }> {
  const plan = await planWithDeadlines(tx, input.planId);
  await requirePlanChapter(tx, roots, plan, "accepts late arrivals (a province officer)");
  const result = await tx.emulationResult.findUnique({ where: { planId_unitId: { planId: plan.id, unitId: input.unitId } }, select: { status: true } });
  if (result?.status === "CONFIRMED") throw conflict("The council has confirmed this unit's classification, which froze it: nothing was changed.");
  const { at, deadline } = await arrivalOf(tx, plan, input.unitId, input.arrival);
  if (!at) throw badInputFields([{ field: "arrival", message: `the unit has no ${input.arrival.toLowerCase()} under this plan: only an arrival that came late can be accepted` }]);
  if (!deadline || arrivedBefore(at, deadline)) {
    throw badInputFields([{ field: "arrival", message: `the ${input.arrival.toLowerCase()} arrived on ${formatIsoDate(arrivalDay(at))}, on time${deadline ? ` (before ${formatIsoDate(deadline)})` : " (the plan sets no deadline for it)"}: there is nothing to accept` }]);
  }
  await tx.lateAcceptance.create({ data: { planId: plan.id, unitId: input.unitId, arrival: input.arrival, reason: input.reason, acceptedBy: by } });
  return { arrivedOn: arrivalDay(at), deadline };
}
