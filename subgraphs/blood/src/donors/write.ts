// Registering donors, deferring them, and merging duplicate records (BL-DONORS). A duplicate is
// a second record with the same national ID or phone; merging moves every donation, deferral,
// club membership, drive registration and honour to the kept record, so its history is whole.
import { addDays, badInput, conflict, formatIsoDate, lockRows, notFound, sql, todayInVietnam } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import type { AboGroup, DonorClub, RhFactor } from "../generated/prisma/enums.ts";
import { followsMergesIntoSlice, requireChapterInSlice } from "../access/slice.ts";
import { requireDonorInSlice } from "../access/write.ts";
import { markFirstDonation } from "../donations/write.ts";
import { inTransaction, once, type Tx } from "../write/transaction.ts";

export interface NewDonor {
  chapterId: string;
  fullName: string;
  birthDate?: Date | null;
  nationalId?: string | null;
  phone?: string | null;
  abo: AboGroup;
  rh: RhFactor;
  clubs?: DonorClub[] | null;
  idempotencyKey?: string | null;
}

/** A donor is known by national ID and phone, and no row owns a phone number: a transaction
 * lock per identity value (taken in a fixed order) makes a concurrent registration of the same
 * person wait, then find this one as a duplicate. */
async function lockIdentity(tx: Tx, nationalId: string | null, phone: string | null): Promise<void> {
  const values = [nationalId && `cccd:${nationalId}`, phone && `phone:${phone}`].filter((v): v is string => !!v).sort();
  for (const value of values) await tx.$executeRaw(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`blood.donor-identity:${value}`}, 0))`);
}

/** Active records sharing the national ID or phone, among those the caller may see. */
async function duplicatesOf(tx: Tx, roots: string[], nationalId: string | null, phone: string | null): Promise<string[]> {
  if (!nationalId && !phone) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>(sql`
    SELECT d.id::text AS id FROM "Donor" d
    WHERE d."mergedIntoId" IS NULL AND (d."nationalId" = ${nationalId} OR d.phone = ${phone})
      AND ${followsMergesIntoSlice('"d"."chapterId"', roots, todayInVietnam())}`);
  return rows.map((r) => r.id);
}

export async function registerDonor(ctx: BloodContext, roots: string[], input: NewDonor): Promise<string> {
  const { value } = await once(ctx, "registerDonor", input, async (tx) => {
        await requireChapterInSlice(tx, roots, input.chapterId);
        await lockIdentity(tx, input.nationalId ?? null, input.phone ?? null);
        const duplicates = await duplicatesOf(tx, roots, input.nationalId ?? null, input.phone ?? null);
        if (duplicates.length) {
          throw conflict("A donor with this national ID or phone is already registered: record the donation on that donor instead.", {
            duplicateIds: duplicates,
          });
        }
        const today = todayInVietnam();
        const donor = await tx.donor.create({
          data: {
            chapterId: input.chapterId,
            fullName: input.fullName,
            birthDate: input.birthDate ?? null,
            nationalId: input.nationalId ?? null,
            phone: input.phone ?? null,
            abo: input.abo,
            rh: input.rh,
            clubs: { create: [...new Set(input.clubs ?? [])].map((club) => ({ club, joinedOn: today })) },
          },
        });
        return donor.id;
  });
  return value;
}

export interface NewDeferral {
  donorId: string;
  reasonCode: string;
  startsOn: Date;
  endsOn?: Date | null;
  driveId?: string | null;
  note?: string | null;
}

/** Defers a donor; without an end date the reason's default length applies (e.g. 6 months after a tattoo). */
export async function recordDeferral(ctx: BloodContext, roots: string[], input: NewDeferral): Promise<string> {
  return inTransaction(ctx, async (tx) => {
    await requireDonorInSlice(tx, roots, input.donorId);
    const reason = await tx.deferralReason.findUnique({ where: { code: input.reasonCode } });
    if (!reason) {
      const codes = (await tx.deferralReason.findMany({ select: { code: true } })).map((r) => r.code);
      throw badInput(`Invalid input. reason: unknown deferral reason ${input.reasonCode}; use one of ${codes.join(", ")}.`, {
        problems: [{ field: "reason", message: "unknown deferral reason" }],
      });
    }
    const endsOn = input.endsOn ?? (reason.defaultDays === null ? null : addDays(input.startsOn, reason.defaultDays));
    if (endsOn && endsOn <= input.startsOn) {
      throw badInput(`Invalid input. endsOn: must be after startsOn (${formatIsoDate(input.startsOn)}).`, {
        problems: [{ field: "endsOn", message: "must be after startsOn" }],
      });
    }
    if (input.driveId) {
      const updated = await tx.driveRegistration.updateMany({ where: { driveId: input.driveId, donorId: input.donorId }, data: { status: "DEFERRED" } });
      if (!updated.count) throw notFound(`The donor is not registered for drive ${input.driveId}.`);
    }
    const deferral = await tx.deferral.create({
      data: { donorId: input.donorId, reasonCode: reason.code, startsOn: input.startsOn, endsOn, driveId: input.driveId ?? null, note: input.note ?? null },
    });
    return deferral.id;
  });
}

/** Merges `mergeId` into `keepId`: the kept record gets the whole history and any contact field
 * it lacked; the merged record stays, pointing to the kept one. */
export async function mergeDonors(ctx: BloodContext, roots: string[], keepId: string, mergeId: string): Promise<string> {
  if (keepId === mergeId) throw badInput("Invalid input. mergeId: a donor cannot be merged into itself.", { problems: [{ field: "mergeId", message: "same as keepId" }] });
  return inTransaction(ctx, async (tx) => {
    await lockRows(tx, "Donor", [keepId, mergeId]);
    await requireDonorInSlice(tx, roots, keepId);
    await requireDonorInSlice(tx, roots, mergeId);
    const keep = await tx.donor.findUniqueOrThrow({ where: { id: keepId } });
    const merge = await tx.donor.findUniqueOrThrow({ where: { id: mergeId } });
    if (keep.abo !== merge.abo || keep.rh !== merge.rh) {
      throw conflict(`These records have different blood groups (${keep.abo}${keep.rh === "POSITIVE" ? "+" : "-"} and ${merge.abo}${merge.rh === "POSITIVE" ? "+" : "-"}): check them before merging.`);
    }
    const moved = { where: { donorId: mergeId }, data: { donorId: keepId } };
    await tx.donation.updateMany(moved);
    await tx.deferral.updateMany(moved);
    // one row per (donor, club), (drive, donor) and (donor, tier): the kept record's row wins
    await tx.$executeRaw(sql`
      INSERT INTO "DonorClubMember" ("donorId", club, "joinedOn") SELECT ${keepId}::uuid, club, "joinedOn" FROM "DonorClubMember" WHERE "donorId" = ${mergeId}::uuid
      ON CONFLICT ("donorId", club) DO UPDATE SET "joinedOn" = LEAST("DonorClubMember"."joinedOn", EXCLUDED."joinedOn")`);
    await tx.donorClubMember.deleteMany({ where: { donorId: mergeId } });
    await tx.$executeRaw(sql`
      DELETE FROM "DriveRegistration" r WHERE r."donorId" = ${mergeId}::uuid
        AND EXISTS (SELECT 1 FROM "DriveRegistration" k WHERE k."donorId" = ${keepId}::uuid AND k."driveId" = r."driveId")`);
    await tx.driveRegistration.updateMany(moved);
    await tx.$executeRaw(sql`
      DELETE FROM "Honour" h WHERE h."donorId" = ${mergeId}::uuid
        AND EXISTS (SELECT 1 FROM "Honour" k WHERE k."donorId" = ${keepId}::uuid AND k."tierId" = h."tierId")`);
    await tx.honour.updateMany(moved);
    await markFirstDonation(tx, keepId);
    await tx.donor.update({
      where: { id: keepId },
      data: { birthDate: keep.birthDate ?? merge.birthDate, nationalId: keep.nationalId ?? merge.nationalId, phone: keep.phone ?? merge.phone },
    });
    await tx.donor.update({ where: { id: mergeId }, data: { mergedIntoId: keepId, mergedAt: new Date() } });
    return keepId;
  });
}
