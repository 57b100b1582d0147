import { parseInput, requireIdentity, uuid } from "@chapters/core";
import { z } from "zod";
import { builder, type OrgContext } from "../builder.ts";
import type { Prisma, TreeChange } from "../generated/prisma/client.ts";
import type { TreeChangeKind } from "../generated/prisma/enums.ts";
import { idempotencyKey, runOnce } from "../write/transaction.ts";
import { writableChapters } from "../access/write.ts";
import {
  createChapters,
  dissolveChapter,
  mergeChapters,
  moveChapters,
  renameChapter,
  splitChapter,
  type ChangeMeta,
} from "../tree/changes.ts";
import { ChapterLevelEnum, HostKindEnum } from "./enums.ts";
import { TreeChangeRef } from "./history.ts";

const BasisInput = builder.inputType("ChangeBasisInput", {
  description: "When a change takes effect and on what legal basis",
  fields: (t) => ({
    effectiveDate: t.field({ type: "Date", required: true, description: "First day the change is in force" }),
    decisionNumber: t.string({ required: true, description: "Number of the decision or resolution, e.g. 202/2025/QH15" }),
    note: t.string({ required: false }),
    idempotencyKey: t.string({ required: false, description: "Send the same key when retrying: the change is recorded once" }),
  }),
});

const NewChapterInput = builder.inputType("NewChapterInput", {
  fields: (t) => ({
    code: t.string({ required: true, description: "Permanent code, letters and digits in dot-separated parts, e.g. BN.TS2" }),
    name: t.string({ required: true }),
    level: t.field({ type: ChapterLevelEnum, required: true }),
    hostKind: t.field({ type: HostKindEnum, required: false, description: "Required for AFFILIATED chapters" }),
    parentId: t.id({ required: false, description: "Parent chapter (required except for a split part, which defaults to the old chapter's parent)" }),
  }),
});

const SplitPartInput = builder.inputType("SplitPartInput", {
  fields: (t) => ({
    chapter: t.field({ type: NewChapterInput, required: true }),
    childIds: t.idList({ required: true, description: "Children of the old chapter that go to this part" }),
    takesOver: t.boolean({
      required: false,
      description: "This part takes over the old chapter's own members, fund, organisations and clubs (one part; the first when none is named)",
    }),
  }),
});

const basisSchema = z.object({
  effectiveDate: z.date(),
  decisionNumber: z.string().trim().min(1, "give the decision number (legal basis)").max(120),
  note: z.string().max(2000).nullish(),
  idempotencyKey,
});
const newChapterSchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]+(\.[A-Z0-9]+)*$/, "use letters and digits in dot-separated parts, e.g. KG.RG")
    .max(64),
  name: z.string().trim().min(1, "cannot be empty").max(200),
  level: z.enum(["CENTRAL", "PROVINCE", "DISTRICT", "COMMUNE", "BRANCH", "AFFILIATED"]),
  hostKind: z.enum(["SCHOOL", "HOSPITAL", "AGENCY", "ENTERPRISE"]).nullish(),
  parentId: uuid.nullish(),
});

/** Runs a tree change in one transaction; a retry with the same idempotency key (same caller,
 * same change asked for) returns the change already recorded instead of recording it twice. */
async function recordChange<I extends { basis: z.infer<typeof basisSchema> }>(
  ctx: OrgContext,
  kind: TreeChangeKind,
  input: I,
  work: (tx: Prisma.TransactionClient, meta: ChangeMeta) => Promise<TreeChange>,
): Promise<TreeChange> {
  const identity = requireIdentity(ctx);
  const { idempotencyKey, ...basis } = input.basis;
  const meta: ChangeMeta = { ...basis, recordedBy: identity.subject };
  const changeId = await runOnce(ctx, `tree.${kind}`, { ...input, basis, idempotencyKey }, async (tx) => (await work(tx, meta)).id);
  void ctx.outbox.kick();
  return ctx.prisma.treeChange.findUniqueOrThrow({ where: { id: changeId } });
}

builder.mutationFields((t) => ({
  createChapter: t.field({
    type: TreeChangeRef,
    description: "Founds a chapter under a parent (thành lập)",
    args: { chapter: t.arg({ type: NewChapterInput, required: true }), basis: t.arg({ type: BasisInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(z.object({ chapter: newChapterSchema.extend({ parentId: uuid }), basis: basisSchema }), args);
      await writableChapters(ctx, [input.chapter.parentId], input.basis.effectiveDate);
      return recordChange(ctx, "CREATE", input, async (tx, meta) => (await createChapters(tx, [input.chapter], meta)).change);
    },
  }),
  renameChapter: t.field({
    type: TreeChangeRef,
    args: { chapterId: t.arg.id({ required: true }), name: t.arg.string({ required: true }), basis: t.arg({ type: BasisInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(z.object({ chapterId: uuid, name: z.string().trim().min(1, "cannot be empty").max(200), basis: basisSchema }), args);
      await writableChapters(ctx, [input.chapterId], input.basis.effectiveDate);
      return recordChange(ctx, "RENAME", input, (tx, meta) => renameChapter(tx, input.chapterId, input.name, meta));
    },
  }),
  moveChapters: t.field({
    type: TreeChangeRef,
    description: "Puts chapters under another parent (chuyển trực thuộc), with everything below them",
    args: {
      chapterIds: t.arg.idList({ required: true }),
      newParentId: t.arg.id({ required: true }),
      basis: t.arg({ type: BasisInput, required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(z.object({ chapterIds: z.array(uuid).min(1, "name at least one chapter"), newParentId: uuid, basis: basisSchema }), args);
      await writableChapters(ctx, [...input.chapterIds, input.newParentId], input.basis.effectiveDate);
      return recordChange(ctx, "MOVE", input, (tx, meta) => moveChapters(tx, input.chapterIds, input.newParentId, meta));
    },
  }),
  mergeChapters: t.field({
    type: TreeChangeRef,
    description: "Merges chapters into an existing chapter (intoId) or into a new one (intoNew); their children move to it",
    args: {
      chapterIds: t.arg.idList({ required: true }),
      intoId: t.arg.id({ required: false }),
      intoNew: t.arg({ type: NewChapterInput, required: false }),
      basis: t.arg({ type: BasisInput, required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(
        z
          .object({ chapterIds: z.array(uuid).min(1), intoId: uuid.nullish(), intoNew: newChapterSchema.extend({ parentId: uuid }).nullish(), basis: basisSchema })
          .refine((v) => !v.intoId !== !v.intoNew, { message: "give either intoId or intoNew", path: ["intoId"] }),
        args,
      );
      const parentOrTarget = input.intoId ?? input.intoNew!.parentId;
      await writableChapters(ctx, [...input.chapterIds, parentOrTarget], input.basis.effectiveDate);
      return recordChange(ctx, "MERGE", input, async (tx, meta) =>
        (await mergeChapters(tx, input.chapterIds, input.intoId ? { intoId: input.intoId } : { newChapter: input.intoNew! }, meta)).change,
      );
    },
  }),
  splitChapter: t.field({
    type: TreeChangeRef,
    description: "Splits a chapter into new ones (chia tách); each child of the old chapter goes to one part",
    args: {
      chapterId: t.arg.id({ required: true }),
      parts: t.arg({ type: [SplitPartInput], required: true }),
      basis: t.arg({ type: BasisInput, required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(
        z.object({
          chapterId: uuid,
          parts: z
            .array(z.object({ chapter: newChapterSchema, childIds: z.array(uuid), takesOver: z.boolean().nullish() }))
            .min(2, "a split needs at least two parts")
            .refine((parts) => parts.filter((p) => p.takesOver).length <= 1, "name at most one part that takes over"),
          basis: basisSchema,
        }),
        args,
      );
      const parents = input.parts.map((p) => p.chapter.parentId).filter((p): p is string => !!p);
      await writableChapters(ctx, [input.chapterId, ...parents], input.basis.effectiveDate);
      return recordChange(ctx, "SPLIT", input, async (tx, meta) =>
        (await splitChapter(tx, input.chapterId, input.parts.map((p) => ({ ...p.chapter, childIds: p.childIds, takesOver: p.takesOver ?? null })), meta)).change,
      );
    },
  }),
  dissolveChapter: t.field({
    type: TreeChangeRef,
    description: "Dissolves a chapter that has no chapters left under it (giải thể); its members, fund, organisations and clubs pass to its parent",
    args: { chapterId: t.arg.id({ required: true }), basis: t.arg({ type: BasisInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(z.object({ chapterId: uuid, basis: basisSchema }), args);
      await writableChapters(ctx, [input.chapterId], input.basis.effectiveDate);
      return recordChange(ctx, "DISSOLVE", input, (tx, meta) => dissolveChapter(tx, input.chapterId, meta));
    },
  }),
}));
