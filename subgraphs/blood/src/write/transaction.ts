// Every mutation runs in one transaction (a failure writes nothing). With an embedded database
// the pool has one connection: inside the work use only `tx`, never ctx.prisma. Idempotency
// keys go through core's one mechanism (receipts per caller, operation and key, with a hash of
// the input): a retry, or a concurrent twin, gets the first result.
import { inTransactionOf, requireIdentity, runIdempotent, type ReceiptValue } from "@chapters/core";
import type { Prisma } from "../generated/prisma/client.ts";
import type { BloodContext } from "../builder.ts";

export type Tx = Prisma.TransactionClient;

/** Runs `work` in one transaction (with the mutation's audit entry, docs/partners-and-audit.md). */
export function inTransaction<T>(ctx: BloodContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransactionOf<Tx, T>(ctx.prisma, work);
}

/** Runs `work` in one transaction, once per (caller, operation, idempotencyKey of `input`). */
export function once<R extends ReceiptValue>(
  ctx: BloodContext,
  operation: string,
  input: { idempotencyKey?: string | null },
  work: (tx: Tx) => Promise<R>,
): Promise<{ value: R; replayed: boolean }> {
  const { idempotencyKey, ...asked } = input;
  return runIdempotent<Tx, R>({
    transaction: (run) => inTransaction(ctx, run),
    subject: requireIdentity(ctx).subject,
    operation,
    key: idempotencyKey,
    input: asked,
    work,
  });
}
