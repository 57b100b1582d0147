// Live campaign progress (HA-CAMPAIGNS, EM-LIVE): the figure a hall's screen counts up
// during a ceremony. The stream starts with the current progress under the chapter asked for
// (its whole subtree) and follows each support recorded, coalesced to a few frames a second.
// The caller's slice and a screen's grants are checked once, when the subscription opens.
import { notFound, parseInput, requireScreenTarget } from "@chapters/core";
import { z } from "zod";
import { requireFiguresReader } from "../access/roles.ts";
import { builder, type HumanitarianContext } from "../builder.ts";
import { campaignLoader, progressKey, progressLoader, type CampaignRow, type ProgressRow } from "../campaigns/read.ts";
import { CAMPAIGN_PROGRESS_TOPIC } from "../events.ts";
import { uuid } from "../write/inputs.ts";
import { ProgressRef } from "./campaign.ts";

type LiveProgress = ProgressRow & { campaign: CampaignRow };

/** A fresh context per read: the request loaders must not answer from an earlier read. */
const readProgress = async (ctx: HumanitarianContext, campaign: CampaignRow, chapterId: string): Promise<LiveProgress | null> => {
  const row = await progressLoader({ ...ctx, memo: new Map() }, false).load(progressKey(campaign, chapterId));
  return row ? { ...row, campaign } : null;
};

builder.subscriptionFields((t) => ({
  campaignProgress: t.field({
    type: ProgressRef,
    description: "A campaign's progress under a chapter (default: the campaign's own) as supports are recorded: the current figures first",
    args: { campaignId: t.arg.id({ required: true }), chapterId: t.arg.id({ required: false }) },
    subscribe: async (_root, args, ctx) => {
      requireFiguresReader(ctx);
      const input = parseInput(z.object({ campaignId: uuid, chapterId: uuid.nullish() }), args);
      requireScreenTarget(ctx, "campaign", input.campaignId);
      const campaign = await campaignLoader(ctx).load(input.campaignId);
      if (!campaign) throw notFound(`No campaign ${input.campaignId} in your part of the tree.`);
      const chapterId = input.chapterId ?? campaign.chapterId;
      // the first subscriber's identity reads for everyone on the feed: each of them passed this
      // same check for this same chapter, and the figure does not depend on who asks
      if (!(await readProgress(ctx, campaign, chapterId))) throw notFound(`No chapter ${chapterId} in your part of the tree.`);
      return ctx.live.stream({
        topics: [CAMPAIGN_PROGRESS_TOPIC],
        key: `campaign|${campaign.id}|${chapterId}`,
        matches: (event) => (event as { campaignId?: string } | null)?.campaignId === campaign.id,
        read: () => readProgress(ctx, campaign, chapterId),
      });
    },
    resolve: (progress: LiveProgress) => progress,
  }),
}));
