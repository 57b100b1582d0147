// Who is calling, on the gateway's side of the hop. A user's token is verified once and then
// reused for a few seconds (an LRU keyed by the token, never past the token's own expiry), together
// with the short-lived identities signed from it for each subgraph (audience = that subgraph): a
// caller's next requests cost no signature work, which was most of the gateway's own time per
// request (jose signs and verifies HMAC through WebCrypto's thread pool).
import { bearerToken, createUserTokenVerifier, ErrorCode, INTERNAL_IDENTITY_HEADER, signInternalIdentity, unauthenticated, type Identity, type UserTokenConfig } from "@chapters/core";
import type { GatewayPlugin, PropagateHeadersOpts } from "@graphql-hive/gateway-runtime";
import { GraphQLError } from "graphql";
import { decodeJwt } from "jose";
import { LRUCache } from "lru-cache";
import type { CallerRateLimiter } from "./limits.ts";
import type { PartnerAccessSource, PartnerContext } from "./partners.ts";

/** What the gateway adds to each request's context. */
export interface CallerContext {
  identity: Identity;
  /** one signed identity per subgraph name, created on first use, shared by the caller's requests
   * while its verification is reused */
  internalIdentity: Map<string, Promise<string>>;
}

export type IdentityOf = (request: Request) => Promise<Identity>;

export interface CallerResolver {
  /** the verified caller of a request: UNAUTHENTICATED (HTTP 401) without a token or with a bad one */
  identityOf: IdentityOf;
  /** the identities signed for each subgraph from this request's token */
  internalIdentities(request: Request): Map<string, Promise<string>>;
}

/** How long a verification and the identities signed from it are reused. An internal identity
 * lives 60 s (core's signInternalIdentity), so one handed out at the end of this window still has
 * 45 s left, more than one subgraph request may take (SUBGRAPH_TIMEOUT_MS, 30 s by default). */
export const CALLER_REUSE_MS = 15_000;

interface VerifiedCaller {
  identity: Promise<Identity>;
  internal: Map<string, Promise<string>>;
}

/** Reuse stops at the token's own expiry (a token without exp is refused by the verifier). */
function reuseMs(token: string): number {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" ? Math.min(CALLER_REUSE_MS, exp * 1000 - Date.now()) : 0;
  } catch {
    return 0; // not a JWT at all: the verifier says why
  }
}

export function callerResolver(config: UserTokenConfig, maxCallers = 10_000): CallerResolver {
  const verify = createUserTokenVerifier(config);
  const callers = new LRUCache<string, VerifiedCaller>({ max: maxCallers });

  const callerOf = (request: Request): VerifiedCaller | null => {
    const token = bearerToken(request.headers.get("authorization") ?? undefined);
    if (!token) return null;
    let caller = callers.get(token);
    if (!caller) {
      caller = { identity: verify(token), internal: new Map() };
      const ttl = reuseMs(token);
      if (ttl > 0) {
        callers.set(token, caller, { ttl });
        // a refused token is not remembered: each attempt is verified (and refused) again
        const entry = caller;
        entry.identity.catch(() => callers.get(token) === entry && callers.delete(token));
      }
    }
    return caller;
  };
  return {
    // with no token nothing is readable: refuse before any subgraph is asked anything
    identityOf: (request) => callerOf(request)?.identity ?? Promise.reject(unauthenticated()),
    internalIdentities: (request) => callerOf(request)?.internal ?? new Map(),
  };
}

/** A partner with no grant in force for the chapter its token names reads nothing. */
export function partnerAccessEnded(chapterCode: string): GraphQLError {
  return new GraphQLError(
    `Your partner access to ${chapterCode} has expired or was revoked: no grant is in force for it today. Ask the chapter that granted it to grant it again.`,
    { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } } },
  );
}

/** Puts the verified caller into the context (or fails the request with 401, or 429 past its
 * rate). A PARTNER's grants are those in force now in the organization's data (docs/partners-and-audit.md); the
 * identities signed from them are signed for this request alone, since they change with them. */
export function useCallerIdentity(callers: CallerResolver, rateLimiter: CallerRateLimiter, partners: PartnerAccessSource): GatewayPlugin {
  return {
    async onContextBuilding({ context, extendContext }) {
      const identity = await callers.identityOf(context.request);
      // the rate is counted per caller, once its token is known to be genuine
      await rateLimiter.consume(identity.subject);
      if (identity.role !== "PARTNER") {
        extendContext({ identity, internalIdentity: callers.internalIdentities(context.request) } satisfies CallerContext);
        return;
      }
      const access = await partners.accessOf(identity.subject, identity.chapterCode);
      if (!access.scopes.length) throw partnerAccessEnded(identity.chapterCode);
      extendContext({ identity: { ...identity, grants: access.scopes }, internalIdentity: new Map(), partnerAccess: access } satisfies CallerContext & PartnerContext);
    },
  };
}

/** The runtime's header propagation, used to send each subgraph the identity signed for it alone. */
/** When each internal identity was signed. A subscription's context outlives the 60 s of the first
 * one it signed: the entity fetches of an event minutes later (a conference's chapter when an
 * honouree is announced) would be refused as UNAUTHENTICATED, so one older than CALLER_REUSE_MS
 * is signed anew. */
const signedAt = new WeakMap<Promise<string>, number>();

export const forwardIdentity: PropagateHeadersOpts<Partial<CallerContext>> = {
  fromClientToSubgraphs: async ({ context, subgraphName }) => {
    const { identity, internalIdentity } = context;
    if (!identity || !internalIdentity) return {};
    let token = internalIdentity.get(subgraphName);
    if (!token || Date.now() - (signedAt.get(token) ?? 0) > CALLER_REUSE_MS) {
      token = signInternalIdentity(identity, subgraphName);
      signedAt.set(token, Date.now());
      internalIdentity.set(subgraphName, token);
    }
    return { [INTERNAL_IDENTITY_HEADER]: await token };
  },
};

/** The network address a request came from: the socket's, or — behind `trustedProxies` reverse
 * proxies — the address the outermost of them saw, the `trustedProxies`-th X-Forwarded-For entry
 * from the right. Entries further left were written by the caller and prove nothing. */
export function addressOf(request: Request, serverContext: unknown, trustedProxies: number): string {
  const socket = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket?.remoteAddress ?? "unknown";
  if (trustedProxies <= 0) return socket;
  const forwarded = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - trustedProxies] ?? socket;
}

/** A request without a valid token spends its network address's budget (ANONYMOUS_RATE_LIMIT), before
 * it is parsed: a caller with no credential cannot make the gateway parse, validate and refuse
 * without end. Callers with a valid token spend their own budget (useCallerIdentity). */
export function useAnonymousRateLimit(callers: CallerResolver, addressLimiter: CallerRateLimiter, trustedProxies = 0): GatewayPlugin {
  return {
    async onRequest({ request, serverContext, endResponse, fetchAPI }) {
      const identity = request.headers.get("authorization") ? await callers.identityOf(request).catch(() => null) : null;
      if (identity) return;
      try {
        await addressLimiter.consume(addressOf(request, serverContext, trustedProxies));
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        const { http, ...extensions } = error.extensions as { http: { status: number; headers: Record<string, string> } };
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [{ message: error.message, extensions }] }), {
            status: http.status,
            headers: { "content-type": "application/json", ...http.headers },
          }),
        );
      }
    },
  };
}
