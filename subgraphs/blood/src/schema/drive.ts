// Drives and days (BL-EVENTS): their results are counts (readable by a blood centre partner);
// their registrations name donors (readable by staff only).
import { checkYear, isUuid, offsetConnection, parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireRecordReader, requireStockReader, requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { donorLoader } from "../donors/loaders.ts";
import { countDrives, driveById, driveResultLoader, listDrives, registrationsLoader, type DriveResult, type DriveRow, type RegistrationRow } from "../drives/read.ts";
import { checkInDonor, createDrive, recordDriveResult, registerForDrive } from "../drives/write.ts";
import { idempotencyKey, uuid } from "../write/inputs.ts";
import { ChapterRef } from "./chapter.ts";
import { DonorRef } from "./donor.ts";
import { DriveKindEnum, driveKindLabels, RegistrationStatusEnum, registrationStatusLabels } from "./enums.ts";

export const DriveRef = builder.objectRef<DriveRow>("BloodDrive");

const DriveResultRef = builder.objectRef<DriveResult>("BloodDriveResult").implement({
  description: "What a drive collected (kết quả): counts only",
  fields: (t) => ({
    unitsCollected: t.exposeFloat("unitsCollected"),
    donations: t.exposeInt("donations"),
    firstTimeDonors: t.exposeInt("firstTimeDonors"),
    registrations: t.exposeInt("registrations"),
    walkIns: t.exposeInt("walkIns", { description: "Donors who came without registering" }),
    checkedIn: t.exposeInt("checkedIn"),
    deferredDonors: t.exposeInt("deferredDonors", { description: "Donors turned away at the check-up (tạm hoãn)" }),
  }),
});

const RegistrationRef = builder.objectRef<RegistrationRow>("DriveRegistration").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    donor: t.field({ type: DonorRef, nullable: true, resolve: (r, _a, ctx) => donorLoader(ctx).load(r.donorId) }),
    walkIn: t.exposeBoolean("walkIn"),
    status: t.field({ type: RegistrationStatusEnum, resolve: (r) => r.status }),
    statusLabel: t.string({ resolve: (r) => registrationStatusLabels[r.status] }),
  }),
});

DriveRef.implement({
  description: "A blood donation drive or day (đợt / ngày hiến máu)",
  fields: (t) => ({
    id: t.exposeID("id"),
    chapter: t.field({ type: ChapterRef, description: "The organising chapter", resolve: (d) => ({ id: d.chapterId }) }),
    kind: t.field({ type: DriveKindEnum, resolve: (d) => d.kind }),
    kindLabel: t.string({ resolve: (d) => driveKindLabels[d.kind] }),
    name: t.exposeString("name"),
    place: t.exposeString("place"),
    date: t.field({ type: "Date", resolve: (d) => d.date }),
    targetUnits: t.exposeInt("targetUnits"),
    bloodCentre: t.exposeString("bloodCentre", { description: "The partner blood centre (đơn vị tiếp nhận máu)" }),
    closed: t.boolean({ description: "The result has been recorded", resolve: (d) => d.resultRecordedAt !== null }),
    result: t.field({ type: DriveResultRef, resolve: (d, _a, ctx) => driveResultLoader(ctx).load(d.id) }),
    registrations: t.field({
      type: [RegistrationRef],
      description: "Who registered or walked in (donor records: staff only)",
      resolve: (d, _a, ctx) => {
        requireRecordReader(ctx);
        return registrationsLoader(ctx).load(d.id);
      },
    }),
  }),
});

const NewDriveInput = builder.inputType("NewBloodDriveInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    kind: t.field({ type: DriveKindEnum, required: true }),
    name: t.string({ required: false, description: "Default: the label of the kind" }),
    place: t.string({ required: true }),
    date: t.field({ type: "Date", required: true }),
    targetUnits: t.int({ required: true }),
    bloodCentre: t.string({ required: true }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const newDriveSchema = z.object({
  chapterId: uuid,
  kind: z.enum(Object.keys(driveKindLabels) as [keyof typeof driveKindLabels, ...(keyof typeof driveKindLabels)[]]),
  name: z.string().trim().min(1).max(200).nullish(),
  place: z.string().trim().min(1, "say where the drive takes place").max(300),
  date: z.date(),
  targetUnits: z.number().int().min(1, "at least 1 unit").max(100_000),
  bloodCentre: z.string().trim().min(1, "name the blood centre receiving the blood").max(200),
  idempotencyKey,
});

builder.queryFields((t) => ({
  bloodDrives: t.connection({
    type: DriveRef,
    description: "Drives organised in your part of the tree (as it stood on each drive's day), newest first",
    args: { year: t.arg.int({ required: false }), chapterCode: t.arg.string({ required: false }) },
    resolve: (_root, args, ctx) => {
      requireStockReader(ctx);
      // a year outside 1950–2100 is the caller's mistake, not a date PostgreSQL cannot hold (found by the hostile suite, HOSTILE_SEED=1230444538)
      const filter = { year: args.year == null ? args.year : checkYear(args.year), chapterCode: args.chapterCode };
      return offsetConnection(args, { page: ({ limit, offset }) => listDrives(ctx, filter, { limit, offset }), count: () => countDrives(ctx, filter) });
    },
  }),
  bloodDrive: t.field({
    type: DriveRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      requireStockReader(ctx);
      return isUuid(String(args.id)) ? driveById(ctx, String(args.id)) : null;
    },
  }),
}));

const loadDrive = async (ctx: Parameters<typeof driveById>[0], id: string) => (await driveById(ctx, id))!;

builder.mutationFields((t) => ({
  createBloodDrive: t.field({
    type: DriveRef,
    args: { input: t.arg({ type: NewDriveInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: newDriveSchema }), args);
      const id = await createDrive(ctx, await sliceRoots(ctx), { ...input, name: input.name ?? driveKindLabels[input.kind] });
      return loadDrive(ctx, id);
    },
  }),
  registerForBloodDrive: t.field({
    type: DriveRef,
    description: "Registers a donor ahead of the drive, or as a walk-in on the day (checked in at once)",
    args: { driveId: t.arg.id({ required: true }), donorId: t.arg.id({ required: true }), walkIn: t.arg.boolean({ defaultValue: false }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const input = parseInput(z.object({ driveId: uuid, donorId: uuid, walkIn: z.boolean().nullish() }), args);
      await registerForDrive(ctx, await sliceRoots(ctx), input.driveId, input.donorId, input.walkIn ?? false);
      return loadDrive(ctx, input.driveId);
    },
  }),
  checkInBloodDonor: t.field({
    type: DriveRef,
    args: { driveId: t.arg.id({ required: true }), donorId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const input = parseInput(z.object({ driveId: uuid, donorId: uuid }), args);
      await checkInDonor(ctx, await sliceRoots(ctx), input.driveId, input.donorId);
      return loadDrive(ctx, input.driveId);
    },
  }),
  recordBloodDriveResult: t.field({
    type: DriveRef,
    description: "Closes the drive with its result (from the donations and deferrals recorded) and announces it",
    args: { driveId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const input = parseInput(z.object({ driveId: uuid }), args);
      await recordDriveResult(ctx, await sliceRoots(ctx), input.driveId);
      return loadDrive(ctx, input.driveId);
    },
  }),
}));
