// EM-REGISTER, EM-SCORE: registrations, self-scoring and verified sheets with their grades and
// audit trail, clusters; the plan's `sheets` and `sheet` fields and their mutations.
import { arrivedBefore, offsetConnection, parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireSheetReader, requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { sheetKindLabels } from "../labels.ts";
import { changesPageLoader, gradesLoader, sheetLoader, sheetsPageLoader, type ChangeRow, type GradeRow, type SheetRow } from "../sheets/read.ts";
import { changeVerifiedSheet, createCluster, forwardSheet, registerUnit, submitSelfSheet, verifySheet } from "../sheets/write.ts";
import { code, idempotencyKey, reason, text, uuid } from "../write/inputs.ts";
import { inTransaction, once } from "../write/transaction.ts";
import { conflict } from "@chapters/core";
import { ChapterRef } from "./chapter.ts";
import { GradeEnum, SheetKindEnum } from "./enums.ts";
import { EmulationPlanRef } from "./plan.ts";

const GradeRef = builder.objectRef<GradeRow>("EmulationSheetGrade").implement({
  fields: (t) => ({
    criterionCode: t.exposeString("code"),
    criterionTitle: t.exposeString("title"),
    grade: t.field({ type: GradeEnum, resolve: (g) => g.grade }),
    converted: t.exposeBoolean("converted", { description: "A converted A (điểm quy đổi): not counted toward the A thresholds" }),
  }),
});

const ChangeRef = builder.objectRef<ChangeRow>("EmulationSheetChange").implement({
  description: "One change to a verified sheet: who, when, what, from, to, why (EM-SCORE)",
  fields: (t) => ({
    id: t.exposeID("id"),
    field: t.exposeString("field", { description: "What changed: a criterion's grade, the base chapters, a finding, or the sheet itself" }),
    criterionCode: t.exposeString("criterionCode", { nullable: true }),
    from: t.exposeString("fromValue", { nullable: true }),
    to: t.exposeString("toValue", { nullable: true }),
    reason: t.exposeString("reason"),
    changedBy: t.exposeString("changedBy"),
    changedAt: t.field({ type: "String", resolve: (c) => c.changedAt.toISOString() }),
  }),
});

export const SheetRef = builder.objectRef<SheetRow>("EmulationSheet").implement({
  description: "A unit's score sheet under a plan: its own (self-scoring) or the inspection team's (verified, the one that counts)",
  fields: (t) => ({
    id: t.exposeID("id"),
    unit: t.field({ type: ChapterRef, resolve: (s) => ({ id: s.unitId }) }),
    unitCode: t.exposeString("unitCode", { nullable: true }),
    kind: t.field({ type: SheetKindEnum, resolve: (s) => s.kind }),
    kindLabel: t.string({ resolve: (s) => sheetKindLabels[s.kind] }),
    registeredOn: t.field({ type: "Date", nullable: true, description: "When the unit registered (EM-REGISTER); null: it did not", resolve: (s) => s.registeredOn }),
    registrationImportedFrom: t.exposeString("registrationImportedFrom", { nullable: true, description: "null: the registration's day was recorded on arrival; else the document it was imported from" }),
    submittedOn: t.field({ type: "Date", description: "The day the sheet arrived (Vietnam time), recorded by the system, or as imported (importedFrom)", resolve: (s) => s.submittedOn }),
    importedFrom: t.exposeString("importedFrom", { nullable: true, description: "null: recorded on arrival; else the document a past year's sheet was imported from (submittedBy: who imported it)" }),
    submittedBy: t.exposeString("submittedBy"),
    baseChaptersTotal: t.exposeInt("baseChaptersTotal", { nullable: true }),
    baseChaptersGood: t.exposeInt("baseChaptersGood", { nullable: true, description: "Base chapters rated Good or better" }),
    forwardedBy: t.exposeString("forwardedBy", { nullable: true, description: "The cluster head (or officer) who sent it up" }),
    forwardedAt: t.string({ nullable: true, description: "When the forwarding arrived, recorded by the system (or as imported for a past year: forwardImportedFrom)", resolve: (s) => (s.forwardedAt ? new Date(s.forwardedAt).toISOString() : null) }),
    forwardImportedFrom: t.exposeString("forwardImportedFrom", { nullable: true, description: "null: recorded on arrival; else the document a past year's forwarding was imported from" }),
    grades: t.field({ type: [GradeRef], resolve: (s, _a, ctx) => gradesLoader(ctx).load(s.id) }),
    changes: t.connection({ type: ChangeRef, description: "The audit trail, oldest first (verified sheets)", resolve: (s, args, ctx) => offsetConnection(args, { pageWithTotal: (page) => changesPageLoader(ctx, page).load(s.id) }) }),
  }),
});

builder.objectFields(EmulationPlanRef, (t) => ({
  sheets: t.connection({
    type: SheetRef,
    description: "Sheets of the units in your part of the tree, or of the cluster you head",
    args: { kind: t.arg({ type: SheetKindEnum, required: true }) },
    resolve: (p, args, ctx) => {
      requireSheetReader(ctx);
      return offsetConnection(args, { pageWithTotal: (page) => sheetsPageLoader(ctx, args.kind, page).load(p.id) });
    },
  }),
  sheet: t.field({
    type: SheetRef,
    nullable: true,
    args: { unitId: t.arg.id({ required: true }), kind: t.arg({ type: SheetKindEnum, required: true }) },
    resolve: (p, args, ctx) => {
      requireSheetReader(ctx);
      return uuid.safeParse(String(args.unitId)).success ? sheetLoader(ctx).load(`${p.id}|${args.unitId}|${args.kind}`) : null;
    },
  }),
}));

const UnitInput = builder.inputType("EmulationUnitInput", {
  fields: (t) => ({ planId: t.id({ required: true }), unitId: t.id({ required: true }) }),
});
const unitSchema = z.object({ planId: uuid, unitId: uuid });

const RegisterInput = builder.inputType("RegisterForEmulationInput", {
  description: "Registers the unit; the day the request arrives (Vietnam time) is recorded by the system — a past year's registration is imported (importEmulationRecords)",
  fields: (t) => ({ planId: t.id({ required: true }), unitId: t.id({ required: true }), idempotencyKey: t.string({ required: false }) }),
});

export const GradeInput = builder.inputType("EmulationGradeInput", {
  fields: (t) => ({ criterionCode: t.string({ required: true }), grade: t.field({ type: GradeEnum, required: true }), converted: t.boolean({ required: false }) }),
});
export const gradeSchema = z.object({ criterionCode: z.string().trim().min(1).max(20), grade: z.enum(["A", "B", "C"]), converted: z.boolean().nullish().transform((v) => v ?? false) });

const SubmitSheetInput = builder.inputType("SubmitEmulationSheetInput", {
  description: "The unit's self-scoring sheet; the day it arrives (Vietnam time) is recorded by the system — a past year's sheet is imported (importEmulationRecords)",
  fields: (t) => ({
    planId: t.id({ required: true }),
    unitId: t.id({ required: true }),
    baseChaptersTotal: t.int({ required: true }),
    baseChaptersGood: t.int({ required: true, description: "Base chapters rated Good or better" }),
    grades: t.field({ type: [GradeInput], required: true }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const submitSchema = z
  .object({ planId: uuid, unitId: uuid, baseChaptersTotal: z.number().int().min(0), baseChaptersGood: z.number().int().min(0), grades: z.array(gradeSchema).max(200), idempotencyKey })
  .refine((s) => s.baseChaptersGood <= s.baseChaptersTotal, { message: "cannot exceed baseChaptersTotal", path: ["baseChaptersGood"] });

const VerifyInput = builder.inputType("VerifyEmulationSheetInput", {
  fields: (t) => ({ planId: t.id({ required: true }), unitId: t.id({ required: true }), reason: t.string({ required: true }), idempotencyKey: t.string({ required: false }) }),
});

const ChangeInput = builder.inputType("ChangeVerifiedEmulationSheetInput", {
  description: "One change to a verified sheet, with its reason (recorded in the audit trail)",
  fields: (t) => ({
    planId: t.id({ required: true }),
    unitId: t.id({ required: true }),
    reason: t.string({ required: true }),
    grade: t.field({ type: GradeInput, required: false }),
    baseChaptersTotal: t.int({ required: false }),
    baseChaptersGood: t.int({ required: false }),
    addFindingCode: t.string({ required: false, description: "An INSPECTION demotion rule's code (e.g. LATE_REPORT)" }),
    findingNote: t.string({ required: false }),
    removeFindingCode: t.string({ required: false }),
  }),
});
const changeSchema = z
  .object({
    planId: uuid, unitId: uuid, reason,
    grade: gradeSchema.nullish(),
    baseChaptersTotal: z.number().int().min(0).nullish(),
    baseChaptersGood: z.number().int().min(0).nullish(),
    addFindingCode: code.nullish(),
    findingNote: text(3, 500).nullish(),
    removeFindingCode: code.nullish(),
  })
  .refine((c) => c.grade || c.baseChaptersTotal != null || c.addFindingCode || c.removeFindingCode, { message: "say what changes: grade, baseChaptersTotal/Good, addFindingCode or removeFindingCode", path: ["grade"] })
  .refine((c) => (c.baseChaptersTotal == null) === (c.baseChaptersGood == null), { message: "give baseChaptersTotal and baseChaptersGood together", path: ["baseChaptersGood"] })
  .refine((c) => !c.addFindingCode || c.findingNote, { message: "a finding needs a note saying what was found", path: ["findingNote"] });

const ClusterInput = builder.inputType("CreateEmulationClusterInput", {
  fields: (t) => ({ planId: t.id({ required: true }), name: t.string({ required: true }), unitIds: t.idList({ required: true }), headId: t.id({ required: true }), idempotencyKey: t.string({ required: false }) }),
});
const clusterSchema = z.object({ planId: uuid, name: text(2, 200), unitIds: z.array(uuid).min(1).max(100), headId: uuid, idempotencyKey });

const RegistrationRef = builder.objectRef<{ planId: string; unitId: string; registeredOn: Date; registeredBy: string; importedFrom: string | null; late: boolean }>("EmulationRegistration").implement({
  fields: (t) => ({
    unit: t.field({ type: ChapterRef, resolve: (r) => ({ id: r.unitId }) }),
    registeredOn: t.field({ type: "Date", description: "The day the registration arrived (Vietnam time), recorded by the system, or as imported", resolve: (r) => r.registeredOn }),
    registeredBy: t.exposeString("registeredBy", { description: "Who registered the unit, or who imported the registration" }),
    importedFrom: t.exposeString("importedFrom", { nullable: true, description: "null: recorded on arrival; else the document a past year's registration was imported from" }),
    late: t.exposeBoolean("late", { description: "After the plan's deadline: the unit will not be considered (EM-REGISTER)" }),
  }),
});

const ClusterRef = builder.objectRef<{ id: string; name: string }>("EmulationCluster").implement({
  description: "A cluster of units (cụm thi đua)",
  fields: (t) => ({ id: t.exposeID("id"), name: t.exposeString("name") }),
});

const sheetOf = async (ctx: Parameters<typeof sheetLoader>[0], planId: string, unitId: string, kind: "SELF" | "VERIFIED") => (await sheetLoader(ctx).load(`${planId}|${unitId}|${kind}`))!;

builder.mutationFields((t) => ({
  registerForEmulation: t.field({
    type: RegistrationRef,
    description: "Registers a unit for the plan's emulation (EM-REGISTER); after the deadline it is recorded but the unit is not considered",
    args: { input: t.arg({ type: RegisterInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: z.object({ planId: uuid, unitId: uuid, idempotencyKey }) }), args);
      const roots = await sliceRoots(ctx);
      await once(ctx, "registerForEmulation", input, async (tx) => (await registerUnit(tx, roots, by, input), true), () => conflict("The unit is already registered under this plan."));
      const row = (await ctx.prisma.registration.findUnique({ where: { planId_unitId: { planId: input.planId, unitId: input.unitId } } }))!;
      const plan = (await ctx.prisma.emulationPlan.findUnique({ where: { id: input.planId }, select: { registrationDeadline: true } }))!;
      return { ...row, late: !arrivedBefore(row.registeredOn, plan.registrationDeadline) };
    },
  }),
  submitEmulationSheet: t.field({
    type: SheetRef,
    description: "The unit's self-scoring sheet: every criterion graded A, B or C (EM-SCORE); one per unit and plan",
    args: { input: t.arg({ type: SubmitSheetInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: submitSchema }), args);
      const roots = await sliceRoots(ctx);
      await once(ctx, "submitEmulationSheet", input, (tx) => submitSelfSheet(tx, roots, by, input), () => conflict("The unit has already sent its self-scoring sheet under this plan: the inspection team corrects it on the verified sheet."));
      return sheetOf(ctx, input.planId, input.unitId, "SELF");
    },
  }),
  verifyEmulationSheet: t.field({
    type: SheetRef,
    description: "The inspection team starts the verified sheet from the unit's self-scoring sheet (the plan's chapter only)",
    args: { input: t.arg({ type: VerifyInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: z.object({ planId: uuid, unitId: uuid, reason, idempotencyKey }) }), args);
      const roots = await sliceRoots(ctx);
      await once(ctx, "verifyEmulationSheet", input, (tx) => verifySheet(tx, roots, by, input), () => conflict("The unit's sheet is already verified: change it with changeVerifiedEmulationSheet."));
      return sheetOf(ctx, input.planId, input.unitId, "VERIFIED");
    },
  }),
  changeVerifiedEmulationSheet: t.field({
    type: SheetRef,
    description: "Changes a verified sheet (a grade, the base chapters, a finding), recorded with who, when, from, to and why",
    args: { input: t.arg({ type: ChangeInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: changeSchema }), args);
      const roots = await sliceRoots(ctx);
      await inTransaction(ctx, (tx) =>
        changeVerifiedSheet(tx, roots, by, {
          planId: input.planId, unitId: input.unitId, reason: input.reason, grade: input.grade,
          baseChapters: input.baseChaptersTotal != null ? { total: input.baseChaptersTotal, good: input.baseChaptersGood! } : null,
          addFinding: input.addFindingCode ? { code: input.addFindingCode, note: input.findingNote! } : null,
          removeFinding: input.removeFindingCode,
        }),
      );
      return sheetOf(ctx, input.planId, input.unitId, "VERIFIED");
    },
  }),
  forwardEmulationSheet: t.field({
    type: SheetRef,
    description: "A cluster head sends a member's self-scoring sheet up to the plan's chapter (EM-SCORE)",
    args: { input: t.arg({ type: UnitInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: unitSchema }), args);
      const roots = await sliceRoots(ctx);
      await inTransaction(ctx, (tx) => forwardSheet(tx, roots, by, input));
      return sheetOf(ctx, input.planId, input.unitId, "SELF");
    },
  }),
  createEmulationCluster: t.field({
    type: ClusterRef,
    description: "A cluster of the plan's units with its head (cụm trưởng)",
    args: { input: t.arg({ type: ClusterInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: clusterSchema }), args);
      const roots = await sliceRoots(ctx);
      const { value } = await once(ctx, "createEmulationCluster", input, (tx) => createCluster(tx, roots, input), () => conflict("A unit can be in one cluster per plan, and cluster names are unique within a plan."));
      return { id: value, name: input.name };
    },
  }),
}));
