// Idempotency keys for the organization's data mutations: the first run stores its result in
// the same transaction as its writes; a retry with the same key returns that result and writes
// nothing. A key reused for another operation or by another caller is a CONFLICT.
import { conflict, requireIdentity } from "@chapters/core";
import type { OrgContext } from "./builder.ts";
import { Prisma } from "./generated/prisma/client.ts";

type Json = Prisma.InputJsonValue;

export async function runOnce<R extends Json>(
  ctx: OrgContext,
  operation: string,
  key: string | null | undefined,
  work: (tx: Prisma.TransactionClient) => Promise<R>,
): Promise<R> {
  const subject = requireIdentity(ctx).subject;
  const replay = async (): Promise<R | null> => {
    if (!key) return null;
    const found = await ctx.prisma.mutationReceipt.findUnique({ where: { key } });
    if (!found) return null;
    if (found.operation !== operation || found.subject !== subject) throw conflict("This idempotency key was already used for a different request: use a new key.");
    return found.result as R;
  };
  const earlier = await replay();
  if (earlier !== null) return earlier;
  try {
    return await ctx.prisma.$transaction(
      async (tx) => {
        const result = await work(tx);
        if (key) await tx.mutationReceipt.create({ data: { key, operation, subject, result } });
        return result;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (error) {
    // two retries raced: the loser returns the winner's result
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002" && key) {
      const raced = await replay();
      if (raced !== null) return raced;
    }
    throw error;
  }
}
