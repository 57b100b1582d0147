// Reading donations, batched: the pages of many donors' histories in one statement.
import { sql, windowedPages, type Page } from "@chapters/core";
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

/** Newest first, `limit` after `offset`, for each donor, with the number of the donor's donations
 * counted in the same statement. */
export async function donationPages(ctx: BloodContext, donorIds: readonly string[], page: Page): Promise<{ items: DonationRow[]; total: number }[]> {
  return windowedPages<DonationRow>(ctx.prisma, sql`
    SELECT ${DONATION_COLUMNS}, row_number() OVER (PARTITION BY d."donorId" ORDER BY d."donatedOn" DESC, d."recordedAt" DESC, d.id)::int AS n,
      count(*) OVER (PARTITION BY d."donorId")::int AS total
    FROM "Donation" d JOIN "DonationType" t ON t.code = d."typeCode"
    WHERE d."donorId" = ANY(${[...donorIds]}::uuid[])`, page, donorIds, (r) => r.donorId);
}
