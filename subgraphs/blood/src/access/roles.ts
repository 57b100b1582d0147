// Who may read what in the blood subgraph. The slice (which chapters) is decided in SQL; this
// module decides which kinds of record a role reaches there, and whether personal data shows.
import { canReadPersonalData, canWrite, forbidden, replicaTables, requireIdentity, requireLiveChapter, type RequestContext } from "@chapters/core";
import type { BloodContext } from "../builder.ts";

/** The grant a blood centre's partner account carries: stock and drive results, nothing personal. */
export const BLOOD_STOCK_GRANT = "blood-stock";

/** Donor and organ-registration records: staff of the chapter, and partners granted personal data. */
export function requireRecordReader(ctx: RequestContext): void {
  const identity = requireIdentity(ctx);
  if (identity.role === "SCREEN" || (identity.role === "PARTNER" && !identity.grants.includes("personal-data"))) {
    throw forbidden("Donor records are not part of what your account was granted; ask for the personal-data grant.");
  }
}

/** Stock and drive results: staff, screens, and partners with the blood-stock grant. */
export function requireStockReader(ctx: RequestContext): void {
  const identity = requireIdentity(ctx);
  if (identity.role === "PARTNER" && !identity.grants.includes(BLOOD_STOCK_GRANT) && !identity.grants.includes("personal-data")) {
    throw forbidden(`Blood stock and drive results need the "${BLOOD_STOCK_GRANT}" grant.`);
  }
}

/** An OFFICER or ADMIN whose own chapter still exists today; returns who records. */
export async function requireWriter(ctx: BloodContext): Promise<string> {
  const identity = requireIdentity(ctx);
  if (!canWrite(identity.role)) throw forbidden("Only an OFFICER or ADMIN of the chapter (or of a chapter above it) may record this.");
  await requireLiveChapter(ctx, replicaTables);
  return identity.subject;
}

export function seesPersonalData(ctx: RequestContext): boolean {
  const identity = requireIdentity(ctx);
  return canReadPersonalData(identity.role, identity.grants);
}
