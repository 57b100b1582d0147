// Who may read what about people (ORG-PEOPLE). Slices decide which chapters a caller reaches;
// this module decides, inside them, what each role sees.
//   - figures (counts, rates, balances): everyone but a PARTNER, who needs the "org-figures" grant;
//   - lists of people: ADMIN, OFFICER, VIEWER; a PARTNER only with the "people-list" grant;
//   - personal data (full name, birth date, phone, national ID) unmasked: canReadPersonalData
//     (ADMIN, OFFICER, or the "personal-data" grant), for people of chapters in the slice.
import { canReadPersonalData, forbidden, requireIdentity, type RequestContext, type GrantScope } from "@chapters/core";

export const GRANTS = {
  figures: "org-figures",
  peopleList: "people-list",
  personalData: "personal-data",
} as const satisfies Record<string, GrantScope>;

export function requireFigures(ctx: RequestContext): void {
  const { role, grants } = requireIdentity(ctx);
  if (role === "PARTNER" && !grants.includes(GRANTS.figures)) {
    throw forbidden(`Partners read the organisation's figures only with the "${GRANTS.figures}" grant: ask the chapter that issued your access.`);
  }
}

export function requirePeopleList(ctx: RequestContext): void {
  const { role, grants } = requireIdentity(ctx);
  const allowed = role === "ADMIN" || role === "OFFICER" || role === "VIEWER" || (role === "PARTNER" && grants.includes(GRANTS.peopleList));
  if (!allowed) throw forbidden(`Lists of people need an OFFICER, ADMIN or VIEWER role, or the "${GRANTS.peopleList}" grant for partners.`);
}

/** People are listed only from chapters in the caller's slice, so this is the whole check. */
export function seesPersonalData(ctx: RequestContext): boolean {
  const { role, grants } = requireIdentity(ctx);
  return canReadPersonalData(role, grants);
}
