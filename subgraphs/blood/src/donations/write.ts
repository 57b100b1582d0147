// Recording a donation (BL-DONORS): refused inside the interval of the donor's last donation
// type or during a deferral, with the date the donor becomes eligible; counted once per
// idempotency key; its progress event goes out after commit.
import { addDays, badInput, conflict, formatIsoDate, lockRows, notFound, sql } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import { inSlice } from "../access/slice.ts";
import { requireDonorInSlice } from "../access/write.ts";
import { eligibility, reasonLabels } from "../donors/eligibility.ts";
import { donorStatuses } from "../donors/read.ts";
import { DONATION_RECORDED_TOPIC, publishAfterCommit, type DonationRecordedEvent, type RunningTotals } from "../events.ts";
import { once, type Tx } from "../write/transaction.ts";
import { DONATION_COLUMNS, type DonationRow } from "./read.ts";

/** đơn vị máu: the volume of one unit */
const ML_PER_UNIT = 250;

export interface NewDonation {
  donorId: string;
  donatedOn: Date;
  typeCode: string;
  volumeMl: number;
  driveId?: string | null;
  chapterId?: string | null;
  idempotencyKey?: string | null;
}

async function donationById(db: Tx | BloodContext["prisma"], id: string): Promise<DonationRow> {
  const [row] = await db.$queryRaw<DonationRow[]>(sql`
    SELECT ${DONATION_COLUMNS} FROM "Donation" d JOIN "DonationType" t ON t.code = d."typeCode" WHERE d.id = ${id}::uuid`);
  if (!row) throw notFound(`No donation ${id}.`);
  return row;
}

/** The donation type with its interval (one read serves the check and the interval rule). */
async function requireType(tx: Tx, code: string): Promise<{ code: string; intervalDays: number }> {
  const types = await tx.donationType.findMany({ select: { code: true, intervalDays: true } });
  const type = types.find((t) => t.code === code);
  if (!type) {
    throw badInput(`Invalid input. type: unknown donation type ${code}; use one of ${types.map((t) => t.code).join(", ")}.`, {
      problems: [{ field: "type", message: "unknown donation type" }],
    });
  }
  return type;
}

/** The chapter credited: the drive's (the donation must be on the drive's day), else the one
 * given, else the donor's; it must lie in the caller's slice on the donation day. */
async function creditedChapter(tx: Tx, roots: string[], input: NewDonation, donorChapterId: string): Promise<string> {
  if (input.driveId) {
    const drive = await tx.drive.findUnique({ where: { id: input.driveId } });
    if (!drive) throw notFound(`No drive ${input.driveId} in your part of the tree.`);
    if (drive.date.getTime() !== input.donatedOn.getTime()) {
      throw badInput(`Invalid input. donatedOn: the drive "${drive.name}" took place on ${formatIsoDate(drive.date)}.`, {
        problems: [{ field: "donatedOn", message: "not the drive's day" }],
      });
    }
    input = { ...input, chapterId: drive.chapterId };
  }
  const chapterId = input.chapterId ?? donorChapterId;
  const [row] = await tx.$queryRaw<{ ok: boolean }[]>(
    sql`SELECT ${inSlice('"x"."id"', roots, input.donatedOn)} AS ok FROM (SELECT ${chapterId}::uuid AS id) "x"`,
  );
  if (!row?.ok) throw notFound(`No chapter ${chapterId} in your part of the tree on ${formatIsoDate(input.donatedOn)}.`);
  return chapterId;
}

async function requireEligible(tx: Tx, input: NewDonation, type: { intervalDays: number }): Promise<void> {
  const status = (await donorStatuses(tx, [input.donorId], input.donatedOn)).get(input.donorId);
  const verdict = eligibility(status, input.donatedOn);
  if (verdict.reason) {
    const until = verdict.eligibleOn ? `The donor may donate again from ${formatIsoDate(verdict.eligibleOn)}.` : "The deferral has no end date: lift it first.";
    const why =
      verdict.reason === "DEFERRAL"
        ? `the donor is deferred (${status?.deferralReason ?? "deferral"}) on ${formatIsoDate(input.donatedOn)}`
        : `the last donation (${status?.lastTypeCode}, ${formatIsoDate(status!.lastDonatedOn!)}) needs ${status?.intervalDays} days before the next`;
    throw badInput(`Not eligible: ${why}. ${until}`, {
      reason: verdict.reason,
      reasonLabel: reasonLabels[verdict.reason],
      eligibleOn: verdict.eligibleOn ? formatIsoDate(verdict.eligibleOn) : null,
    });
  }
  // a back-dated donation must not put a later one inside its own interval
  const [later] = await tx.$queryRaw<{ donatedOn: Date }[]>(sql`
    SELECT d."donatedOn" FROM "Donation" d WHERE d."donorId" = ${input.donorId}::uuid AND d."donatedOn" > ${input.donatedOn}::date
    ORDER BY d."donatedOn" LIMIT 1`);
  if (later && addDays(input.donatedOn, type.intervalDays) > later.donatedOn) {
    throw badInput(`Not eligible: the donor donated again on ${formatIsoDate(later.donatedOn)}, within ${type.intervalDays} days after ${formatIsoDate(input.donatedOn)}.`, {
      reason: "INTERVAL",
    });
  }
}

/** The first donation of a donor is the earliest one; the rest are repeat donations. Only the rows
 * whose flag changes are written (each write moves the figures' rollups). */
export async function markFirstDonation(tx: Tx, donorId: string): Promise<void> {
  await tx.$executeRaw(sql`
    UPDATE "Donation" d SET "isFirst" = f.first
    FROM (SELECT id, row_number() OVER (ORDER BY "donatedOn", "recordedAt", id) = 1 AS first
          FROM "Donation" WHERE "donorId" = ${donorId}::uuid) f
    WHERE d.id = f.id AND d."isFirst" IS DISTINCT FROM f.first`);
}

/** Whether a new donation on `day` is the donor's first (the donor is locked: nothing races);
 * when it is, the donation that was first until now becomes a repeat. */
async function takeFirstPlace(tx: Tx, donorId: string, day: Date): Promise<boolean> {
  const [earlier] = await tx.$queryRaw<{ one: number }[]>(sql`
    SELECT 1 AS one FROM "Donation" d WHERE d."donorId" = ${donorId}::uuid AND d."donatedOn" <= ${day}::date LIMIT 1`);
  if (earlier) return false;
  await tx.$executeRaw(sql`UPDATE "Donation" SET "isFirst" = FALSE WHERE "donorId" = ${donorId}::uuid AND "isFirst"`);
  return true;
}

async function totals(tx: Tx, where: ReturnType<typeof sql>): Promise<RunningTotals> {
  const [row] = await tx.$queryRaw<RunningTotals[]>(sql`
    SELECT coalesce(sum(d.units), 0)::float8 AS units, count(*)::int AS donations FROM "Donation" d WHERE ${where}`);
  return row ?? { units: 0, donations: 0 };
}

/** A second donation by the same donor on the same day is the same donation recorded twice. */
async function refuseSameDay(tx: Tx, input: NewDonation): Promise<void> {
  const [twin] = await tx.$queryRaw<{ id: string }[]>(sql`
    SELECT d.id::text AS id FROM "Donation" d WHERE d."donorId" = ${input.donorId}::uuid AND d."donatedOn" = ${input.donatedOn}::date LIMIT 1`);
  if (twin) {
    throw conflict(`A donation by this donor on ${formatIsoDate(input.donatedOn)} is already recorded (${twin.id}): it is not recorded twice.`, {
      existingId: twin.id,
    });
  }
}

export async function recordDonation(ctx: BloodContext, roots: string[], recordedBy: string, input: NewDonation): Promise<DonationRow> {
  let event: DonationRecordedEvent | null = null;
  const { value: id, replayed } = await once(ctx, "recordDonation", input, async (tx) => {
    // BL-DONORS intervals hold under concurrency: the donor's row stays locked until commit, so a
    // second donation for the donor waits here and then sees the first one.
    await lockRows(tx, "Donor", [input.donorId]);
    const donor = await requireDonorInSlice(tx, roots, input.donorId);
    const type = await requireType(tx, input.typeCode);
    const chapterId = await creditedChapter(tx, roots, input, donor.chapterId);
    await refuseSameDay(tx, input);
    await requireEligible(tx, input, type);
    const isFirst = await takeFirstPlace(tx, input.donorId, input.donatedOn);
    if (input.driveId) {
      await tx.driveRegistration.upsert({
        where: { driveId_donorId: { driveId: input.driveId, donorId: input.donorId } },
        create: { driveId: input.driveId, donorId: input.donorId, walkIn: true, status: "DONATED", checkedInAt: new Date() },
        update: { status: "DONATED" },
      });
    }
    const units = Math.round((input.volumeMl / ML_PER_UNIT) * 100) / 100;
    const year = input.donatedOn.getUTCFullYear();
    // the running totals are read before the donation is written and include it: the insert
    // moves the national rollup rows, whose locks are then held only until the commit that follows
    const plusThis = (t: RunningTotals): RunningTotals => ({ units: Math.round((t.units + units) * 100) / 100, donations: t.donations + 1 });
    const driveTotals = input.driveId ? plusThis(await totals(tx, sql`d."driveId" = ${input.driveId}::uuid`)) : null;
    const chapterYearTotals = plusThis(
      await totals(tx, sql`d."chapterId" = ${chapterId}::uuid AND d."donatedOn" >= make_date(${year}::int, 1, 1) AND d."donatedOn" < make_date(${year + 1}::int, 1, 1)`),
    );
    const created = await tx.donation.create({
      data: {
        donorId: input.donorId,
        chapterId,
        driveId: input.driveId ?? null,
        donatedOn: input.donatedOn,
        typeCode: input.typeCode,
        volumeMl: input.volumeMl,
        units,
        isFirst,
        recordedBy,
      },
      select: { id: true },
    });
    event = {
      donationId: created.id,
      chapterId,
      driveId: input.driveId ?? null,
      donatedOn: formatIsoDate(input.donatedOn),
      units,
      driveTotals,
      chapterYearTotals,
    };
    return created.id;
  });
  if (event && !replayed) await publishAfterCommit(ctx.pubsub, DONATION_RECORDED_TOPIC, event);
  return donationById(ctx.prisma, id);
}
