// HA-PLEDGE: sponsors and their pledges. A sponsor may say it is a head of an agency or an honorary
// president; the pledged rate counts the list of heads (schema/head.ts), not these flags.
import { maskName, maskPhone, offsetConnection, parseInput, type RequestContext } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireRecordReader, requireWriter, seesPersonalData } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { addressLoader } from "../addresses/loaders.ts";
import { sponsorKindLabels, supportKindLabels } from "../labels.ts";
import { countSponsors, listSponsors, pledgesLoader, sponsorLoader, type PledgeRow, type SponsorRow } from "../sponsors/read.ts";
import { recordPledge, registerSponsor } from "../sponsors/write.ts";
import { idempotencyKey, moneyOrZero, name, pastOrToday, phone, uuid } from "../write/inputs.ts";
import { ChapterRef } from "./chapter.ts";
import { SponsorKindEnum, SupportKindEnum } from "./enums.ts";
import { AddressRef, SponsorRef } from "./refs.ts";

const PledgeRef = builder.objectRef<PledgeRow>("Pledge");

PledgeRef.implement({
  description: "A sponsor's registration to adopt an address (đăng ký nhận địa chỉ nhân đạo), with the support promised",
  fields: (t) => ({
    id: t.exposeID("id"),
    address: t.field({ type: AddressRef, nullable: true, resolve: (p, _a, ctx) => addressLoader(ctx).load(p.addressId) }),
    startsOn: t.field({ type: "Date", resolve: (p) => p.startsOn }),
    endsOn: t.field({ type: "Date", nullable: true, resolve: (p) => p.endsOn }),
    promisedKind: t.field({ type: SupportKindEnum, resolve: (p) => p.promisedKind }),
    promisedKindLabel: t.string({ resolve: (p) => supportKindLabels[p.promisedKind] }),
    promisedValue: t.field({ type: "Money", resolve: (p) => p.promisedValue }),
  }),
});

/** Personal data shows unmasked only to those who see it, and that read is audited (docs/partners-and-audit.md). */
const shownSponsor = (ctx: RequestContext, s: SponsorRow) => seesPersonalData(ctx, { type: "Sponsor", id: s.id });

SponsorRef.implement({
  description: "An organisation or individual supporting addresses (nhà tài trợ, mạnh thường quân)",
  fields: (t) => ({
    id: t.exposeID("id"),
    chapter: t.field({ type: ChapterRef, resolve: (s) => ({ id: s.chapterId }) }),
    kind: t.field({ type: SponsorKindEnum, resolve: (s) => s.kind }),
    kindLabel: t.string({ resolve: (s) => sponsorKindLabels[s.kind] }),
    name: t.string({
      description: "An individual's name is masked unless you see personal data",
      resolve: (s, _a, ctx) => (s.kind === "INDIVIDUAL" && !shownSponsor(ctx, s) ? maskName(s.name) : s.name),
    }),
    phone: t.string({ nullable: true, resolve: (s, _a, ctx) => (shownSponsor(ctx, s) ? s.phone : maskPhone(s.phone)) }),
    isHeadOfAgency: t.exposeBoolean("isHeadOfAgency", { description: "Người đứng đầu cơ quan, tổ chức, as the sponsor says; the pledged rate counts agencyHeads, not this flag" }),
    isHonoraryPresident: t.exposeBoolean("isHonoraryPresident", { description: "Chủ tịch danh dự Hội" }),
    pledges: t.field({ type: [PledgeRef], resolve: (s, _a, ctx) => pledgesLoader(ctx).load(s.id) }),
  }),
});

builder.queryFields((t) => ({
  sponsors: t.connection({
    type: SponsorRef,
    args: { headsOnly: t.arg.boolean({ required: false, defaultValue: false }) },
    resolve: (_root, args, ctx) => {
      requireRecordReader(ctx);
      const heads = args.headsOnly ?? false;
      return offsetConnection(args, { page: (page) => listSponsors(ctx, heads, page), count: () => countSponsors(ctx, heads) });
    },
  }),
}));

const RegisterSponsorInput = builder.inputType("RegisterSponsorInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    kind: t.field({ type: SponsorKindEnum, required: true }),
    name: t.string({ required: true }),
    isHeadOfAgency: t.boolean({ required: false, defaultValue: false }),
    isHonoraryPresident: t.boolean({ required: false, defaultValue: false }),
    phone: t.string({ required: false }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const sponsorSchema = z.object({
  chapterId: uuid,
  kind: z.enum(["ORGANISATION", "INDIVIDUAL"]),
  name,
  isHeadOfAgency: z.boolean().default(false),
  isHonoraryPresident: z.boolean().default(false),
  phone: phone.nullish(),
  idempotencyKey,
});

const RecordPledgeInput = builder.inputType("RecordPledgeInput", {
  fields: (t) => ({
    sponsorId: t.id({ required: true }),
    addressId: t.id({ required: true }),
    startsOn: t.field({ type: "Date", required: true }),
    endsOn: t.field({ type: "Date", required: false }),
    promisedKind: t.field({ type: SupportKindEnum, required: true }),
    promisedValue: t.field({ type: "Money", required: true }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const pledgeSchema = z.object({
  sponsorId: uuid,
  addressId: uuid,
  startsOn: pastOrToday,
  endsOn: z.date().nullish(),
  promisedKind: z.enum(Object.keys(supportKindLabels) as [keyof typeof supportKindLabels, ...(keyof typeof supportKindLabels)[]]),
  promisedValue: moneyOrZero,
  idempotencyKey,
});

builder.mutationFields((t) => ({
  registerSponsor: t.field({
    type: SponsorRef,
    args: { input: t.arg({ type: RegisterSponsorInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: sponsorSchema }), args);
      return (await sponsorLoader(ctx).load(await registerSponsor(ctx, await sliceRoots(ctx), input)))!;
    },
  }),
  recordPledge: t.field({
    type: SponsorRef,
    description: "Records a sponsor's pledge to adopt an address; returns the sponsor with its pledges",
    args: { input: t.arg({ type: RecordPledgeInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: pledgeSchema }), args);
      await recordPledge(ctx, await sliceRoots(ctx), by, input);
      return (await sponsorLoader(ctx).load(input.sponsorId))!;
    },
  }),
}));
