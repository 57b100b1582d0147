// Reading drives (BL-EVENTS) in the caller's slice as it stood on each drive's day, and their
// results, batched over every drive of a page.
import { empty, raw, requestLoader, sql, type Sql } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import type { DriveKind, RegistrationStatus } from "../generated/prisma/enums.ts";
import { inSlice, sliceRoots, underChapterCode } from "../access/slice.ts";

export interface DriveRow {
  id: string;
  chapterId: string;
  kind: DriveKind;
  name: string;
  place: string;
  date: Date;
  targetUnits: number;
  bloodCentre: string;
  resultRecordedAt: Date | null;
}

export interface DriveResult {
  driveId: string;
  unitsCollected: number;
  donations: number;
  firstTimeDonors: number;
  registrations: number;
  walkIns: number;
  checkedIn: number;
  deferredDonors: number;
}

const DRIVE_COLUMNS = sql`v.id::text AS id, v."chapterId"::text AS "chapterId", v.kind::text AS kind, v.name, v.place, v.date,
  v."targetUnits", v."bloodCentre", v."resultRecordedAt"`;

export interface DriveFilter {
  year?: number | null;
  chapterCode?: string | null;
}

async function driveWhere(ctx: BloodContext, filter: DriveFilter): Promise<Sql> {
  const roots = await sliceRoots(ctx);
  const onDay = raw(`"v"."date"`);
  return sql`${inSlice('"v"."chapterId"', roots, onDay)}
    ${filter.year ? sql`AND v.date >= make_date(${filter.year}::int, 1, 1) AND v.date < make_date(${filter.year + 1}::int, 1, 1)` : empty}
    ${filter.chapterCode ? sql`AND ${underChapterCode('"v"."chapterId"', filter.chapterCode, onDay)}` : empty}`;
}

export async function listDrives(ctx: BloodContext, filter: DriveFilter, page: { limit: number; offset: number }): Promise<DriveRow[]> {
  const where = await driveWhere(ctx, filter);
  return ctx.prisma.$queryRaw<DriveRow[]>(sql`
    SELECT ${DRIVE_COLUMNS} FROM "Drive" v WHERE ${where} ORDER BY v.date DESC, v.name, v.id LIMIT ${page.limit} OFFSET ${page.offset}`);
}

export async function countDrives(ctx: BloodContext, filter: DriveFilter): Promise<number> {
  const where = await driveWhere(ctx, filter);
  const [row] = await ctx.prisma.$queryRaw<{ n: number }[]>(sql`SELECT count(*)::int AS n FROM "Drive" v WHERE ${where}`);
  return row?.n ?? 0;
}

export async function driveById(ctx: BloodContext, id: string): Promise<DriveRow | null> {
  const where = await driveWhere(ctx, {});
  const [row] = await ctx.prisma.$queryRaw<DriveRow[]>(sql`SELECT ${DRIVE_COLUMNS} FROM "Drive" v WHERE v.id = ${id}::uuid AND ${where}`);
  return row ?? null;
}

/** Results of many drives in one statement (no personal data: counts only). */
export async function driveResults(db: { $queryRaw<T>(q: Sql): PromiseLike<T> }, ids: readonly string[]): Promise<Map<string, DriveResult>> {
  const rows = await db.$queryRaw<DriveResult[]>(sql`
    SELECT x.id::text AS "driveId",
      coalesce(d.units, 0)::float8 AS "unitsCollected", coalesce(d.n, 0)::int AS donations, coalesce(d.first, 0)::int AS "firstTimeDonors",
      coalesce(r.n, 0)::int AS registrations, coalesce(r."walkIns", 0)::int AS "walkIns",
      coalesce(r."checkedIn", 0)::int AS "checkedIn", coalesce(r.deferred, 0)::int AS "deferredDonors"
    FROM unnest(${[...ids]}::uuid[]) AS x(id)
    LEFT JOIN (SELECT "driveId", sum(units) AS units, count(*) AS n, count(*) FILTER (WHERE "isFirst") AS first
               FROM "Donation" WHERE "driveId" = ANY(${[...ids]}::uuid[]) GROUP BY "driveId") d ON d."driveId" = x.id
    LEFT JOIN (SELECT "driveId", count(*) AS n, count(*) FILTER (WHERE "walkIn") AS "walkIns",
                 count(*) FILTER (WHERE "checkedInAt" IS NOT NULL) AS "checkedIn", count(*) FILTER (WHERE status = 'DEFERRED') AS deferred
               FROM "DriveRegistration" WHERE "driveId" = ANY(${[...ids]}::uuid[]) GROUP BY "driveId") r ON r."driveId" = x.id`);
  return new Map(rows.map((r) => [r.driveId, r]));
}

export function driveResultLoader(ctx: BloodContext) {
  return requestLoader<string, DriveResult>(ctx, "drive-result", async (ids) => {
    const results = await driveResults(ctx.prisma, ids);
    return ids.map((id) => results.get(id)!);
  });
}

export interface RegistrationRow {
  id: string;
  driveId: string;
  donorId: string;
  walkIn: boolean;
  status: RegistrationStatus;
  checkedInAt: Date | null;
}

export function registrationsLoader(ctx: BloodContext) {
  return requestLoader<string, RegistrationRow[]>(ctx, "drive-registrations", async (ids) => {
    const rows = await ctx.prisma.$queryRaw<RegistrationRow[]>(sql`
      SELECT r.id::text AS id, r."driveId"::text AS "driveId", r."donorId"::text AS "donorId", r."walkIn", r.status::text AS status, r."checkedInAt"
      FROM "DriveRegistration" r WHERE r."driveId" = ANY(${[...ids]}::uuid[]) ORDER BY r."registeredAt", r.id`);
    const byDrive = new Map<string, RegistrationRow[]>();
    for (const r of rows) byDrive.set(r.driveId, [...(byDrive.get(r.driveId) ?? []), r]);
    return ids.map((id) => byDrive.get(id) ?? []);
  });
}
