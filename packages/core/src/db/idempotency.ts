// Idempotency keys, one mechanism for every subgraph. A key belongs to one caller and one
// operation: the table "IdempotencyReceipt" (subject, operation, key) in the subgraph's own
// schema holds a hash of the input and the first result. The receipt row is claimed with an
// INSERT at the start of the mutation's transaction, so concurrent twins wait on its unique
// index until the first commits and then replay its result; they never run the work twice. The
// same key with other input is a CONFLICT; another caller's key is simply another key.
import { createHash } from "node:crypto";
import { markReplayed } from "../audit/mutations.ts";
import { conflict } from "../errors.ts";
import { classifyDatabaseFailure } from "./failures.ts";
import { sql, type RawTx, type ReceiptValue, type TransactionalClient } from "./sql.ts";
import { inTransactionOf } from "./transactions.ts";

export interface IdempotentWrite<Tx extends RawTx, R extends ReceiptValue> {
  /** runs the work in one transaction (the subgraph's `$transaction`) */
  transaction: <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;
  /** the caller (token subject) */
  subject: string;
  operation: string;
  key?: string | null;
  /** what the caller asked for, without the key: a reuse of the key must ask the same */
  input: unknown;
  work: (tx: Tx) => Promise<R>;
}

/** JSON with sorted keys, dates as ISO strings and bigints as digits: equal input, equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (typeof v === "bigint") return v.toString();
    if (v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

export function inputHash(operation: string, input: unknown): string {
  return createHash("sha256").update(operation).update("\u0000").update(canonical(input ?? null)).digest("hex");
}

/** Runs `work` once per (caller, operation, key); without a key it simply runs in a transaction. */
export async function runIdempotent<Tx extends RawTx, R extends ReceiptValue>(
  write: IdempotentWrite<Tx, R>,
): Promise<{ value: R; replayed: boolean }> {
  const { key, subject, operation } = write;
  if (!key) return { value: await write.transaction(write.work), replayed: false };
  const hash = inputHash(operation, write.input);
  return write.transaction(async (tx) => {
    const claimed = await tx.$queryRaw<unknown[]>(sql`
      INSERT INTO "IdempotencyReceipt" (subject, operation, key, "inputHash") VALUES (${subject}, ${operation}, ${key}, ${hash})
      ON CONFLICT (subject, operation, key) DO NOTHING RETURNING 1 AS claimed`);
    if (!claimed.length) {
      const [earlier] = await tx.$queryRaw<{ inputHash: string; result: R }[]>(sql`
        SELECT "inputHash", result FROM "IdempotencyReceipt" WHERE subject = ${subject} AND operation = ${operation} AND key = ${key}`);
      if (!earlier || earlier.inputHash !== hash) {
        throw conflict(`The idempotency key "${key}" was already used for another ${operation} request with different input: send a new key for a new request.`);
      }
      markReplayed();
      return { value: earlier.result, replayed: true };
    }
    const value = await write.work(tx);
    await tx.$executeRaw(sql`
      UPDATE "IdempotencyReceipt" SET result = ${canonical(value)}::jsonb
      WHERE subject = ${subject} AND operation = ${operation} AND key = ${key}`);
    return { value, replayed: false };
  });
}

/** `runIdempotent` for a subgraph's client: one transaction, once per (caller, operation, key of
 * `input`); a unique-index violation the database raised becomes `onRace()` (a CONFLICT). */
export async function runOnceIn<Tx extends RawTx, R extends ReceiptValue>(
  client: TransactionalClient<Tx>,
  subject: string,
  operation: string,
  input: { idempotencyKey?: string | null },
  work: (tx: Tx) => Promise<R>,
  onRace?: () => Error,
): Promise<{ value: R; replayed: boolean }> {
  const { idempotencyKey, ...asked } = input;
  try {
    return await runIdempotent<Tx, R>({ transaction: (run) => inTransactionOf(client, run), subject, operation, key: idempotencyKey, input: asked, work });
  } catch (error) {
    if (onRace && classifyDatabaseFailure(error) === "race") throw onRace();
    throw error;
  }
}
