// The rules kept as data (BL-DONORS intervals and deferral reasons, BL-HONOURS rule sets), so a
// client can show them and an edit of the rows changes the product's behaviour.
import { requestLoader } from "@chapters/core";
import { builder, type BloodContext } from "../builder.ts";
import { DonationTypeEnum, type DonationTypeCode } from "./enums.ts";
import type { DeferralReason, DonationType, HonourRuleSet, HonourTier } from "../generated/prisma/client.ts";

const DonationTypeRef = builder.objectRef<DonationType>("DonationType").implement({
  description: "A donation type and the interval before the next donation (Circular 26/2013/TT-BYT art. 6)",
  fields: (t) => ({
    code: t.field({ type: DonationTypeEnum, resolve: (r) => r.code as DonationTypeCode }),
    label: t.exposeString("label", { description: "e.g. Máu toàn phần" }),
    intervalDays: t.exposeInt("intervalDays"),
    basis: t.exposeString("basis"),
  }),
});

const DeferralReasonRef = builder.objectRef<DeferralReason>("DeferralReason").implement({
  fields: (t) => ({
    code: t.exposeString("code"),
    label: t.exposeString("label"),
    defaultDays: t.exposeInt("defaultDays", { nullable: true, description: "Usual length; null: until lifted" }),
  }),
});

export const HonourTierRef = builder.objectRef<HonourTier>("HonourTier").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    ruleSet: t.exposeString("ruleSetCode"),
    subject: t.string({ description: "Whom it honours: INDIVIDUAL, FAMILY or COLLECTIVE (a group counts its members' donations together)", resolve: (tier) => tier.subject }),
    donations: t.exposeInt("donations", { description: "Number of donations that reaches this tier" }),
    label: t.exposeString("label"),
    awardingBody: t.exposeString("awardingBody", { description: "Who awards it (cơ quan khen thưởng)" }),
  }),
});

export function tierLoader(ctx: BloodContext) {
  return requestLoader<string, HonourTier | null>(ctx, "honour-tier", async (ids) => {
    const rows = new Map((await ctx.prisma.honourTier.findMany({ where: { id: { in: [...ids] } } })).map((r) => [r.id, r]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

const RuleSetRef = builder.objectRef<HonourRuleSet & { tiers: HonourTier[] }>("HonourRuleSet").implement({
  fields: (t) => ({
    code: t.exposeString("code"),
    name: t.exposeString("name"),
    basis: t.exposeString("basis"),
    tiers: t.field({ type: [HonourTierRef], resolve: (r) => r.tiers }),
  }),
});

builder.queryFields((t) => ({
  donationTypes: t.field({ type: [DonationTypeRef], resolve: (_r, _a, ctx) => ctx.prisma.donationType.findMany({ orderBy: { code: "asc" } }) }),
  deferralReasons: t.field({ type: [DeferralReasonRef], resolve: (_r, _a, ctx) => ctx.prisma.deferralReason.findMany({ orderBy: { code: "asc" } }) }),
  honourRuleSets: t.field({
    type: [RuleSetRef],
    resolve: (_r, _a, ctx) => ctx.prisma.honourRuleSet.findMany({ orderBy: { code: "asc" }, include: { tiers: { orderBy: [{ subject: "asc" }, { donations: "asc" }] } } }),
  }),
}));
