// EM-CLASS, EM-DEMOTE, EM-REGISTER for real: a plan's units are the units as registered — those
// with a registration row, a sheet, or a place in one of the plan's clusters (the plan names
// them) — not the chapters below its chapter on 31 December, so a district that registered in
// February and was dissolved on 1 July 2025 stays a unit of its province's 2025 plan (ORG-REFORM).
// Each unit is read as it stood on its day of the year (the reference date, or its last day in
// force): its base chapters then. Units are classified from the verified sheet, the share of base
// chapters rated Good or better recorded on it, the arrivals (registration, report, sheet, the
// cluster head's forwarding) with the late ones a province officer accepted, the inspection
// findings and the facts their owners report (facts/fetch.ts) — through the same `classify` as
// the what-if. Facts are read before the transaction (a network call must not hold row locks);
// inside it, the plan row is locked and confirmed results are left as they are (frozen).
import { addDays, arrivalDay, arrivedBefore, conflict, inForce, lockRows, notFound, requireIdentity, sql } from "@chapters/core";
import type { EmulationContext } from "../builder.ts";
import { chapterDaySql } from "../access/slice.ts";
import { evaluateFacts, type FactDecisionRow, type UsedFact } from "../facts/evaluate.ts";
import { requirePlanChapter } from "../sheets/write.ts";
import { inTransaction, type Tx } from "../write/transaction.ts";
import { classify, type ClassifyInput } from "./classify.ts";
import { rulesLoader } from "../plans/read.ts";

/** Reasons a computation adds around the class's own (late dates before, an unverified sheet
 * after), kept with the result's input so a council decision re-explains the class the same way. */
export interface ResultNotes {
  notesBefore: string[];
  notesAfter: string[];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

export const explain = (classExplanation: string[], notes: Partial<ResultNotes>) => [...(notes.notesBefore ?? []), ...classExplanation, ...(notes.notesAfter ?? [])];

interface UnitState {
  unitId: string;
  registeredOn: Date | null;
  selfOn: Date | null;
  /** when the unit's report arrived (EM-REGISTER: a record of its own beside the sheet) */
  reportAt: Date | null;
  /** the late arrivals a province officer accepted, with the reasons */
  accepted: { arrival: string; reason: string; acceptedBy: string }[] | null;
  /** when the unit's cluster head forwarded its sheet (EM-SCORE), and whether it sits in a cluster */
  forwardedAt: Date | null;
  inCluster: boolean;
  verified: boolean;
  aCount: number;
  convertedACount: number;
  cCount: number;
  baseTotal: number | null;
  baseGood: number | null;
  findings: { code: string; note: string }[] | null;
  /** the chapters directly below the unit on its day of the plan's year (its base chapters, when communes) */
  below: string[];
  decisions: ({ code: string } & FactDecisionRow)[] | null;
}

/** Every unit of the plan with what its classification reads, in one statement. */
async function unitStates(tx: Tx, plan: { id: string; chapterId: string; year: number }, only: string[] | null): Promise<UnitState[]> {
  return tx.$queryRaw<UnitState[]>(sql`
    WITH named AS (
      SELECT "unitId" AS id FROM "Registration" WHERE "planId" = ${plan.id}::uuid
      UNION SELECT "unitId" FROM "ScoreSheet" WHERE "planId" = ${plan.id}::uuid
      UNION SELECT "unitId" FROM "ClusterMember" WHERE "planId" = ${plan.id}::uuid
    ), units AS (SELECT n.id, ${chapterDaySql("n.id", "x.year")} AS on FROM named n, (SELECT ${plan.year}::int AS year) x
      WHERE ${only}::uuid[] IS NULL OR n.id = ANY(${only}::uuid[]))
    SELECT u.id::text AS "unitId", r."registeredOn", s."submittedOn" AS "selfOn", s."forwardedAt", v.id IS NOT NULL AS verified,
      (SELECT e."submittedAt" FROM "EmulationReport" e WHERE e."planId" = ${plan.id}::uuid AND e."unitId" = u.id) AS "reportAt",
      (SELECT json_agg(json_build_object('arrival', l.arrival, 'reason', l.reason, 'acceptedBy', l."acceptedBy"))
        FROM "LateAcceptance" l WHERE l."planId" = ${plan.id}::uuid AND l."unitId" = u.id) AS accepted,
      EXISTS (SELECT 1 FROM "ClusterMember" m WHERE m."planId" = ${plan.id}::uuid AND m."unitId" = u.id) AS "inCluster",
      coalesce(g.a, 0)::int AS "aCount", coalesce(g.converted, 0)::int AS "convertedACount", coalesce(g.c, 0)::int AS "cCount",
      coalesce(v."baseChaptersTotal", s."baseChaptersTotal") AS "baseTotal", coalesce(v."baseChaptersGood", s."baseChaptersGood") AS "baseGood",
      (SELECT json_agg(json_build_object('code', f.code, 'note', f.note)) FROM "InspectionFinding" f WHERE f."sheetId" = v.id) AS findings,
      coalesce((SELECT array_agg(b."descendantId"::text ORDER BY b."descendantId") FROM "TreeClosure" b
        WHERE b."ancestorId" = u.id AND b.depth = 1 AND ${inForce("b", sql`u.on`)}), '{}') AS below,
      (SELECT json_agg(json_build_object('code', d.code, 'applies', d.applies, 'reason', d.reason, 'decidedBy', d."decidedBy", 'decidedAt', d."decidedAt"))
        FROM "FactDecision" d WHERE d."planId" = ${plan.id}::uuid AND d."unitId" = u.id) AS decisions
    FROM units u
    LEFT JOIN "Registration" r ON r."planId" = ${plan.id}::uuid AND r."unitId" = u.id
    LEFT JOIN "ScoreSheet" s ON s."planId" = ${plan.id}::uuid AND s."unitId" = u.id AND s.kind = 'SELF'
    LEFT JOIN "ScoreSheet" v ON v."planId" = ${plan.id}::uuid AND v."unitId" = u.id AND v.kind = 'VERIFIED'
    LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE x.grade = 'A') AS a, count(*) FILTER (WHERE x.grade = 'A' AND x.converted) AS converted,
      count(*) FILTER (WHERE x.grade = 'C') AS c FROM "SheetGrade" x WHERE x."sheetId" = coalesce(v.id, s.id)) g ON true
    ORDER BY u.id`);
}

/** Classifies the plan's units (all, or those named) and stores each result as PROPOSED;
 * returns how many were (re)computed. Confirmed results stay frozen. */
export async function computeResults(ctx: EmulationContext, roots: string[], by: string, input: { planId: string; unitIds?: string[] | null }): Promise<number> {
  const plan = await ctx.prisma.emulationPlan.findUnique({ where: { id: input.planId }, select: { id: true, chapterId: true, year: true, registrationDeadline: true, submissionDeadline: true, forwardingDeadline: true } });
  if (!plan) throw notFound(`No emulation plan ${input.planId}.`);
  await requirePlanChapter(ctx.prisma as unknown as Tx, roots, plan, "classifies its units (its council)");
  const rules = await rulesLoader(ctx).load(plan.id);
  const only = input.unitIds?.length ? input.unitIds : null;
  const preview = await unitStates(ctx.prisma as unknown as Tx, plan, only);
  if (only && preview.length !== new Set(only).size) throw notFound("Some of the units named are not units of this plan (none registered, sent a sheet or sits in one of its clusters): only its units are classified under it.");
  const figures = await ctx.facts.read(requireIdentity(ctx), preview.map((u) => ({ id: u.unitId, baseChapterIds: u.below })), plan.year);

  return inTransaction(ctx, async (tx) => {
    await lockRows(tx, "EmulationPlan", [plan.id]);
    const states = await unitStates(tx, plan, only);
    const confirmed = new Set((await tx.emulationResult.findMany({ where: { planId: plan.id, status: "CONFIRMED" }, select: { unitId: true } })).map((r) => r.unitId));
    if (only && only.some((id) => confirmed.has(id))) throw conflict("The council has confirmed the classification of some of these units: a confirmed result is frozen and is not computed again.");
    let written = 0;
    for (const unit of states.filter((u) => !confirmed.has(u.unitId))) {
      const findings = new Map((unit.findings ?? []).map((f) => [f.code, f.note]));
      const decisions = new Map((unit.decisions ?? []).map(({ code, ...d }) => [code, d]));
      const facts: UsedFact[] = evaluateFacts(rules.demotions, figures.get(unit.unitId) ?? new Map(), findings, decisions);
      // "trước ngày D", read as core reads it everywhere: arriving on D itself is late. Each arrival
      // is on time, accepted late by a province officer (with a reason), late, or missing.
      const accepted = new Map((unit.accepted ?? []).map((a) => [a.arrival, a]));
      const arrivals = [
        { kind: "REGISTRATION", what: "Registered", at: unit.registeredOn, deadline: plan.registrationDeadline as Date | null, applies: true },
        // EM-REGISTER: "report and self-scoring sheet" — two records, each with its own arrival, both
        // before the units' deadline when the plan sets one
        { kind: "REPORT", what: "Report sent", at: unit.reportAt, deadline: plan.submissionDeadline, applies: true },
        { kind: "SHEET", what: "Self-scoring sheet sent", at: unit.selfOn, deadline: plan.submissionDeadline, applies: true },
        // EM-SCORE: a unit in a cluster is sent up by its head, before the cluster heads' deadline
        { kind: "FORWARDING", what: "Self-scoring sheet forwarded by its cluster head", at: unit.forwardedAt, deadline: plan.forwardingDeadline, applies: plan.forwardingDeadline !== null && unit.inCluster && unit.selfOn !== null },
      ].filter((a) => a.applies).map((a) => {
        const onTime = a.at !== null && (a.deadline === null || arrivedBefore(a.at, a.deadline));
        return { ...a, onTime, acceptance: !onTime && a.at !== null ? accepted.get(a.kind) : undefined };
      });
      const fine = (kinds: string[]) => arrivals.filter((a) => kinds.includes(a.kind)).every((a) => a.onTime || a.acceptance);
      const strict = (kinds: string[]) => arrivals.filter((a) => kinds.includes(a.kind)).every((a) => a.onTime);
      const sheet: ClassifyInput = {
        aCount: unit.aCount,
        convertedACount: unit.convertedACount,
        cCount: unit.cCount,
        // EM-CLASS: no base chapters (an affiliated unit, a commune after the reform): grades alone
        baseChapterShare: unit.baseTotal ? (unit.baseGood ?? 0) / unit.baseTotal : null,
        registered: fine(["REGISTRATION"]),
        // not on time = either late: the report or the sheet (or, in a cluster, its forwarding)
        submittedOnTime: fine(["REPORT", "SHEET", "FORWARDING"]),
        demotionCodes: facts.filter((f) => f.applies).map((f) => f.code),
      };
      const result = classify(sheet, rules);
      const notes: ResultNotes = { notesBefore: [], notesAfter: [] };
      for (const a of arrivals.filter((x) => !x.onTime)) {
        if (a.at === null) {
          if (a.kind === "REPORT" && unit.selfOn !== null) notes.notesBefore.push("No report arrived: EM-REGISTER asks for the report and the self-scoring sheet.");
          if (a.kind === "FORWARDING") notes.notesBefore.push(`Self-scoring sheet not forwarded by its cluster head before the cluster heads' deadline ${iso(a.deadline!)}.`);
          continue;
        }
        const late = `${a.what} on ${iso(arrivalDay(a.at))}, after the ${a.kind === "FORWARDING" ? "cluster heads' deadline" : "deadline"} ${iso(a.deadline!)} (before that day: the last day on time was ${iso(addDays(a.deadline!, -1))})`;
        notes.notesBefore.push(a.acceptance ? `${late}; accepted late by ${a.acceptance.acceptedBy}: ${a.acceptance.reason}.` : `${late}.`);
      }
      // what the table shows: on time means on time — an accepted late arrival is shown as such
      const shown = { registeredOnTime: strict(["REGISTRATION"]), onTime: strict(["REPORT", "SHEET", "FORWARDING"]), acceptedLate: arrivals.filter((a) => a.acceptance).map((a) => a.kind) };
      if (sheet.registered && sheet.submittedOnTime && !unit.verified) notes.notesAfter.push("The inspection team has not verified this sheet yet: the self-scores were used, and the council cannot confirm it until they are verified.");
      const explanation = explain(result.explanation, notes);
      const data = { class: result.class, explanation, input: { ...sheet, ...notes, ...shown } as object, facts: facts as object[], computedBy: by, computedAt: new Date(), status: "PROPOSED" as const };
      await tx.emulationResult.upsert({ where: { planId_unitId: { planId: plan.id, unitId: unit.unitId } }, update: data, create: { planId: plan.id, unitId: unit.unitId, ...data } });
      written += 1;
    }
    return written;
  });
}

/** The council confirms results, which freezes them and the verified sheets behind them. */
export async function confirmResults(tx: Tx, roots: string[], by: string, input: { planId: string; unitIds: string[] }): Promise<void> {
  const plan = await tx.emulationPlan.findUnique({ where: { id: input.planId }, select: { id: true, chapterId: true, year: true } });
  if (!plan) throw notFound(`No emulation plan ${input.planId}.`);
  await requirePlanChapter(tx, roots, plan, "confirms classifications (its council)");
  await lockRows(tx, "EmulationPlan", [plan.id]);
  const rows = await tx.$queryRaw<{ unitId: string; status: string; class: string; verified: boolean; undecided: string[] }[]>(sql`
    SELECT r."unitId"::text AS "unitId", r.status::text AS status, r.class::text AS class,
      coalesce((SELECT array_agg(f->>'code') FROM jsonb_array_elements(r.facts) f WHERE f->>'status' = 'UNKNOWN' AND coalesce(f->'decision', 'null'::jsonb) = 'null'::jsonb), '{}') AS undecided,
      EXISTS (SELECT 1 FROM "ScoreSheet" v WHERE v."planId" = r."planId" AND v."unitId" = r."unitId" AND v.kind = 'VERIFIED') AS verified
    FROM "EmulationResult" r WHERE r."planId" = ${plan.id}::uuid AND r."unitId" = ANY(${input.unitIds}::uuid[])`);
  const missing = input.unitIds.filter((id) => !rows.some((r) => r.unitId === id));
  if (missing.length) throw notFound(`No computed classification for ${missing.join(", ")} under this plan: compute it first (computeEmulationResults).`);
  const unverified = rows.filter((r) => r.class !== "NOT_CONSIDERED" && !r.verified).map((r) => r.unitId);
  if (unverified.length) throw conflict(`The inspection team has not verified the sheets of ${unverified.join(", ")}: the council confirms classifications from verified sheets only.`, { unverified });
  // EM-DEMOTE: a class resting on a fact nobody could evaluate is the council's to decide first
  const undecided = rows.filter((r) => r.class !== "NOT_CONSIDERED" && r.undecided.length);
  if (undecided.length) {
    throw conflict(
      `Facts whose owner holds no figure or target are UNKNOWN and the council has not decided them: ${undecided.map((r) => `${r.unitId} (${r.undecided.join(", ")})`).join("; ")}. Record the council's decision on each (decideEmulationFact), then confirm.`,
      { undecided: undecided.map((r) => ({ unitId: r.unitId, codes: r.undecided })) },
    );
  }
  await tx.emulationResult.updateMany({ where: { planId: plan.id, unitId: { in: input.unitIds }, status: "PROPOSED" }, data: { status: "CONFIRMED", confirmedBy: by, confirmedAt: new Date() } });
}
