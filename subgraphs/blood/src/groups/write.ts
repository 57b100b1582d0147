// BL-HONOURS for families and collectives: recording a group with its member donors, and
// awarding the honours of a period once per tier — each in one transaction, slice checked on tx.
import { badInput } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import { requireChapterInSlice } from "../access/slice.ts";
import { requireDonorInSlice } from "../access/write.ts";
import { inTransaction } from "../write/transaction.ts";
import { groupHonourCandidates, type GroupCandidate } from "./read.ts";

const ALL = { limit: 100_000, offset: 0 };

export async function createDonorGroup(
  ctx: BloodContext,
  roots: string[],
  input: { chapterId: string; kind: "FAMILY" | "COLLECTIVE"; name: string; donorIds: string[] },
): Promise<string> {
  return inTransaction(ctx, async (tx) => {
    await requireChapterInSlice(tx, roots, input.chapterId);
    for (const donorId of input.donorIds) await requireDonorInSlice(tx, roots, donorId);
    const group = await tx.donorGroup.create({ data: { chapterId: input.chapterId, kind: input.kind, name: input.name } });
    await tx.donorGroupMember.createMany({ data: input.donorIds.map((donorId) => ({ groupId: group.id, donorId })) });
    return group.id;
  });
}

export async function awardGroupHonours(
  ctx: BloodContext,
  roots: string[],
  input: { ruleSet: string; from: Date; to: Date; chapterId: string; awardedOn: Date },
): Promise<GroupCandidate[]> {
  return inTransaction(ctx, async (tx) => {
    await requireChapterInSlice(tx, roots, input.chapterId);
    if (!(await tx.honourRuleSet.findUnique({ where: { code: input.ruleSet } }))) {
      throw badInput(`Invalid input. ruleSet: no honour rule set ${input.ruleSet}.`, { problems: [{ field: "ruleSet", message: "unknown rule set" }] });
    }
    const candidates = await groupHonourCandidates(tx, roots, { ...input }, ALL);
    await tx.groupHonour.createMany({
      data: candidates.map((c) => ({ groupId: c.groupId, tierId: c.tierId, reachedOn: c.reachedOn, awardedOn: input.awardedOn, chapterId: c.chapterId })),
      skipDuplicates: true,
    });
    return candidates;
  });
}
