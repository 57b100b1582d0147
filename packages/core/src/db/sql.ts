// The SQL tag every subgraph writes its raw statements with (Prisma's, so a statement runs on a
// Prisma client or transaction as `$queryRaw(sql`…`)`), and the shapes of a client it runs on.
// A leaf module: db/ and audit/ both use these types without importing each other.
import { empty, join, raw, sqltag as sql, type Sql } from "@prisma/client/runtime/client";

export { sql, join, raw, empty, type Sql };

/** A client or transaction that runs a read statement. */
export interface RawQuerier {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Sql, ...values: unknown[]): PromiseLike<T>;
}

/** A transaction (or client) that runs reads and writes. */
export interface RawTx extends RawQuerier {
  $executeRaw(query: TemplateStringsArray | Sql, ...values: unknown[]): PromiseLike<number>;
}

/** A subgraph's Prisma client, as far as transactions go. */
export interface TransactionalClient<Tx> {
  $transaction<T>(work: (tx: Tx) => Promise<T>, options?: { timeout?: number; maxWait?: number }): Promise<T>;
}

/** JSON a jsonb column holds: an idempotency receipt's result, an audit entry's records. */
export type ReceiptValue = string | number | boolean | null | ReceiptValue[] | { [key: string]: ReceiptValue };
