// EM-PLAN, EM-CLASS: the plan object with its contents, phases, criteria and rule table, the
// public what-if `classify` (the same code path as a real classification: results/classify.ts),
// and `Chapter.emulationPlans`. Results, sheets and ranking are added to the plan by result.ts
// and sheet.ts.
import { offsetConnection, parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireResultsReader } from "../access/roles.ts";
import { classLabels, demotionEffectLabels, factSourceLabels } from "../labels.ts";
import { chapterPlansLoader, criteriaPageLoader, planLoader, planPartsLoader, rulesLoader, type CriterionRow, type PlanRow } from "../plans/read.ts";
import { classify, type ClassRuleRow, type Classification } from "../results/classify.ts";
import type { DemotionRuleFull } from "../facts/evaluate.ts";
import { uuid } from "../write/inputs.ts";
import { ChapterRef } from "./chapter.ts";
import { DemotionEffectEnum, EmulationClassEnum, FactSourceEnum } from "./enums.ts";

export const EmulationPlanRef = builder.objectRef<PlanRow>("EmulationPlan");

const PhaseRef = builder.objectRef<{ name: string; startsOn: Date; endsOn: Date }>("EmulationPhase").implement({
  description: "A peak phase of the plan (đợt thi đua), reviewed at its end",
  fields: (t) => ({
    name: t.exposeString("name"),
    startsOn: t.field({ type: "Date", resolve: (p) => p.startsOn }),
    endsOn: t.field({ type: "Date", resolve: (p) => p.endsOn }),
  }),
});

const CriterionRef = builder.objectRef<CriterionRow>("EmulationCriterion").implement({
  description: "One criterion of the plan's scoring list (tiêu chí), graded A, B or C",
  fields: (t) => ({
    code: t.exposeString("code"),
    position: t.exposeInt("position"),
    area: t.exposeString("area", { description: "The content area it belongs to (nội dung thi đua)" }),
    title: t.exposeString("title"),
  }),
});

const ClassRuleRef = builder.objectRef<ClassRuleRow>("EmulationClassRule").implement({
  description: "One row of the classification table, tried from the top (EM-CLASS)",
  fields: (t) => ({
    class: t.field({ type: EmulationClassEnum, resolve: (r) => r.class }),
    classLabel: t.string({ resolve: (r) => classLabels[r.class] }),
    position: t.exposeInt("position"),
    minA: t.exposeInt("minA", { description: "At least this many A, converted A not counted" }),
    maxC: t.exposeInt("maxC", { description: "At most this many C" }),
    minBaseShare: t.exposeFloat("minBaseShare", { description: "At least this share (0–1) of base chapters rated Good or better" }),
  }),
});

export const DemotionRuleRef = builder.objectRef<DemotionRuleFull>("EmulationDemotionRule").implement({
  description: "A demotion rule of the plan with its stable code (EM-DEMOTE)",
  fields: (t) => ({
    code: t.exposeString("code"),
    label: t.exposeString("label"),
    effect: t.field({ type: DemotionEffectEnum, resolve: (r) => r.effect }),
    effectLabel: t.string({ resolve: (r) => demotionEffectLabels[r.effect] }),
    source: t.field({ type: FactSourceEnum, description: "Who owns the fact it reads", resolve: (r) => r.source }),
    sourceLabel: t.string({ resolve: (r) => factSourceLabels[r.source] }),
    indicatorCode: t.exposeString("indicatorCode", { nullable: true, description: "The owner's indicator (catalogue code) it reads" }),
    threshold: t.exposeFloat("threshold", { nullable: true, description: "Applies when the value is below this" }),
    ofTarget: t.exposeBoolean("ofTarget", { description: "The value is the actual as a % of the target" }),
    baseChaptersMayMiss: t.exposeInt("baseChaptersMayMiss", { description: "Read at two levels (FUND_TARGET): how many base chapters may miss their own target; the unit's own is always checked" }),
  }),
});

const ClassificationRef = builder.objectRef<Classification>("Classification").implement({
  description: "A class and every reason for it, in order (EM-CLASS, EM-DEMOTE, EM-REGISTER)",
  fields: (t) => ({
    class: t.field({ type: EmulationClassEnum, resolve: (c) => c.class }),
    classLabel: t.string({ resolve: (c) => classLabels[c.class] }),
    explanation: t.exposeStringList("explanation"),
  }),
});

export const ClassifySheetInput = builder.inputType("ClassifySheetInput", {
  description: "A sheet to classify under a plan's rule table (what-if)",
  fields: (t) => ({
    aCount: t.int({ required: true, description: "Every A on the sheet, converted ones included" }),
    convertedACount: t.int({ required: true, description: "How many of those A are converted (điểm quy đổi): they do not count toward the thresholds" }),
    cCount: t.int({ required: true }),
    baseChapterShare: t.float({ required: true, description: "Share (0–1) of the unit's base chapters rated Good or better (ignored when noBaseChapters)" }),
    noBaseChapters: t.boolean({ required: false, description: "The unit has no base chapters (an affiliated unit, a commune after the 2025 reform): classed on its grades alone (EM-CLASS)" }),
    registered: t.boolean({ required: true }),
    submittedOnTime: t.boolean({ required: true }),
    demotionCodes: t.stringList({ required: true, description: "Codes of the plan's demotion rules that apply" }),
  }),
});

const classifySchema = z.object({
  sheet: z.object({
    aCount: z.number().int(),
    convertedACount: z.number().int(),
    cCount: z.number().int(),
    baseChapterShare: z.number(),
    noBaseChapters: z.boolean().nullish(),
    registered: z.boolean(),
    submittedOnTime: z.boolean(),
    demotionCodes: z.array(z.string().trim()).max(50),
  }),
});

EmulationPlanRef.implement({
  description: "A chapter's yearly emulation plan for the units below it (kế hoạch phát động thi đua, EM-PLAN)",
  fields: (t) => ({
    id: t.exposeID("id"),
    chapter: t.field({ type: ChapterRef, description: "The chapter that launched it", resolve: (p) => ({ id: p.chapterId }) }),
    year: t.exposeInt("year"),
    title: t.exposeString("title"),
    source: t.exposeString("source", { description: "The document it comes from" }),
    registrationDeadline: t.field({ type: "Date", description: "Units register before this day (EM-REGISTER: \"trước ngày D\", read as everywhere in the product — arriving on this day is late)", resolve: (p) => p.registrationDeadline }),
    submissionDeadline: t.field({ type: "Date", nullable: true, description: "Units' reports and self-scoring sheets arrive before this day (EM-SCORE: arriving on this day is late); null when the plan sets none for the units", resolve: (p) => p.submissionDeadline }),
    forwardingDeadline: t.field({ type: "Date", nullable: true, description: "Cluster heads forward their cluster's sheets before this day (EM-SCORE; Kiên Giang 2024: 10 Dec), checked against each sheet's forwardedAt: a sheet its head forwarded late is not on time", resolve: (p) => p.forwardingDeadline }),
    demotionsStack: t.exposeBoolean("demotionsStack", { description: "false: any number of demotion facts together drop one class in total" }),
    copiedFrom: t.field({ type: EmulationPlanRef, nullable: true, resolve: (p, _a, ctx) => (p.copiedFromId ? planLoader(ctx).load(p.copiedFromId) : null) }),
    contents: t.stringList({ description: "The contents of the movement (nội dung thi đua)", resolve: async (p, _a, ctx) => (await planPartsLoader(ctx).load(p.id)).contents }),
    phases: t.field({ type: [PhaseRef], resolve: async (p, _a, ctx) => (await planPartsLoader(ctx).load(p.id)).phases }),
    criteria: t.connection({ type: CriterionRef, description: "The scoring criteria, in order", resolve: (p, args, ctx) => offsetConnection(args, { pageWithTotal: (page) => criteriaPageLoader(ctx, page).load(p.id) }) }),
    classRules: t.field({ type: [ClassRuleRef], resolve: async (p, _a, ctx) => (await rulesLoader(ctx).load(p.id)).classRules }),
    demotionRules: t.field({ type: [DemotionRuleRef], resolve: async (p, _a, ctx) => (await rulesLoader(ctx).load(p.id)).demotions }),
    classify: t.field({
      type: ClassificationRef,
      description: "What-if: the class this sheet would get under the plan's rule table — the same computation as a real, confirmed classification",
      args: { sheet: t.arg({ type: ClassifySheetInput, required: true }) },
      resolve: async (p, args, ctx) => {
        const { sheet: { noBaseChapters, ...sheet } } = parseInput(classifySchema, args);
        return classify({ ...sheet, baseChapterShare: noBaseChapters ? null : sheet.baseChapterShare }, await rulesLoader(ctx).load(p.id), "sheet");
      },
    }),
  }),
});

builder.objectFields(ChapterRef, (t) => ({
  emulationPlans: t.field({
    type: [EmulationPlanRef],
    args: { year: t.arg.int({ required: false, description: "Only this year's plans" }) },
    description: "Emulation plans this chapter launched, with those of the chapters merged into it (its history); one a year at most per chapter",
    resolve: (chapter, args, ctx) => {
      requireResultsReader(ctx);
      return chapterPlansLoader(ctx, args.year ?? null).load(chapter.id);
    },
  }),
}));

builder.queryFields((t) => ({
  emulationPlan: t.field({
    type: EmulationPlanRef,
    nullable: true,
    description: "A plan by id (null when absent or outside your part of the tree)",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      requireResultsReader(ctx);
      return uuid.safeParse(String(args.id)).success ? planLoader(ctx).load(String(args.id)) : null;
    },
  }),
}));
