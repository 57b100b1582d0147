// recordFundEntry (ORG-FUND): one line of a chapter's fund ledger, checked against the caller's
// slice, in one transaction with an optional idempotency key (and one line per document).
import { parseInput, requireIdentity, todayInVietnam, uuid } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { writeFundEntry, type FundEntryResult } from "../funds/write.ts";
import { idempotencyKey, runOnce } from "../write/transaction.ts";
import { writableChapters } from "../access/write.ts";
import { FundEntryKindEnum, fundEntryKindLabels } from "./enums.ts";

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
          idempotencyKey,
        }),
        args.input,
      );
      await writableChapters(ctx, [input.chapterId], input.entryDate);
      const subject = requireIdentity(ctx).subject;
      return runOnce(ctx, "recordFundEntry", input, (tx) => writeFundEntry(tx, input, subject));
    },
  }),
);
