// The states blood's live fields stream (BL-EVENTS, EM-LIVE), read whole from the database each time a
// burst of events settles — never summed from events, so a lost or repeated event cannot make a
// screen's figure drift. Read without the caller's slice: the slice is checked once, when the
// subscription opens, and the feed is shared by every screen watching the same thing.
import { inForce, sql } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import type { DriveRow } from "../drives/read.ts";

type Db = BloodContext["prisma"];

export interface DriveProgress {
  drive: DriveRow;
  donations: number;
  units: number;
}

export interface ChapterUnits {
  chapterId: string;
  year: number;
  units: number;
  donations: number;
}

export async function readDriveProgress(db: Db, driveId: string): Promise<DriveProgress | null> {
  const [row] = await db.$queryRaw<(DriveRow & { donations: number; units: number })[]>(sql`
    SELECT v.id::text AS id, v."chapterId"::text AS "chapterId", v.kind::text AS kind, v.name, v.place, v.date,
      v."targetUnits", v."bloodCentre", v."resultRecordedAt",
      (SELECT count(*)::int FROM "Donation" d WHERE d."driveId" = v.id) AS donations,
      (SELECT coalesce(sum(d.units), 0)::float8 FROM "Donation" d WHERE d."driveId" = v.id) AS units
    FROM "Drive" v WHERE v.id = ${driveId}::uuid`);
  if (!row) return null;
  const { donations, units, ...drive } = row;
  return { drive, donations, units };
}

/** Units collected in a year under a chapter: each donation counts under the chapters above its
 * chapter on the donation day, as the year's figures do (BL-TARGETS). */
export async function readChapterUnits(db: Db, chapterId: string, year: number): Promise<ChapterUnits> {
  const [row] = await db.$queryRaw<{ units: number; donations: number }[]>(sql`
    SELECT coalesce(sum(d.units), 0)::float8 AS units, count(*)::int AS donations
    FROM "Donation" d JOIN "TreeClosure" c ON c."descendantId" = d."chapterId" AND c."ancestorId" = ${chapterId}::uuid AND ${inForce("c", sql`d."donatedOn"`)}
    WHERE d."donatedOn" >= make_date(${year}::int, 1, 1) AND d."donatedOn" < make_date(${year + 1}::int, 1, 1)`);
  return { chapterId, year, units: row?.units ?? 0, donations: row?.donations ?? 0 };
}

/** Every chapter that has ever lain under a chapter: a donation elsewhere cannot move its figure. */
export async function chaptersEverUnder(db: Db, chapterId: string): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ id: string }[]>(sql`
    SELECT DISTINCT c."descendantId"::text AS id FROM "TreeClosure" c WHERE c."ancestorId" = ${chapterId}::uuid`);
  return new Set(rows.map((r) => r.id));
}
