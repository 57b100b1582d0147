// HA-CAMPAIGNS: a chapter launches a campaign or programme for a period, with targets for itself
// and chapters below it (each target's chapter must lie in the campaign chapter's subtree today).
import { fromZodIssues, sql } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { requireChapterInSlice } from "../access/slice.ts";
import type { CampaignKind } from "../generated/prisma/enums.ts";
import { once } from "../write/transaction.ts";

export interface NewCampaign {
  chapterId: string;
  kind: CampaignKind;
  name: string;
  startsOn: Date;
  endsOn: Date;
  targets: { chapterId: string; value: bigint; people?: number | null; addresses?: number | null }[];
  idempotencyKey?: string | null;
}

/** Creates the campaign with its targets in one transaction; returns its id. */
export async function createCampaign(ctx: HumanitarianContext, roots: string[], by: string, input: NewCampaign): Promise<string> {
  const { value } = await once(ctx, "createCampaign", input, async (tx) => {
    await requireChapterInSlice(tx, roots, input.chapterId);
    const ids = input.targets.map((t) => t.chapterId);
    const below = await tx.$queryRaw<{ id: string }[]>(sql`
      SELECT c."descendantId"::text AS id FROM "TreeClosure" c
      WHERE c."ancestorId" = ${input.chapterId}::uuid AND c."descendantId" = ANY(${ids}::uuid[]) AND c."validTo" IS NULL`);
    const inside = new Set(below.map((r) => r.id));
    const outside = input.targets.map((t, i) => [t, i] as const).filter(([t]) => !inside.has(t.chapterId));
    if (outside.length) {
      throw fromZodIssues(outside.map(([t, i]) => ({ path: ["input", "targets", i, "chapterId"], message: `chapter ${t.chapterId} is not the campaign's chapter or below it` })));
    }
    const campaign = await tx.campaign.create({
      data: { chapterId: input.chapterId, kind: input.kind, name: input.name, startsOn: input.startsOn, endsOn: input.endsOn, createdBy: by },
      select: { id: true },
    });
    if (input.targets.length) {
      await tx.campaignTarget.createMany({
        data: input.targets.map((t) => ({ campaignId: campaign.id, chapterId: t.chapterId, value: t.value, people: t.people ?? null, addresses: t.addresses ?? null })),
      });
    }
    return campaign.id;
  });
  return value;
}

/** Duplicate target chapters in one request are refused before anything runs. */
export function checkDistinctTargets(targets: { chapterId: string }[]): void {
  const seen = new Set<string>();
  const dupes = targets.filter((t) => (seen.has(t.chapterId) ? true : (seen.add(t.chapterId), false)));
  if (dupes.length) throw fromZodIssues([{ path: ["input", "targets"], message: `each chapter once (repeated: ${dupes.map((d) => d.chapterId).join(", ")})` }]);
}

/** Sets a chapter's resource-mobilisation target for a reporting year (replacing an earlier one). */
export async function setResourcePlan(ctx: HumanitarianContext, roots: string[], by: string, input: { chapterId: string; year: number; target: bigint; idempotencyKey?: string | null }): Promise<string> {
  const { value } = await once(ctx, "setResourceMobilisationTarget", input, async (tx) => {
    await requireChapterInSlice(tx, roots, input.chapterId);
    await tx.resourcePlan.upsert({
      where: { chapterId_year: { chapterId: input.chapterId, year: input.year } },
      create: { chapterId: input.chapterId, year: input.year, target: input.target, setBy: by },
      update: { target: input.target, setBy: by },
    });
    return input.chapterId;
  });
  return value;
}
