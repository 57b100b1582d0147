// The grants in force for one partner in one chapter's slice, as the gateway asks for them on a
// partner's requests (docs/partners-and-audit.md): the union of their scopes and operations, and when that answer
// next changes by itself (a grant ends, or a future one starts), so the gateway's cache of it
// never outlives it. One statement.
import { todayInVietnam, type PartnerAccess } from "@chapters/core";
import type { OrgPrisma } from "../db.ts";

interface CurrentGrant {
  scopes: string[];
  operations: string[];
  validFrom: Date;
  validUntil: Date;
}

/** Midnight starting `day` in Vietnam (UTC+7, no daylight saving), as an ISO instant. */
const vietnamMidnight = (day: Date) => new Date(day.getTime() - 7 * 3600_000).toISOString();

export async function partnerAccess(prisma: OrgPrisma, partnerId: string, chapterCode: string): Promise<PartnerAccess> {
  const today = todayInVietnam();
  const grants = await prisma.$queryRaw<CurrentGrant[]>`
    SELECT g.scopes, g.operations, g."validFrom", g."validUntil"
    FROM "PartnerGrant" g JOIN "Chapter" c ON c.id = g."chapterId"
    WHERE g."partnerId" = ${partnerId}::uuid AND c.code = ${chapterCode}
      AND g."revokedAt" IS NULL AND g."validUntil" > ${today}::date`;
  const inForce = grants.filter((g) => g.validFrom <= today);
  const boundaries = grants.map((g) => (g.validFrom > today ? g.validFrom : g.validUntil)).sort((a, b) => a.getTime() - b.getTime());
  return {
    scopes: [...new Set(inForce.flatMap((g) => g.scopes))].sort(),
    // a grant listing no operation allows every registered one, so it decides the union
    operations: !inForce.length ? [] : inForce.some((g) => !g.operations.length) ? null : [...new Set(inForce.flatMap((g) => g.operations))].sort(),
    changesAt: boundaries[0] ? vietnamMidnight(boundaries[0]) : null,
  };
}
