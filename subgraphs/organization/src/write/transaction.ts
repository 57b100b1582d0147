// Idempotency for the organization's mutations through core's one mechanism (receipts keyed by
// caller, operation and key, holding a hash of the input and the first result).
import { inTransactionOf, requireIdentity, runIdempotent, type ReceiptValue } from "@chapters/core";
import { z } from "zod";
import type { OrgContext } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";

type Tx = Prisma.TransactionClient;

/** Runs `work` in one transaction, once per (caller, operation, idempotencyKey of `input`). */
export async function runOnce<R extends ReceiptValue>(
  ctx: OrgContext,
  operation: string,
  input: { idempotencyKey?: string | null },
  work: (tx: Tx) => Promise<R>,
): Promise<R> {
  const { idempotencyKey, ...asked } = input;
  const { value } = await runIdempotent<Tx, R>({
    // a tree change moves a chapter's members and ledger with it: a longer limit
    transaction: (run) => inTransactionOf(ctx.prisma, run, 120_000),
    subject: requireIdentity(ctx).subject,
    operation,
    key: idempotencyKey,
    input: asked,
    work,
  });
  return value;
}

/** An idempotency key as a mutation's input may carry it (absent: the mutation runs each time). */
export const idempotencyKey = z.string().min(1).max(200).nullish();
