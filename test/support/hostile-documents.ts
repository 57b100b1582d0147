// Hostile documents and tokens, as fast-check generators for the hostile-callers suite (and one
// fixed case each for test/security.test.ts): fragment fan-out (small documents standing for
// hundreds of thousands of fields) and tokens that bend the token rules (a future iat, no sub,
// a look-alike role, a lifetime past the cap).
import fc from "fast-check";
import { SignJWT } from "jose";

/** `levels` fragments, each spreading the next `width` times; the last selects `role` `width` times. */
export function fanOutDocument(levels: number, width: number, comment = ""): string {
  const fragment = (i: number) => `fragment F${i} on Viewer { ${Array.from({ length: width }, () => (i === levels - 1 ? "role" : `...F${i + 1}`)).join(" ")} }`;
  return `${comment}query { me { ...F0 } } ${Array.from({ length: levels }, (_, i) => fragment(i)).join(" ")}`;
}

/** Fan-outs standing for at least 10^5 fields, in documents of a few hundred bytes to a few KB;
 * a comment varies, as it would to defeat a parse cache. */
export const fanOuts = fc
  .record({ levels: fc.integer({ min: 3, max: 6 }), width: fc.integer({ min: 10, max: 40 }), comment: fc.stringMatching(/^[a-z ]{0,20}$/) })
  .filter(({ levels, width }) => width ** levels >= 100_000)
  .map(({ levels, width, comment }) => fanOutDocument(levels, width, `# ${comment}\n`));

const DEV_SECRET = new TextEncoder().encode("chapters-dev-user-secret-change-me-in-production");
const now = () => Math.floor(Date.now() / 1000);

/** Tokens the gateway must refuse (UNAUTHENTICATED), each signed with the real dev secret. */
export const badTokens = fc.oneof(
  // issued in the future, valid one hour from then
  fc.integer({ min: 3_600, max: 10 * 365 * 86_400 }).map((ahead) => ({ why: `iat ${ahead} s ahead`, claims: { sub: "t", chapter: "TW", role: "ADMIN" }, iat: now() + ahead, exp: now() + ahead + 3_600 })),
  // no subject
  fc.constantFrom("ADMIN", "OFFICER", "VIEWER").map((role) => ({ why: "no sub", claims: { chapter: "HP", role }, iat: now(), exp: now() + 3_600 })),
  // a role that only upper-casing would make valid
  fc.constantFrom("adm\u0131n", "admin", "Officer", "v\u0131ewer", "ADMIN ", "ADM\u0130N").map((role) => ({ why: `role ${JSON.stringify(role)}`, claims: { sub: "t", chapter: "TW", role }, iat: now(), exp: now() + 3_600 })),
  // past the lifetime cap (a week by default)
  fc.integer({ min: 8, max: 3_650 }).map((days) => ({ why: `${days} days`, claims: { sub: "t", chapter: "TW", role: "ADMIN" }, iat: now(), exp: now() + days * 86_400 })),
);

export function signBadToken(token: { claims: Record<string, unknown>; iat: number; exp: number }): Promise<string> {
  return new SignJWT(token.claims).setProtectedHeader({ alg: "HS256" }).setIssuedAt(token.iat).setExpirationTime(token.exp).sign(DEV_SECRET);
}
