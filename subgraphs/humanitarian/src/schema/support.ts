// HA-SUPPORT, HA-NODOUBLE, HA-CAMPAIGNS: support records — one per act of help, from a sponsor or
// from the chapter's fund, to a listed address or to people outside the list, cash or in kind,
// under at most one campaign, each with its receipt or decision number (unique per chapter).
import { offsetConnection, parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireRecordReader, requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { addressLoader } from "../addresses/loaders.ts";
import { campaignLoader } from "../campaigns/read.ts";
import { fundSpendingStateLabels, supportFormLabels, supportGiverLabels, supportKindLabels } from "../labels.ts";
import { sponsorLoader } from "../sponsors/read.ts";
import { supportLoader } from "../supports/loaders.ts";
import { countSupports, listSupports, type SupportRow } from "../supports/read.ts";
import { recordSupport } from "../supports/write.ts";
import { idempotencyKey, money, pastOrToday, reference, text, uuid } from "../write/inputs.ts";
import { CampaignRef } from "./campaign.ts";
import { ChapterRef } from "./chapter.ts";
import { FundSpendingStateEnum, SupportFormEnum, SupportGiverEnum, SupportKindEnum } from "./enums.ts";
import { AddressRef, SponsorRef, SupportRecordRef } from "./refs.ts";

SupportRecordRef.implement({
  description: "One act of help (HA-SUPPORT), counted once and toward at most one campaign or programme (HA-NODOUBLE)",
  fields: (t) => ({
    id: t.exposeID("id"),
    chapter: t.field({ type: ChapterRef, description: "The chapter that recorded the help (for a chapter-fund gift, the one that paid)", resolve: (s) => ({ id: s.chapterId }) }),
    giver: t.field({ type: SupportGiverEnum, resolve: (s) => s.giver }),
    giverLabel: t.string({ resolve: (s) => supportGiverLabels[s.giver] }),
    kind: t.field({ type: SupportKindEnum, resolve: (s) => s.kind }),
    kindLabel: t.string({ resolve: (s) => supportKindLabels[s.kind] }),
    form: t.field({ type: SupportFormEnum, resolve: (s) => s.form }),
    formLabel: t.string({ resolve: (s) => supportFormLabels[s.form] }),
    items: t.exposeString("items", { nullable: true, description: "What was given in kind (hiện vật)" }),
    value: t.field({ type: "Money", description: "Value in VND (giá trị), in kind at its value", resolve: (s) => s.value }),
    givenOn: t.field({ type: "Date", resolve: (s) => s.givenOn }),
    reference: t.exposeString("reference", { description: "Receipt or decision number (số biên nhận / quyết định), unique per chapter" }),
    recipientGroup: t.exposeString("recipientGroup", { nullable: true, description: "People helped outside the address list, in words" }),
    headCount: t.exposeInt("headCount", { nullable: true, description: "How many people outside the list were helped" }),
    fundState: t.field({ type: FundSpendingStateEnum, nullable: true, description: "A chapter-fund gift's line in the fund ledger (null for a sponsor's gift)", resolve: (s) => s.fundState }),
    fundStateLabel: t.string({ nullable: true, resolve: (s) => (s.fundState ? fundSpendingStateLabels[s.fundState] : null) }),
    fundEntryId: t.exposeID("fundEntryId", { nullable: true, description: "The organization's fund-ledger line it wrote" }),
    note: t.exposeString("note", { nullable: true }),
    address: t.field({ type: AddressRef, nullable: true, resolve: (s, _a, ctx) => (s.addressId ? addressLoader(ctx).load(s.addressId) : null) }),
    sponsor: t.field({ type: SponsorRef, nullable: true, resolve: (s, _a, ctx) => (s.sponsorId ? sponsorLoader(ctx).load(s.sponsorId) : null) }),
    campaign: t.field({ type: CampaignRef, nullable: true, resolve: (s, _a, ctx) => (s.campaignId ? campaignLoader(ctx).load(s.campaignId) : null) }),
  }),
});

builder.queryFields((t) => ({
  supportRecords: t.connection({
    type: SupportRecordRef,
    description: "Support records in your part of the tree, newest first",
    args: {
      campaignId: t.arg.id({ required: false }),
      addressId: t.arg.id({ required: false }),
      reference: t.arg.string({ required: false, description: "A receipt or decision number" }),
      from: t.arg({ type: "Date", required: false }),
      to: t.arg({ type: "Date", required: false }),
    },
    resolve: (_root, args, ctx) => {
      requireRecordReader(ctx);
      const f = parseInput(z.object({ campaignId: uuid.nullish(), addressId: uuid.nullish(), reference: reference.nullish(), from: z.date().nullish(), to: z.date().nullish() }), {
        campaignId: args.campaignId ?? null,
        addressId: args.addressId ?? null,
        reference: args.reference ?? null,
        from: args.from ?? null,
        to: args.to ?? null,
      });
      return offsetConnection(args, { page: (page) => listSupports(ctx, f, page), count: () => countSupports(ctx, f) });
    },
  }),
}));

const RecordSupportInput = builder.inputType("RecordSupportInput", {
  description: "One act of help: who gave, to whom, what, when, under which campaign, and its receipt or decision number",
  fields: (t) => ({
    reference: t.string({ required: false, description: "Receipt or decision number (số biên nhận / số quyết định), unique per chapter: required; the same reference again is CONFLICT" }),
    giver: t.field({ type: SupportGiverEnum, required: false, description: "SPONSOR (default) or CHAPTER_FUND: the chapter gives from its fund and a spending line is written in its fund ledger" }),
    sponsorId: t.id({ required: false, description: "The sponsor, when giver is SPONSOR" }),
    chapterId: t.id({ required: false, description: "The chapter recording the help (for CHAPTER_FUND, the one paying); default the address's chapter; required without an address" }),
    addressId: t.id({ required: false, description: "A listed humanitarian address (approved); or leave it out and describe the people helped" }),
    recipientGroup: t.string({ required: false, description: "People helped outside the address list, in words (e.g. \"12 hộ bị ảnh hưởng bão số 3\")" }),
    headCount: t.int({ required: false, description: "How many people outside the list were helped" }),
    campaignId: t.id({ required: false, description: "The one campaign or programme this help counts toward, if any" }),
    kind: t.field({ type: SupportKindEnum, required: true }),
    form: t.field({ type: SupportFormEnum, required: false, description: "CASH (default) or IN_KIND" }),
    items: t.string({ required: false, description: "What was given in kind (required for IN_KIND)" }),
    value: t.field({ type: "Money", required: true, description: "VND; in kind at its value" }),
    givenOn: t.field({ type: "Date", required: true }),
    note: t.string({ required: false }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const supportKind = z.enum(Object.keys(supportKindLabels) as [keyof typeof supportKindLabels, ...(keyof typeof supportKindLabels)[]]);

/** HA-SUPPORT: who gave, to whom and what, each stated once and consistently. */
const supportSchema = z
  .object({
    reference: reference.nullish(),
    giver: z.enum(["SPONSOR", "CHAPTER_FUND"]).nullish().transform((v) => v ?? "SPONSOR"),
    sponsorId: uuid.nullish(),
    chapterId: uuid.nullish(),
    addressId: uuid.nullish(),
    recipientGroup: text(300).nullish(),
    headCount: z.number().int().min(1, "must be at least 1 person").max(1_000_000).nullish(),
    campaignId: uuid.nullish(),
    kind: supportKind,
    form: z.enum(["CASH", "IN_KIND"]).nullish().transform((v) => v ?? "CASH"),
    items: text(1000).nullish(),
    value: money,
    givenOn: pastOrToday,
    note: text(1000).nullish(),
    idempotencyKey,
  })
  .superRefine((s, issues) => {
    const problem = (field: string, message: string) => issues.addIssue({ code: "custom", path: [field], message });
    if (!s.reference) problem("reference", "is required: the receipt or decision number that lets the same gift be counted once (HA-NODOUBLE)");
    if (s.giver === "SPONSOR" && !s.sponsorId) problem("sponsorId", "is required when a sponsor gave (or set giver to CHAPTER_FUND)");
    if (s.giver === "CHAPTER_FUND" && s.sponsorId) problem("sponsorId", "must be left out when the chapter gives from its fund");
    if (s.addressId && (s.recipientGroup || s.headCount)) problem("recipientGroup", "is for people outside the address list: leave it and headCount out when addressId names a listed address");
    if (!s.addressId && !s.recipientGroup) problem("recipientGroup", "is required without addressId: describe who was helped (e.g. \"12 hộ bị ảnh hưởng bão số 3\")");
    if (!s.addressId && !s.headCount) problem("headCount", "is required without addressId: how many people were helped");
    if (!s.addressId && !s.chapterId) problem("chapterId", "is required without addressId: the chapter that gave the help");
    if (s.form === "IN_KIND" && !s.items) problem("items", "is required for help in kind: say what was given");
  })
  .transform((s) => ({ ...s, reference: s.reference! }));

builder.mutationFields((t) => ({
  recordSupport: t.field({
    type: SupportRecordRef,
    description: "Records one act of help (a sponsor's or the chapter's own, to an approved address or to people outside the list); the same reference a second time in a chapter is CONFLICT",
    args: { input: t.arg({ type: RecordSupportInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: supportSchema }), args);
      const id = await recordSupport(ctx, await sliceRoots(ctx), by, input);
      return (await supportLoader(ctx).load(id))!;
    },
  }),
}));
