// ORG-FUND: one line of a chapter's fund ledger (sổ quỹ). A line may name the document behind it
// (`reference`: a receipt or decision number, or "humanitarian-support:<id>" for help a chapter
// gives from its fund, HA-SUPPORT); the database keeps one line per (chapter, reference), so a
// step repeated after a lost answer — another subgraph's saga retrying — returns the line already
// written instead of spending twice. The same reference with other facts is CONFLICT.
import { conflict, formatIsoDate, sql } from "@chapters/core";
import type { Prisma } from "../generated/prisma/client.ts";
import type { FundEntryKind } from "../schema/enums.ts";

type Tx = Prisma.TransactionClient;

export interface NewFundEntry {
  chapterId: string;
  entryDate: Date;
  kind: "INCOME" | "SPENDING";
  amount: bigint;
  source: string;
  note?: string | null;
  reference?: string | null;
}

/** The line as the mutation returns it (the receipt stores JSON: the amount travels as digits). */
export type FundEntryResult = {
  id: string;
  entryDate: string;
  amount: string;
  kind: FundEntryKind;
  reference: string | null;
};

interface LineRow {
  id: string;
  entryDate: Date;
  amount: bigint;
  kind: FundEntryKind;
  reference: string | null;
}

const result = (r: LineRow): FundEntryResult => ({ id: r.id, entryDate: formatIsoDate(r.entryDate), amount: r.amount.toString(), kind: r.kind, reference: r.reference });

/** Writes the line, or returns the one its reference already names (same facts) — in `tx`. */
export async function writeFundEntry(tx: Tx, input: NewFundEntry, by: string): Promise<FundEntryResult> {
  const reference = input.reference?.trim() || null;
  // ON CONFLICT DO NOTHING: a concurrent twin waits for the first to commit, then writes nothing
  const [written] = await tx.$queryRaw<LineRow[]>(sql`
    INSERT INTO "FundEntry" (id, "chapterId", "entryDate", kind, amount, source, note, reference, "recordedBy")
    VALUES (gen_random_uuid(), ${input.chapterId}::uuid, ${input.entryDate}::date, ${input.kind}::"FundEntryKind", ${input.amount},
      ${input.source}, ${input.note ?? null}, ${reference}, ${by})
    ON CONFLICT ("chapterId", reference) DO NOTHING
    RETURNING id::text AS id, "entryDate", amount, kind::text AS kind, reference`);
  if (written) return result(written);
  const [existing] = await tx.$queryRaw<LineRow[]>(sql`
    SELECT id::text AS id, "entryDate", amount, kind::text AS kind, reference FROM "FundEntry"
    WHERE "chapterId" = ${input.chapterId}::uuid AND reference = ${reference}`);
  if (!existing) throw new Error("a fund line refused as a duplicate could not be read back");
  const same = existing.kind === input.kind && existing.amount === input.amount && formatIsoDate(existing.entryDate) === formatIsoDate(input.entryDate);
  if (!same) {
    throw conflict(`Reference ${reference} is already on this chapter's fund ledger (${existing.kind} of ${existing.amount} đồng on ${formatIsoDate(existing.entryDate)}): a document is entered once; correct that line instead.`, {
      fundEntryId: existing.id,
    });
  }
  return result(existing);
}
