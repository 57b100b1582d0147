// EM-REGISTER, EM-SCORE: the unit's report (a record of its own, dated on arrival), the import of a
// past year's records with the document their dates come from, and a province officer's
// acceptance of a late arrival with its reason (arrivals/write.ts). Every mutation is audited.
import { arrivalDay, conflict, parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { acceptLateArrival, importArrivals } from "../arrivals/write.ts";
import { arrivalKindLabels } from "../labels.ts";
import { submitReport } from "../sheets/write.ts";
import { idempotencyKey, reason, text, uuid } from "../write/inputs.ts";
import { once } from "../write/transaction.ts";
import { ChapterRef } from "./chapter.ts";
import { ArrivalKindEnum } from "./enums.ts";
import { GradeInput, gradeSchema, SheetRef } from "./sheet.ts";

interface ReportRow {
  unitId: string;
  summary: string;
  submittedAt: Date;
  submittedBy: string;
  importedFrom: string | null;
}

const ReportRef = builder.objectRef<ReportRow>("EmulationReport").implement({
  description: "A unit's report under a plan (EM-REGISTER: the report and the self-scoring sheet), with its own arrival",
  fields: (t) => ({
    unit: t.field({ type: ChapterRef, resolve: (r) => ({ id: r.unitId }) }),
    summary: t.exposeString("summary"),
    submittedAt: t.string({ description: "When the report arrived, recorded by the system (or as imported: importedFrom)", resolve: (r) => r.submittedAt.toISOString() }),
    submittedOn: t.field({ type: "Date", description: "The day it arrived, Vietnam time: the day the deadline is read against", resolve: (r) => arrivalDay(r.submittedAt) }),
    submittedBy: t.exposeString("submittedBy", { description: "Who sent it, or who imported it" }),
    importedFrom: t.exposeString("importedFrom", { nullable: true, description: "null: recorded on arrival; else the document a past year's report was imported from" }),
  }),
});

builder.objectFields(SheetRef, (t) => ({
  report: t.field({
    type: ReportRef, nullable: true, description: "The unit's report under the plan, a record of its own (EM-REGISTER); null: none arrived",
    resolve: (s) => (s.reportSubmittedAt ? { unitId: s.unitId, summary: s.reportSummary!, submittedAt: new Date(s.reportSubmittedAt), submittedBy: s.reportSubmittedBy!, importedFrom: s.reportImportedFrom } : null),
  }),
}));

const ImportRef = builder.objectRef<{ unitId: string; document: string; importedBy: string }>("EmulationImport").implement({
  description: "A past year's records of one unit, imported with their dates from a document",
  fields: (t) => ({
    unit: t.field({ type: ChapterRef, resolve: (r) => ({ id: r.unitId }) }),
    document: t.exposeString("document"),
    importedBy: t.exposeString("importedBy"),
  }),
});

const AcceptanceRef = builder.objectRef<{ unitId: string; arrival: keyof typeof arrivalKindLabels; arrivedOn: Date; deadline: Date; reason: string; acceptedBy: string }>("EmulationLateAcceptance").implement({
  description: "A late arrival a province officer accepted: the unit is considered, its result shows the arrival as accepted late",
  fields: (t) => ({
    unit: t.field({ type: ChapterRef, resolve: (r) => ({ id: r.unitId }) }),
    arrival: t.field({ type: ArrivalKindEnum, resolve: (r) => r.arrival }),
    arrivalLabel: t.string({ resolve: (r) => arrivalKindLabels[r.arrival] }),
    arrivedOn: t.field({ type: "Date", resolve: (r) => r.arrivedOn }),
    deadline: t.field({ type: "Date", description: "The plan's deadline (arrivals come before that day)", resolve: (r) => r.deadline }),
    reason: t.exposeString("reason"),
    acceptedBy: t.exposeString("acceptedBy"),
  }),
});

const ReportInput = builder.inputType("SubmitEmulationReportInput", {
  description: "The unit's report; the day it arrives is recorded by the system",
  fields: (t) => ({ planId: t.id({ required: true }), unitId: t.id({ required: true }), summary: t.string({ required: true }), idempotencyKey: t.string({ required: false }) }),
});
const reportSchema = z.object({ planId: uuid, unitId: uuid, summary: text(3, 5000), idempotencyKey });

const ImportedSheetInput = builder.inputType("ImportedEmulationSheetInput", {
  fields: (t) => ({
    submittedOn: t.field({ type: "Date", required: true }),
    baseChaptersTotal: t.int({ required: true }),
    baseChaptersGood: t.int({ required: true }),
    grades: t.field({ type: [GradeInput], required: true }),
  }),
});
const ImportedReportInput = builder.inputType("ImportedEmulationReportInput", {
  fields: (t) => ({ submittedOn: t.field({ type: "Date", required: true }), summary: t.string({ required: true }) }),
});
const ImportInput = builder.inputType("ImportEmulationRecordsInput", {
  description: "A past year's records of one unit with their dates (demo data, a year already run), from a named document",
  fields: (t) => ({
    planId: t.id({ required: true }),
    unitId: t.id({ required: true }),
    document: t.string({ required: true, description: "The document the dates come from (e.g. a report's number and date)" }),
    registeredOn: t.field({ type: "Date", required: false }),
    report: t.field({ type: ImportedReportInput, required: false }),
    sheet: t.field({ type: ImportedSheetInput, required: false }),
    forwardedOn: t.field({ type: "Date", required: false, description: "When the unit's cluster head forwarded its sheet" }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const importSchema = z
  .object({
    planId: uuid, unitId: uuid, document: text(3, 300),
    registeredOn: z.date().nullish(),
    report: z.object({ submittedOn: z.date(), summary: text(3, 5000) }).nullish(),
    sheet: z
      .object({
        submittedOn: z.date(), baseChaptersTotal: z.number().int().min(0), baseChaptersGood: z.number().int().min(0),
        grades: z.array(gradeSchema).max(200),
      })
      .refine((s) => s.baseChaptersGood <= s.baseChaptersTotal, { message: "cannot exceed baseChaptersTotal", path: ["baseChaptersGood"] })
      .nullish(),
    forwardedOn: z.date().nullish(),
    idempotencyKey,
  })
  .refine((i) => i.registeredOn || i.report || i.sheet || i.forwardedOn, { message: "say what is imported: registeredOn, report, sheet or forwardedOn", path: ["registeredOn"] });

const AcceptInput = builder.inputType("AcceptLateEmulationArrivalInput", {
  fields: (t) => ({ planId: t.id({ required: true }), unitId: t.id({ required: true }), arrival: t.field({ type: ArrivalKindEnum, required: true }), reason: t.string({ required: true }), idempotencyKey: t.string({ required: false }) }),
});
const acceptSchema = z.object({ planId: uuid, unitId: uuid, arrival: z.enum(["REGISTRATION", "REPORT", "SHEET", "FORWARDING"]), reason, idempotencyKey });

builder.mutationFields((t) => ({
  submitEmulationReport: t.field({
    type: ReportRef,
    description: "The unit's report (EM-REGISTER), dated when it arrives; one per unit and plan",
    args: { input: t.arg({ type: ReportInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: reportSchema }), args);
      const roots = await sliceRoots(ctx);
      await once(ctx, "submitEmulationReport", input, async (tx) => (await submitReport(tx, roots, by, input), true), () => conflict("The unit has already sent its report under this plan."));
      return (await ctx.prisma.emulationReport.findUnique({ where: { planId_unitId: { planId: input.planId, unitId: input.unitId } } }))!;
    },
  }),
  importEmulationRecords: t.field({
    type: ImportRef,
    description: "Imports a past year's registration, report, self-scoring sheet and forwarding of one unit with their dates, naming the document they come from (the plan's chapter only)",
    args: { input: t.arg({ type: ImportInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: importSchema }), args);
      const roots = await sliceRoots(ctx);
      await once(ctx, "importEmulationRecords", input, async (tx) => (await importArrivals(tx, roots, by, input), true), () => conflict("Some of these records already exist for the unit under this plan: nothing was imported."));
      return { unitId: input.unitId, document: input.document, importedBy: by };
    },
  }),
  acceptLateEmulationArrival: t.field({
    type: AcceptanceRef,
    description: "A province officer accepts a unit's late arrival with a reason; it counts from the next computeEmulationResults",
    args: { input: t.arg({ type: AcceptInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: acceptSchema }), args);
      const roots = await sliceRoots(ctx);
      const { value } = await once(ctx, "acceptLateEmulationArrival", input, async (tx) => {
        const r = await acceptLateArrival(tx, roots, by, input);
        return { arrivedOn: r.arrivedOn.toISOString(), deadline: r.deadline.toISOString() };
      }, () => conflict("This late arrival is already accepted."));
      return { unitId: input.unitId, arrival: input.arrival, arrivedOn: new Date(value.arrivedOn), deadline: new Date(value.deadline), reason: input.reason, acceptedBy: by };
    },
  }),
}));
