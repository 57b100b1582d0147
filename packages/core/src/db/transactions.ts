// A write's transaction: every subgraph opens it the same way, with limits generous enough for
// a write that waits on a row lock, and its audit entry written inside it (audit/mutations.ts).
import { auditedTransaction } from "../audit/mutations.ts";
import type { TransactionalClient } from "./sql.ts";

/** Runs `work` in one transaction of `client` (generous limits: a write may wait on a row lock);
 * inside a mutation, its audit entry is written in the same transaction. */
export function inTransactionOf<Tx, T>(client: TransactionalClient<Tx>, work: (tx: Tx) => Promise<T>, timeout = 60_000): Promise<T> {
  return auditedTransaction(client, work, { timeout, maxWait: 30_000 });
}
