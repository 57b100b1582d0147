// HA-CALENDAR: the reports a chapter owes for its reporting year (only those a document asks of it)
// — due dates, who submitted and when, the frozen figures, and the difference later edits have made since.
import { addDays, arrivedBefore, parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireFiguresReader, requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { REPORT_KINDS, type ReportingYear, type ReportPeriod } from "../calendar.ts";
import type { HumanitarianFigures } from "../indicators/read.ts";
import { reportKindLabels } from "../labels.ts";
import { currentLoader, owedLoader, submittedLoader, thaw, type SubmittedReport } from "../reports/read.ts";
import { submitReport } from "../reports/write.ts";
import { idempotencyKey, readYear, uuid, year } from "../write/inputs.ts";
import { ChapterRef, FiguresRef } from "./chapter.ts";

export const ReportKindEnum = builder.enumType("ReportKind", {
  description: "Reports of the reporting year (HA-CALENDAR)",
  values: Object.fromEntries(Object.entries(reportKindLabels).map(([k, label]) => [k, { description: label }])) as Record<keyof typeof reportKindLabels, { description: string }>,
});

interface ReportStatus {
  chapterId: string;
  year: number;
  reporting: ReportingYear;
  period: ReportPeriod;
  submitted: SubmittedReport | null;
}

interface Difference {
  value: bigint;
  newAddresses: number;
  profiled: number;
  supported: number;
  published: number;
  addressesSupported: number;
  peopleHelped: number;
}

const DifferenceRef = builder.objectRef<Difference>("HumanitarianReportDifference").implement({
  description: "Figures now minus the figures as submitted, for the same days (0 everywhere: nothing changed)",
  fields: (t) => ({
    value: t.field({ type: "Money", resolve: (d) => d.value }),
    newAddresses: t.exposeInt("newAddresses"),
    profiled: t.exposeInt("profiled"),
    supported: t.exposeInt("supported"),
    published: t.exposeInt("published"),
    addressesSupported: t.exposeInt("addressesSupported"),
    peopleHelped: t.exposeInt("peopleHelped"),
  }),
});

const minus = (now: HumanitarianFigures, then: HumanitarianFigures): Difference => ({
  value: now.value - then.value,
  newAddresses: now.newAddresses - then.newAddresses,
  profiled: now.profiled - then.profiled,
  supported: now.supported - then.supported,
  published: now.published - then.published,
  addressesSupported: now.addressesSupported - then.addressesSupported,
  peopleHelped: now.peopleHelped - then.peopleHelped,
});

const ReportStatusRef = builder.objectRef<ReportStatus>("HumanitarianReport").implement({
  description: "One report of a chapter's reporting year: due date, submission, frozen figures and what changed since",
  fields: (t) => ({
    kind: t.field({ type: ReportKindEnum, resolve: (r) => r.period.kind }),
    kindLabel: t.string({ resolve: (r) => reportKindLabels[r.period.kind] }),
    periodFrom: t.field({ type: "Date", resolve: (r) => r.period.from }),
    periodTo: t.field({ type: "Date", resolve: (r) => r.period.to }),
    dueOn: t.field({ type: "Date", description: "The last day it may be sent on time", resolve: (r) => r.period.dueOn }),
    source: t.string({ description: "The document that asks for it", resolve: (r) => r.period.source }),
    calendarSource: t.string({ nullable: true, description: "The document that sets the chapter's reporting year (null: the calendar year)", resolve: (r) => r.reporting.source }),
    submitted: t.boolean({ resolve: (r) => r.submitted !== null }),
    submittedOn: t.field({ type: "Date", nullable: true, resolve: (r) => r.submitted?.submittedOn ?? null }),
    submittedBy: t.string({ nullable: true, resolve: (r) => r.submitted?.submittedBy ?? null }),
    late: t.boolean({ nullable: true, description: "Submitted after the due date (null: not submitted)", resolve: (r) => (r.submitted ? !arrivedBefore(r.submitted.submittedOn, addDays(r.period.dueOn, 1)) : null) }),
    frozen: t.field({ type: FiguresRef, nullable: true, description: "The figures as submitted", resolve: (r) => (r.submitted ? thaw(r.chapterId, r.submitted.snapshot, r.reporting, r.period) : null) }),
    current: t.field({ type: FiguresRef, nullable: true, description: "The same figures computed now", resolve: (r, _a, ctx) => currentLoader(ctx, r.year, r.period.kind).load(r.chapterId) }),
    difference: t.field({
      type: DifferenceRef,
      nullable: true,
      description: "Now minus as submitted (null: not submitted)",
      resolve: async (r, _a, ctx) => {
        if (!r.submitted) return null;
        const now = await currentLoader(ctx, r.year, r.period.kind).load(r.chapterId);
        return now ? minus(now, thaw(r.chapterId, r.submitted.snapshot, r.reporting, r.period)) : null;
      },
    }),
  }),
});

// Chapter is extended by key in chapter.ts; this adds one more field to it.
builder.objectFields(ChapterRef, (t) => ({
    humanitarianReports: t.field({
      type: [ReportStatusRef],
      description:
        "The reports the chapter owes for its reporting year (quarterly, half-year, annual), with due dates and who has submitted: only those a document asks of the chapter (HA-CALENDAR; empty when none does)",
      args: { year: t.arg.int({ required: true }) },
      resolve: async (chapter, args, ctx) => {
        requireFiguresReader(ctx);
        const asked = readYear(args.year);
        const [owed, sent] = await Promise.all([owedLoader(ctx, asked).load(chapter.id), submittedLoader(ctx, asked).load(chapter.id)]);
        return owed.periods.map((period) => ({ chapterId: chapter.id, year: asked, reporting: owed.reporting, period, submitted: sent.find((s) => s.kind === period.kind) ?? null }));
      },
    }),
}));

const SubmitReportInput = builder.inputType("SubmitHumanitarianReportInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    year: t.int({ required: true, description: "The chapter's reporting year (HA-CALENDAR)" }),
    kind: t.field({ type: ReportKindEnum, required: true }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const submitSchema = z.object({ chapterId: uuid, year, kind: z.enum(REPORT_KINDS as [ReportPeriod["kind"], ...ReportPeriod["kind"][]]), idempotencyKey });

builder.mutationFields((t) => ({
  submitHumanitarianReport: t.field({
    type: ReportStatusRef,
    description: "Submits a report: its figures are frozen as they stand now",
    args: { input: t.arg({ type: SubmitReportInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: submitSchema }), args);
      await submitReport(ctx, await sliceRoots(ctx), by, input);
      const [owed, sent] = await Promise.all([owedLoader(ctx, input.year).load(input.chapterId), submittedLoader(ctx, input.year).load(input.chapterId)]);
      const period = owed.periods.find((p) => p.kind === input.kind)!;
      return { chapterId: input.chapterId, year: input.year, reporting: owed.reporting, period, submitted: sent.find((s) => s.kind === input.kind) ?? null };
    },
  }),
}));
