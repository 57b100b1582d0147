// Recording donors, donations, deferrals and merges. Each mutation: writer role, zod input
// (BAD_USER_INPUT with field paths), the slice checked in SQL inside one transaction.
import { parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { recordDonation } from "../donations/write.ts";
import { donorLoader } from "../donors/loaders.ts";
import { mergeDonors, recordDeferral, registerDonor } from "../donors/write.ts";
import { idempotencyKey, nationalId, pastOrToday, phone, uuid } from "../write/inputs.ts";
import { DonationRef, DonorRef } from "./donor.ts";
import { AboGroupEnum, donationTypeCodes, DonationTypeEnum, DonorClubEnum, RhFactorEnum } from "./enums.ts";

const RegisterDonorInput = builder.inputType("RegisterDonorInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    fullName: t.string({ required: true }),
    birthDate: t.field({ type: "Date", required: false }),
    nationalId: t.string({ required: false, description: "CCCD (12 digits) or CMND (9 digits)" }),
    phone: t.string({ required: false }),
    abo: t.field({ type: AboGroupEnum, required: true }),
    rh: t.field({ type: RhFactorEnum, required: true }),
    clubs: t.field({ type: [DonorClubEnum], required: false }),
    idempotencyKey: t.string({ required: false, description: "Send the same key when retrying: the donor is registered once" }),
  }),
});

const registerDonorSchema = z
  .object({
    chapterId: uuid,
    fullName: z.string().trim().min(2, "give the donor's full name").max(200),
    birthDate: pastOrToday.nullish(),
    nationalId: nationalId.nullish(),
    phone: phone.nullish(),
    abo: z.enum(["O", "A", "B", "AB"]),
    rh: z.enum(["POSITIVE", "NEGATIVE"]),
    clubs: z.array(z.enum(["OUTREACH", "RESERVE", "FAMILY", "RARE_GROUP"])).nullish(),
    idempotencyKey,
  })
  .refine((d) => d.nationalId || d.phone, { message: "give a national ID or a phone number (used to find duplicates)", path: ["nationalId"] });

const RecordDonationInput = builder.inputType("RecordDonationInput", {
  fields: (t) => ({
    donorId: t.id({ required: true }),
    donatedOn: t.field({ type: "Date", required: true }),
    type: t.field({ type: DonationTypeEnum, required: true, description: "Kind of donation; its interval is in donationTypes" }),
    volumeMl: t.int({ required: true, description: "250, 350 or 450 ml for whole blood" }),
    driveId: t.id({ required: false, description: "The drive it was given at (credits the drive's chapter)" }),
    chapterId: t.id({ required: false, description: "The chapter credited when not at a drive (default: the donor's)" }),
    idempotencyKey: t.string({ required: false, description: "Send the same key when retrying: the donation is counted once" }),
  }),
});

const recordDonationSchema = z.object({
  donorId: uuid,
  donatedOn: pastOrToday,
  type: z.enum(donationTypeCodes),
  volumeMl: z.number().int().min(100, "at least 100 ml").max(650, "at most 650 ml"),
  driveId: uuid.nullish(),
  chapterId: uuid.nullish(),
  idempotencyKey,
});

const DeferralInput = builder.inputType("RecordDeferralInput", {
  fields: (t) => ({
    donorId: t.id({ required: true }),
    reason: t.string({ required: true, description: "Deferral reason code (see deferralReasons)" }),
    startsOn: t.field({ type: "Date", required: true }),
    endsOn: t.field({ type: "Date", required: false, description: "First day the donor may donate again (default: the reason's usual length)" }),
    driveId: t.id({ required: false, description: "Deferred at this drive's check-up" }),
    note: t.string({ required: false }),
  }),
});

const deferralSchema = z.object({
  donorId: uuid,
  reason: z.string().trim().toUpperCase().min(1),
  startsOn: z.date(),
  endsOn: z.date().nullish(),
  driveId: uuid.nullish(),
  note: z.string().max(2000).nullish(),
});

builder.mutationFields((t) => ({
  registerDonor: t.field({
    type: DonorRef,
    description: "Registers a donor in a chapter; refused (CONFLICT, with the ids) when the national ID or phone is already registered",
    args: { input: t.arg({ type: RegisterDonorInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const input = parseInput(z.object({ input: registerDonorSchema }), args).input;
      const id = await registerDonor(ctx, await sliceRoots(ctx), input);
      return (await donorLoader(ctx).load(id))!;
    },
  }),
  recordDonation: t.field({
    type: DonationRef,
    description: "Records one donation; refused inside the interval of the last donation's type or during a deferral, with the date the donor becomes eligible",
    args: { input: t.arg({ type: RecordDonationInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const recordedBy = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: recordDonationSchema }), args);
      return recordDonation(ctx, await sliceRoots(ctx), recordedBy, { ...input, typeCode: input.type });
    },
  }),
  recordDeferral: t.field({
    type: DonorRef,
    args: { input: t.arg({ type: DeferralInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: deferralSchema }), args);
      await recordDeferral(ctx, await sliceRoots(ctx), { ...input, reasonCode: input.reason });
      return (await donorLoader(ctx).load(input.donorId))!;
    },
  }),
  mergeDonors: t.field({
    type: DonorRef,
    description: "Merges a duplicate record into the one kept: every donation, deferral, club, registration and honour moves to it",
    args: { keepId: t.arg.id({ required: true }), mergeId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const input = parseInput(z.object({ keepId: uuid, mergeId: uuid }), args);
      const id = await mergeDonors(ctx, await sliceRoots(ctx), input.keepId, input.mergeId);
      return (await donorLoader(ctx).load(id))!;
    },
  }),
}));
