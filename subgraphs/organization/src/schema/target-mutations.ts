// assignTargets (ORG-TARGETS): a chapter gives yearly targets to the chapters below it, checked
// against the caller's slice, in one transaction with an optional idempotency key.
import { parseInput, requireIdentity, uuid } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { referenceDate } from "../figures/period.ts";
import { assignmentDate, writeAssignment } from "../targets/assign.ts";
import { targetLoader, type TargetKey, type TargetRow } from "../targets/read.ts";
import { idempotencyKey, runOnce } from "../write/transaction.ts";
import { writableChapters } from "../access/write.ts";
import { TargetRef } from "./targets.ts";

const ChildTargetInput = builder.inputType("ChildTargetInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    value: t.float({ required: true, description: "The target, or the lower bound of a range" }),
    maxValue: t.float({ required: false, description: "Upper bound of a range target (e.g. 800–1,400 units of blood)" }),
  }),
});

const AssignTargetsInput = builder.inputType("AssignTargetsInput", {
  description: "Giao chỉ tiêu: targets for the chapters directly below parentId, for one indicator and year",
  fields: (t) => ({
    parentId: t.id({ required: true, description: "The assigning chapter" }),
    year: t.int({ required: true }),
    indicatorCode: t.string({ required: true }),
    targets: t.field({ type: [ChildTargetInput], required: true }),
    idempotencyKey: t.string({ required: false }),
  }),
});

builder.mutationField("assignTargets", (t) =>
  t.field({
    type: [TargetRef],
    description:
      "A chapter's OFFICER or ADMIN (or one above it) assigns yearly targets to the children it had during that year; a second assignment replaces the value",
    args: { input: t.arg({ type: AssignTargetsInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(
        z.object({
          parentId: uuid,
          year: z.number().int().min(2000, "year from 2000").max(2100, "year up to 2100"),
          indicatorCode: z.string().trim().min(1, "give an indicator code, e.g. org.members"),
          targets: z
            .array(
              z
                .object({ chapterId: uuid, value: z.number(), maxValue: z.number().nullish() })
                .refine((x) => x.maxValue == null || x.maxValue >= x.value, { message: "maxValue cannot be below value", path: ["maxValue"] }),
            )
            .min(1, "give at least one chapter")
            .refine((list) => new Set(list.map((x) => x.chapterId)).size === list.length, "each chapter once"),
          idempotencyKey,
        }),
        args.input,
      );
      // a parent that ended during the year assigns on its last day (ORG-TARGETS, ORG-REFORM)
      const on = await assignmentDate(ctx.prisma, input.parentId, input.year, referenceDate(input.year));
      await writableChapters(ctx, [input.parentId], on);
      const subject = requireIdentity(ctx).subject;
      const keys = await runOnce(ctx, "assignTargets", input, async (tx) =>
        (await writeAssignment(tx, input, on, subject)).map((k) => ({ ...k })),
      );
      const loaded = await targetLoader(ctx).loadMany(keys as unknown as TargetKey[]);
      return loaded.filter((x): x is TargetRow => x !== null && !(x instanceof Error));
    },
  }),
);
