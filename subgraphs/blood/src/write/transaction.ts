// Every mutation runs in one transaction (a failure writes nothing). With an embedded database
// the pool has one connection: inside the work use only `tx`, never ctx.prisma.
import { Prisma } from "../generated/prisma/client.ts";
import type { BloodContext } from "../builder.ts";

export type Tx = Prisma.TransactionClient;

export function inTransaction<T>(ctx: BloodContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.prisma.$transaction(work, { timeout: 60_000, maxWait: 30_000 });
}

/** Runs `write` unless a record with the same idempotency key exists; a retry (or a concurrent
 * twin losing the race on the unique key) gets the first result, marked as replayed. */
export async function once<T>(
  key: string | null | undefined,
  find: (key: string) => Promise<T | null>,
  write: () => Promise<T>,
): Promise<{ value: T; replayed: boolean }> {
  const earlier = key ? await find(key) : null;
  if (earlier) return { value: earlier, replayed: true };
  try {
    return { value: await write(), replayed: false };
  } catch (error) {
    if (key && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const raced = await find(key);
      if (raced) return { value: raced, replayed: true };
    }
    throw error;
  }
}
