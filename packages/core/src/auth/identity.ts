// Who is calling. Both sides of the gateway→subgraph hop live here: the gateway verifies the
// user's token, then signs a short-lived internal token per subgraph (audience = that subgraph);
// a subgraph trusts only an internal token it can verify, so a forged identity sent straight to
// a subgraph is refused.
import { createLocalJWKSet, createRemoteJWKSet, importSPKI, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { unauthenticated } from "../errors.ts";
import { parseRole, userRoles, type Role } from "./roles.ts";

export interface Identity {
  /** who: a user id, or a screen/partner id */
  subject: string;
  /** code of the caller's chapter, e.g. "HP" */
  chapterCode: string;
  role: Role;
  /** extra permissions: for a PARTNER, the scopes of its grants in force, looked up by the
   * gateway from the organization's data (a user token's own `grants` claim is ignored); for a
   * SCREEN, the ceremony, campaigns and drives its token names */
  grants: string[];
}

export const INTERNAL_IDENTITY_HEADER = "x-chapters-identity";
const INTERNAL_ISSUER = "chapters-gateway";
const DEV_USER_SECRET = "chapters-dev-user-secret-change-me-in-production";
/** How long `npm run token` and `npm start`'s tokens last unless asked otherwise. */
export const DEV_TOKEN_LIFETIME = "12h";
const DEV_INTERNAL_SECRET = "chapters-dev-internal-secret-change-me-in-production";

const claimsSchema = z.object({
  // every caller is someone: without a subject two officers of a chapter would share one
  // idempotency namespace, one rate budget and one name in the audit log
  sub: z.string().min(1).max(200),
  chapter: z.string().min(1),
  role: z.string().transform((value, ctx) => {
    const role = parseRole(value);
    if (!role) ctx.addIssue({ code: "custom", message: `unknown role ${value}` });
    return role as Role;
  }),
  grants: z.array(z.string()).optional(),
});

function identityFromClaims(payload: JWTPayload): Identity {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    throw unauthenticated("The token must name its holder (sub), a chapter and one of the roles ADMIN, OFFICER, VIEWER, PARTNER, SCREEN, spelt exactly so.");
  }
  const { sub, chapter, role, grants } = parsed.data;
  return { subject: sub, chapterCode: chapter, role, grants: grants ?? [] };
}

const secretKey = (text: string) => new TextEncoder().encode(text);

/** How user tokens are verified: HS256 with a shared secret (dev default), a PEM public key, or a JWKS URL. */
export interface UserTokenConfig {
  secret?: string;
  publicKeyPem?: string;
  publicKeyAlg?: string;
  jwksUrl?: string;
  jwks?: { keys: object[] };
  issuer?: string;
  audience?: string;
  /** the longest a token may be valid, in seconds from its issue (or from now, without iat) */
  maxLifetimeSeconds?: number;
}

/** How far ahead of ours an issuer's clock may be: a token issued (iat) later than this in the
 * future is refused, since its lifetime would otherwise be measured from a time it chose. */
export const CLOCK_SKEW_SECONDS = 60;

/** Default cap on a user token's lifetime: a week. Screens and partners get new tokens as often. */
export const DEFAULT_MAX_TOKEN_LIFETIME = 7 * 24 * 3600;

/** "7d", "12h", "90m", "3600s" or plain seconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+)\s*([smhd]?)\s*$/i.exec(text);
  if (!m) throw new Error(`"${text}" is not a duration: write e.g. 7d, 12h, 90m or 3600.`);
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!.toLowerCase() as "" | "s" | "m" | "h" | "d"];
  return Number(m[1]) * unit;
}

export function userTokenConfigFromEnv(env: NodeJS.ProcessEnv = process.env): UserTokenConfig {
  return {
    secret: env.JWT_SECRET,
    publicKeyPem: env.JWT_PUBLIC_KEY,
    publicKeyAlg: env.JWT_PUBLIC_KEY_ALG,
    jwksUrl: env.JWT_JWKS_URL,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    maxLifetimeSeconds: env.JWT_MAX_LIFETIME ? parseDuration(env.JWT_MAX_LIFETIME) : undefined,
  };
}

export type UserTokenVerifier = (token: string) => Promise<Identity>;

export function createUserTokenVerifier(config: UserTokenConfig): UserTokenVerifier {
  let keyPromise: Promise<Uint8Array | Awaited<ReturnType<typeof importSPKI>> | JWTVerifyGetKey>;
  let algorithms: string[] | undefined;
  if (config.jwksUrl) {
    keyPromise = Promise.resolve(createRemoteJWKSet(new URL(config.jwksUrl)));
  } else if (config.jwks) {
    keyPromise = Promise.resolve(createLocalJWKSet(config.jwks as Parameters<typeof createLocalJWKSet>[0]));
  } else if (config.publicKeyPem) {
    const alg = config.publicKeyAlg ?? "RS256";
    algorithms = [alg];
    keyPromise = importSPKI(config.publicKeyPem, alg);
  } else {
    algorithms = ["HS256"];
    keyPromise = Promise.resolve(secretKey(config.secret ?? devSecret("JWT_SECRET", DEV_USER_SECRET)));
  }
  return async (token) => {
    const key = await keyPromise;
    try {
      const { payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms,
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: CLOCK_SKEW_SECONDS,
      });
      checkLifetime(payload, config.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME);
      const identity = identityFromClaims(payload);
      if (!userRoles.includes(identity.role)) throw unauthenticated(`A user token cannot carry the ${identity.role} role.`);
      // a partner's grants live in the data (docs/partners-and-audit.md): whatever its token claims opens nothing
      return identity.role === "PARTNER" ? { ...identity, grants: [] } : identity;
    } catch (error) {
      if (error instanceof Error && "extensions" in error) throw error;
      throw unauthenticated("The token could not be verified (bad signature, expired, or not for this service). Ask for a new one.");
    }
  };
}

/** A token must expire, and within the configured lifetime: a token without exp would be valid
 * forever, long after its holder left or their chapter ended. */
function checkLifetime(payload: JWTPayload, maxSeconds: number): void {
  if (typeof payload.exp !== "number") throw unauthenticated("The token has no expiry (exp claim): tokens that never expire are refused. Ask for a new one.");
  const now = Math.floor(Date.now() / 1000);
  if (payload.iat !== undefined && (typeof payload.iat !== "number" || payload.iat > now + CLOCK_SKEW_SECONDS)) {
    throw unauthenticated(`The token says it was issued in the future (iat), more than ${CLOCK_SKEW_SECONDS} s ahead of this server's clock: it is refused. Check the issuer's clock and ask for a new token.`);
  }
  const from = typeof payload.iat === "number" ? payload.iat : now;
  if (payload.exp - from > maxSeconds) {
    throw unauthenticated(`The token is valid for longer than the ${Math.round(maxSeconds / 3600)} hours allowed (JWT_MAX_LIFETIME). Ask for a token with a shorter lifetime.`);
  }
}

/** Dev tokens, for `npm run token` and tests: signed with the same HS256 secret the gateway checks by default. */
export async function signDevUserToken(
  claims: { chapter: string; role: Role; sub?: string; grants?: string[] },
  options: { secret?: string; expiresIn?: string } = {},
): Promise<string> {
  return new SignJWT({ chapter: claims.chapter, role: claims.role, grants: claims.grants ?? [] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub ?? `dev-${claims.role.toLowerCase()}@${claims.chapter}`)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? DEV_TOKEN_LIFETIME)
    .sign(secretKey(options.secret ?? process.env.JWT_SECRET ?? DEV_USER_SECRET));
}

function internalSecret(): Uint8Array {
  return secretKey(process.env.INTERNAL_JWT_SECRET ?? devSecret("INTERNAL_JWT_SECRET", DEV_INTERNAL_SECRET));
}

/** What a production process lacks to verify and sign tokens (empty when it has everything): a way
 * to verify user tokens (JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL) and the secret of the
 * gateway→subgraph identities (INTERNAL_JWT_SECRET), neither being the published dev secret. */
export function missingProductionSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const missing: string[] = [];
  const verifiesUsers = (env.JWT_SECRET && env.JWT_SECRET !== DEV_USER_SECRET) || env.JWT_PUBLIC_KEY || env.JWT_JWKS_URL;
  if (!verifiesUsers) missing.push("JWT_SECRET (or JWT_PUBLIC_KEY / JWT_JWKS_URL)");
  if (!env.INTERNAL_JWT_SECRET || env.INTERNAL_JWT_SECRET === DEV_INTERNAL_SECRET) missing.push("INTERNAL_JWT_SECRET");
  return missing;
}

/** The published dev secrets are for development only: production must set its own. */
function devSecret(variable: string, fallback: string): string {
  if (process.env.NODE_ENV === "production") throw new Error(`${variable} must be set when NODE_ENV=production.`);
  return fallback;
}

/** Gateway side: the identity to forward to one subgraph, valid for one minute. */
export async function signInternalIdentity(identity: Identity, subgraph: string): Promise<string> {
  return new SignJWT({ chapter: identity.chapterCode, role: identity.role, grants: identity.grants })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(identity.subject)
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(subgraph)
    .setIssuedAt()
    .setExpirationTime("60s")
    .sign(internalSecret());
}

/** Identities this process has verified, by subgraph and exact token, until the token's expiry
 * (at most VERIFIED_REUSE_MS): the gateway reuses one signed identity per caller and subgraph for
 * 15 s, and WebCrypto's HMAC check costs about half a millisecond of the event loop per request.
 * Only verified tokens are kept, so a reuse is the same answer the check would give again. */
const verifiedIdentities = new Map<string, { identity: Identity; until: number }>();
const VERIFIED_REUSE_MS = 15_000;
const VERIFIED_MAX = 10_000;

/** Subgraph side: accepts only an identity signed by the gateway for this very subgraph. */
export async function verifyInternalIdentity(token: string, subgraph: string): Promise<Identity> {
  const key = `${subgraph} ${token}`;
  const known = verifiedIdentities.get(key);
  if (known && known.until > Date.now()) return known.identity;
  try {
    const { payload } = await jwtVerify(token, internalSecret(), {
      algorithms: ["HS256"],
      issuer: INTERNAL_ISSUER,
      audience: subgraph,
    });
    // shared by every request that reuses the token: nobody may change it
    const identity = Object.freeze(identityFromClaims(payload));
    if (verifiedIdentities.size >= VERIFIED_MAX) verifiedIdentities.clear();
    verifiedIdentities.set(key, { identity, until: Math.min((payload.exp ?? 0) * 1000, Date.now() + VERIFIED_REUSE_MS) });
    return identity;
  } catch (error) {
    if (error instanceof Error && "extensions" in error) throw error;
    throw unauthenticated(`Refused: the caller identity was not issued by the gateway for the ${subgraph} subgraph.`);
  }
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m ? m[1]!.trim() : null;
}
