// EM-PLAN mutations: create a plan, copy it (next year's plan is an edit, never a code change),
// change a row of its class table or a demotion rule. Each returns the plan re-read through its
// loader; the creating ones take an idempotency key.
import { conflict, parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { classLabels } from "../labels.ts";
import { OWNER_THRESHOLDS } from "../facts/evaluate.ts";
import { planLoader } from "../plans/read.ts";
import { copyPlan, createPlan, setClassRule, setDemotionRule } from "../plans/write.ts";
import { inTransaction, once } from "../write/transaction.ts";
import { code, idempotencyKey, text, uuid, year } from "../write/inputs.ts";
import { DemotionEffectEnum, EmulationClassEnum, FactSourceEnum } from "./enums.ts";
import { EmulationPlanRef } from "./plan.ts";

const classes = Object.keys(classLabels) as [keyof typeof classLabels, ...(keyof typeof classLabels)[]];
const share = z.number().min(0, "is a fraction between 0 and 1").max(1, "is a fraction between 0 and 1 (0.75 is 75%)");
const classRuleSchema = z.object({ class: z.enum(classes), minA: z.number().int().min(0), maxC: z.number().int().min(0), minBaseShare: share });
const demotionSchema = z
  .object({
    code,
    label: text(3, 300),
    effect: z.enum(["DEMOTE", "EXCLUDE"]),
    source: z.enum(["ORGANIZATION", "HUMANITARIAN", "INSPECTION"]),
    indicatorCode: z.string().trim().min(3).max(80).nullish(),
    threshold: z.number().nullish(),
    ofTarget: z.boolean().nullish().transform((v) => v ?? false),
    baseChaptersMayMiss: z.number().int().min(0, "is a number of base chapters, 0 or more").max(10_000).nullish().transform((v) => v ?? 0),
  })
  .refine((d) => d.source === "INSPECTION" || (d.indicatorCode && (OWNER_THRESHOLDS.has(d.indicatorCode) || (d.threshold !== null && d.threshold !== undefined))), {
    message: "a rule reading another subgraph's figure needs indicatorCode and threshold",
    path: ["indicatorCode"],
  })
  .refine((d) => !d.indicatorCode || !OWNER_THRESHOLDS.has(d.indicatorCode) || d.threshold === null || d.threshold === undefined, {
    message: "must be left empty for this indicator: its share is the owner's own rule row (HA-CAMPAIGNS: humanitarian's Kiên Giang 2024 rule for Tháng Nhân đạo), read with the figure",
    path: ["threshold"],
  });

const ClassRuleInput = builder.inputType("EmulationClassRuleInput", {
  fields: (t) => ({
    class: t.field({ type: EmulationClassEnum, required: true }),
    minA: t.int({ required: true }),
    maxC: t.int({ required: true }),
    minBaseShare: t.float({ required: true, description: "0–1" }),
  }),
});

const DemotionRuleInput = builder.inputType("EmulationDemotionRuleInput", {
  fields: (t) => ({
    code: t.string({ required: true, description: "Stable code, e.g. DUES" }),
    label: t.string({ required: true }),
    effect: t.field({ type: DemotionEffectEnum, required: true }),
    source: t.field({ type: FactSourceEnum, required: true }),
    indicatorCode: t.string({ required: false }),
    threshold: t.float({ required: false }),
    ofTarget: t.boolean({ required: false }),
    baseChaptersMayMiss: t.int({ required: false, description: "A rule read at two levels (FUND_TARGET): how many base chapters may miss their own target (default 0)" }),
  }),
});

const PhaseInput = builder.inputType("EmulationPhaseInput", {
  fields: (t) => ({ name: t.string({ required: true }), startsOn: t.field({ type: "Date", required: true }), endsOn: t.field({ type: "Date", required: true }) }),
});

const CriterionInput = builder.inputType("EmulationCriterionInput", {
  fields: (t) => ({ code: t.string({ required: true }), area: t.string({ required: true }), title: t.string({ required: true }) }),
});

const CreatePlanInput = builder.inputType("CreateEmulationPlanInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    year: t.int({ required: true }),
    title: t.string({ required: true }),
    source: t.string({ required: true, description: "The document the plan comes from" }),
    registrationDeadline: t.field({ type: "Date", required: true }),
    submissionDeadline: t.field({ type: "Date", required: false, description: "Units' reports and self-scoring sheets arrive before this day (omit when the plan sets none for the units)" }),
    forwardingDeadline: t.field({ type: "Date", required: false, description: "Cluster heads forward their cluster's sheets before this day (EM-SCORE; Kiên Giang 2024: 10 Dec)" }),
    demotionsStack: t.boolean({ required: false }),
    contents: t.stringList({ required: true }),
    phases: t.field({ type: [PhaseInput], required: true }),
    criteria: t.field({ type: [CriterionInput], required: true }),
    classRules: t.field({ type: [ClassRuleInput], required: true }),
    demotionRules: t.field({ type: [DemotionRuleInput], required: true }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const createSchema = z
  .object({
    chapterId: uuid,
    year,
    title: text(3, 300),
    source: text(3, 500),
    registrationDeadline: z.date(),
    submissionDeadline: z.date().nullish().transform((v) => v ?? null),
    forwardingDeadline: z.date().nullish().transform((v) => v ?? null),
    demotionsStack: z.boolean().nullish().transform((v) => v ?? false),
    contents: z.array(text(2, 300)).max(30),
    phases: z.array(z.object({ name: text(2, 200), startsOn: z.date(), endsOn: z.date() }).refine((p) => p.endsOn >= p.startsOn, { message: "cannot precede startsOn", path: ["endsOn"] })).max(12),
    criteria: z.array(z.object({ code: z.string().trim().min(1).max(20), area: text(2, 200), title: text(2, 500) })).min(1, "a plan needs at least one criterion").max(200),
    classRules: z.array(classRuleSchema).min(1, "a plan needs at least one class row").max(4),
    demotionRules: z.array(demotionSchema).max(40),
    idempotencyKey,
  })
  .refine((p) => new Set(p.criteria.map((c) => c.code)).size === p.criteria.length, { message: "criterion codes must be distinct", path: ["criteria"] })
  .refine((p) => new Set(p.classRules.map((c) => c.class)).size === p.classRules.length, { message: "each class appears once", path: ["classRules"] })
  .refine((p) => !p.classRules.some((c) => c.class === "NOT_CONSIDERED"), { message: "NOT_CONSIDERED follows from registration and deadlines, not from the table", path: ["classRules"] })
  .refine((p) => new Set(p.demotionRules.map((c) => c.code)).size === p.demotionRules.length, { message: "demotion codes must be distinct", path: ["demotionRules"] });

const CopyPlanInput = builder.inputType("CopyEmulationPlanInput", {
  fields: (t) => ({
    planId: t.id({ required: true }),
    year: t.int({ required: true }),
    chapterId: t.id({ required: false, description: "Another chapter to copy the plan to (default: the same chapter)" }),
    title: t.string({ required: false }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const copySchema = z.object({ planId: uuid, year, chapterId: uuid.nullish(), title: text(3, 300).nullish(), idempotencyKey });

const SetClassRuleInput = builder.inputType("SetEmulationClassRuleInput", {
  fields: (t) => ({ planId: t.id({ required: true }), rule: t.field({ type: ClassRuleInput, required: true }) }),
});
const SetDemotionRuleInput = builder.inputType("SetEmulationDemotionRuleInput", {
  fields: (t) => ({ planId: t.id({ required: true }), rule: t.field({ type: DemotionRuleInput, required: true }) }),
});

const onePlanPerYear = () => conflict("The chapter already has an emulation plan for that year: change that plan's rows instead, or copy it to another year.");

builder.mutationFields((t) => ({
  createEmulationPlan: t.field({
    type: EmulationPlanRef,
    description: "Launches a chapter's yearly emulation plan with its criteria and rule table (EM-PLAN)",
    args: { input: t.arg({ type: CreatePlanInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: createSchema }), args);
      const roots = await sliceRoots(ctx);
      const { idempotencyKey: _key, demotionRules, ...plan } = input;
      const { value } = await once(ctx, "createEmulationPlan", input, (tx) => createPlan(tx, roots, by, { ...plan, demotions: demotionRules }), onePlanPerYear);
      return (await planLoader(ctx).load(value))!;
    },
  }),
  copyEmulationPlan: t.field({
    type: EmulationPlanRef,
    description: "Next year's plan as a copy of this one (every row; dates moved to the new year), to be edited row by row",
    args: { input: t.arg({ type: CopyPlanInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: copySchema }), args);
      const roots = await sliceRoots(ctx);
      const { value } = await once(ctx, "copyEmulationPlan", input, (tx) => copyPlan(tx, roots, by, input), onePlanPerYear);
      return (await planLoader(ctx).load(value))!;
    },
  }),
  setEmulationClassRule: t.field({
    type: EmulationPlanRef,
    description: "Changes one row of the plan's class table (refused once a result under the plan is confirmed)",
    args: { input: t.arg({ type: SetClassRuleInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: z.object({ planId: uuid, rule: classRuleSchema }) }), args);
      const roots = await sliceRoots(ctx);
      await inTransaction(ctx, (tx) => setClassRule(tx, roots, { planId: input.planId, ...input.rule }));
      return (await planLoader(ctx).load(input.planId))!;
    },
  }),
  setEmulationDemotionRule: t.field({
    type: EmulationPlanRef,
    description: "Adds or changes a demotion rule, by its code (refused once a result under the plan is confirmed)",
    args: { input: t.arg({ type: SetDemotionRuleInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: z.object({ planId: uuid, rule: demotionSchema }) }), args);
      const roots = await sliceRoots(ctx);
      await inTransaction(ctx, (tx) => setDemotionRule(tx, roots, { planId: input.planId, ...input.rule }));
      return (await planLoader(ctx).load(input.planId))!;
    },
  }),
}));
