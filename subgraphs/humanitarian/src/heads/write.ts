// HA-PLEDGE, ORG-PEOPLE: a chapter's list of heads written from an imported file, in one statement
// whatever its length. A row is keyed by (chapter, Mã): importing the same file again changes
// nothing, and a corrected file updates the rows it names. A head's sponsor record must be one the
// caller sees; otherwise the row is refused and nothing is written.
import { sql } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { inSliceFollowingHistory, requireChapterInSlice } from "../access/slice.ts";
import { rowsRejected } from "../addresses/import.ts";
import { once } from "../write/transaction.ts";
import { HEAD_COLUMNS, type HeadRow } from "./import.ts";

export interface HeadsImported {
  added: number;
  updated: number;
  unchanged: number;
}

export async function importHeads(ctx: HumanitarianContext, roots: string[], by: string, chapterId: string, rows: HeadRow[], key: string | null | undefined, digest: string): Promise<HeadsImported> {
  const asked = { idempotencyKey: key, chapterId, digest };
  const { value } = await once<HeadsImported & Record<string, number>>(ctx, "importAgencyHeads", asked, async (tx) => {
    await requireChapterInSlice(tx, roots, chapterId);
    const sponsorIds = [...new Set(rows.flatMap((r) => (r.sponsorId ? [r.sponsorId] : [])))];
    const seen = new Set(
      (await tx.$queryRaw<{ id: string }[]>(sql`
        SELECT p.id::text AS id FROM "Sponsor" p WHERE p.id = ANY(${sponsorIds}::uuid[]) AND ${inSliceFollowingHistory('"p"."chapterId"', roots)}`)).map((r) => r.id),
    );
    const unknown = rows.filter((r) => r.sponsorId && !seen.has(r.sponsorId));
    if (unknown.length) throw rowsRejected(unknown.map((r) => ({ row: r.line, column: HEAD_COLUMNS.sponsorId, message: `no sponsor ${r.sponsorId} in your chapters` })));
    const written = await tx.$queryRaw<{ added: boolean }[]>(sql`
      INSERT INTO "AgencyHead" (id, "chapterId", reference, "fullName", position, organisation, phone, "servesFrom", "servesUntil", "sponsorId", "recordedBy")
      SELECT gen_random_uuid(), ${chapterId}::uuid, r.reference, r."fullName", r.position, r.organisation, r.phone, r."servesFrom", r."servesUntil", r."sponsorId", ${by}
      FROM unnest(${rows.map((r) => r.reference)}::text[], ${rows.map((r) => r.fullName)}::text[], ${rows.map((r) => r.position)}::text[],
        ${rows.map((r) => r.organisation)}::text[], ${rows.map((r) => r.phone)}::text[], ${rows.map((r) => r.servesFrom)}::date[],
        ${rows.map((r) => r.servesUntil)}::date[], ${rows.map((r) => r.sponsorId)}::uuid[])
        AS r(reference, "fullName", position, organisation, phone, "servesFrom", "servesUntil", "sponsorId")
      ON CONFLICT ("chapterId", reference) DO UPDATE SET "fullName" = EXCLUDED."fullName", position = EXCLUDED.position, organisation = EXCLUDED.organisation,
        phone = EXCLUDED.phone, "servesFrom" = EXCLUDED."servesFrom", "servesUntil" = EXCLUDED."servesUntil", "sponsorId" = EXCLUDED."sponsorId", "recordedBy" = EXCLUDED."recordedBy"
      WHERE ("AgencyHead"."fullName", "AgencyHead".position, "AgencyHead".organisation, "AgencyHead".phone, "AgencyHead"."servesFrom", "AgencyHead"."servesUntil", "AgencyHead"."sponsorId")
        IS DISTINCT FROM (EXCLUDED."fullName", EXCLUDED.position, EXCLUDED.organisation, EXCLUDED.phone, EXCLUDED."servesFrom", EXCLUDED."servesUntil", EXCLUDED."sponsorId")
      RETURNING (xmax = 0) AS added`);
    const added = written.filter((w) => w.added).length;
    return { added, updated: written.length - added, unchanged: rows.length - written.length };
  });
  return value;
}
