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
// record is deleted and the refusal returned. If it cannot be reached, the record stays PENDING:
// the background completer (supports/completer.ts) resumes it at step 2 once organization answers,
// and so does the same request sent again (writeSupport finds the pending twin by its reference).
// Either way the line's reference is the same, so the two racing still write one line and move
// the record once.
import { askSubgraph, badInput, conflict, forbidden, inTransactionOf, insertAuditEntry, notFound, serviceUnavailable, sql, type Identity, type RequestContext } from "@chapters/core";
import type { HumanitarianPrisma } from "../db.ts";
import { supportKindLabels } from "../labels.ts";
import type { SupportKind } from "../generated/prisma/enums.ts";
import type { Tx } from "../write/transaction.ts";
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

/** What the saga's steps 2 and 3 need: humanitarian's database and organization's address (a
 * request's context, or the completer's own connection). */
export interface FundSaga {
  prisma: HumanitarianPrisma;
  organizationUrl: string;
}

/** Set by the background completer: its steps are audited here, since no mutation frame does it. */
export interface CompleterAudit {
  requestId: string;
}

/** Steps 2 and 3 for a PENDING record (nothing when it is no longer pending), organization asked as
 * `identity`; true when this call moved it to RECORDED. */
export async function completeFundSpending(saga: FundSaga, identity: Identity, supportId: string, completer?: CompleterAudit): Promise<boolean> {
  const [pending] = await saga.prisma.$queryRaw<Pending[]>(sql`
    SELECT id::text AS id, "chapterId"::text AS "chapterId", "addressId"::text AS "addressId", kind, value, "givenOn", reference, "recordedBy"
    FROM "SupportRecord" WHERE id = ${supportId}::uuid AND "fundState" = 'PENDING'`);
  if (!pending) return false;
  let answer: Awaited<ReturnType<typeof askSubgraph<{ recordFundEntry: { id: string } }>>>;
  try {
    answer = await askSubgraph<{ recordFundEntry: { id: string } }>(saga.organizationUrl, "organization", identity, RECORD_SPENDING, {
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
      `The organization subgraph, which keeps the chapter's fund ledger, did not answer (${(error as Error).message}). The help is held as pending and counted nowhere until it is completed: that is done in the background once organization answers, or now by sending the same request again (same reference).`,
    );
  }
  const line = answer.data?.recordFundEntry;
  if (!line) {
    const refusal = answer.errors?.[0];
    const code = refusal?.extensions?.code ?? "CONFLICT";
    await inTransactionOf<Tx, void>(saga.prisma, async (tx) => {
      const undone = await tx.$executeRaw(sql`DELETE FROM "SupportRecord" WHERE id = ${pending.id}::uuid AND "fundState" = 'PENDING'`);
      if (undone && completer) await auditCompletion(tx, completer, identity, pending, code, null);
    });
    const message = `The chapter's fund ledger refused the spending (${refusal?.message ?? "no answer"}): nothing was recorded.`;
    throw (REFUSALS[code] ?? conflict)(message);
  }
  return inTransactionOf<Tx, boolean>(saga.prisma, async (tx) => {
    const moved = await tx.$executeRaw(sql`
      UPDATE "SupportRecord" SET "fundState" = 'RECORDED', "fundEntryId" = ${line.id}::uuid WHERE id = ${pending.id}::uuid AND "fundState" = 'PENDING'`);
    if (moved && pending.addressId) await markAddressSupported(tx, pending.addressId, pending.givenOn, pending.recordedBy);
    if (moved && completer) await auditCompletion(tx, completer, identity, pending, "OK", line.id);
    return moved > 0;
  });
}

/** The completer's audit entry, in the transaction that moves (or undoes) the record: filed under
 * the recorder it acted for, named as the completer's operation. */
async function auditCompletion(tx: Tx, completer: CompleterAudit, identity: Identity, pending: Pending, outcome: string, fundEntryId: string | null): Promise<void> {
  const ctx: RequestContext = { identity, requestId: completer.requestId, memo: new Map() };
  await insertAuditEntry(tx, ctx, {
    kind: "MUTATION",
    operation: "completeFundSpending",
    operationName: "fund-completer",
    variables: { supportId: pending.id, reference: pending.reference, fundReference: fundReference(pending.id) },
    chapterId: pending.chapterId,
    outcome,
    records: fundEntryId ? { supportId: pending.id, fundEntryId } : { supportId: pending.id },
  });
}
