// Every emulation mutation runs in one transaction (a failure writes nothing), through core's
// receipts for idempotency keys. With an embedded database the pool has one connection: inside
// the work use only `tx`, never ctx.prisma.
import { inTransactionOf, requireIdentity, runOnceIn, type ReceiptValue } from "@chapters/core";
import type { EmulationContext } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export type Tx = Prisma.TransactionClient;

/** Runs `work` in one transaction of this subgraph. */
export const inTransaction = <T>(ctx: EmulationContext, work: (tx: Tx) => Promise<T>): Promise<T> => inTransactionOf<Tx, T>(ctx.prisma, work);

/** Runs `work` once per (caller, operation, idempotencyKey of `input`). */
export const once = <R extends ReceiptValue>(ctx: EmulationContext, operation: string, input: { idempotencyKey?: string | null }, work: (tx: Tx) => Promise<R>, onRace?: () => Error) =>
  runOnceIn<Tx, R>(ctx.prisma, requireIdentity(ctx).subject, operation, input, work, onRace);
