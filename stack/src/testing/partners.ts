// Partners for tests (docs/partners-and-audit.md): a partner's grants live in the organization's data, so a test
// that reads "as a PARTNER with grants X on chapter C" gets a partner created through the API by
// a central ADMIN, granted X over C (every registered operation, for a year), and a token naming it.
import { signDevUserToken } from "@chapters/core";
import type { GraphQLResponse } from "./stack.ts";

type Query = (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>;

const ok = (res: GraphQLResponse) => {
  if (res.errors?.length || !res.data) throw new Error(`partner set-up failed: ${JSON.stringify(res.errors)}`);
  return res.data;
};

export const CREATE_PARTNER = `mutation($i: CreatePartnerInput!) { createPartner(input: $i) { id } }`;
export const GRANT = `mutation($i: GrantPartnerAccessInput!) { grantPartnerAccess(input: $i) { id status scopes } }`;

/** A new partner (as the central ADMIN, through `asAdmin`); returns its id. */
export async function createTestPartner(asAdmin: Query, name = "Đối tác thử nghiệm"): Promise<string> {
  return ok(await asAdmin(CREATE_PARTNER, { i: { name, kind: "BLOOD_CENTRE", contact: "test@example.vn" } })).createPartner.id;
}

/** Grants `scopes` over `chapterCode`'s slice from today for a year; returns the grant's id. */
export async function grantTestPartner(asAdmin: Query, partnerId: string, chapterCode: string, scopes: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const chapterId = ok(await asAdmin(`query($c: String!) { chapter(code: $c) { id } }`, { c: chapterCode })).chapter.id;
  const until = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  return ok(await asAdmin(GRANT, { i: { partnerId, chapterId, scopes, validUntil: until, reason: "test", ...extra } })).grantPartnerAccess.id;
}

/** Tokens of partners holding exactly `scopes` over a chapter, one partner per distinct pair. */
export function partnerTokens(asAdmin: Query) {
  const partners = new Map<string, Promise<string>>();
  return (chapter: string, scopes: string[]): Promise<string> => {
    const key = `${chapter}|${[...scopes].sort().join(",")}`;
    let partnerId = partners.get(key);
    if (!partnerId) {
      partnerId = createTestPartner(asAdmin, `Đối tác ${key}`).then(async (id) => {
        if (scopes.length) await grantTestPartner(asAdmin, id, chapter, scopes);
        return id;
      });
      partners.set(key, partnerId);
      partnerId.catch(() => partners.get(key) === partnerId && partners.delete(key));
    }
    return partnerId.then((sub) => signDevUserToken({ chapter, role: "PARTNER", sub }));
  };
}
