// BL-ORGAN: organ and tissue donation registrations with their consent record.
import { checkYear, maskName, offsetConnection, parseInput, type RequestContext } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireRecordReader, requireWriter, seesPersonalData } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { countOrganRegistrations, listOrganRegistrations, type OrganRow } from "../organ/read.ts";
import { registerOrganDonation } from "../organ/write.ts";
import { idempotencyKey, nationalId, pastOrToday, phone, uuid } from "../write/inputs.ts";
import { ChapterRef } from "./chapter.ts";

/** Personal data shows unmasked only to those who see it, and that read is audited (docs/partners-and-audit.md). */
const shownOrgan = (ctx: RequestContext, o: OrganRow) => seesPersonalData(ctx, { type: "OrganRegistration", id: o.id });

const OrganRef = builder.objectRef<OrganRow>("OrganRegistration").implement({
  description: "A registration to donate tissue and organs after death (đăng ký hiến mô, tạng)",
  fields: (t) => ({
    id: t.exposeID("id"),
    chapter: t.field({ type: ChapterRef, resolve: (o) => ({ id: o.chapterId }) }),
    fullName: t.string({ resolve: (o, _a, ctx) => (shownOrgan(ctx, o) ? o.fullName : maskName(o.fullName)) }),
    birthDate: t.field({ type: "Date", nullable: true, resolve: (o, _a, ctx) => (shownOrgan(ctx, o) ? o.birthDate : null) }),
    nationalId: t.string({ nullable: true, resolve: (o, _a, ctx) => (shownOrgan(ctx, o) ? o.nationalId : null) }),
    phone: t.string({ nullable: true, resolve: (o, _a, ctx) => (shownOrgan(ctx, o) ? o.phone : null) }),
    registeredOn: t.field({ type: "Date", resolve: (o) => o.registeredOn }),
    organs: t.exposeStringList("organs", { description: "e.g. giác mạc, thận, gan, tim" }),
    consentSignedOn: t.field({ type: "Date", resolve: (o) => o.consentSignedOn }),
    consentDocument: t.exposeString("consentDocument", { description: "Number of the signed consent form" }),
    withdrawnOn: t.field({ type: "Date", nullable: true, resolve: (o) => o.withdrawnOn }),
  }),
});

const OrganInput = builder.inputType("OrganRegistrationInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    fullName: t.string({ required: true }),
    birthDate: t.field({ type: "Date", required: false }),
    nationalId: t.string({ required: false }),
    phone: t.string({ required: false }),
    registeredOn: t.field({ type: "Date", required: true }),
    organs: t.stringList({ required: true }),
    consentSignedOn: t.field({ type: "Date", required: true }),
    consentDocument: t.string({ required: true, description: "Number of the signed consent form (phiếu đăng ký)" }),
    consentWitness: t.string({ required: false }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const organSchema = z
  .object({
    chapterId: uuid,
    fullName: z.string().trim().min(2).max(200),
    birthDate: pastOrToday.nullish(),
    nationalId: nationalId.nullish(),
    phone: phone.nullish(),
    registeredOn: pastOrToday,
    organs: z.array(z.string().trim().min(1)).min(1, "name at least one organ or tissue"),
    consentSignedOn: pastOrToday,
    consentDocument: z.string().trim().min(1, "the consent record is required"),
    consentWitness: z.string().trim().max(200).nullish(),
    idempotencyKey,
  })
  .refine((o) => o.consentSignedOn <= o.registeredOn, { message: "consent must be signed on or before the registration", path: ["consentSignedOn"] });

builder.queryFields((t) => ({
  organRegistrations: t.connection({
    type: OrganRef,
    args: { year: t.arg.int({ required: false }) },
    resolve: (_root, args, ctx) => {
      requireRecordReader(ctx);
      const year = args.year == null ? args.year : checkYear(args.year);
      return offsetConnection(args, { page: ({ limit, offset }) => listOrganRegistrations(ctx, year, { limit, offset }), count: () => countOrganRegistrations(ctx, year) });
    },
  }),
}));

builder.mutationFields((t) => ({
  registerOrganDonation: t.field({
    type: "ID",
    description: "Records a registration with its consent record; returns its id",
    args: { input: t.arg({ type: OrganInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const recordedBy = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: organSchema }), args);
      return registerOrganDonation(ctx, await sliceRoots(ctx), recordedBy, {
        ...input,
        consent: { signedOn: input.consentSignedOn, document: input.consentDocument, witness: input.consentWitness },
      });
    },
  }),
}));
