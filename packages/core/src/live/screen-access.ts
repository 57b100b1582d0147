// Which live streams a SCREEN token may open (EM-LIVE). A hall's screen is issued a token for one
// ceremony; its grants name that ceremony and each campaign or drive it shows
// ("ceremony:<id>", "campaign:<id>", "blood-drive:<id>"), so a screen token leaked from one hall
// reads nothing else. Other roles are limited by their slice alone.
import type { RequestContext } from "../context.ts";
import { requireIdentity } from "../context.ts";
import { forbidden } from "../errors.ts";

export type ScreenTargetKind = "ceremony" | "campaign" | "blood-drive";

/** The grant a screen needs to show one thing. */
export const screenGrant = (kind: ScreenTargetKind, id: string) => `${kind}:${id}`;

/** A SCREEN caller must hold the grant for this very ceremony, campaign or drive. */
export function requireScreenTarget(ctx: RequestContext, kind: ScreenTargetKind, id: string): void {
  const identity = requireIdentity(ctx);
  if (identity.role === "SCREEN" && !identity.grants.includes(screenGrant(kind, id))) {
    throw forbidden(`This screen's token does not cover ${kind} ${id}: ask for a screen token issued for the ceremony that shows it.`);
  }
}
