// Organising drives (BL-EVENTS): create, register donors (ahead or walk-in), check them in, and
// close the drive with its result, which goes out as a progress event after commit.
import { conflict, formatIsoDate, notFound, sql } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import { inSlice, requireChapterInSlice } from "../access/slice.ts";
import { requireDonorInSlice } from "../access/write.ts";
import { DRIVE_RESULT_TOPIC, publishAfterCommit } from "../events.ts";
import { inTransaction, once, type Tx } from "../write/transaction.ts";
import { driveResults, type DriveResult, type DriveRow } from "./read.ts";

/** A drive as organised: the columns of DriveRow that are known before it takes place. */
export type NewDrive = Omit<DriveRow, "id" | "resultRecordedAt"> & { idempotencyKey?: string | null };

export async function createDrive(ctx: BloodContext, roots: string[], input: NewDrive): Promise<string> {
  const { idempotencyKey: _key, ...drive } = input;
  const { value } = await once(ctx, "createDrive", input, async (tx) => {
    await requireChapterInSlice(tx, roots, input.chapterId);
    return (await tx.drive.create({ data: drive })).id;
  });
  return value;
}

/** The drive, when its chapter lay in the caller's slice on the drive's day. */
async function requireDriveInSlice(tx: Tx, roots: string[], driveId: string) {
  const [row] = await tx.$queryRaw<{ ok: boolean }[]>(
    sql`SELECT ${inSlice('"v"."chapterId"', roots, sql`"v"."date"`)} AS ok FROM "Drive" v WHERE v.id = ${driveId}::uuid`,
  );
  if (!row?.ok) throw notFound(`No drive ${driveId} in your part of the tree.`);
  return tx.drive.findUniqueOrThrow({ where: { id: driveId } });
}

export async function registerForDrive(ctx: BloodContext, roots: string[], driveId: string, donorId: string, walkIn: boolean): Promise<string> {
  return inTransaction(ctx, async (tx) => {
    const drive = await requireDriveInSlice(tx, roots, driveId);
    if (drive.resultRecordedAt) throw conflict(`The drive "${drive.name}" is closed: its result was recorded.`);
    await requireDonorInSlice(tx, roots, donorId);
    const registration = await tx.driveRegistration.upsert({
      where: { driveId_donorId: { driveId, donorId } },
      create: { driveId, donorId, walkIn, ...(walkIn ? { status: "CHECKED_IN", checkedInAt: new Date() } : {}) },
      update: {},
    });
    return registration.id;
  });
}

export async function checkInDonor(ctx: BloodContext, roots: string[], driveId: string, donorId: string): Promise<string> {
  return inTransaction(ctx, async (tx) => {
    await requireDriveInSlice(tx, roots, driveId);
    const registration = await tx.driveRegistration.findUnique({ where: { driveId_donorId: { driveId, donorId } } });
    if (!registration) throw notFound("This donor is not registered for the drive: register them (walk-in) first.");
    if (registration.status !== "REGISTERED") return registration.id;
    return (await tx.driveRegistration.update({ where: { id: registration.id }, data: { status: "CHECKED_IN", checkedInAt: new Date() } })).id;
  });
}

/** Closes the drive; its result is computed from the donations and registrations recorded. */
export async function recordDriveResult(ctx: BloodContext, roots: string[], driveId: string): Promise<DriveResult> {
  const { drive, result } = await inTransaction(ctx, async (tx) => {
    const drive = await requireDriveInSlice(tx, roots, driveId);
    await tx.drive.update({ where: { id: driveId }, data: { resultRecordedAt: drive.resultRecordedAt ?? new Date() } });
    return { drive, result: (await driveResults(tx, [driveId])).get(driveId)! };
  });
  await publishAfterCommit(ctx.pubsub, DRIVE_RESULT_TOPIC, {
    driveId,
    chapterId: drive.chapterId,
    date: formatIsoDate(drive.date),
    targetUnits: drive.targetUnits,
    unitsCollected: result.unitsCollected,
    donations: result.donations,
    deferredDonors: result.deferredDonors,
  });
  return result;
}
