// ORG-DUES settlement for a payment being recorded: payments for a year accumulate until they
// reach the amount in force (the same `dueAmountSql` the statuses use), so a 1 VND payment
// against a 24,000 VND policy leaves the member OVERDUE with 23,999 VND to go. A payment that
// would take the year past that amount is refused (BAD_USER_INPUT, naming what remains); a year
// already settled or exempted is closed (CONFLICT).
import { badInput, conflict } from "@chapters/core";
import { Prisma } from "../generated/prisma/client.ts";
import { dueAmountSql } from "../figures/dues-status.ts";

type Tx = Prisma.TransactionClient;

/** Throws unless `amount` fits in what is still owed by the lineage for `year`. */
export async function assertPaymentFits(tx: Tx, lineageId: string, year: number, amount: number): Promise<void> {
  const lineage = Prisma.sql`${lineageId}::uuid`;
  const [row] = await tx.$queryRaw<{ due: bigint | null; paid: bigint; exempt: boolean }[]>`
    SELECT ${dueAmountSql(lineage, year)} AS due,
      (SELECT coalesce(sum(p.amount), 0) FROM "DuesPayment" p JOIN "Membership" m ON m.id = p."membershipId"
       WHERE m."lineageId" = ${lineage} AND p.year = ${year})::bigint AS paid,
      EXISTS (SELECT 1 FROM "DuesExemption" e JOIN "Membership" m ON m.id = e."membershipId" WHERE m."lineageId" = ${lineage} AND e.year = ${year}) AS exempt`;
  if (row!.exempt) throw conflict(`This member is already exempted from dues for ${year}.`);
  if (row!.due === null) {
    throw badInput(`amount: no dues amount is set for ${year} in this member's chapter; set it (setDuesPolicy) before recording payments.`, {
      problems: [{ field: "amount", message: `no dues policy for ${year}` }],
    });
  }
  const due = Number(row!.due);
  const paid = Number(row!.paid);
  if (paid >= due) throw conflict(`Dues for ${year} are already settled for this member (${paid} of ${due} VND).`);
  if (paid + amount > due) {
    throw badInput(`amount: ${amount} VND would pay more than the ${due - paid} VND still owed for ${year} (amount in force ${due} VND).`, {
      problems: [{ field: "amount", message: `at most ${due - paid}` }],
      remaining: due - paid,
    });
  }
}
