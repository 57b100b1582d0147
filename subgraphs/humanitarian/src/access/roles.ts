// Who may read what in the humanitarian subgraph (HA-PROFILE). The slice (which chapters) is
// decided in SQL (access/slice.ts); this module decides which kinds of record each role reaches
// there, and whether personal and health data show. Every partner-readable field, with its grant:
//
//   field                                              ADMIN OFFICER VIEWER  SCREEN  PARTNER needs
//   Chapter.humanitarianIndicators, humanitarianFigures yes  yes     yes     yes     "humanitarian-figures"
//   campaigns, campaignProgress, Campaign.targets,     yes   yes     yes     yes     "humanitarian-figures"
//     Chapter.humanitarianCampaigns
//   humanitarianAddresses, humanitarianAddress,        yes   yes     masked  no      "humanitarian-addresses" (masked)
//     supportRecords, sponsors, pledges
//   personal and health data unmasked (fullName,       yes   yes     no      no      "personal-data" (with the above)
//     nationalId, phone, addressLine, healthNote,
//     birthYear; an individual sponsor's name, phone)
//   writes                                             yes   yes     no      no      never
//
// "yes" for OFFICER/ADMIN means of the chapter or a chapter above it: the slice already limits
// every read to the caller's chapter and below.
import { forbidden, requireDomainWriter, requireGrant, requireIdentity, showsPersonalData, type RequestContext, type GrantScope } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";

/** The scopes (core's grants.ts catalogue) a partner's grants may name for this subgraph. */
export const GRANTS = {
  figures: "humanitarian-figures",
  addresses: "humanitarian-addresses",
  personalData: "personal-data",
} as const satisfies Record<string, GrantScope>;

const partnerNeeds = requireGrant;

/** Figures, indicators and campaign progress: staff, screens, partners granted humanitarian-figures. */
export function requireFiguresReader(ctx: RequestContext): void {
  partnerNeeds(ctx, GRANTS.figures, "Humanitarian figures, indicators and campaign progress");
}

/** Address, support, sponsor and pledge records: staff, and partners granted humanitarian-addresses. */
export function requireRecordReader(ctx: RequestContext): void {
  const identity = requireIdentity(ctx);
  if (identity.role === "SCREEN") throw forbidden("Screens show figures and progress, never the records of people in hardship.");
  partnerNeeds(ctx, GRANTS.addresses, "Humanitarian address and support records");
}

/** An OFFICER or ADMIN whose own chapter still exists today; returns who records. */
export async function requireWriter(ctx: HumanitarianContext): Promise<string> {
  return requireDomainWriter(ctx);
}

/** Personal and health data unmasked: OFFICER/ADMIN (in their slice) or the personal-data grant;
 * when it shows, the read is audited (docs/partners-and-audit.md). */
export function seesPersonalData(ctx: RequestContext, record: { type: string; id: string }): boolean {
  return showsPersonalData(ctx, record);
}
