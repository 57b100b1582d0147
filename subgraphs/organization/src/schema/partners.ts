// Partner agencies and their grants (docs/partners-and-audit.md, docs/domain.md §5): who they are, what each chapter
// granted them, and — hidden from the public API — the grants in force the gateway applies to a
// partner's every request. Grants are read by ADMINs of the granting chapter and above (slice in
// SQL: partners/read.ts); the mutations are in partner-mutations.ts.
import { described, forbidden, GRANT_SCOPES, grantScopes, isUuid, offsetConnection, requireIdentity, todayInVietnam } from "@chapters/core";
import { builder, type OrgContext } from "../builder.ts";
import type { PartnerKind } from "../generated/prisma/enums.ts";
import { partnerAccess } from "../partners/in-force.ts";
import { partnerLoader } from "../partners/loaders.ts";
import { countGrants, countPartners, listGrants, listPartners, type GrantRow, type PartnerRow } from "../partners/read.ts";
import { requireGrantAdmin } from "../partners/write.ts";
import { chapterLoader } from "../tree/loaders.ts";
import { ChapterRef } from "./chapter.ts";

export const partnerKindLabels: Record<PartnerKind, string> = {
  PEOPLES_COMMITTEE: "Ủy ban nhân dân",
  FATHERLAND_FRONT: "Mặt trận Tổ quốc",
  MASS_ORGANISATION: "Đoàn thể",
  HEALTH_DEPARTMENT: "Sở Y tế",
  EDUCATION_DEPARTMENT: "Sở Giáo dục",
  HOSPITAL: "Bệnh viện",
  BLOOD_CENTRE: "Trung tâm máu",
  DONOR: "Nhà tài trợ",
};

export const PartnerKindEnum = builder.enumType("PartnerKind", { description: "Kind of partner agency (loại cơ quan đối tác)", values: described(partnerKindLabels) });

const grantStatusLabels = { IN_FORCE: "Đang hiệu lực", NOT_YET: "Chưa hiệu lực", EXPIRED: "Hết hạn", REVOKED: "Đã thu hồi" } as const;
type GrantStatus = keyof typeof grantStatusLabels;
const GrantStatusEnum = builder.enumType("PartnerGrantStatus", { values: described(grantStatusLabels) });

function statusOf(grant: GrantRow, today = todayInVietnam()): GrantStatus {
  if (grant.revokedAt) return "REVOKED";
  if (grant.validFrom > today) return "NOT_YET";
  return grant.validUntil > today ? "IN_FORCE" : "EXPIRED";
}

export const PartnerRef = builder.objectRef<PartnerRow>("Partner").implement({
  description: "A partner agency (cơ quan đối tác): a PARTNER token names it by id (the token's sub)",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    kind: t.field({ type: PartnerKindEnum, resolve: (p) => p.kind }),
    kindLabel: t.string({ resolve: (p) => partnerKindLabels[p.kind] }),
    contact: t.exposeString("contact", { description: "Who to call there (người liên hệ): name, phone or e-mail" }),
    createdAt: t.field({ type: "Date", resolve: (p) => p.createdAt }),
  }),
});

const GrantScopeRef = builder.objectRef<{ name: string; subgraph: string; opens: string }>("PartnerGrantScope").implement({
  description: "A scope a grant may name (core's grants.ts catalogue)",
  fields: (t) => ({
    name: t.exposeString("name"),
    subgraph: t.exposeString("subgraph", { description: "The subgraph whose records it opens" }),
    opens: t.exposeString("opens"),
  }),
});

export const PartnerGrantRef = builder.objectRef<GrantRow>("PartnerGrant").implement({
  description: "What a chapter granted a partner (quyền cấp cho đối tác): a slice, scopes, operations, a validity period and a reason",
  fields: (t) => ({
    id: t.exposeID("id"),
    partner: t.field({ type: PartnerRef, resolve: async (g, _a, ctx) => (await partnerLoader(ctx).load(g.partnerId))! }),
    chapterCode: t.exposeString("chapterCode", { description: "The root of the slice granted: this chapter and those below it" }),
    chapter: t.field({ type: ChapterRef, nullable: true, resolve: (g, _a, ctx) => chapterLoader(ctx, todayInVietnam()).load(g.chapterId) }),
    grantingChapterCode: t.exposeString("grantingChapterCode", { description: "The chapter whose ADMIN made the grant" }),
    scopes: t.exposeStringList("scopes"),
    operations: t.exposeStringList("operations", { description: "Registered operations the partner may run; empty = every registered operation" }),
    validFrom: t.field({ type: "Date", resolve: (g) => g.validFrom }),
    validUntil: t.field({ type: "Date", description: "First day no longer in force", resolve: (g) => g.validUntil }),
    reason: t.exposeString("reason"),
    grantedBy: t.exposeString("grantedBy"),
    status: t.field({ type: GrantStatusEnum, resolve: (g) => statusOf(g) }),
    statusLabel: t.string({ resolve: (g) => grantStatusLabels[statusOf(g)] }),
    revokedAt: t.string({ nullable: true, description: "When it was revoked (ISO time)", resolve: (g) => g.revokedAt?.toISOString() ?? null }),
    revokedBy: t.exposeString("revokedBy", { nullable: true }),
    revokeReason: t.exposeString("revokeReason", { nullable: true }),
  }),
});

const PartnerAccessRef = builder.objectRef<Awaited<ReturnType<typeof partnerAccess>>>("PartnerAccess").implement({
  inaccessible: true,
  fields: (t) => ({
    scopes: t.exposeStringList("scopes"),
    operations: t.exposeStringList("operations", { nullable: true }),
    changesAt: t.exposeString("changesAt", { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  partnerGrantScopes: t.field({
    type: [GrantScopeRef],
    description: "Every scope a grant may name, and what it opens",
    resolve: () => grantScopes.map((name) => ({ name, ...GRANT_SCOPES[name] })),
  }),
  partners: t.connection({
    type: PartnerRef,
    description: "Partner agencies, by name (ADMIN)",
    args: { kinds: t.arg({ type: [PartnerKindEnum], required: false }) },
    resolve: async (_root, args, ctx) => {
      await requireGrantAdmin(ctx);
      const filter = { kinds: args.kinds };
      return offsetConnection(args, { page: ({ limit, offset }) => listPartners(ctx, filter, { limit, offset }), count: () => countPartners(ctx, filter) });
    },
  }),
  partner: t.field({
    type: PartnerRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireGrantAdmin(ctx);
      return partnerLoader(ctx).load(uuidOrNull(args.id)!);
    },
  }),
  partnerGrants: t.connection({
    type: PartnerGrantRef,
    description: "Grants made by your chapter and the chapters below it, newest first (ADMIN)",
    args: {
      partnerId: t.arg.id({ required: false }),
      chapterId: t.arg.id({ required: false, description: "Only grants whose slice is rooted at this chapter" }),
      inForce: t.arg.boolean({ required: false, description: "true: only grants in force today" }),
    },
    resolve: async (_root, args, ctx) => {
      await requireGrantAdmin(ctx);
      const filter = { partnerId: uuidOrNull(args.partnerId), chapterId: uuidOrNull(args.chapterId), inForce: args.inForce };
      return offsetConnection(args, { page: ({ limit, offset }) => listGrants(ctx, filter, { limit, offset }), count: () => countGrants(ctx, filter) });
    },
  }),
  partnerAccess: t.field({
    type: PartnerAccessRef,
    inaccessible: true,
    description: "The grants in force for a partner in one chapter's slice: asked by the gateway for each partner request",
    args: { partnerId: t.arg.id({ required: true }), chapterCode: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx: OrgContext) => {
      if (requireIdentity(ctx).role !== "SERVICE") throw forbidden("Only the gateway reads a partner's grants in force.");
      const id = uuidOrNull(args.partnerId);
      return id ? partnerAccess(ctx.prisma, id, args.chapterCode) : { scopes: [], operations: [], changesAt: null };
    },
  }),
}));

/** A filter id that is not a UUID matches nothing (rather than failing the cast in SQL). */
function uuidOrNull(id: string | number | null | undefined): string | null {
  if (id == null) return null;
  return isUuid(String(id)) ? String(id) : "00000000-0000-0000-0000-000000000000";
}
