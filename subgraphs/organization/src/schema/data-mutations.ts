// Mutations on people and targets (ORG-PEOPLE, ORG-TARGETS, ORG-FUND): zod-checked input, write
// access checked against the caller's slice, one transaction each, optional idempotency key.
import { formatIsoDate, MAX_CSV_BYTES, maxLength, parseInput, requireIdentity, todayInVietnam, uuid } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { referenceDate } from "../figures/period.ts";
import { readPeopleCsv } from "../people/import-rows.ts";
import { rowsRejected, writePeople, type ImportOutcome } from "../people/import.ts";
import { writeFundEntry, type FundEntryResult } from "../funds/write.ts";
import { runOnce } from "../receipts.ts";
import { assignmentDate, writeAssignment } from "../targets/assign.ts";
import { targetLoader, type TargetKey, type TargetRow } from "../targets/read.ts";
import { writableChapters } from "../access/write.ts";
import { FundEntryKindEnum, fundEntryKindLabels, type FundEntryKind } from "./enums.ts";
import { TargetRef } from "./targets.ts";

const key = z.string().min(1).max(200).nullish();

const ImportResultRef = builder.objectRef<ImportOutcome>("PeopleImportResult").implement({
  fields: (t) => ({
    rows: t.exposeInt("rows", { description: "People rows read" }),
    peopleCreated: t.exposeInt("peopleCreated"),
    peopleMatched: t.exposeInt("peopleMatched", { description: "Already known by their CCCD: personal data kept once" }),
    membershipsCreated: t.exposeInt("membershipsCreated"),
  }),
});

builder.mutationField("importPeople", (t) =>
  t.field({
    type: ImportResultRef,
    description:
      "Imports a chapter's people from CSV text (header row; columns Họ và tên, Ngày sinh, Số điện thoại, CCCD, Loại, Ngày vào Hội; dates dd/mm/yyyy). " +
      "All or nothing: if any row is wrong nothing is written and the error lists every problem in extensions.rows (row, column, message).",
    args: {
      chapterId: t.arg.id({ required: true }),
      csv: t.arg.string({ required: true, extensions: maxLength(MAX_CSV_BYTES), description: `The file's text, at most ${MAX_CSV_BYTES / 1024 / 1024} MB` }),
      idempotencyKey: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(z.object({ chapterId: uuid, csv: z.string().refine((text) => Buffer.byteLength(text, "utf8") <= MAX_CSV_BYTES, `at most ${MAX_CSV_BYTES / 1024 / 1024} MB per file: split it`), idempotencyKey: key }), args);
      const today = todayInVietnam();
      await writableChapters(ctx, [input.chapterId], today);
      const { people, problems } = readPeopleCsv(input.csv, today);
      if (problems.length) throw rowsRejected(problems);
      const outcome = await runOnce(ctx, "importPeople", input, async (tx) => ({ ...(await writePeople(tx, input.chapterId, people)) }));
      return outcome as unknown as ImportOutcome;
    },
  }),
);

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
          idempotencyKey: key,
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

const FundEntryInput = builder.inputType("FundEntryInput", {
  description: "One line of a chapter's fund ledger (sổ quỹ)",
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    entryDate: t.field({ type: "Date", required: true }),
    kind: t.field({ type: FundEntryKindEnum, required: true, description: "INCOME (thu) or SPENDING (chi); transfers are written by tree changes" }),
    amount: t.field({ type: "Money", required: true, description: "Whole đồng, positive" }),
    source: t.string({ required: true, description: "Nguồn / nội dung" }),
    note: t.string({ required: false }),
    reference: t.string({ required: false, description: "The document behind the line (receipt or decision number): one line per document and chapter; the same reference again returns that line" }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const FundEntryResultRef = builder.objectRef<FundEntryResult>("FundEntry").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    entryDate: t.exposeString("entryDate"),
    kind: t.field({ type: FundEntryKindEnum, resolve: (e) => e.kind }),
    kindLabel: t.string({ resolve: (e) => fundEntryKindLabels[e.kind] }),
    amount: t.field({ type: "Money", description: "Whole đồng", resolve: (e) => BigInt(e.amount) }),
    reference: t.exposeString("reference", { nullable: true }),
  }),
});

builder.mutationField("recordFundEntry", (t) =>
  t.field({
    type: FundEntryResultRef,
    description: "Records income or spending in a chapter's fund (ORG-FUND)",
    args: { input: t.arg({ type: FundEntryInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(
        z.object({
          chapterId: uuid,
          entryDate: z.date().max(todayInVietnam(), "cannot record a future date"),
          kind: z.enum(["INCOME", "SPENDING"], "INCOME or SPENDING: transfers between chapters are written by tree changes"),
          amount: z.bigint().positive("a positive amount").max(10n ** 15n, "at most 10^15 đồng"),
          source: z.string().trim().min(1, "say where the money came from or went").max(300),
          note: z.string().max(2000).nullish(),
          reference: z.string().trim().min(1).max(200).nullish(),
          idempotencyKey: key,
        }),
        args.input,
      );
      await writableChapters(ctx, [input.chapterId], input.entryDate);
      const subject = requireIdentity(ctx).subject;
      return runOnce(ctx, "recordFundEntry", input, (tx) => writeFundEntry(tx, input, subject));
    },
  }),
);
