// What moves when chapters end (ORG-REFORM: "members, funds and open work move with a merge, and
// with a dissolution they pass to the chapter that takes over the area"): a merge to its
// successor, a dissolution to the parent (or the chapter named), a split to the part named — so
// no money or member is left on a chapter that no longer exists. In the same transaction as the
// change itself. History is kept, not rewritten:
//   - memberships in force on the merge date end that day (endReason MOVED) and continue at the
//     successor from that day, in the same lineage (so dues paid before the merge still count);
//     memberships starting later are simply re-attached to the successor;
//   - each merged chapter's fund balance on the eve of the merge leaves it (TRANSFER_OUT) and
//     enters the successor (TRANSFER_IN) on the merge date; later-dated lines move over;
//   - organisations listed in the merged chapter's area are delisted there and listed at the
//     successor from the merge date;
//   - clubs and teams are re-attached to the successor (they carry no dated figures).
// So a report as of a date before the merge shows the old chapters with their figures, one on or
// after it shows the successor with them, and sums over any subtree never count anything twice.
import type { Prisma } from "../generated/prisma/client.ts";

type Tx = Prisma.TransactionClient;

/** Why the holdings move, as the ledger's source line says it. */
export const HOLDINGS_REASONS = { MERGE: "Sáp nhập", DISSOLVE: "Giải thể", SPLIT: "Chia tách" } as const;

export async function moveHoldings(
  tx: Tx,
  sourceIds: string[],
  successorId: string,
  at: Date,
  recordedBy: string,
  reason: keyof typeof HOLDINGS_REASONS = "MERGE",
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "Membership" (id, "personId", "chapterId", kind, "joinedOn", "leftOn", "endReason", "lineageId")
    SELECT gen_random_uuid(), m."personId", ${successorId}::uuid, m.kind, ${at}::date, m."leftOn", m."endReason", m."lineageId"
    FROM "Membership" m
    WHERE m."chapterId" = ANY(${sourceIds}::uuid[]) AND m."joinedOn" < ${at}::date AND (m."leftOn" IS NULL OR m."leftOn" > ${at}::date)`;
  await tx.$executeRaw`
    UPDATE "Membership" SET "leftOn" = ${at}::date, "endReason" = 'MOVED'
    WHERE "chapterId" = ANY(${sourceIds}::uuid[]) AND "joinedOn" < ${at}::date AND ("leftOn" IS NULL OR "leftOn" > ${at}::date)`;
  await tx.$executeRaw`
    UPDATE "Membership" SET "chapterId" = ${successorId}::uuid WHERE "chapterId" = ANY(${sourceIds}::uuid[]) AND "joinedOn" >= ${at}::date`;

  await tx.$executeRaw`
    UPDATE "FundEntry" SET "chapterId" = ${successorId}::uuid WHERE "chapterId" = ANY(${sourceIds}::uuid[]) AND "entryDate" >= ${at}::date`;
  await tx.$executeRaw`
    WITH balances AS (
      SELECT "chapterId", sum(CASE WHEN kind IN ('INCOME', 'TRANSFER_IN') THEN amount ELSE -amount END) AS balance
      FROM "FundEntry" WHERE "chapterId" = ANY(${sourceIds}::uuid[]) AND "entryDate" < ${at}::date
      GROUP BY "chapterId" HAVING sum(CASE WHEN kind IN ('INCOME', 'TRANSFER_IN') THEN amount ELSE -amount END) <> 0
    )
    INSERT INTO "FundEntry" (id, "chapterId", "entryDate", kind, amount, source, note, "recordedBy")
    SELECT gen_random_uuid(), side.chapter, ${at}::date, side.kind::"FundEntryKind", abs(b.balance), ${HOLDINGS_REASONS[reason]}, side.note, ${recordedBy}
    FROM balances b CROSS JOIN LATERAL (VALUES
      (b."chapterId", CASE WHEN b.balance > 0 THEN 'TRANSFER_OUT' ELSE 'TRANSFER_IN' END, 'Chuyển số dư quỹ sang Hội kế thừa'),
      (${successorId}::uuid, CASE WHEN b.balance > 0 THEN 'TRANSFER_IN' ELSE 'TRANSFER_OUT' END, 'Nhận số dư quỹ của Hội kết thúc hoạt động')
    ) AS side(chapter, kind, note)`;

  await tx.$executeRaw`
    INSERT INTO "Organisation" (id, "chapterId", kind, name, "hasRedCross", "redCrossSince", "listedOn", "delistedOn")
    SELECT gen_random_uuid(), ${successorId}::uuid, kind, name, "hasRedCross", "redCrossSince", ${at}::date, "delistedOn"
    FROM "Organisation" WHERE "chapterId" = ANY(${sourceIds}::uuid[]) AND "listedOn" < ${at}::date AND ("delistedOn" IS NULL OR "delistedOn" > ${at}::date)`;
  await tx.$executeRaw`
    UPDATE "Organisation" SET "delistedOn" = ${at}::date
    WHERE "chapterId" = ANY(${sourceIds}::uuid[]) AND "listedOn" < ${at}::date AND ("delistedOn" IS NULL OR "delistedOn" > ${at}::date)`;
  await tx.$executeRaw`
    UPDATE "Organisation" SET "chapterId" = ${successorId}::uuid WHERE "chapterId" = ANY(${sourceIds}::uuid[]) AND "listedOn" >= ${at}::date`;

  await tx.club.updateMany({ where: { chapterId: { in: sourceIds } }, data: { chapterId: successorId } });
}
