// HA-SUPPORT, HA-NODOUBLE: support records, each counted toward exactly one campaign or programme.
import { parseInput } from "@chapters/core";
import { resolveOffsetConnection } from "@pothos/plugin-relay";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireRecordReader, requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { addressLoader } from "../addresses/loaders.ts";
import { campaignLoader } from "../campaigns/read.ts";
import { supportKindLabels } from "../labels.ts";
import { sponsorLoader } from "../sponsors/read.ts";
import { supportLoader } from "../supports/loaders.ts";
import { countSupports, listSupports, type SupportRow } from "../supports/read.ts";
import { recordSupport } from "../supports/write.ts";
import { idempotencyKey, money, pastOrToday, text, uuid } from "../write/inputs.ts";
import { AddressRef } from "./address.ts";
import { CampaignRef } from "./campaign.ts";
import { ChapterRef } from "./chapter.ts";
import { SupportKindEnum } from "./enums.ts";
import { PAGE, pageArgs, withTotal } from "./pagination.ts";
import { SponsorRef } from "./sponsor.ts";

export const SupportRecordRef = builder.objectRef<SupportRow>("SupportRecord");

SupportRecordRef.implement({
  description: "One gift to an address by a sponsor, counted toward exactly one campaign or programme (HA-NODOUBLE)",
  fields: (t) => ({
    id: t.exposeID("id"),
    chapter: t.field({ type: ChapterRef, resolve: (s) => ({ id: s.chapterId }) }),
    kind: t.field({ type: SupportKindEnum, resolve: (s) => s.kind }),
    kindLabel: t.string({ resolve: (s) => supportKindLabels[s.kind] }),
    value: t.field({ type: "Money", description: "Value in VND (giá trị)", resolve: (s) => s.value }),
    givenOn: t.field({ type: "Date", resolve: (s) => s.givenOn }),
    note: t.exposeString("note", { nullable: true }),
    address: t.field({ type: AddressRef, nullable: true, resolve: (s, _a, ctx) => addressLoader(ctx).load(s.addressId) }),
    sponsor: t.field({ type: SponsorRef, nullable: true, resolve: (s, _a, ctx) => sponsorLoader(ctx).load(s.sponsorId) }),
    campaign: t.field({ type: CampaignRef, nullable: true, resolve: (s, _a, ctx) => campaignLoader(ctx).load(s.campaignId) }),
  }),
});

builder.queryFields((t) => ({
  supportRecords: t.connection({
    type: SupportRecordRef,
    description: "Support records in your part of the tree, newest first",
    args: {
      campaignId: t.arg.id({ required: false }),
      addressId: t.arg.id({ required: false }),
      from: t.arg({ type: "Date", required: false }),
      to: t.arg({ type: "Date", required: false }),
    },
    resolve: (_root, args, ctx) => {
      requireRecordReader(ctx);
      const f = parseInput(z.object({ campaignId: uuid.nullish(), addressId: uuid.nullish(), from: z.date().nullish(), to: z.date().nullish() }), {
        campaignId: args.campaignId ?? null,
        addressId: args.addressId ?? null,
        from: args.from ?? null,
        to: args.to ?? null,
      });
      return withTotal(
        resolveOffsetConnection({ args: pageArgs(args), ...PAGE }, (page) => listSupports(ctx, f, page)),
        () => countSupports(ctx, f),
      );
    },
  }),
}));

const RecordSupportInput = builder.inputType("RecordSupportInput", {
  fields: (t) => ({
    addressId: t.id({ required: true }),
    sponsorId: t.id({ required: true }),
    campaignId: t.id({ required: true, description: "The one campaign or programme this gift counts toward" }),
    kind: t.field({ type: SupportKindEnum, required: true }),
    value: t.field({ type: "Money", required: true }),
    givenOn: t.field({ type: "Date", required: true }),
    note: t.string({ required: false }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const supportSchema = z.object({
  addressId: uuid,
  sponsorId: uuid,
  campaignId: uuid,
  kind: z.enum(Object.keys(supportKindLabels) as [keyof typeof supportKindLabels, ...(keyof typeof supportKindLabels)[]]),
  value: money,
  givenOn: pastOrToday,
  note: text(1000).nullish(),
  idempotencyKey,
});

builder.mutationFields((t) => ({
  recordSupport: t.field({
    type: SupportRecordRef,
    description: "Records a gift to an approved address toward one campaign; the same gift a second time (anywhere) is CONFLICT",
    args: { input: t.arg({ type: RecordSupportInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: supportSchema }), args);
      const id = await recordSupport(ctx, await sliceRoots(ctx), by, input);
      return (await supportLoader(ctx).load(id))!;
    },
  }),
}));
