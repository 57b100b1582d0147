// The catalogue of what a partner may be granted (docs/partners-and-audit.md), in one place: each scope, the
// subgraph whose access/roles.ts opens records with it, and what it opens. A grant names scopes
// from this list only; the subgraphs' GRANTS constants are typed against it, so a scope renamed
// here stops the build where it is still checked.
//
// Grants live in the organization subgraph's data (Partner, PartnerGrant), not in tokens: a
// partner token names the partner; the gateway looks up the grants in force for each request and
// signs them into the identity each subgraph receives. A change is announced on
// PARTNER_GRANTS_CHANGED_TOPIC after commit, so the gateway drops what it cached and ends the
// partner's live streams the change no longer covers.

export const GRANT_SCOPES = {
  "org-figures": { subgraph: "organization", opens: "the organisation's figures: members, dues, funds, registers of organisations and clubs" },
  "people-list": { subgraph: "organization", opens: "lists of members and volunteers (names masked without personal-data)" },
  "blood-figures": { subgraph: "blood", opens: "blood figures and indicators" },
  "blood-stock": { subgraph: "blood", opens: "blood stock by group, drives and drive results" },
  "humanitarian-figures": { subgraph: "humanitarian", opens: "humanitarian figures, indicators and campaign progress" },
  "humanitarian-addresses": { subgraph: "humanitarian", opens: "humanitarian address, support, sponsor and pledge records (masked without personal-data)" },
  "emulation-results": { subgraph: "emulation", opens: "emulation plans, results and ranks" },
  "emulation-sheets": { subgraph: "emulation", opens: "emulation registrations, score sheets and nominations" },
  "personal-data": { subgraph: "every subgraph", opens: "personal data unmasked (names, birth dates, phones, national ids) in the records the other scopes open" },
} as const satisfies Record<string, { subgraph: string; opens: string }>;

export type GrantScope = keyof typeof GRANT_SCOPES;

export const grantScopes = Object.keys(GRANT_SCOPES) as GrantScope[];

export const isGrantScope = (value: string): value is GrantScope => Object.hasOwn(GRANT_SCOPES, value);

/** Announced by the organization subgraph after a grant is made, changed or revoked: `{ partnerId }`. */
export const PARTNER_GRANTS_CHANGED_TOPIC = "organization.grants.changed";

/** What a partner may do now for one chapter's slice: the union of its grants in force there. */
export interface PartnerAccess {
  /** the scopes of every grant in force (empty: the partner reads nothing) */
  scopes: string[];
  /** registered operation names the partner may run; null = every registered operation */
  operations: string[] | null;
  /** when this answer next changes by itself (a grant ends or starts), ISO time; null = not foreseen */
  changesAt: string | null;
}
