// Reading donations, batched: the pages of many donors' histories in one statement.
import { sql } from "@chapters/core";
import type { BloodContext } from "../builder.ts";

export interface DonationRow {
  id: string;
  donorId: string;
  chapterId: string;
  driveId: string | null;
  donatedOn: Date;
  typeCode: string;
  typeLabel: string;
  volumeMl: number;
  units: number;
  isFirst: boolean;
}

export const DONATION_COLUMNS = sql`d.id::text AS id, d."donorId"::text AS "donorId", d."chapterId"::text AS "chapterId",
  d."driveId"::text AS "driveId", d."donatedOn", d."typeCode", t.label AS "typeLabel", d."volumeMl", d.units::float8 AS units, d."isFirst"`;

/** Newest first, `limit` after `offset`, for each donor. */
export async function donationPages(
  ctx: BloodContext,
  donorIds: readonly string[],
  page: { limit: number; offset: number },
): Promise<Map<string, DonationRow[]>> {
  const rows = await ctx.prisma.$queryRaw<(DonationRow & { n: number })[]>(sql`
    SELECT * FROM (
      SELECT ${DONATION_COLUMNS}, row_number() OVER (PARTITION BY d."donorId" ORDER BY d."donatedOn" DESC, d."recordedAt" DESC, d.id)::int AS n
      FROM "Donation" d JOIN "DonationType" t ON t.code = d."typeCode"
      WHERE d."donorId" = ANY(${[...donorIds]}::uuid[])) p
    WHERE p.n > ${page.offset} AND p.n <= ${page.offset + page.limit}
    ORDER BY p."donorId", p.n`);
  const byDonor = new Map<string, DonationRow[]>();
  for (const r of rows) byDonor.set(r.donorId, [...(byDonor.get(r.donorId) ?? []), r]);
  return byDonor;
}
