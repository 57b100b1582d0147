// Every mutation runs in one transaction (a failure writes nothing). With an embedded database
// the pool has one connection: inside the work use only `tx`, never ctx.prisma. Idempotency keys
// go through core's receipts (per caller, operation and key, with a hash of the input). A lost
// race the database refused (a unique index) becomes the CONFLICT message the caller gets.
import { inTransactionOf, requireIdentity, runOnceIn, type ReceiptValue } from "@chapters/core";
import type { GraphQLError } from "graphql";
import type { Prisma } from "../generated/prisma/client.ts";
import type { HumanitarianContext } from "../builder.ts";

export type Tx = Prisma.TransactionClient;

/** Runs `work` in one transaction of this subgraph (with the mutation's audit entry, docs/partners-and-audit.md). */
export function inTransaction<T>(ctx: HumanitarianContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransactionOf<Tx, T>(ctx.prisma, work);
}

/** Runs `work` in one transaction, once per (caller, operation, idempotencyKey of `input`);
 * `onRace` names what a unique-index violation means for this operation. */
export const once = <R extends ReceiptValue>(ctx: HumanitarianContext, operation: string, input: { idempotencyKey?: string | null }, work: (tx: Tx) => Promise<R>, onRace?: () => GraphQLError) =>
  runOnceIn<Tx, R>(ctx.prisma, requireIdentity(ctx).subject, operation, input, work, onRace);
