// Who may read what in the blood subgraph. The slice (which chapters) is decided in SQL; this
// module decides which kinds of record each role reaches there, and whether personal data shows.
// Every partner-readable field is listed here, with the grant it needs:
//
//   record kind                                   ADMIN OFFICER VIEWER  SCREEN  PARTNER needs
//   figures, indicators (bloodFigures,            yes   yes     yes     yes     "blood-figures"
//     bloodIndicators)
//   stock by group, drives and drive results      yes   yes     yes     yes     "blood-stock"
//     (bloodStock, bloodDrives, bloodDrive)
//   donor and organ-registration records, honours yes   yes     masked  no      "personal-data"
//   personal data unmasked (name, birth date,     yes   yes     no      no      "personal-data"
//     phone, CCCD)
//   writes                                        yes   yes     no      no      never
import { forbidden, requireDomainWriter, requireGrant, requireIdentity, showsPersonalData, type RequestContext, type GrantScope } from "@chapters/core";
import type { BloodContext } from "../builder.ts";

/** The scopes (core's grants.ts catalogue) a partner's grants may name for this subgraph. */
export const GRANTS = {
  figures: "blood-figures",
  stock: "blood-stock",
  personalData: "personal-data",
} as const satisfies Record<string, GrantScope>;

/** The grant a blood centre's partner account carries: stock and drive results, nothing personal. */
export const BLOOD_STOCK_GRANT = GRANTS.stock;

const partnerNeeds = requireGrant;

/** Blood figures and indicators: staff, screens, and partners with the blood-figures grant. */
export function requireFiguresReader(ctx: RequestContext): void {
  partnerNeeds(ctx, GRANTS.figures, "Blood figures and indicators");
}

/** Stock and drive results: staff, screens, and partners with the blood-stock grant. */
export function requireStockReader(ctx: RequestContext): void {
  partnerNeeds(ctx, GRANTS.stock, "Blood stock and drive results");
}

/** Donor and organ-registration records: staff of the chapter, and partners granted personal data. */
export function requireRecordReader(ctx: RequestContext): void {
  const identity = requireIdentity(ctx);
  if (identity.role === "SCREEN") throw forbidden("Screens show figures and progress, never donor records.");
  partnerNeeds(ctx, GRANTS.personalData, "Donor records");
}

/** An OFFICER or ADMIN whose own chapter still exists today; returns who records. */
export async function requireWriter(ctx: BloodContext): Promise<string> {
  return requireDomainWriter(ctx);
}

/** Whether `record`'s personal data shows unmasked to the caller; when it does, the read is audited (docs/partners-and-audit.md). */
export function seesPersonalData(ctx: RequestContext, record: { type: string; id: string }): boolean {
  return showsPersonalData(ctx, record);
}
