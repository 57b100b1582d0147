// Who may read what in the emulation subgraph (EM-*). The slice (which chapters) is decided in
// SQL (access/slice.ts); this module decides which kinds of record each role reaches there.
//
//   record                                          ADMIN OFFICER VIEWER  SCREEN  PARTNER needs
//   plans, rule tables, classify (what-if)          yes   yes     yes     yes     "emulation-results"
//   results table, ranks, clusters                  yes   yes     yes     yes     "emulation-results"
//   registrations, sheets, grades, audit trail      yes   yes     yes     no      "emulation-sheets"
//   conferences, programme, honouring list          yes   yes     yes     yes     never needed (public ceremony)
//   title nominations and decisions                 yes   yes     yes     no      "emulation-sheets"
//   writes                                          yes   yes     no      no      never
//
// Writes are further split by who decides: the unit's line registers and self-scores; the plan's
// chapter (its inspection team and council) verifies, classifies, confirms and ranks; a cluster
// head forwards its cluster's sheets.
import { forbidden, replicaTables, requireDomainWriter, requireGrant, requireIdentity, type RequestContext, type GrantScope } from "@chapters/core";
import type { EmulationContext } from "../builder.ts";

/** The scopes (core's grants.ts catalogue) a partner's grants may name for this subgraph. */
export const GRANTS = {
  results: "emulation-results",
  sheets: "emulation-sheets",
} as const satisfies Record<string, GrantScope>;

/** Plans, the rule table, results and ranks. */
export function requireResultsReader(ctx: RequestContext): void {
  requireGrant(ctx, GRANTS.results, "Emulation plans and results");
}

/** Registrations, score sheets, their audit trail and title nominations: not for screens. */
export function requireSheetReader(ctx: RequestContext): void {
  const identity = requireIdentity(ctx);
  if (identity.role === "SCREEN") throw forbidden("Screens show results and ceremonies, never score sheets or nominations.");
  requireGrant(ctx, GRANTS.sheets, "Emulation score sheets and nominations");
}

/** An OFFICER or ADMIN whose own chapter still exists today; returns who records. */
export const requireWriter = (ctx: EmulationContext): Promise<string> => requireDomainWriter(ctx, replicaTables);
