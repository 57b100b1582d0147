// Recording a donation (BL-DONORS): refused inside the interval of the donor's last donation
// type or during a deferral, with the date the donor becomes eligible; counted once per
// idempotency key; its progress event goes out after commit.
import { addDays, badInput, conflict, formatIsoDate, notFound, sql } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import { inSlice } from "../access/slice.ts";
import { requireDonorInSlice } from "../access/write.ts";
import { eligibility, reasonLabels } from "../donors/eligibility.ts";
import { donorStatusQuery, type DonorStatus } from "../donors/read.ts";
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

interface DonationType {
  code: string;
  intervalDays: number;
}

/** What the checks of one new donation read about its donor and day, in one statement (each
 * statement of a write is a round trip, the largest part of a donation's cost): the donor's status
 * on the day (BL-DONORS), a donation already recorded that day, the next later donation, and the
 * donation types with their intervals. The donor is locked: nothing changes these before commit. */
interface DonationFacts extends DonorStatus {
  sameDayId: string | null;
  laterOn: Date | null;
  types: DonationType[];
}

async function donationFacts(tx: Tx, input: NewDonation): Promise<DonationFacts> {
  const [row] = await tx.$queryRaw<DonationFacts[]>(sql`
    SELECT s.*,
      (SELECT d.id::text FROM "Donation" d WHERE d."donorId" = ${input.donorId}::uuid AND d."donatedOn" = ${input.donatedOn}::date LIMIT 1) AS "sameDayId",
      (SELECT d."donatedOn" FROM "Donation" d WHERE d."donorId" = ${input.donorId}::uuid AND d."donatedOn" > ${input.donatedOn}::date
        ORDER BY d."donatedOn" LIMIT 1) AS "laterOn",
      (SELECT coalesce(json_agg(json_build_object('code', t.code, 'intervalDays', t."intervalDays") ORDER BY t.code), '[]') FROM "DonationType" t) AS types
    FROM (${donorStatusQuery([input.donorId], input.donatedOn)}) s`);
  return row!;
}

function requireType(types: DonationType[], code: string): DonationType {
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

function requireEligible(facts: DonationFacts, input: NewDonation, type: DonationType): void {
  const verdict = eligibility(facts, input.donatedOn);
  if (verdict.reason) {
    const until = verdict.eligibleOn ? `The donor may donate again from ${formatIsoDate(verdict.eligibleOn)}.` : "The deferral has no end date: lift it first.";
    const why =
      verdict.reason === "DEFERRAL"
        ? `the donor is deferred (${facts.deferralReason ?? "deferral"}) on ${formatIsoDate(input.donatedOn)}`
        : `the last donation (${facts.lastTypeCode}, ${formatIsoDate(facts.lastDonatedOn!)}) needs ${facts.intervalDays} days before the next`;
    throw badInput(`Not eligible: ${why}. ${until}`, {
      reason: verdict.reason,
      reasonLabel: reasonLabels[verdict.reason],
      eligibleOn: verdict.eligibleOn ? formatIsoDate(verdict.eligibleOn) : null,
    });
  }
  // a back-dated donation must not put a later one inside its own interval
  if (facts.laterOn && addDays(input.donatedOn, type.intervalDays) > facts.laterOn) {
    throw badInput(`Not eligible: the donor donated again on ${formatIsoDate(facts.laterOn)}, within ${type.intervalDays} days after ${formatIsoDate(input.donatedOn)}.`, {
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

/** Whether the new donation is the donor's first (none on or before its day; the donor is locked:
 * nothing races); when it is, the donation that was first until now becomes a repeat. */
async function takeFirstPlace(tx: Tx, facts: DonationFacts, donorId: string): Promise<boolean> {
  if (facts.donationCount > 0) return false;
  await tx.$executeRaw(sql`UPDATE "Donation" SET "isFirst" = FALSE WHERE "donorId" = ${donorId}::uuid AND "isFirst"`);
  return true;
}

async function totals(tx: Tx, where: ReturnType<typeof sql>): Promise<RunningTotals> {
  const [row] = await tx.$queryRaw<RunningTotals[]>(sql`
    SELECT coalesce(sum(d.units), 0)::float8 AS units, count(*)::int AS donations FROM "Donation" d WHERE ${where}`);
  return row ?? { units: 0, donations: 0 };
}

/** A second donation by the same donor on the same day is the same donation recorded twice. */
function refuseSameDay(facts: DonationFacts, input: NewDonation): void {
  if (facts.sameDayId) {
    throw conflict(`A donation by this donor on ${formatIsoDate(input.donatedOn)} is already recorded (${facts.sameDayId}): it is not recorded twice.`, {
      existingId: facts.sameDayId,
    });
  }
}

export async function recordDonation(ctx: BloodContext, roots: string[], recordedBy: string, input: NewDonation): Promise<DonationRow> {
  let event: DonationRecordedEvent | null = null;
  const { value: id, replayed } = await once(ctx, "recordDonation", input, async (tx) => {
    // BL-DONORS intervals hold under concurrency: the donor's row stays locked until commit, so a
    // second donation for the donor waits here and then sees the first one.
    const donor = await requireDonorInSlice(tx, roots, input.donorId, { lock: true });
    const facts = await donationFacts(tx, input);
    const type = requireType(facts.types, input.typeCode);
    const chapterId = await creditedChapter(tx, roots, input, donor.chapterId);
    refuseSameDay(facts, input);
    requireEligible(facts, input, type);
    const isFirst = await takeFirstPlace(tx, facts, input.donorId);
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
