// Recording dues (ORG-DUES) and the end of a membership (ORG-PEOPLE): each one zod-checked,
// allowed to an OFFICER or ADMIN whose slice holds the member's chapter, one transaction, and
// recorded once per idempotency key.
import { conflict, formatIsoDate, inTransactionOf, lockRows, notFound, parseInput, requireIdentity, todayInVietnam, uuid } from "@chapters/core";
import { z } from "zod";
import { builder, type OrgContext } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { assertPaymentFits } from "../people/dues-settlement.ts";
import { idempotencyKey as key, runOnce } from "../write/transaction.ts";
import { requireOrgWriter, writableChapters } from "../access/write.ts";

const year = z.number().int().min(2000, "year from 2000").max(2100, "year up to 2100");

/** The membership, if the caller may write in its chapter today; otherwise NOT_FOUND. */
async function writableMembership(ctx: OrgContext, membershipId: string) {
  await requireOrgWriter(ctx);
  const membership = await ctx.prisma.membership.findUnique({ where: { id: membershipId } });
  if (!membership) throw notFound(`No membership ${membershipId} in your part of the tree.`);
  try {
    await writableChapters(ctx, [membership.chapterId], todayInVietnam());
  } catch {
    throw notFound(`No membership ${membershipId} in your part of the tree.`);
  }
  return membership;
}

/** A year's dues are paid or exempted once per member, across the memberships of a lineage
 * (a member who moved with a merge keeps their record). */
async function assertYearOpen(tx: Prisma.TransactionClient, lineageId: string, forYear: number): Promise<void> {
  // the member's rows stay locked until commit: a concurrent payment waits, then sees this one
  await lockRows(tx, "Membership", [lineageId], "lineageId");
  const lineage = { membership: { lineageId }, year: forYear };
  const [paid, exempt] = await Promise.all([tx.duesPayment.count({ where: lineage }), tx.duesExemption.count({ where: lineage })]);
  if (paid) throw conflict(`Dues for ${forYear} are already recorded as paid for this member.`);
  if (exempt) throw conflict(`This member is already exempted from dues for ${forYear}.`);
}

const DuesRecordRef = builder.objectRef<{ id: string; membershipId: string; year: number; kind: string }>("DuesRecord").implement({
  description: "A recorded dues payment or exemption",
  fields: (t) => ({
    id: t.exposeID("id"),
    membershipId: t.exposeID("membershipId"),
    year: t.exposeInt("year"),
    kind: t.exposeString("kind", { description: "PAYMENT (đóng hội phí) or EXEMPTION (miễn hội phí)" }),
  }),
});

builder.mutationField("recordDuesPayment", (t) =>
  t.field({
    type: DuesRecordRef,
    description: "Records a member's dues payment for a year (ORG-DUES); partial payments add up, the year is settled when they reach the amount in force, more is refused",
    args: {
      membershipId: t.arg.id({ required: true }),
      year: t.arg.int({ required: true }),
      amount: t.arg({ type: "Money", required: true, description: "Whole đồng" }),
      paidOn: t.arg({ type: "Date", required: true }),
      idempotencyKey: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(
        z.object({
          membershipId: uuid,
          year,
          amount: z.bigint().positive("a positive amount").max(10n ** 12n, "at most 10^12 đồng"),
          paidOn: z.date().max(todayInVietnam(), "cannot be in the future"),
          idempotencyKey: key,
        }),
        args,
      );
      const membership = await writableMembership(ctx, input.membershipId);
      const subject = requireIdentity(ctx).subject;
      return runOnce(ctx, "recordDuesPayment", input, async (tx) => {
        // the member's rows stay locked until commit: a concurrent payment waits, then sees this one
        await lockRows(tx, "Membership", [membership.lineageId], "lineageId");
        await assertPaymentFits(tx, membership.lineageId, input.year, Number(input.amount));
        const row = await tx.duesPayment.create({
          data: { membershipId: membership.id, year: input.year, amount: input.amount, paidOn: input.paidOn, recordedBy: subject },
        });
        return { id: row.id, membershipId: row.membershipId, year: row.year, kind: "PAYMENT" };
      });
    },
  }),
);

builder.mutationField("recordDuesExemption", (t) =>
  t.field({
    type: DuesRecordRef,
    description: "Exempts a member from dues for a year, with the reason (ORG-DUES)",
    args: {
      membershipId: t.arg.id({ required: true }),
      year: t.arg.int({ required: true }),
      reason: t.arg.string({ required: true }),
      idempotencyKey: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(
        z.object({ membershipId: uuid, year, reason: z.string().trim().min(1, "give the reason").max(500), idempotencyKey: key }),
        args,
      );
      const membership = await writableMembership(ctx, input.membershipId);
      const subject = requireIdentity(ctx).subject;
      return runOnce(ctx, "recordDuesExemption", input, async (tx) => {
        await assertYearOpen(tx, membership.lineageId, input.year);
        const row = await tx.duesExemption.create({ data: { membershipId: membership.id, year: input.year, reason: input.reason, recordedBy: subject } });
        return { id: row.id, membershipId: row.membershipId, year: row.year, kind: "EXEMPTION" };
      });
    },
  }),
);

builder.mutationField("setDuesPolicy", (t) =>
  t.field({
    type: "Boolean",
    description: "Sets the yearly dues amount of a chapter (mức hội phí); setting it again replaces it",
    args: { chapterId: t.arg.id({ required: true }), year: t.arg.int({ required: true }), amount: t.arg({ type: "Money", required: true, description: "Whole đồng" }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(z.object({ chapterId: uuid, year, amount: z.bigint().min(0n, "not negative").max(10n ** 12n, "at most 10^12 đồng") }), args);
      await writableChapters(ctx, [input.chapterId], todayInVietnam());
      // one transaction with its audit entry (docs/partners-and-audit.md)
      await inTransactionOf(ctx.prisma, (tx) =>
        tx.duesPolicy.upsert({
          where: { chapterId_year: { chapterId: input.chapterId, year: input.year } },
          create: { chapterId: input.chapterId, year: input.year, amount: input.amount },
          update: { amount: input.amount },
        }),
      );
      return true;
    },
  }),
);

builder.mutationField("endMembership", (t) =>
  t.field({
    type: "Date",
    description: "Records that a person left the chapter (thôi tham gia) on a date; counts as of later dates no longer include them",
    args: { membershipId: t.arg.id({ required: true }), leftOn: t.arg({ type: "Date", required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(z.object({ membershipId: uuid, leftOn: z.date() }), args);
      const membership = await writableMembership(ctx, input.membershipId);
      if (membership.leftOn) throw conflict(`This membership already ended on ${formatIsoDate(membership.leftOn)}.`);
      if (input.leftOn <= membership.joinedOn) throw conflict(`A membership cannot end before it began (${formatIsoDate(membership.joinedOn)}).`);
      // one transaction with its audit entry (docs/partners-and-audit.md)
      await inTransactionOf(ctx.prisma, (tx) => tx.membership.update({ where: { id: membership.id }, data: { leftOn: input.leftOn, endReason: "LEFT" } }));
      return input.leftOn;
    },
  }),
);
