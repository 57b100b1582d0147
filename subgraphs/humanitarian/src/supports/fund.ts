// HA-SUPPORT, ORG-FUND: help a chapter gives from its own fund ("Hội trợ giúp") is two records in two
// subgraphs — the support record here and a SPENDING line in organization's fund ledger — kept as
// one saga that can neither half-happen nor count twice:
//   1. the support record is written PENDING (fundState) in humanitarian's transaction; a PENDING
//      record is counted nowhere (figures, rollups, campaign progress all skip it);
//   2. organization is asked, as the caller, to write the ledger line whose reference is
//      "humanitarian-support:<id>" — one line per reference and chapter, so a repeated step returns
//      the line already written (organization/src/funds/write.ts);
//   3. the record becomes RECORDED with the line's id (now counted), in one statement that only
//      moves a PENDING record.
// If organization refuses (no fund rights over the chapter, a bad date), step 1 is undone: the
// record is deleted and the refusal returned. If it cannot be reached, the record stays PENDING and
// the caller is told to send the same request again: that resumes at step 2 (writeSupport finds the
// pending twin by its reference) and still writes one line.
import { askSubgraph, badInput, conflict, forbidden, notFound, requireIdentity, serviceUnavailable, sql } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { supportKindLabels } from "../labels.ts";
import type { SupportKind } from "../generated/prisma/enums.ts";
import { inTransaction } from "../write/transaction.ts";
import { markAddressSupported } from "./status.ts";

const RECORD_SPENDING = `mutation HumanitarianFundSpending($i: FundEntryInput!) { recordFundEntry(input: $i) { id } }`;

/** Organization's refusal, passed on with its own code. */
const REFUSALS: Record<string, (message: string) => Error> = { BAD_USER_INPUT: badInput, FORBIDDEN: forbidden, NOT_FOUND: notFound };

/** The reference of a support record's line in the fund ledger. */
export const fundReference = (supportId: string) => `humanitarian-support:${supportId}`;

interface Pending {
  id: string;
  chapterId: string;
  addressId: string | null;
  kind: SupportKind;
  value: bigint;
  givenOn: Date;
  reference: string;
  recordedBy: string;
}

/** Steps 2 and 3 for a PENDING record (nothing when it is no longer pending). */
export async function completeFundSpending(ctx: HumanitarianContext, supportId: string): Promise<void> {
  const [pending] = await ctx.prisma.$queryRaw<Pending[]>(sql`
    SELECT id::text AS id, "chapterId"::text AS "chapterId", "addressId"::text AS "addressId", kind, value, "givenOn", reference, "recordedBy"
    FROM "SupportRecord" WHERE id = ${supportId}::uuid AND "fundState" = 'PENDING'`);
  if (!pending) return;
  let answer: Awaited<ReturnType<typeof askSubgraph<{ recordFundEntry: { id: string } }>>>;
  try {
    answer = await askSubgraph<{ recordFundEntry: { id: string } }>(ctx.organizationUrl, "organization", requireIdentity(ctx), RECORD_SPENDING, {
      i: {
        chapterId: pending.chapterId,
        entryDate: pending.givenOn.toISOString().slice(0, 10),
        kind: "SPENDING",
        amount: pending.value.toString(),
        source: `Trợ giúp nhân đạo: ${supportKindLabels[pending.kind]} (${pending.reference})`,
        reference: fundReference(pending.id),
      },
    });
  } catch (error) {
    throw serviceUnavailable(
      `The organization subgraph, which keeps the chapter's fund ledger, did not answer (${(error as Error).message}). The help is held as pending and counted nowhere: send the same request again (same reference) to complete it.`,
    );
  }
  const line = answer.data?.recordFundEntry;
  if (!line) {
    const refusal = answer.errors?.[0];
    await inTransaction(ctx, (tx) => tx.$executeRaw(sql`DELETE FROM "SupportRecord" WHERE id = ${pending.id}::uuid AND "fundState" = 'PENDING'`));
    const message = `The chapter's fund ledger refused the spending (${refusal?.message ?? "no answer"}): nothing was recorded.`;
    throw (REFUSALS[refusal?.extensions?.code ?? ""] ?? conflict)(message);
  }
  await inTransaction(ctx, async (tx) => {
    const moved = await tx.$executeRaw(sql`
      UPDATE "SupportRecord" SET "fundState" = 'RECORDED', "fundEntryId" = ${line.id}::uuid WHERE id = ${pending.id}::uuid AND "fundState" = 'PENDING'`);
    if (moved && pending.addressId) await markAddressSupported(tx, pending.addressId, pending.givenOn, pending.recordedBy);
  });
}
