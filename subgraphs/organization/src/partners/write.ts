// Making, changing and revoking partner grants (docs/partners-and-audit.md). Only an ADMIN whose own chapter still
// exists; a grant covers a chapter inside the granter's own subtree (wider is FORBIDDEN, said
// plainly: the granter can see that chapter exists); a grant is changed or revoked by ADMINs of the
// granting chapter or above it. Every check runs on the transaction that writes; the change is
// announced after commit so the gateway drops its cached grants and re-checks live streams at once.
import { badInputFields, conflict, forbidden, formatIsoDate, notFound, organizationTables, PARTNER_GRANTS_CHANGED_TOPIC, requireIdentity, requireLiveChapter, sql, todayInVietnam } from "@chapters/core";
import type { OrgContext } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { PartnerKind } from "../generated/prisma/enums.ts";
import { runOnce } from "../write/transaction.ts";
import { inSlice, sliceRoots } from "../access/slice.ts";

type Tx = Prisma.TransactionClient;
type Key = { idempotencyKey?: string | null };

export interface NewPartner extends Key {
  name: string;
  kind: PartnerKind;
  contact: string;
}

export interface NewGrant extends Key {
  partnerId: string;
  chapterId: string;
  scopes: string[];
  operations: string[];
  validFrom: Date;
  validUntil: Date;
  reason: string;
}

export interface GrantChange extends Key {
  grantId: string;
  scopes?: string[] | null;
  operations?: string[] | null;
  validUntil?: Date | null;
  reason: string;
}

export interface GrantRevocation extends Key {
  grantId: string;
  reason: string;
}

/** An ADMIN whose own chapter still exists today; returns who acts. */
export async function requireGrantAdmin(ctx: OrgContext): Promise<string> {
  const identity = requireIdentity(ctx);
  if (identity.role !== "ADMIN") throw forbidden("Only an ADMIN of a chapter manages partners and their grants.");
  await requireLiveChapter(ctx, organizationTables);
  return identity.subject;
}

const announce = (ctx: OrgContext, partnerId: string) => ctx.pubsub.publish(PARTNER_GRANTS_CHANGED_TOPIC, { partnerId });

export async function createPartner(ctx: OrgContext, input: NewPartner): Promise<string> {
  const by = await requireGrantAdmin(ctx);
  return runOnce(ctx, "createPartner", input, async (tx) => {
    const { idempotencyKey: _key, ...data } = input;
    return (await tx.partner.create({ data: { ...data, createdBy: by } })).id;
  });
}

/** Where `chapterId` stands against the caller's subtree today. */
async function placeOf(tx: Tx, roots: string[], chapterId: string): Promise<{ code: string; inside: boolean } | null> {
  const today = todayInVietnam();
  const [row] = await tx.$queryRaw<{ code: string; inside: boolean }[]>(
    sql`SELECT c.code, ${inSlice(`c.id`, roots, today)} AS inside FROM "Chapter" c
        WHERE c.id = ${chapterId}::uuid AND c."foundedOn" <= ${today}::date AND (c."endedOn" IS NULL OR c."endedOn" > ${today}::date)`,
  );
  return row ?? null;
}

export async function grantPartnerAccess(ctx: OrgContext, input: NewGrant): Promise<string> {
  const by = await requireGrantAdmin(ctx);
  const roots = await sliceRoots(ctx);
  const { chapterCode } = requireIdentity(ctx);
  const id = await runOnce(ctx, "grantPartnerAccess", input, async (tx) => {
    if (!(await tx.partner.findUnique({ where: { id: input.partnerId }, select: { id: true } }))) {
      throw notFound(`No partner ${input.partnerId}: create it first (createPartner).`);
    }
    const place = await placeOf(tx, roots, input.chapterId);
    if (!place) throw notFound(`No chapter ${input.chapterId} exists today.`);
    if (!place.inside) {
      throw forbidden(`A grant may cover only your own chapter (${chapterCode}) and the chapters below it; ${place.code} is outside it. Ask an ADMIN of a chapter above ${place.code} to grant it.`);
    }
    const [granting] = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM "Chapter" WHERE code = ${chapterCode}`;
    const { idempotencyKey: _key, ...data } = input;
    return (await tx.partnerGrant.create({ data: { ...data, grantingChapterId: granting!.id, grantedBy: by } })).id;
  });
  await announce(ctx, input.partnerId);
  return id;
}

/** The grant, locked for this transaction, if the caller manages it (granted by its subtree). */
async function managedGrant(tx: Tx, roots: string[], grantId: string) {
  const [row] = await tx.$queryRaw<{ partnerId: string; validFrom: Date; revokedAt: Date | null }[]>(
    sql`SELECT g."partnerId"::text, g."validFrom", g."revokedAt" FROM "PartnerGrant" g
        WHERE g.id = ${grantId}::uuid AND ${inSlice(`g."grantingChapterId"`, roots, todayInVietnam())} FOR UPDATE`,
  );
  if (!row) throw notFound(`No grant ${grantId} made by your chapter or a chapter below it.`);
  return row;
}

export async function changePartnerGrant(ctx: OrgContext, input: GrantChange): Promise<string> {
  await requireGrantAdmin(ctx);
  const roots = await sliceRoots(ctx);
  const partnerId = await runOnce(ctx, "changePartnerGrant", input, async (tx) => {
    const grant = await managedGrant(tx, roots, input.grantId);
    if (grant.revokedAt) throw conflict(`Grant ${input.grantId} was revoked, and a revocation is final: make a new grant instead.`);
    if (input.validUntil && input.validUntil <= grant.validFrom) {
      throw badInputFields([{ field: "input.validUntil", message: `must be after the grant's first day (${formatIsoDate(grant.validFrom)})` }]);
    }
    await tx.partnerGrant.update({
      where: { id: input.grantId },
      data: {
        reason: input.reason,
        ...(input.scopes ? { scopes: input.scopes } : {}),
        ...(input.operations ? { operations: input.operations } : {}),
        ...(input.validUntil ? { validUntil: input.validUntil } : {}),
      },
    });
    return grant.partnerId;
  });
  await announce(ctx, partnerId);
  return input.grantId;
}

export async function revokePartnerGrant(ctx: OrgContext, input: GrantRevocation): Promise<string> {
  const by = await requireGrantAdmin(ctx);
  const roots = await sliceRoots(ctx);
  const partnerId = await runOnce(ctx, "revokePartnerGrant", input, async (tx) => {
    const grant = await managedGrant(tx, roots, input.grantId);
    // revoking twice keeps the first revocation: who and why stay as recorded
    if (!grant.revokedAt) {
      await tx.partnerGrant.update({ where: { id: input.grantId }, data: { revokedAt: new Date(), revokedBy: by, revokeReason: input.reason } });
    }
    return grant.partnerId;
  });
  await announce(ctx, partnerId);
  return input.grantId;
}
