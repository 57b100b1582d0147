// Awarding the honours of a period (e.g. for the 14 June ceremony): every candidate in the
// chapter's subtree gets its tier, once — the (donor, tier) key makes a second award a no-op.
import { badInput } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import { requireChapterInSlice } from "../access/slice.ts";
import { inTransaction } from "../write/transaction.ts";
import { honourCandidates, type HonourCandidate } from "./read.ts";

const ALL = { limit: 100_000, offset: 0 };

export async function awardHonours(
  ctx: BloodContext,
  roots: string[],
  input: { ruleSet: string; from: Date; to: Date; chapterId: string; awardedOn: Date },
): Promise<HonourCandidate[]> {
  return inTransaction(ctx, async (tx) => {
    await requireChapterInSlice(tx, roots, input.chapterId);
    if (!(await tx.honourRuleSet.findUnique({ where: { code: input.ruleSet } }))) {
      throw badInput(`Invalid input. ruleSet: no honour rule set ${input.ruleSet}.`, { problems: [{ field: "ruleSet", message: "unknown rule set" }] });
    }
    const candidates = await honourCandidates(tx, roots, { ruleSet: input.ruleSet, from: input.from, to: input.to, chapterId: input.chapterId }, ALL);
    await tx.honour.createMany({
      data: candidates.map((c) => ({ donorId: c.donorId, tierId: c.tierId, reachedOn: c.reachedOn, awardedOn: input.awardedOn, chapterId: c.chapterId })),
      skipDuplicates: true,
    });
    return candidates;
  });
}
