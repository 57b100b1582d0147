// BL-ORGAN: registrations to donate tissue and organs after death, in the caller's slice.
import { empty, sql, todayInVietnam, type Sql } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import { inSliceFollowingMerges, sliceRoots } from "../access/slice.ts";

export interface OrganRow {
  id: string;
  chapterId: string;
  fullName: string;
  birthDate: Date | null;
  nationalId: string | null;
  phone: string | null;
  registeredOn: Date;
  organs: string[];
  consentSignedOn: Date;
  consentDocument: string;
  consentWitness: string | null;
  withdrawnOn: Date | null;
}

async function organWhere(ctx: BloodContext, year: number | null | undefined): Promise<Sql> {
  const roots = await sliceRoots(ctx);
  return sql`${inSliceFollowingMerges('"o"."chapterId"', roots, todayInVietnam())}
    ${year ? sql`AND o."registeredOn" >= make_date(${year}::int, 1, 1) AND o."registeredOn" < make_date(${year + 1}::int, 1, 1)` : empty}`;
}

export async function listOrganRegistrations(ctx: BloodContext, year: number | null | undefined, page: { limit: number; offset: number }): Promise<OrganRow[]> {
  const where = await organWhere(ctx, year);
  return ctx.prisma.$queryRaw<OrganRow[]>(sql`
    SELECT o.id::text AS id, o."chapterId"::text AS "chapterId", o."fullName", o."birthDate", o."nationalId", o.phone, o."registeredOn",
      o.organs, o."consentSignedOn", o."consentDocument", o."consentWitness", o."withdrawnOn"
    FROM "OrganRegistration" o WHERE ${where} ORDER BY o."registeredOn" DESC, o.id LIMIT ${page.limit} OFFSET ${page.offset}`);
}

export async function countOrganRegistrations(ctx: BloodContext, year: number | null | undefined): Promise<number> {
  const where = await organWhere(ctx, year);
  const [row] = await ctx.prisma.$queryRaw<{ n: number }[]>(sql`SELECT count(*)::int AS n FROM "OrganRegistration" o WHERE ${where}`);
  return row?.n ?? 0;
}
