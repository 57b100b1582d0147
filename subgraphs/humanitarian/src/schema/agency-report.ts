// HA-CALENDAR: the reports a chapter's steering-committee member agencies owe (seed 004 §V.2:
// Bình Phước's, 2023, half-year and annual), beside the chapters' own (Chapter.humanitarianReports):
// due days, whether each has arrived and whether late. The agencies are rows under their chapter,
// not chapters; the chapter's officer records a report received from one on its behalf.
import { addDays, arrivedBefore, offsetConnection, parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireFiguresReader, requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { agencyDutiesStatement, agencyReportPages, withPeriods, type AgencyDutyRow, type AgencyReportStatus } from "../agencies/read.ts";
import { recordAgencyReport } from "../agencies/write.ts";
import { reportKindLabels } from "../labels.ts";
import { idempotencyKey, pastOrToday, readYear, uuid, year } from "../write/inputs.ts";
import { ChapterRef } from "./chapter.ts";
import { ReportKindEnum } from "./report.ts";

const SteeringAgencyRef = builder.objectRef<AgencyReportStatus>("SteeringAgency").implement({
  description: "A member agency of a chapter's steering committee (cơ quan thành viên Ban Chỉ đạo; HA-CALENDAR): not a chapter of the tree, listed under the chapter for the years its document names",
  fields: (t) => ({
    id: t.exposeID("agencyId"),
    chapter: t.field({ type: ChapterRef, description: "The chapter whose steering committee the agency sits on", resolve: (a) => ({ id: a.chapterId }) }),
    code: t.exposeString("code", { description: "Its key in the chapter's list" }),
    name: t.exposeString("name"),
    fromYear: t.exposeInt("fromYear"),
    toYear: t.exposeInt("toYear"),
    source: t.string({ description: "The document that names it", resolve: (a) => a.agencySource }),
  }),
});

const SteeringAgencyReportRef = builder.objectRef<AgencyReportStatus>("SteeringAgencyReport").implement({
  description: "One report a steering-committee member agency owes for its chapter's reporting year: due date, whether it has arrived and whether late (HA-CALENDAR)",
  fields: (t) => ({
    agency: t.field({ type: SteeringAgencyRef, resolve: (r) => r }),
    year: t.exposeInt("year"),
    kind: t.field({ type: ReportKindEnum, resolve: (r) => r.period.kind }),
    kindLabel: t.string({ resolve: (r) => reportKindLabels[r.period.kind] }),
    periodFrom: t.field({ type: "Date", resolve: (r) => r.period.from }),
    periodTo: t.field({ type: "Date", resolve: (r) => r.period.to }),
    dueOn: t.field({ type: "Date", description: "The last day it may arrive on time", resolve: (r) => r.period.dueOn }),
    source: t.string({ description: "The document that asks for it", resolve: (r) => r.period.source }),
    calendarSource: t.string({ nullable: true, description: "The document that sets the chapter's reporting year (null: the calendar year)", resolve: (r) => r.reporting.source }),
    submitted: t.boolean({ description: "Received and recorded", resolve: (r) => r.receivedOn !== null }),
    submittedOn: t.field({ type: "Date", nullable: true, description: "The day it arrived", resolve: (r) => r.receivedOn }),
    submittedBy: t.string({ nullable: true, description: "The officer who recorded it", resolve: (r) => r.recordedBy }),
    late: t.boolean({ nullable: true, description: "Arrived after the due date (null: not received)", resolve: (r) => (r.receivedOn ? !arrivedBefore(r.receivedOn, addDays(r.period.dueOn, 1)) : null) }),
  }),
});

builder.queryFields((t) => ({
  steeringAgencyReports: t.connection({
    type: SteeringAgencyReportRef,
    description:
      "The reports steering-committee member agencies owe for a reporting year, in your chapters (HA-CALENDAR: seed 004 §V.2, Bình Phước 2023, half-year and annual), optionally only those of agencies in one chapter's area",
    args: { year: t.arg.int({ required: true }), chapterId: t.arg.id({ required: false }) },
    resolve: async (_root, args, ctx) => {
      requireFiguresReader(ctx);
      const asked = readYear(args.year);
      const { chapterId } = parseInput(z.object({ chapterId: uuid.nullish() }), { chapterId: args.chapterId });
      return offsetConnection(args, agencyReportPages(ctx.prisma, await sliceRoots(ctx), asked, chapterId));
    },
  }),
}));

const RecordAgencyReportInput = builder.inputType("RecordSteeringAgencyReportInput", {
  fields: (t) => ({
    agencyId: t.id({ required: true }),
    year: t.int({ required: true, description: "The agency's chapter's reporting year (HA-CALENDAR)" }),
    kind: t.field({ type: ReportKindEnum, required: true, description: "HALF_YEAR or ANNUAL (the reports seed 004 §V.2 asks of member agencies)" }),
    receivedOn: t.field({ type: "Date", required: true, description: "The day the report arrived (decides on time or late)" }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const recordSchema = z.object({ agencyId: uuid, year, kind: z.enum(["QUARTER_1", "QUARTER_2", "QUARTER_3", "QUARTER_4", "HALF_YEAR", "ANNUAL"]), receivedOn: pastOrToday, idempotencyKey });

builder.mutationFields((t) => ({
  recordSteeringAgencyReport: t.field({
    type: SteeringAgencyReportRef,
    description: "Records a report received from a steering-committee member agency, on its behalf (the chapter's officer)",
    args: { input: t.arg({ type: RecordAgencyReportInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: recordSchema }), args);
      const roots = await sliceRoots(ctx);
      await recordAgencyReport(ctx, roots, by, input);
      const rows = await ctx.prisma.$queryRaw<AgencyDutyRow[]>(agencyDutiesStatement(roots, input.year, { agencyId: input.agencyId, kind: input.kind }));
      return (await withPeriods(ctx.prisma, rows, input.year))[0]!;
    },
  }),
}));
